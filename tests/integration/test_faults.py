"""Faults and hostile input: each case states the exit code, the message and the state
of $WASISDK_HOME afterwards (nothing half-installed, nothing written outside tmp/)."""
import io
import os
import signal
import stat
import subprocess
import tarfile
import time
import zipfile

from harness import HomeTestCase, fake_sdk_archive, manifest, sha256, WASISDK
from server import Server


def tar_gz(build):
    """build(tar) adds members; returns the .tar.gz bytes."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz", format=tarfile.GNU_FORMAT) as tar:
        build(tar)
    return buf.getvalue()


def add_file(tar, name, data=b"x", mode=0o644):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = mode
    tar.addfile(info, io.BytesIO(data))


def add_link(tar, name, target, kind=tarfile.SYMTYPE):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    tar.addfile(info)


class FaultTest(HomeTestCase):
    def setUp(self):
        super().setUp()
        self.server = Server().__enter__()
        self.addCleanup(self.server.__exit__)
        self.sdk = fake_sdk_archive("wasi-sdk-22.0", extra=os.urandom(3_000_000))
        self.server.add("sdk.tar.gz", self.sdk)
        self.set_artifact("sdk.tar.gz", sha256(self.sdk))

    def set_artifact(self, url, sha, **extra):
        art = {"kind": "sdk", "host": "x86_64-linux", "url": url, "sha256": sha, **extra}
        self.env["WASISDK_MANIFEST"] = str(self.write("m.json", manifest(self.server.url(""),
                                                                          {"22.0": [art]})))

    def assert_home_clean(self):
        self.assertEqual(self.home_entries("toolchains"), [])
        self.assertEqual(self.home_entries("tmp"), [])

    # --- network ----------------------------------------------------------------------
    def test_connection_refused(self):
        self.set_artifact("http://127.0.0.1:9/sdk.tar.gz", sha256(self.sdk))
        p = self.wasisdk("install", "22")
        self.assert_one_line_error(p, "cannot connect to http://127.0.0.1:9/sdk.tar.gz",
                                   "(after 4 attempts)", code=1)
        self.assert_home_clean()

    def test_unresolvable_host(self):
        self.set_artifact("https://no-such-host.invalid/sdk.tar.gz", sha256(self.sdk))
        p = self.wasisdk("install", "22")
        self.assert_one_line_error(p, "cannot resolve the host", "--dist-server", code=1)
        self.assert_home_clean()

    def test_stalled_server_times_out_then_resumes(self):
        self.server.fault("sdk.tar.gz", "stall", at=1_000_000, seconds=6)
        self.env["WASISDK_LOW_SPEED_TIME"] = "1"
        self.wasisdk("install", "22", check=0)
        reqs = self.server.requests_for("sdk.tar.gz")
        self.assertEqual(reqs[-1][2], "bytes=1000000-")

    def test_redirect_loop(self):
        self.server.fault("sdk.tar.gz", "redirect-loop")
        p = self.wasisdk("install", "22")
        self.assert_one_line_error(p, "too many redirects", code=1)
        self.assert_home_clean()

    def test_redirect_is_followed(self):
        self.server.add("real/sdk.tar.gz", self.sdk)
        self.server.fault("sdk.tar.gz", "redirect", to=self.server.url("real/sdk.tar.gz"))
        self.wasisdk("install", "22", check=0)
        self.assertEqual(len(self.server.requests_for("real/sdk.tar.gz")), 1)

    def test_body_longer_than_manifest_size(self):
        self.set_artifact("sdk.tar.gz", sha256(self.sdk), size=len(self.sdk) - 10)
        p = self.wasisdk("install", "22")
        self.assert_one_line_error(p, "larger than the", code=1)
        self.assert_home_clean()
        self.assertEqual(self.home_entries("downloads"), [])

    def test_body_longer_than_announced_is_cut_at_content_length(self):
        self.server.fault("sdk.tar.gz", "longer")
        self.wasisdk("install", "22", check=0)

    def test_plain_http_beyond_loopback_is_refused(self):
        self.set_artifact("http://example.com/sdk.tar.gz", sha256(self.sdk))
        p = self.wasisdk("install", "22")
        self.assert_one_line_error(p, "plain http is refused for example.com", "--allow-http")

    def test_other_url_schemes_are_refused(self):
        self.set_artifact("ftp://127.0.0.1/sdk.tar.gz", sha256(self.sdk))
        p = self.wasisdk("install", "22")
        self.assert_one_line_error(p, "unsupported URL scheme", "$.releases[0].artifacts[0].url")

    # --- crashes and concurrency ---------------------------------------------------------
    def test_kill_9_at_ten_points_then_complete(self):
        big = fake_sdk_archive("wasi-sdk-22.0", extra=os.urandom(20_000_000))
        self.server.add("big.tar.gz", big)
        self.set_artifact("big.tar.gz", sha256(big))
        target = self.home / "toolchains/22.0"
        for delay_ms in (5, 20, 40, 60, 80, 100, 130, 160, 200, 260):
            proc = subprocess.Popen([WASISDK, "install", "22", "--force"], env=self.env,
                                    cwd=self.cwd, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            time.sleep(delay_ms / 1000)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            # Old or complete new state, never a partial one.
            if target.exists():
                self.assertTrue((target / "receipt.json").exists())
                self.assertEqual((target / "sdk/padding").stat().st_size, 20_000_000)
        self.wasisdk("install", "22", "--force", check=0)
        self.assertEqual(self.home_entries("tmp"), [])
        self.assertEqual((target / "sdk/padding").stat().st_size, 20_000_000)
        self.assertEqual([p for p in self.home_entries("downloads") if p.endswith(".part")], [])

    def test_stale_temporaries_are_cleaned(self):
        (self.home / "tmp/install-abc123/unpacked").mkdir(parents=True)
        self.wasisdk("install", "22", check=0)
        self.assertEqual(self.home_entries("tmp"), [])

    def test_eight_concurrent_installs_of_two_versions(self):
        other = fake_sdk_archive("wasi-sdk-25.0", extra=os.urandom(100_000))
        self.server.add("other.tar.gz", other)
        arts = {"22.0": [{"kind": "sdk", "host": "x86_64-linux", "url": "sdk.tar.gz",
                          "sha256": sha256(self.sdk)}],
                "25.0": [{"kind": "sdk", "host": "x86_64-linux", "url": "other.tar.gz",
                          "sha256": sha256(other)}]}
        self.env["WASISDK_MANIFEST"] = str(self.write("m2.json", manifest(self.server.url(""), arts)))
        procs = [subprocess.Popen([WASISDK, "install", "22" if i % 2 else "25"], env=self.env,
                                  cwd=self.cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for i in range(8)]
        outs = [p.communicate(timeout=120) for p in procs]
        self.assertEqual([p.returncode for p in procs], [0] * 8, outs)
        self.assertEqual(self.home_entries("toolchains"), ["22.0", "25.0"])
        self.assertEqual(len(self.server.requests_for("sdk.tar.gz")), 1)
        self.assertEqual(len(self.server.requests_for("other.tar.gz")), 1)
        self.assertEqual(self.home_entries("tmp"), [])

    def test_read_only_home(self):
        # A read-only filesystem: refused even for root, which ignores file modes.
        mnt = self.tmp / "ro"
        mnt.mkdir()
        p = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(mnt)],
                           capture_output=True, text=True)
        if p.returncode != 0:
            self.fail(f"cannot mount a read-only tmpfs: {p.stderr.strip()}")
        self.addCleanup(subprocess.run, ["umount", "-l", str(mnt)])
        p = self.wasisdk("install", "22", env={"WASISDK_HOME": str(mnt / "home")})
        self.assert_one_line_error(p, f"cannot create {mnt / 'home'}", "Read-only file system",
                                   "--home DIR or WASISDK_HOME", code=1)
        self.assertEqual(list(mnt.iterdir()), [])

    def test_corrupt_default_setting_names_the_file(self):
        self.wasisdk("install", "22", check=0)
        default = self.home / "default"
        default.write_bytes(b"\x00\xffgarbage\n")
        p = self.wasisdk("show")
        self.assert_one_line_error(p, f"the default setting {default} is corrupt",
                                   "wasisdk default <version>", code=1)
        # The way out: set the default again.
        self.wasisdk("default", "22", check=0)
        self.assertEqual(default.read_text(), "22.0\n")
        self.wasisdk("show", check=0)

    # --- a full disk -------------------------------------------------------------------
    def small_home(self, size="2m"):
        """A home on a tmpfs of `size` (root can mount here; CI runs as root)."""
        mnt = self.tmp / "small"
        mnt.mkdir()
        p = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mnt)],
                           capture_output=True, text=True)
        if p.returncode != 0:
            self.fail(f"cannot mount a tmpfs for the disk-full test: {p.stderr.strip()}")
        self.addCleanup(subprocess.run, ["umount", "-l", str(mnt)])
        self.home = mnt / "home"
        self.env["WASISDK_HOME"] = str(self.home)

    def test_disk_full_during_download(self):
        self.small_home()
        p = self.wasisdk("install", "22")  # 3 MB of random bytes into 2 MB
        self.assert_one_line_error(p, "cannot write", ".part", "No space left on device",
                                   "free some disk space", code=1)
        self.assert_home_clean()
        # The partial file would only keep the disk full (issue 15): it is gone.
        self.assertEqual(self.home_entries("downloads"), [])

    def test_disk_full_during_extraction(self):
        # 8 MB of a repeated pattern pack into a few KB: the download fits, the tree does
        # not. (Not zeros: libarchive writes runs of zeros as holes, which take no space.)
        sdk = fake_sdk_archive("wasi-sdk-22.0", extra=b"wasm" * 2_000_000)
        self.server.add("zeros.tar.gz", sdk)
        self.set_artifact("zeros.tar.gz", sha256(sdk))
        self.small_home()
        p = self.wasisdk("install", "22")
        self.assert_one_line_error(p, "zeros.tar.gz: cannot write 'wasi-sdk-22.0/padding': "
                                   "No space left on device", code=1)
        self.assert_home_clean()
        # The verified archive stays cached: with space again, no download is needed.
        self.assertEqual(self.home_entries("downloads"), [sha256(sdk)])

    # --- hostile archives -----------------------------------------------------------
    def install_archive(self, data, name="evil.tar.gz"):
        f = self.write(name, data)
        self.set_artifact("unused.tar.gz", sha256(data))
        return self.wasisdk("install", "22", "--from", str(f))

    def assert_refused(self, data, *fragments, name="evil.tar.gz"):
        p = self.install_archive(data, name)
        self.assert_one_line_error(p, "refusing entry", *fragments, code=1)
        self.assert_home_clean()
        self.assertFalse((self.tmp / "escaped").exists())

    def test_dotdot_entry(self):
        self.assert_refused(tar_gz(lambda t: add_file(t, "top/../../escaped")),
                            "'top/../../escaped'", "'..' in path")

    def test_absolute_entry(self):
        target = self.tmp / "escaped"
        self.assert_refused(tar_gz(lambda t: add_file(t, str(target))), "absolute path")

    def test_symlink_out_then_write_through_it(self):
        def build(t):
            add_link(t, "top/link", "../../..")
            add_file(t, "top/link/escaped")
        self.assert_refused(tar_gz(build), "'top/link'", "outside the archive")

    def test_symlink_chain_escaping_is_caught_on_disk(self):
        def build(t):
            add_link(t, "a/x", "..")        # the extraction root: inside
            add_link(t, "a/y", "x/..")      # lexically a/, really the root's parent
            add_file(t, "a/bin/clang", b"#!/bin/sh\n", 0o755)
        self.assert_refused(tar_gz(build), "'a/y'", "resolves outside the archive")

    def test_hardlink_to_outside(self):
        def build(t):
            add_link(t, "top/h", "../../etc/passwd", kind=tarfile.LNKTYPE)
        self.assert_refused(tar_gz(build), "hardlink target", "'..' in path")

    def test_device_and_fifo_entries(self):
        for kind in (tarfile.CHRTYPE, tarfile.BLKTYPE, tarfile.FIFOTYPE):
            def build(t):
                info = tarfile.TarInfo("top/dev")
                info.type = kind
                t.addfile(info)
            self.assert_refused(tar_gz(build), "device, fifo or socket")

    def test_setuid_bits_are_dropped(self):
        def build(t):
            add_file(t, "top/bin/clang", b"#!/bin/sh\nexit 1\n", 0o6755)
        self.install_archive(tar_gz(build))
        mode = (self.home / "toolchains/22.0/sdk/bin/clang").stat().st_mode
        self.assertEqual(stat.S_IMODE(mode) & 0o7000, 0)
        self.assertTrue(mode & stat.S_IXUSR)

    def test_absurd_entry_size(self):
        info = tarfile.TarInfo("top/huge")
        info.size = 5 << 30
        data = info.tobuf(format=tarfile.GNU_FORMAT) + b"\0" * 1024
        import gzip
        self.assert_refused(gzip.compress(data), "'top/huge'", "over the limit")

    def test_zip_slip(self):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("top/bin/clang", "#!/bin/sh\n")
            z.writestr("../escaped", "x")
        self.assert_refused(buf.getvalue(), "'../escaped'", name="evil.zip")

    def test_zip_sdk_installs(self):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            info = zipfile.ZipInfo("wasi-sdk-22.0/bin/clang")
            info.external_attr = 0o755 << 16
            z.writestr(info, "#!/bin/sh\nexit 1\n")
        p = self.install_archive(buf.getvalue(), name="sdk.zip")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertTrue(os.access(self.home / "toolchains/22.0/sdk/bin/clang", os.X_OK))

    def test_non_utf8_names_and_duplicates(self):
        def build(t):
            add_file(t, "top/bin/clang", b"#!/bin/sh\nexit 1\n", 0o755)
            info = tarfile.TarInfo("top/caf\udce9")  # the byte 0xE9 (latin-1), not UTF-8
            info.size = 1
            t.addfile(info, io.BytesIO(b"x"))
            add_file(t, "top/dup", b"first")
            add_file(t, "top/dup", b"second")
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w:gz", format=tarfile.GNU_FORMAT,
                          encoding="utf-8", errors="surrogateescape") as tar:
            build(tar)
        p = self.install_archive(buf.getvalue())
        self.assertEqual(p.returncode, 0, p.stderr)
        sdk = self.home / "toolchains/22.0/sdk"
        self.assertTrue(os.path.exists(os.fsencode(str(sdk)) + b"/caf\xe9"))
        self.assertEqual((sdk / "dup").read_bytes(), b"second")  # the last entry wins
