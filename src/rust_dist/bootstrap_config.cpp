#include "rust_dist/bootstrap_config.h"

#include "base/error.h"

#include "rust_dist/toml.h"
#include <algorithm>
#include <sstream>

namespace wasisdk {

namespace {

std::string shown(const toml::node &node) {
    std::ostringstream out;
    node.visit([&](const auto &value) { out << value; });
    return out.str();
}

// The table at `key`, made when missing; bootstrap's deserializer refuses any other type.
toml::table &table_at(toml::table &parent, const std::string &key, const std::string &where,
                      const std::string &origin) {
    if (!parent.contains(key))
        parent.insert(key, toml::table{});
    if (auto t = parent[key].as_table())
        return *t;
    throw Error(origin + ": '" + where + key + "' is not a table",
                "fix the file, or print the fragment without --write", ExitCode::usage);
}

// bootstrap reads build.target and build.host as Option<Vec<String>> (toml/build.rs).
std::vector<std::string> string_list(const toml::table &build, const char *key,
                                     const std::string &origin) {
    const toml::node *node = build.get(key);
    if (!node)
        return {};
    const toml::array *array = node->as_array();
    // toml++ calls an empty array not homogeneous; bootstrap takes it (no targets).
    if (!array || (!array->empty() && !array->is_homogeneous(toml::node_type::string)))
        throw Error(origin + ": build." + key + " is " + shown(*node) +
                        ", and bootstrap reads it as a list of target names",
                    std::string("write it as ") + key + " = [\"...\"]", ExitCode::usage);
    std::vector<std::string> out;
    for (const auto &v : *array)
        out.push_back(*v.value<std::string>());
    return out;
}

void set_unless_user(toml::table &table, const std::string &where, const std::string &key,
                     const std::string &ours, BootstrapMerge &out) {
    if (const toml::node *theirs = table.get(key)) {
        if (theirs->value<std::string>() != ours)
            out.kept.push_back(where + key + " = " + shown(*theirs) + " (wasisdk: '" + ours + "')");
        return;
    }
    table.insert(key, ours);
}

BootstrapMerge apply(toml::table &doc, const std::string &origin, const BootstrapConfig &config) {
    BootstrapMerge out;
    toml::table &build = table_at(doc, "build", "", origin);
    if (doc.contains("rust"))
        table_at(doc, "rust", "", origin); // checks its shape; made only when lld is written
    toml::table &target_tables = table_at(doc, "target", "", origin);

    // bootstrap's hosts: build.build (else the machine it runs on) and build.host.
    std::string host = build["build"].value<std::string>().value_or(config.host);
    std::vector<std::string> hosts = string_list(build, "host", origin);
    if (hosts.empty())
        hosts.push_back(host);

    // [build] target: the user's list (bootstrap's default when unset: the hosts) plus ours.
    std::vector<std::string> targets =
        build.contains("target") ? string_list(build, "target", origin) : hosts;
    for (const auto &t : config.targets)
        if (std::find(targets.begin(), targets.end(), t.triple) == targets.end())
            targets.push_back(t.triple);
    toml::array list;
    for (const auto &t : targets)
        list.push_back(t);
    build.insert_or_assign("target", list);

    // [rust] lld: bootstrap checks the build triple's llvm-config (config.rs,
    // is_system_llvm(host_target)); build.host's are checked too, to stay clear of it.
    std::vector<std::string> checked = hosts;
    checked.push_back(host);
    for (const auto &h : checked)
        if (auto t = target_tables[h].as_table(); t && t->contains("llvm-config")) {
            out.llvm_config_host = h;
            break;
        }
    auto lld = [&] { return doc["rust"]["lld"]; };
    if (lld())
        out.user_lld = shown(*lld().node());
    if (!out.user_lld.empty())
        out.user_lld_refused =
            !out.llvm_config_host.empty() && lld().value<bool>() == std::optional(true);
    else if (out.llvm_config_host.empty()) {
        table_at(doc, "rust", "", origin).insert("lld", true);
        out.lld_written = true;
    }
    out.toolchain_has_lld = lld().value<bool>() == std::optional(true);

    for (const auto &t : config.targets) {
        toml::table &tt = table_at(target_tables, t.triple, "target.", origin);
        std::string where = "target." + t.triple + ".";
        set_unless_user(tt, where, "wasi-root", t.wasi_root.string(), out);
        set_unless_user(tt, where, "cc", t.cc.string(), out);
        set_unless_user(tt, where, "cxx", t.cxx.string(), out);
        set_unless_user(tt, where, "ar", t.ar.string(), out);
        // Without rust-lld in the toolchain, wasm links need another wasm-ld: the SDK's,
        // which bootstrap passes to cargo as CARGO_TARGET_<T>_LINKER (lib.rs, linker()).
        if (!out.toolchain_has_lld && !t.wasm_ld.empty()) {
            if (!tt.contains("linker"))
                out.linkers_written.push_back(t.triple);
            set_unless_user(tt, where, "linker", t.wasm_ld.string(), out);
        }
    }
    return out;
}

std::string to_text(const toml::table &doc) {
    std::ostringstream out;
    out << doc << "\n";
    return out.str();
}

} // namespace

std::string render_bootstrap_fragment(const BootstrapConfig &config) {
    toml::table doc;
    apply(doc, "bootstrap.toml", config);
    return to_text(doc);
}

BootstrapMerge merge_bootstrap_config(const std::string &existing, const std::string &origin,
                                      const BootstrapConfig &config) {
    toml::table doc = parse_toml_guarded(existing, origin, kBootstrapToml);
    BootstrapMerge out = apply(doc, origin, config);
    out.text = to_text(doc);
    return out;
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
