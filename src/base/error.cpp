#include "base/error.h"

#include "exec_path/error.h"

namespace wasisdk {

std::string Error::one_line() const {
    std::string line = what();
    if (!fix_.empty())
        line += " (" + fix_ + ")";
    return line;
}

void throw_error(const wsd_error &err) {
    throw Error(err.what, err.fix, static_cast<ExitCode>(err.code));
}

} // namespace wasisdk
