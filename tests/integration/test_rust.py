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
