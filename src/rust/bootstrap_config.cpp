#include "rust/bootstrap_config.h"

#include "base/error.h"

#include <sstream>
#include "rust/toml.h"

namespace wasisdk {

namespace {

void apply(toml::table &doc, const BootstrapConfig &config) {
    if (!doc["build"].is_table())
        doc.insert_or_assign("build", toml::table{});
    toml::table &build = *doc["build"].as_table();
    toml::array targets;
    if (auto existing = build["target"].as_array())
        targets = *existing;
    else
        targets.push_back(config.host);
    auto add_unique = [&](const std::string &t) {
        for (const auto &v : targets)
            if (v.value<std::string>() == t)
                return;
        targets.push_back(t);
    };
    for (const auto &t : config.targets)
        add_unique(t.triple);
    build.insert_or_assign("target", targets);

    if (!doc["rust"].is_table())
        doc.insert_or_assign("rust", toml::table{});
    doc["rust"].as_table()->insert_or_assign("lld", true);

    if (!doc["target"].is_table())
        doc.insert_or_assign("target", toml::table{});
    toml::table &target_tables = *doc["target"].as_table();
    for (const auto &t : config.targets) {
        if (!target_tables[t.triple].is_table())
            target_tables.insert_or_assign(t.triple, toml::table{});
        toml::table &tt = *target_tables[t.triple].as_table();
        tt.insert_or_assign("wasi-root", t.wasi_root.string());
        tt.insert_or_assign("cc", t.cc.string());
        tt.insert_or_assign("cxx", t.cxx.string());
        tt.insert_or_assign("ar", t.ar.string());
    }
}

std::string to_text(const toml::table &doc) {
    std::ostringstream out;
    out << doc << "\n";
    return out.str();
}

} // namespace

std::string render_bootstrap_fragment(const BootstrapConfig &config) {
    toml::table doc;
    apply(doc, config);
    return to_text(doc);
}

std::string merge_bootstrap_config(const std::string &existing, const std::string &origin,
                                   const BootstrapConfig &config) {
    toml::table doc = parse_toml_guarded(existing, origin, kBootstrapToml);
    for (const char *key : {"build", "rust", "target"})
        if (doc.contains(key) && !doc[key].is_table())
            throw Error(origin + ": '" + key + "' is not a table",
                        "fix the file, or print the fragment without --write", ExitCode::usage);
    apply(doc, config);
    return to_text(doc);
}

std::string rust_host_triple(const std::string &host) {
    static const std::pair<const char *, const char *> table[] = {
        {"x86_64-linux", "x86_64-unknown-linux-gnu"},
        {"arm64-linux", "aarch64-unknown-linux-gnu"},
        {"riscv64-linux", "riscv64gc-unknown-linux-gnu"},
        {"x86_64-macos", "x86_64-apple-darwin"},
        {"arm64-macos", "aarch64-apple-darwin"},
        {"x86_64-windows", "x86_64-pc-windows-msvc"},
        {"arm64-windows", "aarch64-pc-windows-msvc"},
    };
    for (const auto &[ours, rust] : table)
        if (host == ours)
            return rust;
    return host;
}

} // namespace wasisdk
