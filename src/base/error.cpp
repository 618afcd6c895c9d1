#include "base/error.h"

#include "exec_path/error.h"

namespace wasisdk {

std::string Error::one_line() const {
    std::string line = what();
    if (!fix_.empty())
        line += " (" + fix_ + ")";
    return line;
}

Error error_of(const wsd_error &err) {
    return Error(err.what, err.fix, static_cast<ExitCode>(err.code));
}

void throw_error(const wsd_error &err) {
    throw error_of(err);
}

} // namespace wasisdk
