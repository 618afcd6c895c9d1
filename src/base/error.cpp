#include "base/error.h"

namespace wasisdk {

std::string Error::one_line() const {
    std::string line = what();
    if (!fix_.empty())
        line += " (" + fix_ + ")";
    return line;
}

} // namespace wasisdk
