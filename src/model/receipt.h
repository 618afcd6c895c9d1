#pragma once
// The receipt: written into an install directory before it is renamed into place, so a
// directory with a receipt is complete by construction. Besides where the bytes came
// from, it records what the tree offers, because the same request needs different
// flags on different releases and must be decided from the tree, not the number
// (docs/sdk-releases.md). For `show`, `list`, `doctor` and gc: the driver does not read
// these facts. It checks only that receipt.json exists (src/exec_path/active_sdk.c), and
// probes the tree itself on each run (src/exec_path/sdk_facts.c). The identity tool for
// compiler caches reads the receipt's artifact sha256 (src/exec_path/sdk_identity.c).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace wasisdk {

struct ReceiptArtifact {
    std::string kind;
    std::string url;
    std::string sha256;    // what the bytes hashed to
    bool verified = false; // true when that matched the expected sha256
    std::string source;    // where the pinned sha256 came from
    std::uint64_t size = 0;
    // What vouched for the expected sha256: "pin" (a manifest's), "github-digest"
    // (install --trust github-digest) or "none" (--allow-unverified, or --from without
    // a pin); and which manifest or API answer it was ("built-in manifest", ...).
    std::string trust;
    std::string sha256_from;
};

struct TreeFacts {
    std::string clang;                        // bin/clang relative to the tree, empty if absent
    std::string clang_version;                // "19.1.7", from running it (empty if it cannot run)
    std::string llvm_version;                 // from VERSION's llvm-version, else clang_version
    std::string resource_dir;                 // relative to the tree when inside it
    std::string sysroot;                      // relative to the tree ("share/wasi-sysroot")
    std::vector<std::string> sysroot_targets; // lib/<triple> directories of the sysroot
    std::vector<std::string> builtins;        // compiler-rt builtins archives, relative
    std::vector<std::string> cfg_files;       // bin/*.cfg
    bool wasm_component_ld = false;
    bool shared_libc = false;   // some sysroot target has libc.so (30+)
    std::string default_target; // the bundled clang's default triple, if it ran
};

// `wasisdk link --system`: sdk/ is a view (links and a VERSION file) of the
// distribution's packages; uninstall deletes the view, never what it points to.
struct SystemSource {
    std::string root = "/"; // the prefix the packages were found under
    std::string layout;     // the layout table row the tree matched ("debian")
    int llvm_major = 0;
    std::string distro;             // os-release's PRETTY_NAME, for messages
    std::vector<std::string> lacks; // what the view cannot do, in words
};

// What wasisdk added for C++ on one sysroot triple whose SDK lacks a piece of its C++
// runtime (store/cxx_compat.h, exec_path/cxx_compat.h).
struct CompatEntry {
    std::string triple;
    // Where __cxa_thread_atexit comes from: "sdk" (its libc++abi, libc++ or libc has it),
    // "fallback" (wasisdk's archive, __cxa_atexit), "explained" (a threads triple:
    // wasisdk's archive makes the link fail with one line saying why), "unknown" (an
    // index wasisdk cannot read: nothing added), "failed" (building the archive failed).
    std::string thread_atexit;
    std::string archive; // relative to the install directory; empty when none was built
    std::string detail;  // why unknown or failed
};

struct Receipt {
    static constexpr int kSchema = 1;
    std::string name;      // the install's name (a version, or a linked SDK's name)
    std::string version;   // the wasi-sdk version, empty if unknown (linked)
    std::string component; // sdk, sysroot or builtins
    bool linked = false;   // `wasisdk link`: the tree is not ours to delete
    std::string linked_path;
    std::string host;
    std::string installed_at; // ISO 8601 UTC
    std::string manifest;     // origin of the manifest used
    std::vector<ReceiptArtifact> artifacts;
    TreeFacts tree;
    std::optional<SystemSource> system; // set for `wasisdk link --system` views
    // Per sysroot triple with libc++; nullopt in receipts of installs made before wasisdk
    // checked (`wasisdk setup` adds it).
    std::optional<std::vector<CompatEntry>> cxx_compat;
};

std::string receipt_to_json(const Receipt &r);
// Throws Error naming the file and the way out when it is not a valid receipt.
Receipt read_receipt(const std::filesystem::path &path);

} // namespace wasisdk
