"""Rust with today's toolchains (issue 9, parts 3 and 4): rustc 1.96 (LLVM 22.1.8, Debian
12's rustc-web, unpacked into a private toolchain) with a wasi-sdk 33-shaped SDK built
from LLVM 22 (tests/fixtures/make-sdk.sh 33 --llvm 22).

No std for wasm ships with Debian's rustc 1.96: tests/fixtures/make-rust-std-196.sh builds
one from rust-web-src, once per build directory, and packages it as Rust's dist server
does. Each test serves it from a loopback channel manifest and lets `wasisdk rust-std
install` put it into a fresh copy of the toolchain, as it would from static.rust-lang.org.
The rustc 1.63 + wasm32-wasi flows are test_rust.py's."""
import json
import os
import pathlib
import shutil
import subprocess
import tempfile
import unittest

from harness import (FIXTURE_DIR, SOURCE_DIR, WASISDK, assert_one_line_error, clean_env,
                     node_run, real_sdk_tarball, sha256)
from server import Server

HERE = pathlib.Path(__file__).resolve().parent
RELEASE = "1.96.0"
TARGETS = ("wasm32-wasip1", "wasm32-wasip2")
HOST = "x86_64-unknown-linux-gnu"
SDK = "33.0"  # the newest release of the built-in manifest; LLVM 22 like the real one
# Debian's cc crate (librust-cc-dev), offline, as test_rust.py uses it with cargo 1.63.
DEBIAN_REGISTRY = ('[source.crates-io]\nreplace-with = "debian"\n[source.debian]\n'
                   'directory = "/usr/share/cargo/registry"\n[net]\noffline = true\n')


def rust_196():
    """The fixture directory: toolchain/, dist/, rustc-vV (make-rust-std-196.sh)."""
    FIXTURE_DIR.mkdir(parents=True, exist_ok=True)
    script = SOURCE_DIR / "tests/fixtures/make-rust-std-196.sh"
    p = subprocess.run(["bash", str(script), str(FIXTURE_DIR)], capture_output=True, text=True)
    if p.returncode != 0:
        raise AssertionError(f"{script} failed:\n{p.stderr}")
    return pathlib.Path(p.stdout.strip().splitlines()[-1])


def tarball(target):
    return f"rust-std-{RELEASE}-{target}"


def channel_manifest(base, version, hashes):
    """Rust's manifest v2 for the release, listing the rust-std tarballs served at base."""
    text = (f'manifest-version = "2"\ndate = "2026-05-28"\n\n[pkg.rust-std]\n'
            f'version = "{version}"\n')
    for t in TARGETS:
        gz, zst = hashes[t]
        text += (f'\n[pkg.rust-std.target.{t}]\navailable = true\n'
                 f'url = "{base}/dist/{tarball(t)}.tar.gz"\nhash = "{gz}"\n'
                 f'zst_url = "{base}/dist/{tarball(t)}.tar.zst"\nzst_hash = "{zst}"\n')
    return text


def snapshot(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


class Rust196Test(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if shutil.which("node") is None:
            raise AssertionError("node is required (packaging/deps-debian.sh --test installs it)")
        cls.fixture = rust_196()
        cls.dist = {t: {ext: (cls.fixture / "dist" / f"{tarball(t)}.tar.{ext}").read_bytes()
                        for ext in ("gz", "zst")} for t in TARGETS}
        # The version line Rust's manifests carry: "1.96.0 (<9 hex digits> <commit date>)".
        vv = dict(line.split(": ", 1) for line in
                  (cls.fixture / "rustc-vV").read_text().splitlines() if ": " in line)
        cls.version = f"{vv['release']} ({vv['commit-hash'][:9]} {vv['commit-date']})"
        cls.llvm = vv["LLVM version"]
        cls.sdk_tarball = real_sdk_tarball(33, 22)

    def setUp(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="wasisdk-rust196-"))
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.server = Server().__enter__()
        self.addCleanup(self.server.__exit__)
        base = self.server.url().rstrip("/")
        hashes = {t: (sha256(self.dist[t]["gz"]), sha256(self.dist[t]["zst"])) for t in TARGETS}
        manifest = channel_manifest(base, self.version, hashes).encode()
        self.server.add(f"dist/channel-rust-{RELEASE}.toml", manifest)
        self.server.add(f"dist/channel-rust-{RELEASE}.toml.sha256",
                        f"{sha256(manifest)}  channel-rust-{RELEASE}.toml\n".encode())
        for t in TARGETS:
            for ext, data in self.dist[t].items():
                self.server.add(f"dist/{tarball(t)}.tar.{ext}", data)
        # A fresh toolchain: hard links to the fixture's files (rustc finds its sysroot
        # from librustc_driver's real path), directories of its own, so that what
        # rust-std install adds stays here.
        self.toolchain = self.tmp / "rust-1.96"
        if subprocess.run(["cp", "-al", str(self.fixture / "toolchain"), str(self.toolchain)],
                          capture_output=True).returncode != 0:
            shutil.rmtree(self.toolchain, ignore_errors=True)
            shutil.copytree(self.fixture / "toolchain", self.toolchain, symlinks=True)
        self.rustc = self.toolchain / "bin/rustc"
        self.home = self.tmp / "home"
        self.env = clean_env(self.home, drop=("CARGO", "RUST"))
        self.env.update({
            "WASISDK_RUST_DIST_SERVER": self.server.url(),
            "WASISDK_RETRY_BASE_MS": "20",
            # The unpacked rustc has no RUNPATH to its librustc_driver.
            "LD_LIBRARY_PATH": str(self.toolchain / "lib/x86_64-linux-gnu"),
            "PATH": f"{self.toolchain / 'bin'}:{os.environ['PATH']}",
            "CARGO_HOME": str(self.tmp / "cargo-home"),
        })

    def wasisdk(self, *args, **env):
        return subprocess.run([WASISDK, *args], env=dict(self.env, **env), capture_output=True,
                              text=True, timeout=600)

    def install_sdk(self):
        empty = self.tmp / "empty.json"
        empty.write_text('{"schema": 1, "releases": []}')
        p = self.wasisdk("install", SDK, "--from", str(self.sdk_tarball), "--manifest", str(empty))
        self.assertEqual(p.returncode, 0, p.stderr)

    def install_std(self, *targets):
        args = [a for t in targets for a in ("--target", t)]
        p = self.wasisdk("rust-std", "install", "--rustc", str(self.rustc), *args)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p

    def crate(self, name, program="cargo_cc"):
        crate = self.tmp / name
        shutil.copytree(HERE / "programs" / program, crate)
        (crate / ".cargo").mkdir(exist_ok=True)
        (crate / ".cargo/config.toml").write_text(DEBIAN_REGISTRY)
        return crate

    def cargo_through_env(self, crate, target, link):
        """`eval "$(wasisdk env --target T --link L)"`, then cargo build, as a user's shell."""
        script = (f'eval "$("$WASISDK" env --target {target} --link {link})" && '
                  f'exec cargo build -v --release --target {target}')
        return subprocess.run(["bash", "-c", script], cwd=crate,
                              env=dict(self.env, WASISDK=WASISDK),
                              capture_output=True, text=True, timeout=900)

    # --- rust-std install / list / uninstall ----------------------------------------------

    def test_rust_std_install_list_uninstall(self):
        before = snapshot(self.toolchain)
        # No --target: wasm32-wasip1, the name rustc 1.96 knows; rustc found on PATH.
        p = self.wasisdk("rust-std", "install")
        self.assertEqual(p.returncode, 0, p.stderr)
        files = len(self.dist_listing("wasm32-wasip1"))
        self.assertIn(f"rust-std {RELEASE} for wasm32-wasip1 installed in {self.toolchain} "
                      f"({files} files, sha256 verified)", p.stderr)
        rustlib = self.toolchain / "lib/rustlib"
        self.assertEqual((rustlib / "components").read_text(), "rust-std-wasm32-wasip1\n")
        self.assertEqual((rustlib / "rust-installer-version").read_text(), "3\n")
        lines = (rustlib / "manifest-rust-std-wasm32-wasip1").read_text().split()
        self.assertEqual(len(lines), files)
        for line in lines:
            self.assertTrue(line.startswith("file:lib/rustlib/wasm32-wasip1/lib/"), line)
            self.assertTrue((self.toolchain / line[5:]).is_file(), line)
        for o in ("crt1-command.o", "crt1-reactor.o", "libc.a"):
            self.assertTrue((rustlib / "wasm32-wasip1/lib/self-contained" / o).is_file(), o)
        self.assertEqual(len(self.server.requests_for(f"dist/{tarball('wasm32-wasip1')}.tar.zst")),
                         1)
        self.assertEqual(self.server.requests_for(f"dist/{tarball('wasm32-wasip1')}.tar.gz"), [])
        # The legacy name is wasm32-wasip1 for rustc 1.96 (1.84 removed wasm32-wasi).
        again = self.wasisdk("rust-std", "install", "--target", "wasm32-wasi")
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn(f"rust-std for wasm32-wasip1 is already installed in {self.toolchain}",
                      again.stderr)
        # wasm32-wasip2 (1.82+) installs beside it.
        self.install_std("wasm32-wasip2")
        self.assertEqual((rustlib / "components").read_text(),
                         "rust-std-wasm32-wasip1\nrust-std-wasm32-wasip2\n")
        lst = self.wasisdk("rust-std", "list")
        self.assertEqual(lst.stdout.splitlines(), [f"rustc {RELEASE} ({self.toolchain})",
                                                   "wasm32-wasip1", "wasm32-wasip2"], lst.stderr)
        doc = json.loads(self.wasisdk("--json", "rust-std", "list").stdout)
        self.assertEqual(doc, {"schema": 1, "rustc": RELEASE, "sysroot": str(self.toolchain),
                               "targets": ["wasm32-wasip1", "wasm32-wasip2"]})
        for t in TARGETS:
            p = self.wasisdk("rust-std", "uninstall", "--target", t)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertIn(f"rust-std for {t} removed from {self.toolchain}", p.stderr)
        self.assertEqual(snapshot(self.toolchain), before)
        lst = self.wasisdk("rust-std", "list")
        self.assertEqual(lst.stdout.splitlines()[1:], [
            "no WASI rust-std installed by an installer (wasisdk rust-std install)"])

    def dist_listing(self, target):
        """The files of the target's tarball (its manifest.in), as rust-installer lists them."""
        out = subprocess.run(["tar", "--zstd", "-xOf",
                              str(self.fixture / "dist" / f"{tarball(target)}.tar.zst"),
                              f"{tarball(target)}/rust-std-{target}/manifest.in"],
                             capture_output=True, text=True, check=True).stdout
        return out.split()

    # --- cargo + the cc crate through `wasisdk env`, both link modes -----------------------

    def test_cargo_cc_builds_and_runs_in_both_link_modes(self):
        self.install_sdk()
        self.install_std()
        # What `wasisdk env` exports decides how rustc links (cargo -v prints its calls).
        linker = f"-C linker={self.home / 'bin/wasm32-wasip1-clang'}"
        for link, flag, linker_given in (("external", "-Clink-self-contained=no", True),
                                         ("self-contained", "-Clink-self-contained=yes", False)):
            crate = self.crate(f"crate-{link}")
            b = self.cargo_through_env(crate, "wasm32-wasip1", link)
            self.assertEqual(b.returncode, 0, b.stderr)
            main = [l for l in b.stderr.splitlines() if "--crate-name cargo_cc" in l
                    and "src/main.rs" in l]
            self.assertEqual(len(main), 1, b.stderr)
            self.assertIn(flag, main[0])
            self.assertEqual(linker in main[0], linker_given, main[0])
            wasm = crate / "target/wasm32-wasip1/release/cargo_cc.wasm"
            r = node_run(wasm, cwd=crate)
            self.assertEqual((r.returncode, r.stdout, r.stderr), (0, "c says 6 * 7 = 42\n", ""),
                             link)

    # --- doctor ----------------------------------------------------------------------------

    def doctor(self, *extra, target="wasm32-wasip1"):
        p = self.wasisdk("--json", "doctor", "--target", target, "--rustc", str(self.rustc),
                         *extra, WASISDK_SDK=SDK)
        return p.returncode, {c["check"]: c for c in json.loads(p.stdout)["checks"]}

    def test_doctor_finds_the_pairing_sound(self):
        self.install_sdk()
        code, checks = self.doctor()
        self.assertEqual(code, 1)
        self.assertEqual(checks["rust-std"]["status"], "problem")
        self.assertEqual(checks["rust-std"]["fix"],
                         f"wasisdk rust-std install --target wasm32-wasip1 --rustc {self.rustc}")
        self.install_std()
        for target in ("wasm32-wasip1", "wasm32-wasi"):  # one target for rustc 1.96
            code, checks = self.doctor("--deep", target=target)
            self.assertEqual(code, 0, checks)
            self.assertEqual({c["status"] for c in checks.values()}, {"ok"}, checks)
            self.assertEqual(checks["rustc"]["detail"],
                             f"rustc {RELEASE} (LLVM {self.llvm}) at {self.toolchain}, "
                             "target wasm32-wasip1")
            self.assertEqual(checks["llvm"]["detail"],
                             f"rustc and the SDK's wasm-ld share LLVM {self.llvm}")
            self.assertEqual(checks["wasi-libc"]["detail"],
                             "rust-std's libc.a and the SDK's are the same wasi-libc")
            self.assertEqual([n for n in checks if n.startswith("deep:")],
                             ["deep: C", "deep: self-contained", "deep: external"])

    # --- wasm32-wasip2, as far as Debian has the parts -------------------------------------
    # rustc 1.96 knows wasm32-wasip2 and its std builds; Debian has no wasip2 wasi-libc (so
    # the SDK has no wasm32-wasip2 sysroot) and no wasm-component-ld, which links it.

    def test_wasip2_stops_at_the_missing_parts_and_names_them(self):
        self.install_sdk()
        self.install_std("wasm32-wasip2")
        crate = self.tmp / "hello"
        (crate / "src").mkdir(parents=True)
        (crate / "Cargo.toml").write_text(
            '[package]\nname = "hello"\nversion = "0.1.0"\nedition = "2021"\n')
        (crate / "src/main.rs").write_text('fn main() { println!("hello"); }\n')
        missing = ("wasi-sdk 33.0 has no wasm32-wasip2 sysroot (it has: wasm32-wasi, "
                   "wasm32-wasip1) and no wasm-component-ld, which links wasm32-wasip2 "
                   "components (the wasi-sdk 33.0 release ships what this tree lacks: reinstall "
                   f"it (wasisdk install --force {SDK}), or build for wasm32-wasip1)")
        # external: the Rust compiles; the link through the wrapper stops with its line.
        b = self.cargo_through_env(crate, "wasm32-wasip2", "external")
        self.assertNotEqual(b.returncode, 0)
        self.assertIn(f"error: linking with `{self.home / 'bin/wasm32-wasip2-clang'}` failed",
                      b.stderr)
        self.assertIn(f"wasm32-wasip2-clang: error: {missing}\n", b.stderr)
        # self-contained: rustc itself looks for wasm-component-ld, and says so.
        b = self.cargo_through_env(crate, "wasm32-wasip2", "self-contained")
        self.assertNotEqual(b.returncode, 0)
        self.assertIn("error: linker `wasm-component-ld` not found", b.stderr)
        # C for wasip2 stops at its first compile, with the same line.
        b = self.cargo_through_env(self.crate("crate-p2"), "wasm32-wasip2", "external")
        self.assertNotEqual(b.returncode, 0)
        self.assertIn(f"wasm32-wasip2-clang: error: {missing}", b.stderr)
        # doctor says it before any build.
        code, checks = self.doctor(target="wasm32-wasip2")
        self.assertEqual(code, 1)
        self.assertEqual(checks["sysroot"]["status"], "problem")
        self.assertEqual(f"{checks['sysroot']['detail']} ({checks['sysroot']['fix']})", missing)
