#pragma once
// Which downloads the rust-std installs need. A rust-std lives in a rustc's sysroot, not
// in the home, so no receipt names its archive: `rust-std install` records here which
// cached archive (by sha256) it installed where, and `gc` keeps that archive while the
// sysroot still lists the component (rust_components.h), as rustup's own records say.
//   $WASISDK_HOME/rust-std.json
//   {"schema": 1, "installs": [{"sha256": "...", "sysroot": "/abs/path",
//                               "component": "rust-std-wasm32-wasip1"}]}
// Written with write_file_atomic by commands that hold the home's lock.
#include "model/home.h"

#include <string>
#include <vector>

namespace wasisdk {

struct RustStdRecord {
    std::string sha256;
    std::string sysroot;
    std::string component;
};

// The records; none when the file is missing. Throws Error naming the file when it is
// not a regular file (never read through a link) or not valid.
std::vector<RustStdRecord> read_rust_std_records(const Home &home);

void write_rust_std_records(const Home &home, const std::vector<RustStdRecord> &records);

// Adds `record`, replacing the one for the same sysroot and component.
void record_rust_std_install(const Home &home, const RustStdRecord &record);

} // namespace wasisdk
