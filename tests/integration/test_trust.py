"""Issue 15's attacks, as an attacker or a careless user would run them: names that
escape the store, homes that are not homes, files in a home planted as symlinks, FIFOs
and other users' files, secrets in URLs and pin files, unbounded input, a wrapper that
runs itself. Each case states the exit code, the message, and what must be untouched.

Cases that need another user run as root (CI does): they hand files to `nobody` with
chown, or run wasisdk as `nobody` with setpriv."""
import json
import os
import pathlib
import shutil
import subprocess
import tarfile
import unittest

from harness import HomeTestCase, fake_sdk_archive, manifest, sha256, WASISDK
from server import Server
from test_faults import add_file, add_link, tar_gz

NOBODY = 65534
IS_ROOT = os.geteuid() == 0
SECRET = "machine example.com login me password hunter2-SECRET"


def as_nobody(*argv):
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *argv]


class TrustTest(HomeTestCase):
    def setUp(self):
        super().setUp()
        self.server = Server().__enter__()
        self.addCleanup(self.server.__exit__)
        self.sdk = fake_sdk_archive("wasi-sdk-22.0", extra=os.urandom(200_000))
        self.server.add("sdk.tar.gz", self.sdk)
        self.set_manifest({"22.0": [self.art("sdk.tar.gz", sha256(self.sdk))]})
        self.sdk_file = self.write("sdk.tar.gz", self.sdk)

    def art(self, url, sha=None, **extra):
        a = {"kind": "sdk", "host": "x86_64-linux", "url": url, **extra}
        if sha:
            a["sha256"] = sha
        return a

    def set_manifest(self, releases, base=None):
        text = manifest(self.server.url("") if base is None else base, releases)
        self.env["WASISDK_MANIFEST"] = str(self.write("m.json", text))

    def installed(self):
        self.wasisdk("install", "22", check=0)

    def victim(self, name="victim"):
        d = self.tmp / name
        d.mkdir()
        (d / "precious.txt").write_text("mine")
        return d

    def assert_victim(self, d):
        self.assertEqual((d / "precious.txt").read_text(), "mine")

    # --- 1. names that would leave the store ----------------------------------------------
    def test_install_from_with_a_slash_in_the_version_is_refused(self):
        victim = self.victim()
        for spec in ("25.0-x/../../../victim", "25.0-x/../../victim", "25.0+a b", "25.0-$(id)"):
            p = self.wasisdk("install", spec, "--from", str(self.sdk_file))
            self.assert_one_line_error(p, code=2)
            self.assertNotIn("$(id)", p.stderr.replace(spec, ""))
        self.assert_victim(victim)
        self.assertEqual(self.home_entries("toolchains"), [])

    def test_manifest_version_with_a_slash_is_refused(self):
        victim = self.victim()
        self.set_manifest({"25.0-x/../../../victim": [self.art("sdk.tar.gz", sha256(self.sdk))]})
        p = self.wasisdk("install", "25.0-x/../../../victim")
        self.assert_one_line_error(p, "$.releases[0].version", "is not a version")
        self.assert_victim(victim)

    def test_link_names_follow_the_install_name_rule(self):
        tree = self.tmp / "tree"
        (tree / "bin").mkdir(parents=True)
        (tree / "bin/clang").write_text("#!/bin/sh\n")
        for name in ("café", "my sdk", "../x", ".hidden", "a/b", "x" * 65, "$(id)"):
            p = self.wasisdk("link", name, str(tree))
            self.assert_one_line_error(p, "cannot name an install", code=2)
        self.assertEqual(self.home_entries("toolchains"), [])
        self.assertFalse((self.home / "default").exists())
        # One line naming the name and the rule (exec_path/install_name.h), which is the
        # rule the default file is read with: `link` takes nothing it would call corrupt.
        p = self.wasisdk("link", "my sdk", str(tree))
        self.assertEqual(p.stderr, "wasisdk: error: the link name 'my sdk' cannot name an "
                         "install (use 1 to 64 letters, digits and . _ + -, starting with a "
                         "letter or digit, without '..')\n")
        self.wasisdk("link", "opt-2.x_y+z", str(tree), check=0)
        self.assertEqual((self.home / "default").read_text(), "opt-2.x_y+z\n")
        show = json.loads(self.wasisdk("show", "--json", check=0).stdout)
        self.assertEqual((show["name"], show["rule"]), ("opt-2.x_y+z", "default"))

    def test_a_directory_that_is_not_an_install_is_never_replaced(self):
        target = self.home / "toolchains/22.0"
        target.mkdir(parents=True)
        (target / "precious.txt").write_text("mine")
        p = self.wasisdk("install", "22", "--force")
        self.assert_one_line_error(p, "is not a wasisdk install", code=1)
        self.assertEqual((target / "precious.txt").read_text(), "mine")

    # --- 1. a home that is not a home -----------------------------------------------------
    def test_home_on_a_directory_of_other_files_is_refused(self):
        mine = self.tmp / "project"
        (mine / "tmp").mkdir(parents=True)
        (mine / "tmp/notes.txt").write_text("mine")
        (mine / "src.c").write_text("int x;")
        for args, env in ((["--home", "."], {}), ([], {"WASISDK_HOME": str(mine)})):
            p = self.wasisdk(*args, "install", "22", env=env, cwd=mine)
            self.assert_one_line_error(p, "is not a wasisdk home", "src.c", code=2)
            p = self.wasisdk(*args, "default", "22", env=env, cwd=mine)
            self.assert_one_line_error(p, "is not a wasisdk home", code=2)
        self.assertEqual((mine / "tmp/notes.txt").read_text(), "mine")
        self.assertEqual(sorted(x.name for x in mine.iterdir()), ["src.c", "tmp"])

    def test_new_empty_and_marked_homes_are_adopted(self):
        self.installed()
        self.assertTrue((self.home / ".wasisdk-home").is_file())
        empty = self.tmp / "empty"
        empty.mkdir()
        self.wasisdk("install", "22", env={"WASISDK_HOME": str(empty)}, check=0)
        # a home from before the marker: only wasisdk's own names in it
        (self.home / ".wasisdk-home").unlink()
        self.wasisdk("uninstall", "22", check=0)
        self.assertTrue((self.home / ".wasisdk-home").is_file())

    def test_symlinked_tmp_is_never_followed(self):
        victim = self.victim()
        self.installed()
        shutil.rmtree(self.home / "tmp")
        (self.home / "tmp").symlink_to(victim)
        for args in (["install", "22", "--force"], ["default", "22"], ["uninstall", "22"]):
            p = self.wasisdk(*args)
            self.assert_one_line_error(p, "tmp is a symlink", "rm ", code=1)
        self.assert_victim(victim)
        self.assertTrue((self.home / "toolchains/22.0/receipt.json").exists())

    def test_only_wasisdk_temporaries_are_deleted_from_tmp(self):
        (self.home / "tmp/install-abc123/unpacked").mkdir(parents=True)
        (self.home / "tmp/user-notes.txt").write_text("mine")
        self.installed()
        self.assertEqual(self.home_entries("tmp"), ["user-notes.txt"])

    # --- 1. files of the home opened through planted symlinks -------------------------------
    def test_planted_symlinks_for_lock_default_and_part_are_not_followed(self):
        self.installed()
        victim = self.tmp / "victim.txt"
        victim.write_text("mine")
        # default: replaced by a regular file, the link's target untouched
        (self.home / "default").unlink()
        (self.home / "default").symlink_to(victim)
        self.wasisdk("default", "22", check=0)
        self.assertFalse((self.home / "default").is_symlink())
        self.assertEqual(victim.read_text(), "mine")
        # .lock: refused, and nothing created where it points
        (self.home / ".lock").unlink()
        elsewhere = self.tmp / "created-by-wasisdk"
        (self.home / ".lock").symlink_to(elsewhere)
        p = self.wasisdk("default", "22")
        self.assert_one_line_error(p, ".lock", "symlink", code=1)
        self.assertFalse(elsewhere.exists())
        (self.home / ".lock").unlink()
        # .part: removed, never appended to
        other = fake_sdk_archive("wasi-sdk-22.0", extra=b"other")
        self.server.add("other.tar.gz", other)
        self.set_manifest({"22.0": [self.art("other.tar.gz", sha256(other))]})
        (self.home / f"downloads/{sha256(other)}.part").symlink_to(victim)
        self.wasisdk("install", "22", "--force", check=0)
        self.assertEqual(victim.read_text(), "mine")
        self.assertEqual(list((self.home / "toolchains").glob("*.tmp.*")), [])
        self.assertEqual(list(self.home.glob("default.tmp.*")), [])

    def test_group_or_world_writable_home_is_refused(self):
        self.installed()
        for path, mode in ((self.home, 0o777), (self.home / "bin", 0o775), (self.home / "downloads", 0o757)):
            path.mkdir(exist_ok=True)
            old = path.stat().st_mode & 0o777
            path.chmod(mode)
            p = self.wasisdk("default", "22")
            self.assert_one_line_error(p, str(path), "writable by other users", f"chmod go-w {path}")
            path.chmod(old)
        self.wasisdk("default", "22", check=0)

    @unittest.skipUnless(IS_ROOT, "needs root to hand the home to another user (CI runs as root)")
    def test_root_refuses_a_home_of_another_user(self):
        self.installed()
        subprocess.run(["chown", "-R", f"{NOBODY}:{NOBODY}", str(self.home)], check=True)
        p = self.wasisdk("install", "22", "--force")
        self.assert_one_line_error(p, "belongs to nobody, not to root", "run wasisdk as nobody")
        owners = {f.lstat().st_uid for f in self.home.rglob("*")}
        self.assertEqual(owners, {NOBODY}, "root created files in another user's home")

    @unittest.skipUnless(IS_ROOT, "needs root to run wasisdk as another user (CI runs as root)")
    def test_a_home_root_touched_names_the_fix_to_its_owner(self):
        self.tmp.chmod(0o755)
        self.installed()
        subprocess.run(["chown", "-R", f"{NOBODY}:{NOBODY}", str(self.home)], check=True)
        os.chown(self.home / "downloads", 0, 0)  # as if `sudo wasisdk install` had made it
        p = subprocess.run(as_nobody(WASISDK, "install", "22", "--force"), env=self.env,
                           cwd="/", capture_output=True, text=True)
        line = self.assert_one_line_error(p, "downloads belongs to root", "sudo chown -R nobody")
        self.assertNotIn("not writable", line)

    # --- 2. secrets ----------------------------------------------------------------------
    def test_credentials_in_a_manifest_url_are_never_shown_or_stored(self):
        text = manifest(self.server.url(""), {"22.0": [self.art("sdk.tar.gz", sha256(self.sdk))]})
        self.server.add("m.json", text.encode())
        url = self.server.url("m.json").replace("http://", "http://alice:pa55word@") + "?token=t0k3n"
        self.env.pop("WASISDK_MANIFEST")
        p = self.wasisdk("--manifest", url, "--verbose", "install", "22", check=0)
        receipt = (self.home / "toolchains/22.0/receipt.json").read_text()
        for text in (p.stdout, p.stderr, receipt):
            for secret in ("pa55word", "t0k3n", "alice"):
                self.assertNotIn(secret, text)
        p = self.wasisdk("--manifest", url.replace("m.json", "missing.json"), "list", "--available")
        self.assert_one_line_error(p, "404")
        p2 = self.wasisdk("--manifest", "ftp://bob:s3cr3t@host/m.json?key=k3y", "list", "--available")
        for out in (p.stderr, p2.stderr):
            for secret in ("pa55word", "t0k3n", "s3cr3t", "k3y"):
                self.assertNotIn(secret, out)
        self.assert_one_line_error(p2, "unsupported URL scheme", "ftp://host/m.json")

    def test_a_pin_symlink_out_of_its_directory_is_not_read(self):
        self.installed()
        secret = self.tmp / "netrc"
        secret.write_text(SECRET + "\n")
        project = self.cwd / "project"
        project.mkdir()
        (project / ".wasi-sdk-version").symlink_to(secret)
        for argv in ([WASISDK, "show"], [str(self.home / "bin/wasm32-wasip1-clang"), "--version"]):
            p = subprocess.run(argv, env=self.env, cwd=project, capture_output=True, text=True)
            self.assertNotEqual(p.returncode, 0, p.stderr)
            self.assertIn("symlink that leaves its directory", p.stderr)
            self.assertNotIn("hunter2", p.stderr + p.stdout)
        # a link to a file beside it is fine
        (project / ".wasi-sdk-version").unlink()
        (project / "sdk-version.txt").write_text("22\n")
        (project / ".wasi-sdk-version").symlink_to("sdk-version.txt")
        self.assertIn("22.0", self.wasisdk("show", cwd=project, check=0).stdout)

    def test_a_pin_that_names_no_version_is_not_echoed(self):
        self.installed()
        (self.cwd / ".wasi-sdk-version").write_text(SECRET + "\n")
        for argv in ([WASISDK, "show"], [str(self.home / "bin/wasm32-wasip1-clang"), "-c", "x.c"]):
            p = subprocess.run(argv, env=self.env, cwd=self.cwd, capture_output=True, text=True)
            self.assertEqual(p.returncode, 2, p.stderr)
            self.assertIn("does not name a wasi-sdk version", p.stderr)
            self.assertNotIn("hunter2", p.stderr)
        # comments and blank lines are not the version
        (self.cwd / ".wasi-sdk-version").write_text("# pinned for CI\n\n  22  \n")
        self.assertIn("22.0", self.wasisdk("show", check=0).stdout)

    @unittest.skipUnless(IS_ROOT, "needs root to hand files to another user (CI runs as root)")
    def test_pins_of_other_users_are_not_read(self):
        self.installed()
        shared = self.tmp / "shared"
        shared.mkdir()
        pin = shared / ".wasi-sdk-version"
        pin.write_text("22\n")
        os.chown(pin, NOBODY, NOBODY)
        p = self.wasisdk("show", cwd=shared)
        self.assert_one_line_error(p, "belongs to another user", "WASISDK_SDK", code=2)
        os.chown(pin, 0, 0)
        os.chown(shared, NOBODY, NOBODY)
        p = self.wasisdk("show", cwd=shared)
        self.assert_one_line_error(p, "in a directory owned by another user", code=2)
        # the upward search stops at a directory of another user: the pin above is not used
        pin.unlink()
        os.chown(shared, 0, 0)
        (self.tmp / ".wasi-sdk-version").write_text("no-such-sdk\n")
        below = shared / "planted"
        below.mkdir()
        os.chown(below, NOBODY, NOBODY)
        show = self.wasisdk("show", cwd=below, check=0).stdout
        self.assertIn("default", show)

    def test_a_remote_manifest_may_not_name_local_files(self):
        shadow = self.write("shadow", "root:$6$secret-hash:19000::::::\n")
        remote = manifest("", {"22.0": [self.art(f"file://{shadow}", "0" * 64)]})
        self.server.add("m.json", remote.encode())
        p = self.wasisdk("--manifest", self.server.url("m.json"), "install", "22")
        self.assert_one_line_error(p, "may not name local files")
        # a local manifest may, but a mismatch does not print the local file's hash
        self.set_manifest({"22.0": [self.art(f"file://{shadow}", "0" * 64)]})
        p = self.wasisdk("install", "22")
        self.assert_one_line_error(p, "sha256 mismatch")
        self.assertNotIn(sha256(shadow.read_bytes()), p.stderr)

    # --- 4. bounds -----------------------------------------------------------------------
    def test_fifos_are_refused_without_hanging(self):
        fifo = self.tmp / "fifo"
        os.mkfifo(fifo)
        p = self.wasisdk("--manifest", str(fifo), "list", "--available", timeout=20)
        self.assert_one_line_error(p, "not a regular file")
        p = self.wasisdk("--manifest", "/dev/zero", "list", "--available", timeout=20)
        self.assert_one_line_error(p, "not a regular file")
        self.set_manifest({"22.0": [self.art(f"file://{fifo}", "0" * 64)]})
        p = self.wasisdk("install", "22", timeout=20)
        self.assert_one_line_error(p, "not a regular file")
        self.set_manifest({"22.0": [self.art("sdk.tar.gz", sha256(self.sdk))]})
        self.installed()
        (self.home / "default").unlink()
        os.mkfifo(self.home / "default")
        p = self.wasisdk("show", timeout=20)
        self.assert_one_line_error(p, "default setting", "is corrupt")
        p = subprocess.run([str(self.home / "bin/wasm32-wasip1-clang"), "--version"], env=self.env,
                           cwd=self.cwd, capture_output=True, text=True, timeout=20)
        self.assertIn("is corrupt", p.stderr)
        os.unlink(self.home / "default")
        self.wasisdk("default", "22", check=0)
        receipt = self.home / "toolchains/22.0/receipt.json"
        receipt.unlink()
        os.mkfifo(receipt)
        p = self.wasisdk("list", timeout=20)
        self.assertNotEqual(p.returncode, None)
        (self.cwd / ".wasi-sdk-version").unlink(missing_ok=True)
        os.mkfifo(self.cwd / ".wasi-sdk-version")
        p = self.wasisdk("show", timeout=20)
        self.assert_one_line_error(p, "not a regular file")

    def test_downloads_of_unknown_size_are_capped(self):
        self.server.fault("zeros.tar.gz", "zeros", bytes=8 << 20)
        self.server.add("zeros.tar.gz", b"")
        self.set_manifest({"22.0": [self.art("zeros.tar.gz")]})
        p = self.wasisdk("install", "22", "--allow-unverified", env={"WASISDK_MAX_DOWNLOAD_MB": "1"})
        self.assert_one_line_error(p, "larger than 1 MiB", "WASISDK_MAX_DOWNLOAD_MB")
        self.assertEqual(self.home_entries("downloads"), [])

    def test_numbers_from_the_environment_are_range_checked(self):
        for var, value in (("WASISDK_RETRY_BASE_MS", "99999999999999999999"),
                           ("WASISDK_LOW_SPEED_TIME", "0"), ("WASISDK_LOW_SPEED_TIME", "-5"),
                           ("WASISDK_MAX_DOWNLOAD_MB", "1e9")):
            p = self.wasisdk("install", "22", env={var: value})
            self.assert_one_line_error(p, var, "is not a number from", code=2)

    def test_an_sdk_whose_clang_runs_the_wrapper_again_stops(self):
        self.installed()
        clang = self.home / "toolchains/22.0/sdk/bin/clang"
        clang.write_text(f"#!/bin/sh\nexec sh -c '\"$0\" \"$@\"' {self.home}/bin/wasm32-wasip1-clang \"$@\"\n")
        p = subprocess.run([str(self.home / "bin/wasm32-wasip1-clang"), "-c", "x.c"], env=self.env,
                           cwd=self.cwd, capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn("the wrapper ran itself 8 times", p.stderr)

    # --- 5. integrity --------------------------------------------------------------------
    def test_unpinned_resume_only_when_the_server_has_the_same_file(self):
        old_padding, new_padding = os.urandom(2_000_000), os.urandom(2_000_000)
        old = fake_sdk_archive("wasi-sdk-22.0", extra=old_padding)
        new = fake_sdk_archive("wasi-sdk-22.0", extra=new_padding)
        self.server.add("u.tar.gz", old)
        self.set_manifest({"22.0": [self.art("u.tar.gz")]})
        self.server.fault("u.tar.gz", "truncate", times=4, at=200_000)
        p = self.wasisdk("install", "22", "--allow-unverified")  # fails, keeps a .part
        self.assertNotEqual(p.returncode, 0, p.stderr)
        self.assertTrue(list((self.home / "downloads").glob("*.part")))
        self.server.add("u.tar.gz", new)  # the file at the URL changed
        self.wasisdk("install", "22", "--allow-unverified", check=0)
        padding = (self.home / "toolchains/22.0/sdk/padding").read_bytes()
        self.assertEqual(padding, new_padding)
        last = self.server.requests_for("u.tar.gz")[-2:]
        self.assertIsNotNone(last[0][3], "the resume sent no If-Range")

    def test_unpinned_part_without_validator_starts_over(self):
        self.server.send_etag = False
        data = fake_sdk_archive("wasi-sdk-22.0", extra=os.urandom(2_000_000))
        self.server.add("u.tar.gz", data)
        self.server.fault("u.tar.gz", "truncate", times=4, at=300_000)
        self.set_manifest({"22.0": [self.art("u.tar.gz")]})
        self.assertNotEqual(self.wasisdk("install", "22", "--allow-unverified").returncode, 0)
        self.wasisdk("install", "22", "--allow-unverified", check=0)
        self.assertIsNone(self.server.requests_for("u.tar.gz")[-1][2])

    def test_archive_symlink_one_level_above_the_tree_is_refused(self):
        def build(t):
            for name, data in ((b"wasi-sdk-22.0/bin/clang", b"#!/bin/sh\n"),):
                add_file(t, name.decode(), data, 0o755)
            add_link(t, "wasi-sdk-22.0/up", "..")
            add_link(t, "wasi-sdk-22.0/bin/escape", "../../receipt.json")
        data = tar_gz(build)
        self.server.add("evil.tar.gz", data)
        self.set_manifest({"22.0": [self.art("evil.tar.gz", sha256(data))]})
        p = self.wasisdk("install", "22")
        self.assert_one_line_error(p, "symlink resolves outside the archive")
        self.assertEqual(self.home_entries("toolchains"), [])

    # --- 6. homes reached through symlinks, paths that are not UTF-8 -------------------------
    def test_home_reached_through_a_symlinked_directory(self):
        real = self.tmp / "var/home"
        real.mkdir(parents=True)
        (self.tmp / "home-link").symlink_to(real)
        self.wasisdk("install", "22", env={"WASISDK_HOME": str(self.tmp / "home-link/wasisdk")}, check=0)
        self.assertTrue((real / "wasisdk/toolchains/22.0/sdk/bin/clang").exists())

    def test_non_utf8_home_path(self):
        home = os.fsencode(str(self.tmp)) + b"/h\xe9me"
        env = dict(self.env)
        env["WASISDK_HOME"] = os.fsdecode(home)
        for args in (["install", "22"], ["list", "--json"], ["show", "--json"]):
            p = subprocess.run([WASISDK, *args], env=env, cwd=self.cwd, capture_output=True)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertNotIn(b"internal error", p.stderr)
            if "--json" in args:
                json.loads(p.stdout)  # the bytes that are not UTF-8 shown as U+FFFD
        # env's output is for tools to use: a path it cannot write exactly is an error
        p = subprocess.run([WASISDK, "env", "--shell", "json"], env=env, cwd=self.cwd, capture_output=True, text=True, errors="replace")
        self.assert_one_line_error(p, "not valid UTF-8", code=1)


if __name__ == "__main__":
    unittest.main()
