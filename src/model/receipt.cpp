#include "model/receipt.h"

#include "base/json_text.h"
#include "model/version.h"

#include "base/error.h"
#include "base/fs_util.h"

#include <nlohmann/json.hpp>

namespace wasisdk {

using json = nlohmann::json;

std::string receipt_to_json(const Receipt &r) {
    json arts = json::array();
    for (const auto &a : r.artifacts)
        arts.push_back({{"kind", a.kind},
                        {"url", a.url},
                        {"sha256", a.sha256},
                        {"verified", a.verified},
                        {"source", a.source},
                        {"trust", a.trust},
                        {"sha256_from", a.sha256_from},
                        {"size", a.size}});
    const TreeFacts &t = r.tree;
    json tree = {{"clang", t.clang},
                 {"clang_version", t.clang_version},
                 {"llvm_version", t.llvm_version},
                 {"resource_dir", t.resource_dir},
                 {"sysroot", t.sysroot},
                 {"sysroot_targets", t.sysroot_targets},
                 {"builtins", t.builtins},
                 {"cfg_files", t.cfg_files},
                 {"wasm_component_ld", t.wasm_component_ld},
                 {"shared_libc", t.shared_libc},
                 {"default_target", t.default_target}};
    json doc = {{"schema", Receipt::kSchema},
                {"name", r.name},
                {"version", r.version},
                {"component", r.component},
                {"linked", r.linked},
                {"linked_path", r.linked_path},
                {"host", r.host},
                {"installed_at", r.installed_at},
                {"manifest", r.manifest},
                {"artifacts", arts},
                {"tree", tree}};
    if (r.system)
        doc["system"] = {{"root", r.system->root},
                         {"layout", r.system->layout},
                         {"llvm_major", r.system->llvm_major},
                         {"distro", r.system->distro},
                         {"lacks", r.system->lacks}};
    if (r.cxx_compat) {
        json entries = json::array();
        for (const auto &c : *r.cxx_compat)
            entries.push_back({{"triple", c.triple},
                               {"thread_atexit", c.thread_atexit},
                               {"archive", c.archive},
                               {"detail", c.detail}});
        doc["cxx_compat"] = entries;
    }
    return json_text(doc) + "\n";
}

Receipt read_receipt(const std::filesystem::path &path) {
    auto text = read_file_if_exists(path);
    const std::string fix = "reinstall it with --force, or delete " + path.parent_path().string();
    if (!text)
        throw Error("missing receipt " + path.string(), fix);
    try {
        json doc = json::parse(*text);
        if (doc.value("schema", 0) > Receipt::kSchema)
            throw Error("receipt " + path.string() + " was written by a newer wasisdk",
                        "upgrade wasisdk");
        Receipt r;
        r.name = doc.at("name").get<std::string>();
        r.version = doc.value("version", "");
        r.component = doc.value("component", "sdk");
        r.linked = doc.value("linked", false);
        r.linked_path = doc.value("linked_path", "");
        r.host = doc.value("host", "");
        r.installed_at = doc.value("installed_at", "");
        r.manifest = doc.value("manifest", "");
        for (const auto &a : doc.value("artifacts", json::array())) {
            ReceiptArtifact ra;
            ra.kind = a.at("kind").get<std::string>();
            ra.url = a.value("url", "");
            ra.sha256 = a.value("sha256", "");
            ra.verified = a.value("verified", false);
            ra.source = a.value("source", "");
            // Receipts from before these fields: a verified one matched a pin.
            ra.trust = a.value("trust", ra.verified ? "pin" : "none");
            ra.sha256_from = a.value("sha256_from", "");
            ra.size = a.value("size", std::uint64_t{0});
            r.artifacts.push_back(std::move(ra));
        }
        const json &t = doc.at("tree");
        TreeFacts &f = r.tree;
        f.clang = t.value("clang", "");
        f.clang_version = t.value("clang_version", "");
        f.llvm_version = t.value("llvm_version", "");
        // Receipts written before the probe read `llvm-version:` hold the `llvm:` line,
        // an llvm-project commit (e.g. "ca7933e47d3a"): not a version, so unknown.
        if (!f.llvm_version.empty() && !parse_version(f.llvm_version))
            f.llvm_version.clear();
        f.resource_dir = t.value("resource_dir", "");
        f.sysroot = t.value("sysroot", "");
        f.sysroot_targets = t.value("sysroot_targets", std::vector<std::string>{});
        f.builtins = t.value("builtins", std::vector<std::string>{});
        f.cfg_files = t.value("cfg_files", std::vector<std::string>{});
        f.wasm_component_ld = t.value("wasm_component_ld", false);
        f.shared_libc = t.value("shared_libc", false);
        f.default_target = t.value("default_target", "");
        if (doc.contains("system") && doc["system"].is_object()) {
            const json &s = doc["system"];
            SystemSource src;
            src.root = s.value("root", "/");
            src.layout = s.value("layout", "");
            src.llvm_major = s.value("llvm_major", 0);
            src.distro = s.value("distro", "");
            src.lacks = s.value("lacks", std::vector<std::string>{});
            r.system = src;
        }
        if (doc.contains("cxx_compat") && doc["cxx_compat"].is_array()) {
            r.cxx_compat.emplace();
            for (const auto &c : doc["cxx_compat"])
                r.cxx_compat->push_back({c.at("triple").get<std::string>(),
                                         c.value("thread_atexit", ""), c.value("archive", ""),
                                         c.value("detail", "")});
        }
        return r;
    } catch (const json::exception &e) {
        std::string msg = e.what();
        if (auto pos = msg.find("] "); pos != std::string::npos)
            msg = msg.substr(pos + 2);
        throw Error("corrupt receipt " + path.string() + ": " + msg, fix);
    }
}

} // namespace wasisdk
