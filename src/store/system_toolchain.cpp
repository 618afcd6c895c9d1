#include "store/system_toolchain.h"

#include "base/error.h"
#include "base/fs_util.h"
#include "base/process.h"
#include "base/text.h"
#include "exec_path/sdk_facts.h"

#include <algorithm>
#include <cctype>

namespace wasisdk {

namespace fs = std::filesystem;

namespace {

// Where the pieces live, relative to the root. One row, Debian's and Ubuntu's
// (llvm-toolchain-N and wasi-libc source packages; paths checked with dpkg -L on
// Debian 12). Inside an LLVM directory the layout is LLVM's own install layout (bin/,
// lib/clang/<v>/, include/<triple>/c++/v1, lib/<triple>/). Fedora and Homebrew put
// wasi-libc elsewhere (docs/system-toolchain.md has what their packages install); they
// have no row because nobody could try one here.
struct Layout {
    const char *name;
    const char *llvm_prefix;  // LLVM N lives in <root>/<llvm_prefix>N
    const char *wasi_include; // wasi-libc's headers: <root>/<wasi_include>/<triple>
    const char *wasi_lib;     // wasi-libc's archives: <root>/<wasi_lib>/<triple>
    const char *wasi_share;   // symbol lists: <root>/<wasi_share>/<triple>
};
constexpr Layout kDebian = {"debian", "usr/lib/llvm-", "usr/include", "usr/lib", "usr/share"};

struct PieceRow {
    Piece piece;
    const char *what;
    bool required;
    // Debian/Ubuntu packages ({N}: the LLVM major), and the default LLVM's when no
    // major is known. Checked with apt-cache on Debian 12: libc++-N-dev-wasm32 pulls
    // libc++abi-N-dev-wasm32; no libc++abi-dev-wasm32 metapackage exists.
    const char *debian;
    const char *debian_default;
};
constexpr PieceRow kPieces[] = {
    {Piece::clang, "clang", true, "clang-{N}", "clang"},
    {Piece::wasm_ld, "wasm-ld (lld)", true, "lld-{N}", "lld"},
    {Piece::llvm_tools, "llvm-ar and the other llvm tools", false, "llvm-{N}", "llvm"},
    {Piece::wasi_libc, "wasi-libc", true, "wasi-libc", "wasi-libc"},
    {Piece::builtins, "the wasm32 compiler-rt builtins", true, "libclang-rt-{N}-dev-wasm32",
     "libclang-rt-dev-wasm32"},
    {Piece::libcxx, "libc++ for wasm32", false, "libc++-{N}-dev-wasm32 libc++abi-{N}-dev-wasm32",
     "libc++-dev-wasm32"},
};

const PieceRow &row_of(Piece piece) {
    for (const auto &r : kPieces)
        if (r.piece == piece)
            return r;
    throw Error("internal: no row for a piece");
}

// The view's bin/: name in the view -> the LLVM's tool it runs. A tool an LLVM lacks is
// left out. The unprefixed names are those a release's bin/ has (wasi-sdk's
// cmake/wasi-sdk-toolchain.cmake: its `tools` list, LLVM_INSTALL_BINUTILS_SYMLINKS).
constexpr std::pair<const char *, const char *> kTools[] = {
    {"clang", "clang"},
    {"clang++", "clang++"},
    {"clang-cpp", "clang-cpp"},
    {"wasm-ld", "wasm-ld"},
    {"llvm-ar", "llvm-ar"},
    {"llvm-ranlib", "llvm-ranlib"},
    {"llvm-nm", "llvm-nm"},
    {"llvm-strip", "llvm-strip"},
    {"llvm-objcopy", "llvm-objcopy"},
    {"llvm-objdump", "llvm-objdump"},
    {"llvm-size", "llvm-size"},
    {"llvm-strings", "llvm-strings"},
    {"llvm-dwarfdump", "llvm-dwarfdump"},
    {"llvm-cxxfilt", "llvm-cxxfilt"},
    {"ar", "llvm-ar"},
    {"ranlib", "llvm-ranlib"},
    {"nm", "llvm-nm"},
    {"strip", "llvm-strip"},
    {"objcopy", "llvm-objcopy"},
    {"objdump", "llvm-objdump"},
    {"size", "llvm-size"},
    {"strings", "llvm-strings"},
    {"c++filt", "llvm-cxxfilt"},
};

bool on_disk(const fs::path &p) {
    std::error_code ec;
    return fs::exists(p, ec);
}

bool is_dir(const fs::path &p) {
    std::error_code ec;
    return fs::is_directory(p, ec);
}

std::vector<std::string> entries(const fs::path &dir) {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto &e : fs::directory_iterator(dir, ec))
        names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::string replace_all(std::string s, const std::string &from, const std::string &to) {
    for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
        s.replace(pos, from.size(), to);
    return s;
}

// "Debian clang version 19.1.7 (3~deb12u1)" -> "19.1.7"
std::string clang_version_of(const fs::path &clang) {
    auto r = run_capture({clang.string(), "--version"});
    if (r.exit_code != 0)
        return {};
    auto pos = r.output.find("clang version ");
    if (pos == std::string::npos)
        return {};
    std::string rest = r.output.substr(pos + 14);
    return rest.substr(0, rest.find_first_of(" -+(\n"));
}

// wasi-libc's sysroot triples: <wasi_lib>/<triple> with a libc.a, and its headers.
std::vector<std::string> wasi_triples(const fs::path &root) {
    std::vector<std::string> triples;
    for (const auto &name : entries(root / kDebian.wasi_lib))
        if (name.starts_with("wasm32-") && on_disk(root / kDebian.wasi_lib / name / "libc.a") &&
            is_dir(root / kDebian.wasi_include / name))
            triples.push_back(name);
    return triples;
}

// The resource dir is lib/clang/<v>, <v> being the major from LLVM 16 on and the full
// version before (14.0.6): whichever single entry is there.
fs::path resource_dir_of(const fs::path &llvm_dir) {
    for (const auto &name : entries(llvm_dir / "lib" / "clang"))
        if (is_dir(llvm_dir / "lib" / "clang" / name))
            return llvm_dir / "lib" / "clang" / name;
    return {};
}

// compiler-rt's wasm32 builtins: lib/wasi/libclang_rt.builtins-wasm32.a in Debian's
// packages (clang up to 22 looks there for wasm32-wasi), lib/wasm32-*/ in newer layouts.
bool has_builtins(const fs::path &resource) {
    if (resource.empty())
        return false;
    for (const auto &dir : entries(resource / "lib")) {
        if (!dir.starts_with("wasi") && !dir.starts_with("wasm32"))
            continue;
        for (const auto &name : entries(resource / "lib" / dir))
            if (name.starts_with("libclang_rt.builtins") && name.ends_with(".a"))
                return true;
    }
    return false;
}

bool has_libcxx(const fs::path &llvm_dir, const std::string &triple) {
    return is_dir(llvm_dir / "include" / triple / "c++" / "v1") &&
           on_disk(llvm_dir / "lib" / triple / "libc++.a") &&
           on_disk(llvm_dir / "lib" / triple / "libc++abi.a");
}

bool piece_present(Piece piece, const SystemLlvm &l) {
    const fs::path bin = l.llvm_dir / "bin";
    switch (piece) {
    case Piece::clang:
        return on_disk(bin / "clang");
    case Piece::wasm_ld:
        return on_disk(bin / "wasm-ld");
    case Piece::llvm_tools:
        return on_disk(bin / "llvm-ar");
    case Piece::wasi_libc:
        return !l.triples.empty();
    case Piece::builtins:
        return has_builtins(l.resource_dir);
    case Piece::libcxx:
        return !l.triples.empty() && has_libcxx(l.llvm_dir, l.triples.front());
    }
    return false;
}

SystemLlvm probe_llvm(const fs::path &root, int major, const std::vector<std::string> &triples) {
    SystemLlvm l;
    l.major = major;
    l.llvm_dir = root / (kDebian.llvm_prefix + std::to_string(major));
    l.resource_dir = resource_dir_of(l.llvm_dir);
    l.triples = triples;
    for (const auto &row : kPieces)
        if (!piece_present(row.piece, l))
            l.missing.push_back(row.piece);
    if (piece_present(Piece::clang, l))
        l.clang_version = clang_version_of(l.llvm_dir / "bin" / "clang");
    return l;
}

std::string unquote(std::string v) {
    v = trim(v);
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
        v = v.substr(1, v.size() - 2);
    return v;
}

void add_link(const fs::path &target, const fs::path &link_path) {
    std::error_code ec;
    fs::create_symlink(target, link_path, ec);
    if (ec)
        throw Error("cannot create " + link_path.string() + ": " + ec.message(),
                    "check that the wasisdk home is writable");
}

void make_dir(const fs::path &dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw Error("cannot create " + dir.string() + ": " + ec.message(),
                    "check that the wasisdk home is writable");
}

// Whether clang links --target=wasm32-wasip1: its builtins for that triple exist (clang
// 22 takes lib/wasi for every wasm32 triple; Debian's clang 19 wants
// lib/wasm32-unknown-wasip1/libclang_rt.builtins.a, which no package ships).
bool clang_links_wasip1(const SystemLlvm &llvm) {
    auto r = run_capture({(llvm.llvm_dir / "bin" / "clang").string(), "--target=wasm32-wasip1",
                          "-rtlib=compiler-rt", "-print-libgcc-file-name"});
    if (r.exit_code != 0)
        return false;
    auto lines = split(trim(r.output), '\n');
    return !lines.empty() && on_disk(trim(lines.back()));
}

// include/<as> and lib/<as> of the view: a link per entry of wasi-libc's <triple>
// directories, except what Debian's libc++ packages put there (the c++ headers and
// libc++*.a belong to one LLVM major, which need not be this one), then the entries of
// this LLVM's own libc++ for <triple>.
void lay_out_triple(const fs::path &root, const SystemLlvm &llvm, const std::string &triple,
                    const std::string &as, const fs::path &sysroot) {
    const fs::path include = sysroot / "include" / as, lib = sysroot / "lib" / as;
    make_dir(include);
    make_dir(lib);
    const fs::path wasi_include = root / kDebian.wasi_include / triple;
    for (const auto &name : entries(wasi_include))
        if (name != "c++")
            add_link(wasi_include / name, include / name);
    const fs::path wasi_lib = root / kDebian.wasi_lib / triple;
    for (const auto &name : entries(wasi_lib))
        if (!name.starts_with("libc++"))
            add_link(wasi_lib / name, lib / name);
    if (has_libcxx(llvm.llvm_dir, triple)) {
        add_link(llvm.llvm_dir / "include" / triple / "c++", include / "c++");
        for (const auto &name : entries(llvm.llvm_dir / "lib" / triple))
            add_link(llvm.llvm_dir / "lib" / triple / name, lib / name);
    }
    const fs::path share = root / kDebian.wasi_share / triple;
    if (is_dir(share)) {
        make_dir(sysroot / "share");
        add_link(share, sysroot / "share" / as);
    }
}

bool config_site_says(const std::string &text, const std::string &no_macro,
                      const std::string &zero_macro) {
    // libc++ up to 19: "#define _LIBCPP_HAS_NO_THREADS"; 20 on: "#define _LIBCPP_HAS_THREADS 0".
    for (const auto &line : split(text, '\n')) {
        std::string t = trim(line);
        if (t == "#define " + no_macro || t == "#define " + zero_macro + " 0")
            return true;
    }
    return false;
}

} // namespace

const char *describe(Piece piece) {
    return row_of(piece).what;
}

bool required(Piece piece) {
    return row_of(piece).required;
}

bool SystemLlvm::usable() const {
    return std::none_of(missing.begin(), missing.end(), [](Piece p) { return required(p); });
}

fs::path system_root() {
    if (auto r = env_var("WASISDK_SYSTEM_ROOT"))
        return fs::absolute(*r).lexically_normal();
    return "/";
}

Distro detect_distro(const fs::path &root) {
    Distro d;
    auto text = read_file_if_exists(root / "etc" / "os-release");
    if (!text)
        text = read_file_if_exists(root / "usr" / "lib" / "os-release");
    std::string like;
    for (const auto &line : split(text.value_or(""), '\n')) {
        auto eq = line.find('=');
        if (eq == std::string::npos)
            continue;
        std::string key = trim(line.substr(0, eq)), value = unquote(line.substr(eq + 1));
        if (key == "ID")
            d.id = value;
        else if (key == "PRETTY_NAME")
            d.pretty = value;
        else if (key == "ID_LIKE")
            like = value;
    }
    if (d.pretty.empty())
        d.pretty = d.id;
    // Ubuntu and its derivatives say ID_LIKE=debian or ubuntu: Debian's package names.
    for (const auto &word : split(d.id + " " + like, ' '))
        if (word == "debian" || word == "ubuntu")
            d.family = "debian";
    return d;
}

SystemProbe probe_system(const fs::path &root) {
    SystemProbe probe;
    probe.root = root;
    probe.layout = kDebian.name;
    probe.distro = detect_distro(root);
    const std::vector<std::string> triples = wasi_triples(root);
    const fs::path parent = (root / kDebian.llvm_prefix).parent_path();
    const std::string prefix = (root / kDebian.llvm_prefix).filename().string();
    std::vector<int> majors;
    for (const auto &name : entries(parent)) {
        if (!name.starts_with(prefix) || name.size() == prefix.size() ||
            name.size() > prefix.size() + 3)
            continue;
        std::string digits = name.substr(prefix.size());
        if (std::all_of(digits.begin(), digits.end(),
                        [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
            majors.push_back(std::stoi(digits));
    }
    std::sort(majors.rbegin(), majors.rend());
    for (int major : majors) {
        SystemLlvm l = probe_llvm(root, major, triples);
        // An llvm-N directory left by a library package alone (libllvm15) is no toolchain.
        auto has = [&](Piece p) {
            return std::find(l.missing.begin(), l.missing.end(), p) == l.missing.end();
        };
        if (has(Piece::clang) || has(Piece::wasm_ld) || has(Piece::builtins))
            probe.llvms.push_back(std::move(l));
    }
    return probe;
}

std::string install_command(const Distro &distro, int major, const std::vector<Piece> &pieces) {
    if (distro.family != "debian" || pieces.empty())
        return {};
    std::string names;
    for (Piece p : pieces) {
        const PieceRow &r = row_of(p);
        std::string n =
            major ? replace_all(r.debian, "{N}", std::to_string(major)) : r.debian_default;
        if (names.find(n) == std::string::npos)
            names += (names.empty() ? "" : " ") + n;
    }
    return "apt-get install " + names;
}

std::string describe_missing(const SystemLlvm &llvm, bool required_only) {
    std::vector<std::string> what;
    for (Piece p : llvm.missing)
        if (!required_only || required(p))
            what.push_back(describe(p));
    std::string list;
    for (std::size_t i = 0; i < what.size(); ++i)
        list += (i == 0 ? "" : i + 1 == what.size() ? " and " : ", ") + what[i];
    return "LLVM " + std::to_string(llvm.major) + " lacks " + list;
}

std::vector<std::string> system_limits(const SystemLlvm &llvm, const fs::path &view) {
    const fs::path sysroot = view / WSD_SYSROOT_DIR;
    std::vector<std::string> lacks;
    if (!is_dir(sysroot / "lib" / "wasm32-wasip1-threads") &&
        !is_dir(sysroot / "lib" / "wasm32-wasi-threads"))
        lacks.push_back("no wasm32-wasip1-threads sysroot (no threads)");
    if (!is_dir(sysroot / "lib" / "wasm32-wasip2"))
        lacks.push_back("no wasm32-wasip2 libc");
    if (llvm.triples.empty())
        return lacks;
    const std::string &t = llvm.triples.front();
    if (!is_dir(sysroot / "include" / t / "c++" / "v1")) {
        lacks.push_back("no libc++ (C only)");
        return lacks;
    }
    std::string site =
        read_file_if_exists(sysroot / "include" / t / "c++" / "v1" / "__config_site").value_or("");
    if (config_site_says(site, "_LIBCPP_HAS_NO_THREADS", "_LIBCPP_HAS_THREADS"))
        lacks.push_back("libc++ without threads");
    if (config_site_says(site, "_LIBCPP_HAS_NO_FILESYSTEM", "_LIBCPP_HAS_FILESYSTEM"))
        lacks.push_back("libc++ without <filesystem>");
    if (!on_disk(sysroot / "lib" / t / "eh" / "libc++.a"))
        lacks.push_back("libc++ without exceptions (the wrappers add -fno-exceptions)");
    return lacks;
}

void make_system_view(const SystemProbe &probe, const SystemLlvm &llvm, const std::string &name,
                      const fs::path &dir) {
    if (!llvm.usable()) {
        std::vector<Piece> need;
        std::copy_if(llvm.missing.begin(), llvm.missing.end(), std::back_inserter(need), required);
        throw Error(describe_missing(llvm, true), install_command(probe.distro, llvm.major, need),
                    ExitCode::not_found);
    }
    // clang takes its resource dir (and so the builtins) from its real path, and runs
    // wasm-ld-N from its real directory or PATH: links keep all of that Debian's.
    const fs::path bin = dir / "bin";
    make_dir(bin);
    for (const auto &[as, tool] : kTools)
        if (on_disk(llvm.llvm_dir / "bin" / tool))
            add_link(llvm.llvm_dir / "bin" / tool, bin / as);
    add_link(llvm.llvm_dir / "bin" / "clang", bin / ("clang-" + std::to_string(llvm.major)));

    const fs::path sysroot = dir / WSD_SYSROOT_DIR;
    for (const auto &triple : llvm.triples)
        lay_out_triple(probe.root, llvm, triple, triple, sysroot);
    // wasi-libc for wasm32-wasi is wasm32-wasip1 under its older name (wasi-sdk 22+
    // ship the same files under both). Served as wasm32-wasip1 too only when this clang
    // can link that triple; otherwise the wrappers map wasip1 to wasm32-wasi.
    const bool has_wasi = std::count(llvm.triples.begin(), llvm.triples.end(), "wasm32-wasi");
    const bool has_wasip1 = std::count(llvm.triples.begin(), llvm.triples.end(), "wasm32-wasip1");
    if (has_wasi && !has_wasip1 && clang_links_wasip1(llvm))
        lay_out_triple(probe.root, llvm, "wasm32-wasi", "wasm32-wasip1", sysroot);

    std::string version =
        llvm.clang_version.empty() ? std::to_string(llvm.major) : llvm.clang_version;
    // A release's VERSION says "<version>\nwasi-libc: ..\nllvm: <commit>\nllvm-version: .."
    // (tree_probe.cpp reads llvm-version:); a view has no release version or commit.
    write_file_atomic(dir / "VERSION",
                      name + "\nllvm-version: " + version +
                          "\nsource: the system's packages under " + probe.root.string() +
                          (probe.distro.pretty.empty() ? "" : " (" + probe.distro.pretty + ")") +
                          ", " + llvm.llvm_dir.string() +
                          "; a view made by `wasisdk link --system`, "
                          "not a wasi-sdk release\n");
}

} // namespace wasisdk
