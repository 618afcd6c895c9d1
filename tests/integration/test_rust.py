"""rust-std for WASI into a rustc that rustup does not manage (issue 4): Debian's rustc
1.63, seen through a private toolchain directory (never /usr), fed from a loopback dist
server holding rust-installer tarballs made from Debian's libstd-rust-dev-wasm32. And
bootstrap-config's bootstrap.toml checked with the rules x.py 1.96 applies (issue 17)."""
import copy
import hashlib
import json
import os
import pathlib
import shutil
import subprocess
import tempfile
import tomllib
import unittest

from harness import (FAKE_CLANG, FIXTURE_DIR, SOURCE_DIR, WASISDK, HomeTestCase,
                     assert_one_line_error, make_tar_gz, node_run, real_sdk_tarball, sha256)
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

    def test_gc_keeps_the_archive_while_the_rust_std_is_installed(self):
        p = self.install()
        self.assertEqual(p.returncode, 0, p.stderr)
        home = self.tmp / "home"
        zst = sha256(self.zst)
        records = json.loads((home / "rust-std.json").read_text())
        self.assertEqual(records["installs"], [{"sha256": zst, "sysroot": str(self.toolchain),
                                                "component": "rust-std-wasm32-wasi"}])
        gc = self.wasisdk("gc")
        self.assertEqual(gc.returncode, 0, gc.stderr)
        self.assertIn(zst, os.listdir(home / "downloads"))
        self.assertTrue(gc.stdout.endswith("in 1 archive that installs need\n"), gc.stdout)
        p = self.wasisdk("rust-std", "uninstall", "--target", "wasm32-wasi", "--rustc",
                         str(self.rustc))
        self.assertEqual(p.returncode, 0, p.stderr)
        gc = self.wasisdk("gc")
        self.assertEqual(gc.returncode, 0, gc.stderr)
        self.assertIn(f"removed downloads/{zst} (", gc.stdout)
        self.assertNotIn(zst, os.listdir(home / "downloads"))
        self.assertEqual(json.loads((home / "rust-std.json").read_text())["installs"], [])

    def test_mirror_then_install_from_it_with_the_origin_gone(self):
        from test_mirror import StaticServer
        mirror = self.tmp / "mirror"
        p = self.wasisdk("mirror", str(mirror), "--rust-std", "wasm32-wasi", "--rustc",
                         str(self.rustc))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("dist/channel-rust-1.63.0.toml: rust-std 1.63.0 for wasm32-wasi: "
                      "1 downloaded, 0 already there", p.stdout)
        self.assertEqual(sorted(os.listdir(mirror / "dist")),
                         ["channel-rust-1.63.0.toml", "channel-rust-1.63.0.toml.sha256",
                          f"{TARBALL}.tar.zst"])
        self.assertFalse((mirror / "manifest.json").exists())  # --rust-std alone: no SDKs
        toml_text = (mirror / "dist/channel-rust-1.63.0.toml").read_text()
        self.assertIn(f'zst_url = "{TARBALL}.tar.zst"', toml_text)
        self.assertIn(f'url = "{self.server.url("dist")}/{TARBALL}.tar.gz"', toml_text)
        self.assertEqual((mirror / "dist/channel-rust-1.63.0.toml.sha256").read_text(),
                         f"{sha256(toml_text.encode())}  channel-rust-1.63.0.toml\n")
        again = self.wasisdk("mirror", str(mirror), "--rust-std", "wasm32-wasi", "--rustc",
                             str(self.rustc))
        self.assertIn("0 downloaded, 1 already there", again.stdout)
        self.server.__exit__()
        static = StaticServer(mirror)
        self.addCleanup(static.stop)
        p = self.install(WASISDK_RUST_DIST_SERVER=static.url())
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("sha256 verified", p.stderr)
        self.assertIn(f"/dist/{TARBALL}.tar.zst", static.log)

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
                                     "--link", link],
                                    env=dict(env, WASISDK_SDK=sdk, RUSTC=str(self.rustc)),
                                    capture_output=True, text=True, check=True).stdout
            (crate / ".cargo/config.toml").write_text(
                '[source.crates-io]\nreplace-with = "debian"\n[source.debian]\n'
                'directory = "/usr/share/cargo/registry"\n[net]\noffline = true\n\n' + config)
            b = subprocess.run(["/usr/bin/cargo", "build", "--release", "--target", "wasm32-wasi"],
                               cwd=crate, env=dict(env, WASISDK_SDK=sdk, RUSTC=str(self.rustc),
                                                   CARGO_HOME=str(self.tmp / "cargo-home")),
                               capture_output=True, text=True, timeout=600)
            self.assertEqual(b.returncode, 0, b.stderr)
            r = node_run(crate / "target/wasm32-wasi/release/cargo_cc.wasm", cwd=crate)
            self.assertEqual((r.returncode, r.stdout), (0, "c says 6 * 7 = 42\n"), link)

    # --- the docs' flow with a rustc older than wasm32-wasip1 (issue 10, item 5) --------
    # `wasisdk env --target wasm32-wasip1` used to export CC_wasm32_wasip1 and
    # CARGO_TARGET_WASM32_WASIP1_*, which cargo 1.65 and cc 1.0.73 never read for
    # wasm32-wasi: the cc crate then ran the host's clang and GNU ar, and the link failed
    # with "archive has no index". Now both ask RUSTC (as cargo does) which name it reads.

    def cc_crate(self, name):
        crate = self.tmp / name
        shutil.copytree(HERE / "programs/cargo_cc", crate)
        (crate / ".cargo").mkdir()
        (crate / ".cargo/config.toml").write_text(
            '[source.crates-io]\nreplace-with = "debian"\n[source.debian]\n'
            'directory = "/usr/share/cargo/registry"\n[net]\noffline = true\n')
        return crate

    def build_and_run(self, crate, script, env):
        """`script` in a shell, then cargo build for rustc 1.63's target and the program
        under node; returns the shell's stderr."""
        b = subprocess.run(["bash", "-c", script + " && exec cargo build --release --target "
                            "wasm32-wasi"], cwd=crate, env=env, capture_output=True, text=True,
                           timeout=600)
        self.assertEqual(b.returncode, 0, b.stderr)
        r = node_run(crate / "target/wasm32-wasi/release/cargo_cc.wasm", cwd=crate)
        self.assertEqual((r.returncode, r.stdout), (0, "c says 6 * 7 = 42\n"), r.stderr)
        return b.stderr

    def rust_163_user_env(self):
        """A user's shell: rustc 1.63 as RUSTC, the LLVM 14 SDK (external linking needs an
        LLVM close to rustc's: doctor's check), wasisdk and Debian's cargo on PATH."""
        home = self.tmp / "home"
        self.assertEqual(self.install().returncode, 0)
        empty = self.tmp / "empty.json"
        empty.write_text('{"schema": 1, "releases": []}')
        p = self.wasisdk("install", "16.0", "--from", str(real_sdk_tarball("llvm14")),
                         "--manifest", str(empty))
        self.assertEqual(p.returncode, 0, p.stderr)
        wasisdk_dir = self.tmp / "wasisdk-bin"
        wasisdk_dir.mkdir()
        (wasisdk_dir / "wasisdk").symlink_to(os.path.abspath(shutil.which(WASISDK)))
        return dict(self.env, RUSTC=str(self.rustc), CARGO_HOME=str(self.tmp / "cargo-home"),
                    PATH=f"{wasisdk_dir}:/usr/bin:/bin")

    def test_cc_crate_through_env_for_wasip1_with_rustc_163(self):
        env = self.rust_163_user_env()
        crate = self.cc_crate("crate-env")
        # As docs/driver.md says, with the target name of today's docs.
        err = self.build_and_run(crate, 'eval "$(wasisdk env --target wasm32-wasip1)"', env)
        self.assertIn(f"rustc 1.63.0 (RUSTC={self.rustc}) knows wasm32-wasip1 as "
                      "wasm32-wasi (no wasm32-wasip1 before Rust 1.78): exporting "
                      "CC_wasm32_wasi, CXX_wasm32_wasi, AR_wasm32_wasi and "
                      "CARGO_TARGET_WASM32_WASI_*\n", err)
        out = self.wasisdk("env", "--target", "wasm32-wasip1", **env).stdout
        home_bin = self.tmp / "home/bin"
        self.assertIn(f"export CC_wasm32_wasi='{home_bin}/wasm32-wasip1-clang'\n", out)
        self.assertIn(f"export AR_wasm32_wasi='{home_bin}/wasm32-wasip1-ar'\n", out)
        self.assertIn(f"export CARGO_TARGET_WASM32_WASI_LINKER='{home_bin}/wasm32-wasip1-clang'\n",
                      out)
        self.assertNotIn("wasm32_wasip1=", out)
        # The C object is a wasm one made by the wrapper and archived by llvm-ar (GNU ar
        # would have left no index: the failure this replaces).
        lib = next((crate / "target/wasm32-wasi/release/build").glob("cargo_cc-*/out/libmul.a"))
        nm = subprocess.run([str(home_bin / "wasm32-wasip1-nm"), str(lib)], env=env,
                            capture_output=True, text=True)
        self.assertIn(" T c_mul", nm.stdout, nm.stderr)

    def test_cc_crate_through_cargo_config_write_with_rustc_163(self):
        env = self.rust_163_user_env()
        crate = self.cc_crate("crate-config")
        err = self.build_and_run(crate, "wasisdk cargo-config --write", env)
        self.assertIn("updated .cargo/config.toml: target.wasm32-wasi.linker, "
                      "target.wasm32-wasi.rustflags, env.CC_wasm32_wasi, env.CXX_wasm32_wasi, "
                      "env.AR_wasm32_wasi", err)
        doc = tomllib.loads((crate / ".cargo/config.toml").read_text())
        self.assertEqual(set(doc["target"]), {"wasm32-wasi"})
        self.assertEqual(doc["source"]["debian"]["directory"], "/usr/share/cargo/registry")

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

    # --- the sysroot's lock, stages, bounds (issue 15, items 4 and 5) ---------------------
    # A sysroot is shared by every home (and user) that installs into it: the home's lock
    # cannot serialise them; lib/rustlib/.wasisdk-lock does, and exists only while held.

    def rustlib_extras(self):
        """What wasisdk may leave in lib/rustlib besides the records: nothing, once done."""
        return sorted(p.name for p in (self.toolchain / "lib/rustlib").iterdir()
                      if p.name.startswith(".wasisdk-"))

    def assert_records_whole(self):
        rustlib = self.toolchain / "lib/rustlib"
        self.assertEqual((rustlib / "components").read_text(), "rust-std-wasm32-wasi\n")
        self.assertEqual((rustlib / "rust-installer-version").read_text(), "3\n")
        lines = (rustlib / "manifest-rust-std-wasm32-wasi").read_text().split()
        self.assertGreater(len(lines), 0)
        for line in lines:
            self.assertTrue((self.toolchain / line[5:]).is_file(), line)
        self.assertEqual(self.rustlib_extras(), [])

    def uninstall(self, **env):
        return self.wasisdk("rust-std", "uninstall", "--target", "wasm32-wasi", "--rustc",
                            str(self.rustc), **env)

    def test_two_homes_installing_into_one_sysroot_at_once(self):
        before = snapshot(self.toolchain)
        homes = [str(self.tmp / "home-a"), str(self.tmp / "home-b")]
        for _ in range(6):
            procs = [subprocess.Popen([WASISDK, "rust-std", "install", "--rustc", str(self.rustc)],
                                      env=dict(self.env, WASISDK_HOME=h), stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True) for h in homes]
            errs = [p.communicate(timeout=300)[1] for p in procs]
            self.assertEqual([p.returncode for p in procs], [0, 0], errs)
            # One installs; the other finds it installed (after waiting, if they overlapped).
            self.assertEqual(sorted("already installed" in e for e in errs), [False, True], errs)
            self.assert_records_whole()
            p = self.uninstall(WASISDK_HOME=homes[1])
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(snapshot(self.toolchain), before)

    def test_install_waits_for_the_sysroot_lock(self):
        import fcntl
        import select
        lock = self.toolchain / "lib/rustlib/.wasisdk-lock"
        with open(lock, "w") as held:
            fcntl.flock(held, fcntl.LOCK_EX)
            proc = subprocess.Popen([WASISDK, "rust-std", "install", "--rustc", str(self.rustc)],
                                    env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True)
            ready, _, _ = select.select([proc.stderr], [], [], 120)
            self.assertTrue(ready, "no message while the sysroot was locked")
            self.assertEqual(proc.stderr.readline(),
                             f"waiting for another wasisdk command to finish with {self.toolchain}"
                             f" (lock {lock})\n")
            self.assertFalse((self.toolchain / "lib/rustlib/wasm32-wasi").exists())
            fcntl.flock(held, fcntl.LOCK_UN)
            _, err = proc.communicate(timeout=300)
        self.assertEqual(proc.returncode, 0, err)
        self.assertIn("rust-std 1.63.0 for wasm32-wasi installed", err)
        self.assert_records_whole()  # the lock file is gone with the command

    def stop_mid_extraction(self):
        """Starts an install and SIGSTOPs it once its stage in the sysroot holds unpacked
        files; returns the process and the stage, or (None, None) if it got past first."""
        import signal
        import time
        rustlib = self.toolchain / "lib/rustlib"
        proc = subprocess.Popen([WASISDK, "rust-std", "install", "--rustc", str(self.rustc)],
                                env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while proc.poll() is None:
            time.sleep(0.002)
            with os.scandir(rustlib) as entries:
                stages = [e.path for e in entries if e.name.startswith(".wasisdk-stage-")]
            for stage in stages:
                try:
                    with os.scandir(os.path.join(stage, "unpacked")) as unpacked:
                        started = any(unpacked)
                except FileNotFoundError:
                    started = False
                if started:
                    proc.send_signal(signal.SIGSTOP)
                    if os.path.isdir(stage) and not (rustlib / "wasm32-wasi").exists():
                        return proc, pathlib.Path(stage)
                    proc.send_signal(signal.SIGCONT)
        proc.wait()
        return None, None

    def interrupt_mid_extraction(self, sig):
        """Delivers `sig` to an install stopped mid-extraction (retrying the rare run that
        finishes before it is seen); returns its exit status and its stage."""
        import signal
        for _ in range(5):
            proc, stage = self.stop_mid_extraction()
            if proc:
                proc.send_signal(sig)
                proc.send_signal(signal.SIGCONT)
                return proc.wait(timeout=120), stage
            self.assertEqual(self.uninstall().returncode, 0)
        self.fail("five installs finished before their stage was seen")

    def test_sigint_or_sigterm_mid_extraction_removes_the_stage(self):
        import signal
        before = snapshot(self.toolchain)
        for sig in (signal.SIGINT, signal.SIGTERM):
            status, stage = self.interrupt_mid_extraction(sig)
            self.assertEqual(status, -sig)  # the signal is re-raised: the caller sees it
            self.assertFalse(stage.exists(), f"{sig!r} left {stage}")
            self.assertFalse((self.toolchain / "lib/rustlib/wasm32-wasi").exists())
            self.assertFalse((self.toolchain / "lib/rustlib/components").exists())
            lst = self.wasisdk("rust-std", "list", "--rustc", str(self.rustc))
            self.assertEqual(lst.returncode, 0, lst.stderr)
            self.assertEqual(snapshot(self.toolchain), before)
        self.assertEqual(self.install().returncode, 0)
        self.assertEqual(self.uninstall().returncode, 0)
        self.assertEqual(snapshot(self.toolchain), before)

    def test_kill_9_mid_extraction_leaves_a_stage_the_next_command_removes(self):
        import signal
        before = snapshot(self.toolchain)
        for next_command in ("list", "install", "uninstall"):
            status, stage = self.interrupt_mid_extraction(signal.SIGKILL)
            self.assertEqual(status, -signal.SIGKILL)
            self.assertTrue(stage.is_dir())  # no handler runs on kill -9
            args = ["rust-std", next_command, "--rustc", str(self.rustc)]
            if next_command == "uninstall":
                args += ["--target", "wasm32-wasi"]  # not installed: fails, but cleans first
            p = self.wasisdk(*args)
            self.assertEqual(p.returncode, 3 if next_command == "uninstall" else 0, p.stderr)
            self.assertFalse(stage.exists(), f"{next_command} left {stage}")
            self.assertEqual(self.rustlib_extras(), [])
            if next_command == "install":
                self.assert_records_whole()
                self.assertEqual(self.uninstall().returncode, 0)
            self.assertEqual(snapshot(self.toolchain), before)

    def test_stale_stages_and_a_killed_uninstall_are_put_right(self):
        before = snapshot(self.toolchain)
        self.assertEqual(self.install().returncode, 0)
        rustlib = self.toolchain / "lib/rustlib"
        # What older wasisdk versions and kill -9 leave: stages full of files, and an
        # uninstall killed after moving the target out but before updating the records.
        (rustlib / ".wasisdk-stage-a1b2c3/lib/rustlib/wasm32-wasi/lib").mkdir(parents=True)
        (rustlib / ".wasisdk-stage-a1b2c3/lib/rustlib/wasm32-wasi/lib/libstd.rlib").write_bytes(
            b"x" * 100_000)
        (rustlib / ".wasisdk-remove-d4e5f6").mkdir()
        os.rename(rustlib / "wasm32-wasi", rustlib / ".wasisdk-remove-d4e5f6/wasm32-wasi")
        # Not ours: a symlink with our prefix is neither followed nor removed.
        outside = self.tmp / "outside"
        outside.mkdir()
        (outside / "keep").write_text("keep")
        os.symlink(outside, rustlib / ".wasisdk-stage-link")
        lst = self.wasisdk("rust-std", "list", "--rustc", str(self.rustc))
        self.assertEqual(lst.stdout.splitlines()[1:], ["no WASI rust-std installed by an installer "
                                                       "(wasisdk rust-std install)"], lst.stderr)
        self.assertEqual(self.rustlib_extras(), [".wasisdk-stage-link"])
        self.assertEqual((outside / "keep").read_text(), "keep")
        os.unlink(rustlib / ".wasisdk-stage-link")
        self.assertEqual(snapshot(self.toolchain), before)

    def test_a_planted_lock_file_is_refused(self):
        lock = self.toolchain / "lib/rustlib/.wasisdk-lock"
        victim = self.tmp / "victim"
        victim.write_text("precious\n")
        os.symlink(victim, lock)
        self.initial = snapshot(self.toolchain)
        self.assert_unchanged_after(self.install(), f"{lock} is not a regular file",
                                    "remove it", code=1)
        self.assertEqual(victim.read_text(), "precious\n")
        os.unlink(lock)
        os.mkfifo(lock)  # must not hang on open
        self.initial = snapshot(self.toolchain)
        self.assert_unchanged_after(self.install(), f"{lock} is not a regular file", code=1)

    def rust_std_tarball(self, members):
        """A rust-installer tarball whose component lists `members` [(name, TarInfo, data)]."""
        import io
        import tarfile
        top, comp = TARBALL, "rust-std-wasm32-wasi"
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w:gz") as tar:
            for name, data in ((f"{top}/rust-installer-version", b"3\n"),
                               (f"{top}/components", f"{comp}\n".encode()),
                               (f"{top}/{comp}/manifest.in",
                                "".join(f"file:{m[0]}\n" for m in members).encode())):
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
            for name, info, data in members:
                info.name = f"{top}/{comp}/{name}"
                tar.addfile(info, io.BytesIO(data) if data is not None else None)
        return buf.getvalue()

    def test_rust_std_archives_are_bounded(self):
        import gzip
        import tarfile
        self.initial = snapshot(self.toolchain)
        many = [(f"lib/rustlib/wasm32-wasi/lib/f{i}", tarfile.TarInfo(), b"") for i in range(10_000)]
        path = self.tmp / f"{TARBALL}.tar.gz"
        path.write_bytes(self.rust_std_tarball(many))
        self.assert_unchanged_after(self.install("--from", str(path)),
                                    "rust-std-wasm32-wasi tarball: more than 10000 entries",
                                    code=1)
        # An entry claiming 1.5 GiB (over rust-std's 1 GiB, under SDKs' 4 GiB) is refused
        # from its header, before a byte of it is written: the archive stops there.
        big = tarfile.TarInfo(f"{TARBALL}/rust-std-wasm32-wasi/lib/rustlib/wasm32-wasi/lib/x")
        big.size = 3 << 29
        path.write_bytes(gzip.compress(big.tobuf(format=tarfile.GNU_FORMAT)))
        self.assert_unchanged_after(self.install("--from", str(path)),
                                    f"claims {3 << 29} bytes, over the limit of {1 << 30}",
                                    code=1)

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


# --- bootstrap-config, as x.py reads its output (issue 17) -------------------------------
HOST = "x86_64-unknown-linux-gnu"  # WASISDK_HOST=x86_64-linux (harness.HomeTestCase)

# What bootstrap 1.96 requires of the keys `bootstrap-config` writes, read from its source
# (rust-lang/rust, src/bootstrap/src/core/config/toml/{build,rust,target}.rs and
# macros.rs, config/config.rs, lib.rs `wasi_libdir`, build_steps/compile.rs
# `copy_self_contained_objects`):
# - [target.<triple>] is a TomlTarget: define_config! refuses any other key
#   (unknown_field), and these values are strings;
TOML_TARGET_KEYS = {
    "cc", "cxx", "ar", "ranlib", "default-linker", "linker", "split-debuginfo", "llvm-config",
    "llvm-has-rust-patches", "llvm-filecheck", "llvm-libunwind", "sanitizers", "profiler",
    "rpath", "crt-static", "musl-root", "musl-libdir", "wasi-root", "qemu-rootfs", "no-std",
    "codegen-backends", "runner", "optimized-compiler-builtins", "jemalloc"}
STRING_TARGET_KEYS = ("cc", "cxx", "ar", "linker", "llvm-config", "wasi-root")
# - rust.lld is a bool; unset, it is true only for these hosts (default_lld_opt_in_targets),
#   when build.host is just the build triple and that triple has no llvm-config;
LLD_OPT_IN_HOSTS = {"x86_64-unknown-linux-gnu"}
# - lld on with the build triple's llvm-config set panics at config parse;
# - for every build.target containing "-wasi", libc.a, crt1-command.o and crt1-reactor.o
#   are copied from <wasi-root>/lib/<target>, else $WASI_SDK_PATH/share/wasi-sysroot/lib/
#   <target>, else it panics "does not have a \"wasi-root\" key".
WASI_OBJECTS = ("libc.a", "crt1-command.o", "crt1-reactor.o")
# - and the tree's rustc must know each target: wasm32-wasi was removed in 1.84, and
#   wasm32-wasip1 exists from 1.78 (Rust's release notes); otherwise rustc stops with
#   "could not find specification for target".
NAMES_BY_RELEASE = {"wasm32-wasi": lambda v: v < (1, 84), "wasm32-wasip1": lambda v: v >= (1, 78)}


def bootstrap_errors(doc, tree_version, env=None):
    """The errors bootstrap 1.96 (and the tree's rustc) would stop with, [] when none."""
    env = env or {}
    errors = [f"{s} is not a table" for s in ("build", "rust", "target")
              if s in doc and not isinstance(doc[s], dict)]
    if errors:
        return errors
    build, rust, configs = doc.get("build", {}), doc.get("rust", {}), doc.get("target", {})
    for key in ("target", "host"):
        if key in build and not (isinstance(build[key], list)
                                 and all(isinstance(t, str) for t in build[key])):
            errors.append(f"build.{key}: invalid type, expected a sequence of strings")
    host = build.get("build", HOST)
    hosts = build.get("host", [host])
    for triple, cfg in configs.items():
        errors += [f"target.{triple}: unknown field `{k}`" for k in set(cfg) - TOML_TARGET_KEYS]
        errors += [f"target.{triple}.{k}: invalid type, expected a string"
                   for k in STRING_TARGET_KEYS if k in cfg and not isinstance(cfg[k], str)]
    if "lld" in rust and not isinstance(rust["lld"], bool):
        errors.append("rust.lld: invalid type, expected a boolean")
    external_llvm = "llvm-config" in configs.get(host, {})
    lld = rust.get("lld", host in LLD_OPT_IN_HOSTS and hosts == [host] and not external_llvm)
    if lld and external_llvm:
        errors.append("Cannot enable LLD with `rust.lld = true` when using external llvm-config.")
    for t in build.get("target", hosts):
        if "-wasi" not in t:
            continue
        if t in NAMES_BY_RELEASE and not NAMES_BY_RELEASE[t](tree_version):
            errors.append(f"could not find specification for target \"{t}\"")
        root = configs.get(t, {}).get("wasi-root")
        libdir = (pathlib.Path(root) / "lib" / t if root else
                  pathlib.Path(env["WASI_SDK_PATH"]) / "share/wasi-sysroot/lib" / t
                  if env.get("WASI_SDK_PATH") else None)
        if libdir is None:
            errors.append(f"Target \"{t}\" does not have a \"wasi-root\" key in bootstrap.toml "
                          "or `$WASI_SDK_PATH` set")
            continue
        errors += [f"{libdir / o} not found" for o in WASI_OBJECTS if not (libdir / o).is_file()]
        for tool in ("cc", "cxx", "ar", "linker"):
            path = configs.get(t, {}).get(tool)
            if path and not os.access(path, os.X_OK):
                errors.append(f"target.{t}.{tool} = {path} is not an executable")
    return errors


def wasi_sdk_archive(version="25.0", triples=("wasm32-wasi", "wasm32-wasip1", "wasm32-wasip2")):
    """harness.fake_sdk_archive's shape, with the objects bootstrap copies per target."""
    top = f"wasi-sdk-{version}"
    entries = [(f"{top}/", None, 0o755), (f"{top}/bin/", None, 0o755),
               (f"{top}/bin/clang", FAKE_CLANG.encode(), 0o755),
               (f"{top}/bin/clang++", ("symlink", "clang"), 0o777),
               (f"{top}/bin/wasm-ld", b"#!/bin/sh\nexit 0\n", 0o755),
               (f"{top}/bin/llvm-ar", b"#!/bin/sh\nexit 0\n", 0o755),
               (f"{top}/VERSION", f"{version}\nllvm-version: 19.1.7\n".encode(), 0o644)]
    for t in triples:
        for o in WASI_OBJECTS:
            entries.append((f"{top}/share/wasi-sysroot/lib/{t}/{o}", b"!<arch>\n", 0o644))
        entries.append((f"{top}/share/wasi-sysroot/include/{t}/stdio.h", b"/* */\n", 0o644))
    return make_tar_gz(entries)


class BootstrapConfigTest(HomeTestCase):
    def setUp(self):
        super().setUp()
        empty = self.write("empty.json", json.dumps({"schema": 1, "releases": []}))
        self.env["WASISDK_MANIFEST"] = str(empty)
        sdk = self.write("sdk.tar.gz", wasi_sdk_archive())
        self.wasisdk("install", "25.0", "--from", str(sdk), check=0)
        self.sdk = self.home / "toolchains/25.0/sdk"
        for name in list(self.env):
            if name.startswith("CARGO_TARGET_"):
                del self.env[name]

    def tree(self, version, name="rust"):
        """A Rust source tree as bootstrap finds its version: <root>/src/version."""
        root = self.tmp / name
        (root / "src/bootstrap").mkdir(parents=True)
        (root / "src/version").write_text(version + "\n")
        return root

    def write_config(self, root, *args, text=None, env=None):
        cfg = root / "bootstrap.toml"
        if text is not None:
            cfg.write_text(text)
        p = self.wasisdk("bootstrap-config", *args, "--write", str(cfg), env=env)
        return p, (tomllib.loads(cfg.read_text()) if cfg.exists() else None)

    def test_debian_config_keeps_llvm_config_and_lld_false(self):
        root = self.tree("1.96.0")
        p, doc = self.write_config(root, "--target", "wasm32-wasip1", text=(
            '[build]\nrustc = "/usr/bin/rustc"\nlocal-rebuild = true\n'
            f'[target.{HOST}]\nllvm-config = "/usr/bin/llvm-config-22"\n'
            '[rust]\nlld = false\n'))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(doc["target"][HOST], {"llvm-config": "/usr/bin/llvm-config-22"})
        self.assertIs(doc["rust"]["lld"], False)
        self.assertEqual(doc["build"]["target"], [HOST, "wasm32-wasip1"])
        self.assertEqual(doc["target"]["wasm32-wasip1"]["linker"], str(self.sdk / "bin/wasm-ld"))
        self.assertIn("rust.lld = false (yours, kept): the toolchain gets no rust-lld. To link "
                      "wasm the toolchain needs a rust-lld, or the SDK's wasm-ld as the target's "
                      f"linker; target.wasm32-wasip1.linker: set to {self.sdk / 'bin/wasm-ld'}",
                      p.stderr)
        self.assertEqual(bootstrap_errors(doc, (1, 96)), [])

    def test_external_llvm_config_leaves_lld_unset(self):
        root = self.tree("1.96.0")
        p, doc = self.write_config(root, text=(
            f'[target.{HOST}]\nllvm-config = "/usr/lib/llvm-22/bin/llvm-config"\n'))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertNotIn("lld", doc.get("rust", {}))
        self.assertEqual(bootstrap_errors(doc, (1, 96)), [])
        self.assertIn(f"rust.lld left unset: target.{HOST}.llvm-config is an external LLVM, with "
                      "which bootstrap refuses rust.lld = true.", p.stderr)
        # What the old behaviour wrote is exactly what bootstrap refuses.
        doc["rust"] = {"lld": True}
        self.assertEqual(bootstrap_errors(doc, (1, 96)), [
            "Cannot enable LLD with `rust.lld = true` when using external llvm-config."])
        # A user's own lld = true is kept, and the refusal said before x.py says it.
        (root / "bootstrap.toml").write_text(
            f'[target.{HOST}]\nllvm-config = "/x/llvm-config"\n[rust]\nlld = true\n')
        p, doc = self.write_config(root)
        self.assertIs(doc["rust"]["lld"], True)
        warnings = [l for l in p.stderr.splitlines() if l.startswith("wasisdk: warning:")]
        self.assertEqual(warnings, [
            f"wasisdk: warning: rust.lld = true (yours, kept) with target.{HOST}.llvm-config: "
            "bootstrap stops with \"Cannot enable LLD with `rust.lld = true` when using external "
            "llvm-config\" (set rust.lld = false)"])

    def test_a_value_the_user_set_is_never_replaced(self):
        root = self.tree("1.96.0")
        user = ('change-id = 140732\nprofile = "dist"\n'
                '[build]\ntarget = ["aarch64-unknown-linux-gnu"]\ndocs = false\n'
                '[rust]\nlld = true\nchannel = "stable"\n'
                '[target.wasm32-wasip1]\nwasi-root = "/opt/my-sysroot"\ncc = "/opt/cc"\n'
                'cxx = "/opt/cxx"\nar = "/opt/ar"\nlinker = "/opt/ld"\n')
        before = tomllib.loads(user)
        p, doc = self.write_config(root, text=user)
        self.assertEqual(p.returncode, 0, p.stderr)
        # Everything the user had is still there, unchanged; build.target only grew.
        after = copy.deepcopy(doc)
        self.assertEqual(after["build"].pop("target"), ["aarch64-unknown-linux-gnu",
                                                        "wasm32-wasip1"])
        before["build"].pop("target")
        self.assertEqual(after, before)
        for key, mine, ours in (("wasi-root", "/opt/my-sysroot", self.sdk / "share/wasi-sysroot"),
                                ("cc", "/opt/cc", self.home / "bin/wasm32-wasip1-clang")):
            self.assertIn(f"kept your target.wasm32-wasip1.{key} = '{mine}' (wasisdk: '{ours}'); "
                          "delete it to take this SDK's", p.stderr)
        # A second run changes nothing.
        text = (root / "bootstrap.toml").read_text()
        self.write_config(root)
        self.assertEqual((root / "bootstrap.toml").read_text(), text)

    def test_target_names_follow_the_source_tree(self):
        new, old = self.tree("1.96.0", "rust-1.96"), self.tree("1.83.0", "rust-1.83")
        # 1.96 knows wasm32-wasi as wasm32-wasip1 (renamed in 1.84); the note says so.
        p, doc = self.write_config(new, "--target", "wasm32-wasi")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(doc["build"]["target"], [HOST, "wasm32-wasip1"])
        self.assertEqual(set(doc["target"]), {"wasm32-wasip1"})
        self.assertIn(f"wasm32-wasi is wasm32-wasip1 in the Rust 1.96.0 source tree at {new}: "
                      "writing wasm32-wasip1", p.stderr)
        self.assertEqual(bootstrap_errors(doc, (1, 96)), [])
        # 1.83 still has wasm32-wasi, and wasm32-wasip1 too (1.78).
        p, doc = self.write_config(old, "--target", "wasm32-wasi", "--target", "wasm32-wasip1")
        self.assertEqual(doc["build"]["target"], [HOST, "wasm32-wasi", "wasm32-wasip1"])
        self.assertEqual(bootstrap_errors(doc, (1, 83)), [])
        # Outside a tree the name is written as given, and a 1.96 tree would refuse it.
        p = self.wasisdk("bootstrap-config", "--target", "wasm32-wasi", check=0)
        outside = tomllib.loads(p.stdout)
        self.assertEqual(outside["build"]["target"], [HOST, "wasm32-wasi"])
        self.assertEqual(bootstrap_errors(outside, (1, 96)),
                         ["could not find specification for target \"wasm32-wasi\""])
        # The tree is found upward from the working directory too (x.py run in a build dir).
        (new / "build/sub").mkdir(parents=True)
        p = self.wasisdk("bootstrap-config", "--target", "wasm32-wasi", cwd=new / "build/sub",
                         check=0)
        self.assertEqual(tomllib.loads(p.stdout)["build"]["target"], [HOST, "wasm32-wasip1"])

    def test_refusals_name_target_version_and_fix(self):
        old = self.tree("1.75.0")
        before = sorted(old.rglob("*"))
        p, _ = self.write_config(old, "--target", "wasm32-wasip2")
        self.assert_one_line_error(
            p, f"the Rust 1.75.0 source tree at {old} is too old for wasm32-wasip2 (it needs "
            "1.82) (use a source tree of Rust 1.82 or later, or use wasm32-wasip1)", code=3)
        p, _ = self.write_config(old, "--target", "wasm64-wasi")
        self.assert_one_line_error(p, "unknown Rust target 'wasm64-wasi'", code=2)
        (old / "src/version").write_text("dev\n")
        p, _ = self.write_config(old)
        self.assert_one_line_error(p, f"{old}/src/version: 'dev' is not a Rust version such as "
                                   "1.96.0 (fix the file, or run this outside the source tree)",
                                   code=2)
        self.assertEqual(sorted(old.rglob("*")), before)  # no bootstrap.toml was written

    def test_warns_when_cargo_target_variables_are_set(self):
        root = self.tree("1.96.0")
        exported = json.loads(self.wasisdk("env", "--json", "--target", "wasm32-wasip1",
                                           check=0).stdout)["vars"]
        cargo = {k: v for k, v in exported.items() if k.startswith("CARGO_TARGET_")}
        self.assertEqual(sorted(cargo), ["CARGO_TARGET_WASM32_WASIP1_LINKER",
                                         "CARGO_TARGET_WASM32_WASIP1_RUSTFLAGS"])
        p, _ = self.write_config(root, env=exported)
        self.assertEqual(p.returncode, 0, p.stderr)
        warnings = [l for l in p.stderr.splitlines() if l.startswith("wasisdk: warning:")]
        self.assertEqual(warnings, [
            "wasisdk: warning: CARGO_TARGET_WASM32_WASIP1_LINKER, "
            "CARGO_TARGET_WASM32_WASIP1_RUSTFLAGS set in this environment: x.py passes them into "
            "every cargo call for wasm32-wasip1; for bootstrap use plain "
            "`eval \"$(wasisdk env)\"`, not `wasisdk env --target` (see docs/rust.md in the "
            "wasisdk sources)"])  # a build tree has no installed docs (test_ux.py installs)
        # One is enough to be said; plain `wasisdk env` exports none of them.
        p, _ = self.write_config(root, env={"CARGO_TARGET_WASM32_WASIP1_RUSTFLAGS": "-Cx"})
        self.assertIn("wasisdk: warning: CARGO_TARGET_WASM32_WASIP1_RUSTFLAGS set", p.stderr)
        plain = json.loads(self.wasisdk("env", "--json", check=0).stdout)["vars"]
        self.assertFalse([k for k in plain if k.startswith("CARGO_TARGET_")])
        p, _ = self.write_config(root, env=plain)
        self.assertNotIn("warning", p.stderr)
        p = self.wasisdk("bootstrap-config", env=exported, check=0)  # printing warns too
        self.assertIn("wasisdk: warning: CARGO_TARGET_WASM32_WASIP1_LINKER", p.stderr)

    def test_written_file_passes_bootstrap_rules(self):
        root = self.tree("1.96.0")
        p, doc = self.write_config(root, "--target", "wasm32-wasip1", "--target", "wasm32-wasip2")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(bootstrap_errors(doc, (1, 96)), [])
        self.assertIs(doc["rust"]["lld"], True)
        # Without wasi-root (and no WASI_SDK_PATH) bootstrap stops: the check sees it.
        del doc["target"]["wasm32-wasip2"]["wasi-root"]
        self.assertEqual(bootstrap_errors(doc, (1, 96)), [
            "Target \"wasm32-wasip2\" does not have a \"wasi-root\" key in bootstrap.toml or "
            "`$WASI_SDK_PATH` set"])
        self.assertEqual(bootstrap_errors(doc, (1, 96), {"WASI_SDK_PATH": str(self.sdk)}), [])
