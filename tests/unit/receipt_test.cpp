// The receipt (model/receipt.h): what install, link and link --system write is what
// every later command reads back, field for field; a damaged one is a one-line error
// naming the file and the way out.
#include "base/error.h"
#include "base/fs_util.h"
#include "model/home.h"
#include "model/receipt.h"

#include <gtest/gtest.h>

#include <fstream>

using namespace wasisdk;

namespace {

class ReceiptFile : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = make_temp_dir(fs::temp_directory_path(), "wasisdk-receipt-");
        path_ = receipt_of(dir_);
    }
    void TearDown() override { remove_all_quiet(dir_); }
    void write_text(const std::string &text) { std::ofstream(path_, std::ios::binary) << text; }
    std::string error_reading() {
        try {
            read_receipt(path_);
        } catch (const Error &e) {
            return e.one_line();
        }
        return "no error";
    }
    fs::path dir_, path_;
};

// Every field set to a value other than its default, so that a field the writer or
// the reader drops shows up.
Receipt full_receipt() {
    Receipt r;
    r.name = "22.0";
    r.version = "22.0";
    r.component = "sdk";
    r.linked = true;
    r.linked_path = "/opt/wasi-sdk";
    r.host = "x86_64-linux";
    r.installed_at = "2026-11-24T15:00:00Z";
    r.manifest = "built-in manifest";
    ReceiptArtifact a;
    a.kind = "sdk";
    a.url = "https://example.invalid/wasi-sdk-22.0-x86_64-linux.tar.gz";
    a.sha256 = std::string(64, 'c');
    a.verified = true;
    a.source = "release page";
    a.size = 79570956;
    a.trust = "github-digest";
    a.sha256_from = "GitHub's API https://api.example.invalid/x";
    r.artifacts.push_back(a);
    TreeFacts &t = r.tree;
    t.clang = "bin/clang";
    t.clang_version = "19.1.5";
    t.llvm_version = "19.1.5";
    t.resource_dir = "lib/clang/19";
    t.sysroot = "share/wasi-sysroot";
    t.sysroot_targets = {"wasm32-wasi", "wasm32-wasip1"};
    t.builtins = {"lib/clang/19/lib/wasi/libclang_rt.builtins-wasm32.a"};
    t.cfg_files = {"bin/wasm32-wasip1.cfg"};
    t.wasm_component_ld = true;
    t.shared_libc = true;
    t.default_target = "wasm32-unknown-wasi";
    r.system = SystemSource{"/", "debian", 19, "Debian GNU/Linux 12 (bookworm)", {"no libc++"}};
    r.cxx_compat = std::vector<CompatEntry>{
        {"wasm32-wasip1", "fallback", "compat/wasm32-wasip1/libthread_atexit.a", ""},
        {"wasm32-wasip1-threads", "unknown", "", "lib/libc++abi.a: unreadable"}};
    return r;
}

TEST_F(ReceiptFile, RoundTripKeepsEveryField) {
    const Receipt w = full_receipt();
    write_file_atomic(path_, receipt_to_json(w));
    const Receipt r = read_receipt(path_);
    EXPECT_EQ(r.name, w.name);
    EXPECT_EQ(r.version, w.version);
    EXPECT_EQ(r.component, w.component);
    EXPECT_EQ(r.linked, w.linked);
    EXPECT_EQ(r.linked_path, w.linked_path);
    EXPECT_EQ(r.host, w.host);
    EXPECT_EQ(r.installed_at, w.installed_at);
    EXPECT_EQ(r.manifest, w.manifest);
    ASSERT_EQ(r.artifacts.size(), 1u);
    const ReceiptArtifact &a = r.artifacts[0], &b = w.artifacts[0];
    EXPECT_EQ(
        std::tie(a.kind, a.url, a.sha256, a.verified, a.source, a.size, a.trust, a.sha256_from),
        std::tie(b.kind, b.url, b.sha256, b.verified, b.source, b.size, b.trust, b.sha256_from));
    const TreeFacts &t = r.tree, &u = w.tree;
    EXPECT_EQ(std::tie(t.clang, t.clang_version, t.llvm_version, t.resource_dir, t.sysroot,
                       t.sysroot_targets, t.builtins, t.cfg_files, t.wasm_component_ld,
                       t.shared_libc, t.default_target),
              std::tie(u.clang, u.clang_version, u.llvm_version, u.resource_dir, u.sysroot,
                       u.sysroot_targets, u.builtins, u.cfg_files, u.wasm_component_ld,
                       u.shared_libc, u.default_target));
    ASSERT_TRUE(r.system);
    EXPECT_EQ(std::tie(r.system->root, r.system->layout, r.system->llvm_major, r.system->distro,
                       r.system->lacks),
              std::tie(w.system->root, w.system->layout, w.system->llvm_major, w.system->distro,
                       w.system->lacks));
    ASSERT_TRUE(r.cxx_compat);
    ASSERT_EQ(r.cxx_compat->size(), 2u);
    for (std::size_t i = 0; i < 2; ++i) {
        const CompatEntry &c = (*r.cxx_compat)[i], &d = (*w.cxx_compat)[i];
        EXPECT_EQ(std::tie(c.triple, c.thread_atexit, c.archive, c.detail),
                  std::tie(d.triple, d.thread_atexit, d.archive, d.detail));
    }
    // And what it reads writes the same bytes again.
    EXPECT_EQ(receipt_to_json(r), receipt_to_json(w));
}

TEST_F(ReceiptFile, OptionalPartsStayAbsent) {
    Receipt w;
    w.name = "opt";
    write_file_atomic(path_, receipt_to_json(w));
    const Receipt r = read_receipt(path_);
    EXPECT_EQ(r.name, "opt");
    EXPECT_FALSE(r.system);
    EXPECT_FALSE(r.cxx_compat); // "made before wasisdk checked": setup builds them
    EXPECT_TRUE(r.artifacts.empty());
}

TEST_F(ReceiptFile, DamagedReceiptsNameTheFileAndTheFix) {
    const std::string fix = " (reinstall it with --force, or delete " + dir_.string() + ")";
    EXPECT_EQ(error_reading(), "missing receipt " + path_.string() + fix);

    std::string text = receipt_to_json(full_receipt());
    write_text(text.substr(0, text.size() / 2)); // cut short, as by a full disk
    EXPECT_EQ(error_reading().rfind("corrupt receipt " + path_.string() + ": ", 0), 0u)
        << error_reading();
    EXPECT_TRUE(error_reading().ends_with(fix)) << error_reading();

    write_text(R"({"schema": 1, "tree": {}})"); // no name
    EXPECT_EQ(error_reading().rfind("corrupt receipt " + path_.string() + ": ", 0), 0u);

    write_text(R"({"schema": 1, "name": 22, "tree": {}})"); // a name that is no string
    EXPECT_EQ(error_reading().rfind("corrupt receipt " + path_.string() + ": ", 0), 0u);

    write_text(R"({"schema": 99, "name": "22.0", "tree": {}})");
    EXPECT_EQ(error_reading(),
              "receipt " + path_.string() + " was written by a newer wasisdk (upgrade wasisdk)");
}

} // namespace
