"""Getting wasisdk (issue 13.3): the portable tarball made by cpack from this build,
served by a loopback dist server, installed by packaging/install.sh, run in a root that
holds only libc6, libstdc++6 and libgcc-s1, updated and uninstalled by itself."""
import hashlib
import io
import os
import pathlib
import shutil
import subprocess
import tarfile
import tempfile
import unittest

from harness import SOURCE_DIR, HomeTestCase, fake_sdk_archive, manifest, sha256
from server import Server

BUILD_DIR = pathlib.Path(os.environ.get("WASISDK_BUILD_DIR", SOURCE_DIR / "build"))
INSTALL_SH = SOURCE_DIR / "packaging/install.sh"
HOST = {"x86_64": "x86_64-linux", "aarch64": "arm64-linux"}[os.uname().machine]


def portable_tarball(out):
    """cpack's portable TGZ of this build (packaging/portable-bundle.cmake)."""
    subprocess.run(["cpack", "--config", str(BUILD_DIR / "CPackPortableConfig.cmake"), "-B",
                    str(out)], check=True, capture_output=True, cwd=BUILD_DIR)
    (tarball,) = pathlib.Path(out).glob(f"wasisdk-*-{HOST}.tar.gz")
    return tarball


def repack(data, old_top, new_top, extra):
    """The same tarball under another version's name, with `extra` files added."""
    out = io.BytesIO()
    with tarfile.open(fileobj=io.BytesIO(data)) as src, tarfile.open(fileobj=out, mode="w:gz") as dst:
        for m in src.getmembers():
            f = src.extractfile(m) if m.isfile() else None
            m.name = new_top + m.name[len(old_top):]
            dst.addfile(m, f)
        for name, content in extra.items():
            info = tarfile.TarInfo(f"{new_top}/{name}")
            info.size = len(content)
            dst.addfile(info, io.BytesIO(content))
    return out.getvalue()


def tree_digest(root):
    h = hashlib.sha256()
    for p in sorted(pathlib.Path(root).rglob("*")):
        h.update(str(p.relative_to(root)).encode())
        if p.is_symlink():
            h.update(os.readlink(p).encode())
        elif p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


class DistTest(HomeTestCase):
    @classmethod
    def setUpClass(cls):
        cls.pkg = pathlib.Path(tempfile.mkdtemp(prefix="wasisdk-dist-"))
        cls.tarball = portable_tarball(cls.pkg)
        cls.data = cls.tarball.read_bytes()
        cls.top = cls.tarball.name[:-len(".tar.gz")]
        cls.version = cls.top[len("wasisdk-"):-len(HOST) - 1]

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.pkg, ignore_errors=True)

    def setUp(self):
        super().setUp()
        self.dist = Server().__enter__()
        self.addCleanup(self.dist.__exit__)
        self.publish(self.tarball.name, self.data)
        self.user = self.tmp / "user"
        self.user.mkdir()
        (self.user / ".bashrc").write_text("# the user's own line\n")
        self.home = self.user / ".wasisdk"
        self.env.update({"HOME": str(self.user), "WASISDK_HOME": str(self.home),
                         "WASISDK_UPDATE_ROOT": self.dist.url("")})
        self.libexec = self.home / "libexec/wasisdk"

    def publish(self, name, data, sha=None):
        self.dist.add(name, data)
        self.dist.add("SHA256SUMS", f"{sha or sha256(data)}  {name}\n".encode())

    def install_sh(self, *args, check=0):
        p = subprocess.run(["sh", str(INSTALL_SH), *args], env=self.env, capture_output=True,
                           text=True, timeout=300)
        if check is not None:
            self.assertEqual(p.returncode, check, p.stderr)
        return p

    def installed(self, *args, check=None, stdin=subprocess.DEVNULL):
        """The installed wasisdk, found on PATH through the line install.sh wrote."""
        p = subprocess.run(["sh", "-c", '. "$HOME/.profile" && exec wasisdk "$@"', "sh", *args],
                           env=self.env, capture_output=True, text=True, timeout=300, stdin=stdin)
        if check is not None:
            self.assertEqual(p.returncode, check, p.stderr)
        return p

    def test_install_sh_installs_the_served_tarball_and_writes_the_path_line(self):
        p = self.install_sh("--modify-path")
        self.assertIn(f"installed wasisdk {self.version} into {self.home}", p.stderr)
        self.assertEqual(os.readlink(self.home / "bin/wasisdk"), "../libexec/wasisdk/wasisdk")
        for exe in ("wasisdk", "wasisdk-core", "wasisdk-driver"):
            self.assertTrue(os.access(self.libexec / exe, os.X_OK), exe)
        record = (self.libexec / "INSTALL-RECORD").read_text().splitlines()
        self.assertIn(f"home {self.home}", record)
        self.assertIn(f"rc {self.user / '.profile'}", record)
        self.assertIn(f"rc {self.user / '.bashrc'}", record)
        line = next(l[5:] for l in record if l.startswith("line "))
        self.assertEqual((self.user / ".bashrc").read_text(), f"# the user's own line\n{line}\n")
        # Idempotent: a second run replaces the install and adds no second PATH line.
        self.install_sh("--modify-path")
        self.assertEqual((self.user / ".profile").read_text(), f"{line}\n")
        self.assertIn(f"created {self.user / '.profile'}",
                      (self.libexec / "INSTALL-RECORD").read_text().splitlines())
        self.assertEqual(self.installed("--version", check=0).stdout.strip(),
                         f"wasisdk {self.version}")
        # The installed binaries do real work: an SDK from a loopback manifest.
        sdk = fake_sdk_archive("wasi-sdk-22.0")
        self.dist.add("sdk-22.tar.gz", sdk)
        m = self.write("m.json", manifest(self.dist.url(""), {"22.0": [
            {"kind": "sdk", "host": "x86_64-linux", "url": "sdk-22.tar.gz", "sha256": sha256(sdk)}]}))
        self.installed("--manifest", str(m), "install", "22", check=0)
        self.assertIn("22.0", self.installed("show", check=0).stdout)
        self.assertEqual(os.readlink(self.home / "bin/wasm32-wasip1-clang"),
                         str(self.libexec / "wasisdk-driver"))

    def test_without_modify_path_it_prints_the_line_and_touches_no_rc_file(self):
        p = self.install_sh()
        self.assertIn("export PATH=", p.stdout)
        self.assertFalse((self.user / ".profile").exists())
        self.assertEqual((self.user / ".bashrc").read_text(), "# the user's own line\n")

    def test_install_sh_refuses_what_it_cannot_verify(self):
        # No dist server is built in (the project publishes none yet): one line says so.
        p = subprocess.run(["sh", str(INSTALL_SH)], capture_output=True, text=True, timeout=60,
                           env={k: v for k, v in self.env.items() if k != "WASISDK_UPDATE_ROOT"})
        self.assertEqual(p.returncode, 1)
        self.assertEqual(p.stderr.count("\n"), 1, p.stderr)
        self.assertIn("no dist server is set", p.stderr)
        self.assertIn("--from-source", p.stderr)
        self.publish(self.tarball.name, self.data, sha="0" * 64)
        p = self.install_sh(check=1)
        self.assertIn("sha256 mismatch", p.stderr)
        self.assertIn("nothing was installed", p.stderr)
        self.assertFalse(self.home.exists())
        self.env["WASISDK_UPDATE_ROOT"] = "http://user:s3cret@example.com/dist"
        p = self.install_sh(check=1)
        self.assertIn("WASISDK_UPDATE_ROOT http://example.com/dist is not https", p.stderr)
        self.assertNotIn("s3cret", p.stderr)
        self.env["WASISDK_UPDATE_ROOT"] = self.dist.url("")
        self.dist.add("SHA256SUMS", b"")
        p = self.install_sh(check=1)
        self.assertIn(f"offers no wasisdk for {HOST}", p.stderr)

    @unittest.skipUnless(os.geteuid() == 0 and shutil.which("unshare"),
                         "needs root for chroot and a private /proc mount")
    @unittest.skipIf(os.environ.get("WASISDK_DRIVER_LINK") == "sanitized",
                     "a sanitized build loads libasan and libubsan, which no release carries")
    def test_runs_in_a_root_holding_only_libc_libstdcxx_and_libgcc(self):
        self.install_sh()
        root = self.tmp / "root"
        listed = subprocess.run(["dpkg-query", "-L", "libc6", "libstdc++6", "libgcc-s1"],
                                capture_output=True, text=True, check=True).stdout.split()
        for f in listed:
            if os.path.isfile(f):
                dest = root / f.lstrip("/")
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(f, dest)
        shutil.copytree(self.home, root / "h", symlinks=True)
        (root / "proc").mkdir()
        sdk = fake_sdk_archive("wasi-sdk-22.0")
        self.dist.add("sdk-22.tar.gz", sdk)
        (root / "m.json").write_text(manifest(self.dist.url(""), {"22.0": [
            {"kind": "sdk", "host": "x86_64-linux", "url": "sdk-22.tar.gz", "sha256": sha256(sdk)}]}))

        def in_root(*args):
            return subprocess.run(
                ["unshare", "-m", "sh", "-c",
                 'mount -t proc proc "$0/proc" && exec chroot "$0" "$@"', str(root), *args],
                env={"WASISDK_HOME": "/h", "WASISDK_HOST": "x86_64-linux",
                     "WASISDK_RETRY_BASE_MS": "50"},
                capture_output=True, text=True, timeout=300)

        p = in_root("/h/bin/wasisdk", "--version")
        self.assertEqual(p.stdout.strip(), f"wasisdk {self.version}", p.stderr)
        # install hands over to wasisdk-core: libcurl, libarchive, OpenSSL from lib/.
        p = in_root("/h/bin/wasisdk", "--manifest", "/m.json", "install", "22")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertTrue((root / "h/toolchains/22.0/receipt.json").exists())
        p = in_root("/h/bin/wasisdk", "show")
        self.assertEqual(p.returncode, 0, p.stderr)
        # The driver is static: it runs and refuses to find a clang (this one is a script
        # and the root has no /bin/sh), rather than failing to load.
        p = in_root("/h/libexec/wasisdk/wasisdk-driver")
        self.assertIn("wasisdk", p.stderr)
        self.assertNotIn("error while loading shared libraries", p.stderr)

    def test_self_update_replaces_all_three_at_once(self):
        self.install_sh("--modify-path")
        # self update goes back to the dist server install.sh recorded.
        self.assertIn(f"root {self.dist.url('').rstrip('/')}",
                      (self.libexec / "INSTALL-RECORD").read_text().splitlines())
        del self.env["WASISDK_UPDATE_ROOT"]
        p = self.installed("self", "update", check=0)
        self.assertIn(f"wasisdk {self.version} is up to date", p.stderr)
        newer = f"wasisdk-99.0.0-{HOST}"
        self.publish(f"{newer}.tar.gz", repack(self.data, self.top, newer,
                                               {"libexec/wasisdk/MARKER": b"99\n"}))
        p = self.installed("self", "update", check=0)
        self.assertIn(f"wasisdk updated: {self.version} -> 99.0.0", p.stderr)
        self.assertEqual((self.libexec / "MARKER").read_text(), "99\n")
        self.assertTrue((self.libexec / "INSTALL-RECORD").exists())
        self.assertEqual(os.readlink(self.home / "bin/wasisdk"), "../libexec/wasisdk/wasisdk")
        self.assertEqual(self.home_entries("tmp"), [])
        self.installed("--version", check=0)

    def test_a_failed_or_tampered_update_leaves_the_old_install_working(self):
        self.install_sh("--modify-path")
        before = tree_digest(self.libexec)
        newer = f"wasisdk-99.0.0-{HOST}"
        data = repack(self.data, self.top, newer, {"libexec/wasisdk/MARKER": b"99\n"})
        # The index vouches for other bytes than the server sends (a tampered tarball).
        self.publish(f"{newer}.tar.gz", data, sha=sha256(self.data))
        p = self.installed("self", "update", check=1)
        self.assertIn("sha256 mismatch", p.stderr)
        self.publish(f"{newer}.tar.gz", data)
        self.assertEqual(tree_digest(self.libexec), before)
        self.dist.faults.clear()
        self.dist.fault(f"{newer}.tar.gz", "status", times=10, code=503)
        p = self.installed("self", "update", check=1)
        self.assertIn("HTTP 503", p.stderr)
        # A tarball that verifies but lacks a part is refused before the swap.
        broken = repack(self.data, self.top, newer, {})
        with tarfile.open(fileobj=io.BytesIO(broken)) as t:
            members = [m for m in t.getmembers() if not m.name.endswith("wasisdk-driver")]
            out = io.BytesIO()
            with tarfile.open(fileobj=out, mode="w:gz") as dst:
                for m in members:
                    dst.addfile(m, t.extractfile(m) if m.isfile() else None)
        self.dist.faults.clear()
        self.publish(f"{newer}.tar.gz", out.getvalue())
        p = self.installed("self", "update", check=1)
        self.assertIn("holds no libexec/wasisdk/wasisdk-driver", p.stderr)
        self.assertEqual(tree_digest(self.libexec), before)
        self.assertEqual(self.home_entries("tmp"), [])
        self.assertEqual(self.installed("--version", check=0).stdout.strip(),
                         f"wasisdk {self.version}")

    def test_self_update_needs_an_install_sh_install_and_https(self):
        p = self.wasisdk("self", "update")
        self.assert_one_line_error(p, "was not installed by install.sh", "the way it was installed",
                                   code=2)
        self.install_sh()
        p = subprocess.run([str(self.home / "bin/wasisdk"), "self", "update"], capture_output=True,
                           text=True, env=dict(self.env, WASISDK_UPDATE_ROOT="http://example.com/d"))
        self.assert_one_line_error(p, "WASISDK_UPDATE_ROOT http://example.com/d is not https",
                                   code=2)
        # A root install.sh did not record (its URL held credentials or a query, which
        # are not written to disk) must be named again.
        record = self.libexec / "INSTALL-RECORD"
        lines = record.read_text().splitlines()
        self.assertTrue(any(l.startswith("root ") for l in lines), lines)
        record.write_text("".join(l + "\n" for l in lines if not l.startswith("root ")))
        env = {k: v for k, v in self.env.items() if k != "WASISDK_UPDATE_ROOT"}
        p = subprocess.run([str(self.home / "bin/wasisdk"), "self", "update"], capture_output=True,
                           text=True, env=env)
        self.assert_one_line_error(p, "no dist server is known", "set WASISDK_UPDATE_ROOT", code=2)

    def test_self_uninstall_asks_then_removes_exactly_what_install_sh_installed(self):
        self.install_sh("--modify-path")
        sdk = fake_sdk_archive("wasi-sdk-22.0")
        self.dist.add("sdk-22.tar.gz", sdk)
        m = self.write("m.json", manifest(self.dist.url(""), {"22.0": [
            {"kind": "sdk", "host": "x86_64-linux", "url": "sdk-22.tar.gz", "sha256": sha256(sdk)}]}))
        self.installed("--manifest", str(m), "install", "22", check=0)
        p = self.installed("self", "uninstall", check=2)
        self.assertIn("pass -y", p.stderr)
        self.assertTrue(self.libexec.exists())
        p = self.installed("self", "uninstall", "-y", check=0)
        self.assertIn("the SDKs in", p.stderr)
        self.assertFalse((self.home / "libexec").exists())
        self.assertEqual([n for n in self.home_entries("bin")], [])
        self.assertEqual((self.user / ".bashrc").read_text(), "# the user's own line\n")
        self.assertFalse((self.user / ".profile").exists())  # install.sh had created it
        self.assertEqual(self.home_entries("toolchains"), ["22.0"])


if __name__ == "__main__":
    unittest.main()
