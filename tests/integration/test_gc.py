"""wasisdk gc (issue 13): what the download cache and tmp/ hold that nothing needs goes,
what installs need stays, and --dry-run changes nothing."""
import json
import os
import time

from harness import HomeTestCase, fake_sdk_archive, manifest, sha256
from server import Server

DAY = 24 * 3600


class GcTest(HomeTestCase):
    def setUp(self):
        super().setUp()
        self.server = Server().__enter__()
        self.addCleanup(self.server.__exit__)
        self.sdk22 = fake_sdk_archive("wasi-sdk-22.0", extra=os.urandom(100_000))
        self.sdk25 = fake_sdk_archive("wasi-sdk-25.0", extra=os.urandom(50_000))
        self.server.add("r/sdk-22.tar.gz", self.sdk22)
        self.server.add("r/sdk-25.tar.gz", self.sdk25)
        path = self.write("manifest.json", manifest(self.server.url(""), {
            "22.0": [{"kind": "sdk", "host": "x86_64-linux", "url": "r/sdk-22.tar.gz",
                      "sha256": sha256(self.sdk22)}],
            "25.0": [{"kind": "sdk", "host": "x86_64-linux", "url": "r/sdk-25.tar.gz",
                      "sha256": sha256(self.sdk25)}],
        }))
        self.env["WASISDK_MANIFEST"] = str(path)
        self.wasisdk("install", "22", "25", check=0)
        self.downloads = self.home / "downloads"

    def age(self, path, seconds):
        t = time.time() - seconds
        os.utime(path, (t, t), follow_symlinks=False)

    def litter(self):
        """What a few interrupted commands leave behind, and things gc must not touch."""
        stale = self.downloads / ("ab" * 32 + ".part")
        stale.write_bytes(b"s" * 3000)
        self.age(stale, 2 * DAY)
        fresh = self.downloads / ("cd" * 32 + ".part")
        fresh.write_bytes(b"f" * 500)
        validator = self.downloads / ("url-" + "0" * 32 + ".part.validator")
        validator.write_text('"etag"\n')
        foreign = self.downloads / "notes.txt"
        foreign.write_text("mine\n")
        temp = self.home / "tmp" / "install-x1y2z3"
        (temp / "unpacked").mkdir(parents=True)
        (temp / "unpacked" / "f").write_bytes(b"t" * 700)
        other_tmp = self.home / "tmp" / "someone-elses"
        other_tmp.write_text("x")
        return stale, fresh, validator, foreign, temp, other_tmp

    def test_removes_what_no_install_needs_and_keeps_the_rest(self):
        self.wasisdk("uninstall", "22", check=0)
        stale, fresh, validator, foreign, temp, other_tmp = self.litter()
        p = self.wasisdk("gc", check=0)
        lines = p.stdout.splitlines()
        self.assertIn(f"removed downloads/{sha256(self.sdk22)} ({self.size(self.sdk22)}): "
                      "no installed SDK or rust-std needs it", lines)
        self.assertIn(f"removed downloads/{stale.name} (3.0 KB): partial download untouched for "
                      "over a day", lines)
        self.assertIn(f"removed downloads/{validator.name} (7 B): resume record of no partial "
                      "download", lines)
        self.assertIn("removed tmp/install-x1y2z3 (700 B): temporary of an interrupted command",
                      lines)
        freed = self.size(b"x" * (len(self.sdk22) + 3000 + 7 + 700))
        self.assertEqual(lines[-1], f"freed {freed} in 4 files; kept {self.size(self.sdk25)} in 1 "
                                    "archive that installs need")
        self.assertEqual(len(lines), 5, p.stdout)
        self.assertEqual(sorted(self.home_entries("downloads")),
                         sorted([sha256(self.sdk25), fresh.name, foreign.name]))
        self.assertEqual(self.home_entries("tmp"), [other_tmp.name])
        # What stays is still of use: reinstalling 25 needs no network.
        before = len(self.server.log)
        self.wasisdk("install", "25", "--force", check=0)
        self.assertEqual(len(self.server.log), before)

    def test_dry_run_lists_the_same_and_changes_nothing(self):
        self.wasisdk("uninstall", "22", check=0)
        self.litter()
        before = {p: p.stat().st_size for p in self.home.rglob("*") if not p.is_symlink()}
        dry = self.wasisdk("gc", "--dry-run", check=0)
        after = {p: p.stat().st_size for p in self.home.rglob("*") if not p.is_symlink()}
        self.assertEqual(before, after)
        real = self.wasisdk("gc", check=0)
        self.assertEqual(dry.stdout.replace("would remove", "removed").replace("would free", "freed"),
                         real.stdout)
        again = self.wasisdk("gc", "--dry-run", check=0)
        self.assertEqual(again.stdout.splitlines(),
                         [f"would free 0 B in 0 files; kept {self.size(self.sdk25)} in 1 archive "
                          "that installs need"])

    def size(self, data):
        n = len(data)
        return f"{n / 1000:.1f} KB" if n >= 1000 else f"{n} B"

    def test_installed_archives_stay(self):
        p = self.wasisdk("gc", check=0)
        self.assertEqual(p.stdout.splitlines()[-1],
                         f"freed 0 B in 0 files; kept {self.size(self.sdk22 + self.sdk25)} in 2 "
                         "archives that installs need")
        self.assertEqual(sorted(self.home_entries("downloads")),
                         sorted([sha256(self.sdk22), sha256(self.sdk25)]))

    def test_a_link_in_the_cache_is_removed_not_followed(self):
        victim = self.tmp / "victim"
        victim.write_text("precious\n")
        (self.downloads / ("ef" * 32)).symlink_to(victim)
        (self.downloads / ("ee" * 32 + ".part")).symlink_to(victim)
        self.wasisdk("gc", check=0)
        self.assertEqual(victim.read_text(), "precious\n")
        self.assertNotIn("ef" * 32, self.home_entries("downloads"))
        self.assertNotIn("ee" * 32 + ".part", self.home_entries("downloads"))

    def test_an_unreadable_receipt_stops_gc_before_it_deletes(self):
        self.wasisdk("uninstall", "22", check=0)
        (self.home / "toolchains/25.0/receipt.json").write_text("{")
        p = self.wasisdk("gc")
        self.assert_one_line_error(p, "cannot tell which downloads 25.0 needs",
                                   "gc removed nothing", code=1)
        self.assertIn(sha256(self.sdk22), self.home_entries("downloads"))

    def test_refuses_a_home_it_must_not_change(self):
        os.chmod(self.home / "downloads", 0o777)
        p = self.wasisdk("gc")
        self.assert_one_line_error(p, "downloads is writable by other users", "chmod go-w", code=1)
        self.assertIn(sha256(self.sdk22), self.home_entries("downloads"))

    def test_a_broken_rust_std_record_file_is_named(self):
        (self.home / "rust-std.json").write_text(json.dumps({"schema": 1, "installs": [{}]}))
        p = self.wasisdk("gc")
        self.assert_one_line_error(p, "rust-std.json: not a rust-std record file", "rm ", code=1)
