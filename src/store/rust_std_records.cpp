#include "store/rust_std_records.h"

#include "base/error.h"
#include "base/fs_util.h"
#include "model/manifest.h"

#include <nlohmann/json.hpp>
#include <sys/stat.h>

namespace wasisdk {

namespace {

constexpr int kSchema = 1;

fs::path records_file(const Home &home) {
    return home.root / "rust-std.json";
}

Error bad_records(const fs::path &file, const std::string &what) {
    return Error(file.string() + ": " + what,
                 "delete it (rm " + file.string() + "); gc then keeps no rust-std archive");
}

} // namespace

std::vector<RustStdRecord> read_rust_std_records(const Home &home) {
    const fs::path file = records_file(home);
    struct stat st;
    if (::lstat(file.c_str(), &st) != 0)
        return {};
    if (!S_ISREG(st.st_mode))
        throw bad_records(file, "not a regular file");
    auto text = read_file_if_exists(file);
    if (!text)
        return {};
    std::vector<RustStdRecord> out;
    try {
        auto doc = nlohmann::json::parse(*text);
        if (doc.at("schema").get<int>() != kSchema)
            throw bad_records(file, "unknown schema");
        for (const auto &r : doc.at("installs")) {
            RustStdRecord rec{r.at("sha256").get<std::string>(), r.at("sysroot").get<std::string>(),
                              r.at("component").get<std::string>()};
            if (!is_sha256_hex(rec.sha256))
                throw bad_records(file, "a sha256 is not 64 hexadecimal characters");
            out.push_back(std::move(rec));
        }
    } catch (const nlohmann::json::exception &e) {
        throw bad_records(file, std::string("not a rust-std record file: ") + e.what());
    }
    return out;
}

void write_rust_std_records(const Home &home, const std::vector<RustStdRecord> &records) {
    nlohmann::json installs = nlohmann::json::array();
    for (const auto &r : records)
        installs.push_back(
            {{"sha256", r.sha256}, {"sysroot", r.sysroot}, {"component", r.component}});
    nlohmann::json doc = {{"schema", kSchema}, {"installs", installs}};
    write_file_atomic(records_file(home), doc.dump(2) + "\n");
}

void record_rust_std_install(const Home &home, const RustStdRecord &record) {
    auto records = read_rust_std_records(home);
    std::erase_if(records, [&](const RustStdRecord &r) {
        return r.sysroot == record.sysroot && r.component == record.component;
    });
    records.push_back(record);
    write_rust_std_records(home, records);
}

} // namespace wasisdk
