"""rust-std for WASI into a rustc that rustup does not manage (issue 4): Debian's rustc
1.63, seen through a private toolchain directory (never /usr), fed from a loopback dist
server holding rust-installer tarballs made from Debian's libstd-rust-dev-wasm32."""
import hashlib
import os
import pathlib
import shutil
import subprocess
import tempfile
import unittest

from harness import (FIXTURE_DIR, SOURCE_DIR, WASISDK, assert_one_line_error, real_sdk_tarball,
                     sha256)
from server import Server

HERE = pathlib.Path(__file__).resolve().parent
RUSTC = "/usr/bin/rustc"
TARBALL = "rust-std-1.63.0-wasm32-wasi"


def rust_dist():
    """The rust-std tarballs, built once per build directory."""
    out = FIXTURE_DIR / "rust-dist"
    if not (out / f"{TARBALL}.tar.zst").exists():
        subprocess.run(["bash", str(SOURCE_DIR / "tests/fixtures/make-rust-dist.sh"), str(out)],
                       check=True, capture_output=True)
    return out


def channel_manifest(base, gz, zst, available=True):
    text = ('manifest-version = "2"\ndate = "2022-08-11"\n\n[pkg.rust-std]\n'
            'version = "1.63.0 (4b91a6ea7 2022-08-08)"\n\n'
            '[pkg.rust-std.target.wasm32-wasi]\n')
    if not available:
        return text + "available = false\n"
    return text + (f'available = true\nurl = "{base}/dist/{TARBALL}.tar.gz"\nhash = "{gz}"\n'
                   f'zst_url = "{base}/dist/{TARBALL}.tar.zst"\nzst_hash = "{zst}"\n')


def snapshot(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


class RustStdTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.path.exists(RUSTC):
            raise AssertionError(f"{RUSTC} is required (packaging/deps-debian.sh --test)")
        dist = rust_dist()
        cls.gz = (dist / f"{TARBALL}.tar.gz").read_bytes()
        cls.zst = (dist / f"{TARBALL}.tar.zst").read_bytes()

    def setUp(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="wasisdk-rust-"))
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.server = Server().__enter__()
        self.addCleanup(self.server.__exit__)
        self.serve_manifest(channel_manifest(self.server.url().rstrip("/"), sha256(self.gz),
                                             sha256(self.zst)))
        self.server.add(f"dist/{TARBALL}.tar.gz", self.gz)
        self.server.add(f"dist/{TARBALL}.tar.zst", self.zst)
        # A private toolchain: Debian's rustc with its sysroot moved here (rustc finds its
        # sysroot from librustc_driver's location, /usr, which a test must not write to).
        self.toolchain = self.tmp / "toolchain"
        (self.toolchain / "bin").mkdir(parents=True)
        (self.toolchain / "lib/rustlib").mkdir(parents=True)
        os.symlink("/usr/lib/rustlib/x86_64-unknown-linux-gnu",
                   self.toolchain / "lib/rustlib/x86_64-unknown-linux-gnu")
        self.rustc = self.toolchain / "bin/rustc"
        self.rustc.write_text(f'#!/bin/sh\nexec {RUSTC} --sysroot="{self.toolchain}" "$@"\n')
        self.rustc.chmod(0o755)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("WASISDK_")}
        self.env.update({"WASISDK_HOME": str(self.tmp / "home"),
                         "WASISDK_RUST_DIST_SERVER": self.server.url(),
                         "WASISDK_RETRY_BASE_MS": "20"})

    def serve_manifest(self, text):
        self.server.add("dist/channel-rust-1.63.0.toml", text.encode())
        self.server.add("dist/channel-rust-1.63.0.toml.sha256",
                        f"{hashlib.sha256(text.encode()).hexdigest()}  channel-rust-1.63.0.toml\n"
                        .encode())

    def wasisdk(self, *args, **env):
        e = dict(self.env, **env)
        return subprocess.run([WASISDK, *args], env=e, capture_output=True, text=True, timeout=300)

    def install(self, *extra, **env):
        return self.wasisdk("rust-std", "install", "--rustc", str(self.rustc), *extra, **env)

    def assert_error(self, p, *fragments, code=None):
        assert_one_line_error(self, p, *fragments, code=code)

    def test_install_records_like_rust_installer_and_uninstall_restores(self):
        before = snapshot(self.toolchain)
        p = self.install()
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("rust-std 1.63.0 for wasm32-wasi installed", p.stderr)
        self.assertIn("sha256 verified", p.stderr)
        rustlib = self.toolchain / "lib/rustlib"
        self.assertEqual((rustlib / "components").read_text(), "rust-std-wasm32-wasi\n")
        self.assertEqual((rustlib / "rust-installer-version").read_text(), "3\n")
        manifest_lines = (rustlib / "manifest-rust-std-wasm32-wasi").read_text().split()
        self.assertTrue(all(l.startswith("file:lib/rustlib/wasm32-wasi/lib/")
                            for l in manifest_lines))
        for line in manifest_lines:
            self.assertTrue((self.toolchain / line[5:]).is_file(), line)
        self.assertTrue((rustlib / "wasm32-wasi/lib/self-contained/libc.a").exists())
        # zst preferred over gz; the gz was never fetched.
        self.assertEqual(len(self.server.requests_for(f"dist/{TARBALL}.tar.zst")), 1)
        self.assertEqual(self.server.requests_for(f"dist/{TARBALL}.tar.gz"), [])
        lst = self.wasisdk("rust-std", "list", "--rustc", str(self.rustc))
        self.assertEqual(lst.stdout.splitlines(), [f"rustc 1.63.0 ({self.toolchain})",
                                                   "wasm32-wasi"])
        again = self.install()
        self.assertIn("already installed", again.stderr)
        p = self.wasisdk("rust-std", "uninstall", "--target", "wasm32-wasi", "--rustc",
                         str(self.rustc))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(snapshot(self.toolchain), before)

    def test_cargo_builds_with_installed_rust_std_in_both_link_modes(self):
        home = self.tmp / "home"
        env = dict(self.env, PATH=f"{home / 'bin'}:{os.environ['PATH']}")
        self.assertEqual(self.install().returncode, 0)
        # The SDK whose LLVM matches rustc 1.63's (14, assembled like wasi-sdk 16) serves
        # both modes; external linking with the LLVM 19 SDK is doctor's case below.
        self.install_sdks(env)
        for sdk, link in (("16", "self-contained"), ("16", "external")):
            crate = self.tmp / f"crate-{link}"
            shutil.copytree(HERE / "programs/cargo_cc", crate)
            (crate / ".cargo").mkdir()
            config = subprocess.run([WASISDK, "cargo-config", "--target", "wasm32-wasi",
                                     "--link", link], env=dict(env, WASISDK_SDK=sdk),
                                    capture_output=True, text=True, check=True).stdout
            (crate / ".cargo/config.toml").write_text(
                '[source.crates-io]\nreplace-with = "debian"\n[source.debian]\n'
                'directory = "/usr/share/cargo/registry"\n[net]\noffline = true\n\n' + config)
            b = subprocess.run(["/usr/bin/cargo", "build", "--release", "--target", "wasm32-wasi"],
                               cwd=crate, env=dict(env, WASISDK_SDK=sdk, RUSTC=str(self.rustc),
                                                   CARGO_HOME=str(self.tmp / "cargo-home")),
                               capture_output=True, text=True, timeout=600)
            self.assertEqual(b.returncode, 0, b.stderr)
            r = subprocess.run(["node", "--no-warnings", str(HERE / "run-wasi.mjs"),
                                str(crate / "target/wasm32-wasi/release/cargo_cc.wasm")],
                               cwd=crate, capture_output=True, text=True)
            self.assertEqual((r.returncode, r.stdout), (0, "c says 6 * 7 = 42\n"), link)

    def install_sdks(self, env):
        empty = self.tmp / "empty.json"
        empty.write_text('{"schema": 1, "releases": []}')
        for version, layout in (("25.0", "current"), ("16.0", "llvm14")):
            p = subprocess.run([WASISDK, "install", version, "--from",
                                str(real_sdk_tarball(layout)), "--manifest", str(empty)],
                               env=env, capture_output=True, text=True)
            self.assertEqual(p.returncode, 0, p.stderr)

    def doctor(self, sdk, *extra):
        import json
        p = self.wasisdk("--json", "doctor", "--target", "wasm32-wasip1", "--rustc",
                         str(self.rustc), *extra, WASISDK_SDK=sdk)
        doc = json.loads(p.stdout)
        return p.returncode, {c["check"]: c for c in doc["checks"]}

    def test_doctor(self):
        self.install_sdks(self.env)
        code, checks = self.doctor("16")
        self.assertEqual(code, 1)
        self.assertEqual(checks["rust-std"]["status"], "problem")
        self.assertEqual(checks["rust-std"]["fix"],
                         f"wasisdk rust-std install --target wasm32-wasi --rustc {self.rustc}")
        self.assertEqual(checks["rustc"]["detail"],
                         f"rustc 1.63.0 (LLVM 14.0.6) at {self.toolchain}, target wasm32-wasi")
        self.assertEqual(checks["sysroot"]["status"], "ok")
        self.assertTrue(checks["builtins"]["detail"].endswith(
            "lib/clang/14.0.6/lib/wasi/libclang_rt.builtins-wasm32.a"))

        self.assertEqual(self.install().returncode, 0)
        code, checks = self.doctor("16", "--deep")
        self.assertEqual(code, 0, checks)
        self.assertEqual({c["status"] for c in checks.values()}, {"ok"}, checks)
        self.assertEqual(checks["wasi-libc"]["detail"],
                         "rust-std's libc.a and the SDK's are the same wasi-libc")
        self.assertIn("deep: external", checks)

        # rustc 1.63's rlibs with the LLVM 19 SDK: said before the user hits it, and the
        # deep check shows the real failure.
        code, checks = self.doctor("25", "--deep")
        self.assertEqual(code, 1)
        self.assertEqual(checks["llvm"]["status"], "problem")
        self.assertIn("'lib.rmeta' is neither Wasm object file nor LLVM bitcode",
                      checks["llvm"]["detail"])
        self.assertEqual(checks["deep: self-contained"]["status"], "ok")
        self.assertEqual(checks["deep: external"]["status"], "problem")
        self.assertIn("neither Wasm object file nor LLVM bitcode",
                      checks["deep: external"]["detail"])

    def assert_unchanged_after(self, p, *fragments, code=None):
        self.assert_error(p, *fragments, code=code)
        self.assertEqual(snapshot(self.toolchain), self.initial)

    def test_errors_leave_the_sysroot_unchanged(self):
        self.initial = snapshot(self.toolchain)
        self.server.fault(f"dist/{TARBALL}.tar.zst", "wrong-bytes", times=10)
        self.assert_unchanged_after(self.install(), "sha256 mismatch", f"{TARBALL}.tar.zst",
                                    code=1)

        self.assert_unchanged_after(self.install("--target", "wasm32-wasip2"),
                                    "rustc 1.63.0 is too old for wasm32-wasip2 (it needs 1.82)",
                                    code=3)
        self.assert_unchanged_after(self.install("--target", "wasm64-wasi"),
                                    "unknown Rust target 'wasm64-wasi'", code=2)
        self.assert_unchanged_after(
            self.install(WASISDK_RUST_DIST_SERVER="http://127.0.0.1:9"),
            "cannot connect to http://127.0.0.1:9/dist/channel-rust-1.63.0.toml", code=1)

        self.server.add("dist/channel-rust-1.63.0.toml.sha256", b"0" * 64 + b"  x\n")
        self.assert_unchanged_after(self.install(), "sha256 mismatch",
                                    "channel-rust-1.63.0.toml", code=1)

        self.serve_manifest(channel_manifest(self.server.url(), "", "", available=False))
        self.assert_unchanged_after(self.install(),
                                    "pkg.rust-std.target.wasm32-wasi is not available", code=3)

        self.serve_manifest("[pkg.rust-std\nbroken")
        self.assert_unchanged_after(self.install(), "channel-rust-1.63.0.toml:1:",
                                    "invalid TOML", code=1)

        p = self.wasisdk("rust-std", "install", "--rustc", "/nonexistent/rustc")
        self.assert_error(p, "cannot run /nonexistent/rustc -vV", "--rustc", code=3)

    def test_distribution_owned_directory_is_left_alone(self):
        (self.toolchain / "lib/rustlib/wasm32-wasi/lib").mkdir(parents=True)
        p = self.install()
        self.assert_error(p, "exists and no installer recorded it", code=2)
        self.assertEqual(list((self.toolchain / "lib/rustlib/wasm32-wasi/lib").iterdir()), [])

    # --- hostile TOML (issue 15, item 4): one guard for every TOML input -----------
    # Before it, toml++ 3.3.0 overflowed the stack on a deep dotted key (SIGSEGV, exit
    # -11), aborted on a non-ASCII key in bootstrap.toml (-6), and parsed 64 MiB whole.
    # Each case: (name, text, problem after "<file>:", the same for both commands
    # unless a channel manifest gets its own).
    DEEP = "nested more than 64 levels deep (dotted keys, [ and {)"
    NO_KEY = ("invalid TOML: Error while parsing key: expected bare key starting character or "
              "string delimiter, saw ','")
    OUTSIDE = "non-ASCII character outside a string or comment (TOML keys are ASCII unless quoted)"
    CONTROL = ("control character 0x00 (TOML allows only tab and line breaks; write it as an "
               "escape in a string)")
    HOSTILE_TOML = [
        ("dotted key", "a" + ".a" * 300000 + " = 1\n", "1: " + DEEP, None),
        ("header", "[a" + ".a" * 300000 + "]\n", "1: " + DEEP, None),
        ("inline dotted key", "x = {a" + ".a" * 300000 + " = 1}\n", "1: " + DEEP, None),
        ("arrays", "x = " + "[" * 300000 + "\n", "1: " + DEEP, None),
        ("inline tables", "x = " + "{a = " * 300000 + "\n", "1: " + DEEP, None),
        ("[, header", "a = 1\n[,\n", "2: " + NO_KEY, None),
        ("[a.,b] header", "[a.,b]\n", "1: " + NO_KEY, None),
        ("non-ASCII key", "\u039e = 1\n", "1: " + OUTSIDE,
         "1: byte 0 is not ASCII, and Rust's channel manifests are"),
        ("NUL byte", "a = 1\n# \0\n", "2: " + CONTROL, None),
        ("64 MiB", "# " + "x" * (64 << 20) + "\n",
         " 67108867 bytes, more than the 16 MiB a TOML file may have here", None),
    ]

    def assert_no_crash(self, p, name):
        # A signal is a negative return code from subprocess; 134/139 are a shell's
        # spelling of SIGABRT/SIGSEGV.
        self.assertGreater(p.returncode, 0, f"{name}: {p.stderr[-500:]}")
        self.assertNotIn(p.returncode, (134, 139), name)

    def test_hostile_channel_manifests_are_one_line_errors(self):
        self.initial = snapshot(self.toolchain)
        url = self.server.url("dist/channel-rust-1.63.0.toml")
        for name, text, problem, channel_problem in self.HOSTILE_TOML:
            self.serve_manifest(text)
            p = self.install("--rust-dist-server", self.server.url(),
                             WASISDK_RUST_DIST_SERVER="http://127.0.0.1:9")
            self.assert_no_crash(p, name)
            with self.subTest(name):
                self.assert_unchanged_after(p, url + ":" + (channel_problem or problem),
                                            "another --rust-dist-server", code=1)

    def test_hostile_bootstrap_toml_is_a_one_line_error_and_left_alone(self):
        from harness import fake_sdk_archive
        sdk = self.tmp / "sdk.tar.gz"
        sdk.write_bytes(fake_sdk_archive("wasi-sdk-25.0", triples=("wasm32-wasip1",)))
        empty = self.tmp / "empty.json"
        empty.write_text('{"schema": 1, "releases": []}')
        p = self.wasisdk("install", "25.0", "--from", str(sdk), "--manifest", str(empty))
        self.assertEqual(p.returncode, 0, p.stderr)
        for name, text, problem, _ in self.HOSTILE_TOML:
            config = self.tmp / "bootstrap.toml"
            config.write_bytes(text.encode())
            p = self.wasisdk("bootstrap-config", "--write", str(config))
            self.assert_no_crash(p, name)
            with self.subTest(name):
                self.assert_error(p, f"{config}:{problem}", "merge it by hand", code=2)
                self.assertEqual(config.read_bytes(), text.encode())
        # Non-ASCII in strings and comments is the user's to write; toml++ 3.3.0 aborted
        # on U+039E after a line-ending backslash.
        config.write_text('# für José\n[build]\nnote = """a \\\n  \u039e"""\n', encoding="utf-8")
        p = self.wasisdk("bootstrap-config", "--write", str(config))
        self.assertEqual(p.returncode, 0, p.stderr)
        import tomllib
        merged = tomllib.loads(config.read_text(encoding="utf-8"))
        self.assertEqual(merged["build"]["note"], "a \u039e")
        self.assertIn("wasm32-wasip1", merged["build"]["target"])
