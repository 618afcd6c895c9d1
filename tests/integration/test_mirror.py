"""wasisdk mirror (issue 13): mirror from a loopback origin, stop the origin, then install
from the mirror served by a plain static web server, as --dist-server and as --manifest."""
import functools
import http.server
import json
import os
import threading

from harness import HomeTestCase, fake_sdk_archive, manifest, sha256
from server import Server


class StaticServer:
    """Python's own static file server on 127.0.0.1: what `python3 -m http.server` runs."""

    def __init__(self, root):
        self.log = []
        outer = self

        class Logged(http.server.SimpleHTTPRequestHandler):
            def do_GET(self):
                outer.log.append(self.path)
                super().do_GET()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Logged, directory=str(root)))
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path=""):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/{path}"

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class MirrorTest(HomeTestCase):
    def setUp(self):
        super().setUp()
        self.origin = Server().__enter__()
        self.addCleanup(self.origin.__exit__)
        self.sdk22 = fake_sdk_archive("wasi-sdk-22.0", extra=os.urandom(60_000))
        self.sdk25 = fake_sdk_archive("wasi-sdk-25.0-x86_64-linux", extra=os.urandom(40_000))
        self.mac25 = fake_sdk_archive("wasi-sdk-25.0-arm64-macos")
        self.sysroot25 = fake_sdk_archive("wasi-sysroot-20.0+threads")
        files = {"wasi-sdk-22/wasi-sdk-22.0-linux.tar.gz": self.sdk22,
                 "wasi-sdk-25/wasi-sdk-25.0-x86_64-linux.tar.gz": self.sdk25,
                 "wasi-sdk-25/wasi-sdk-25.0-arm64-macos.tar.gz": self.mac25,
                 "wasi-sdk-25/wasi-sysroot-25.0%2Bm.tar.gz": self.sysroot25,
                 "wasi-sdk-25/unpinned.tar.gz": b"x"}
        for path, data in files.items():
            self.origin.add(path, data)
        releases = {
            "22.0": [{"kind": "sdk", "host": "x86_64-linux",
                      "url": "wasi-sdk-22/wasi-sdk-22.0-linux.tar.gz",
                      "sha256": sha256(self.sdk22), "source": "test pin"}],
            "25.0": [{"kind": "sdk", "host": "x86_64-linux",
                      "url": "wasi-sdk-25/wasi-sdk-25.0-x86_64-linux.tar.gz",
                      "sha256": sha256(self.sdk25), "size": len(self.sdk25)},
                     {"kind": "sdk", "host": "arm64-macos",
                      "url": "wasi-sdk-25/wasi-sdk-25.0-arm64-macos.tar.gz",
                      "sha256": sha256(self.mac25)},
                     {"kind": "sysroot", "url": "wasi-sdk-25/wasi-sysroot-25.0%2Bm.tar.gz",
                      "sha256": sha256(self.sysroot25)},
                     {"kind": "builtins", "url": "wasi-sdk-25/unpinned.tar.gz"}],
        }
        # The manifest a fleet's machines already have (built in, in real life): it names
        # the origin, which will be gone when they install.
        self.fleet_manifest = self.write("fleet.json", manifest(self.origin.url(""), releases))
        self.origin.add("manifest.json", self.fleet_manifest.read_bytes())
        self.mirror = self.tmp / "mirror"

    def make_mirror(self, *args, check=0):
        return self.wasisdk("--manifest", self.origin.url("manifest.json"), "mirror",
                            str(self.mirror), *args, check=check)

    def serve_mirror(self):
        static = StaticServer(self.mirror)
        self.addCleanup(static.stop)
        return static

    def test_mirror_then_install_from_it_with_the_origin_gone(self):
        p = self.make_mirror()
        self.assertIn("1 artifact has no pinned sha256", p.stderr)
        self.assertIn("lists 3 artifacts: 3 downloaded", p.stdout)
        self.assertEqual((self.mirror / "wasi-sdk-25/wasi-sysroot-25.0+m.tar.gz").read_bytes(),
                         self.sysroot25)
        self.assertFalse((self.mirror / "wasi-sdk-25/wasi-sdk-25.0-arm64-macos.tar.gz").exists())
        listed = json.loads((self.mirror / "manifest.json").read_text())
        self.assertNotIn("base_url", listed)
        urls = sorted(a["url"] for r in listed["releases"] for a in r["artifacts"])
        self.assertEqual(urls, ["wasi-sdk-22/wasi-sdk-22.0-linux.tar.gz",
                                "wasi-sdk-25/wasi-sdk-25.0-x86_64-linux.tar.gz",
                                "wasi-sdk-25/wasi-sysroot-25.0%2Bm.tar.gz"])
        self.assertEqual(listed["releases"][0]["version"], "25.0")
        self.assertEqual(listed["releases"][1]["artifacts"][0]["source"], "test pin")
        self.assertEqual(listed["releases"][1]["artifacts"][0]["size"], len(self.sdk22))
        self.origin.__exit__()
        static = self.serve_mirror()

        # 1. --dist-server URL with the manifest the machine already has.
        self.wasisdk("--manifest", str(self.fleet_manifest), "--dist-server", static.url(),
                     "install", "22", check=0)
        r = json.loads((self.home / "toolchains/22.0/receipt.json").read_text())
        self.assertEqual(r["artifacts"][0]["url"],
                         static.url("wasi-sdk-22/wasi-sdk-22.0-linux.tar.gz"))
        self.assertTrue(r["artifacts"][0]["verified"])

        # 2. --manifest URL/manifest.json alone.
        self.wasisdk("--manifest", static.url("manifest.json"), "install", "25",
                     "--component", "sdk", "--component", "sysroot", check=0)
        self.assertEqual(self.home_entries("toolchains"), ["22.0", "25.0"])
        self.assertEqual(self.home_entries("sysroots"), ["25.0"])
        self.assertIn("/wasi-sdk-25/wasi-sysroot-25.0%2Bm.tar.gz", static.log)

        # 3. The directory on disk, no server at all.
        self.wasisdk("--manifest", str(self.mirror / "manifest.json"), "install", "25",
                     "--force", check=0)
        r = json.loads((self.home / "toolchains/25.0/receipt.json").read_text())
        self.assertTrue(r["artifacts"][0]["url"].startswith("file://"), r)

    def test_rerun_fetches_only_what_is_missing_or_damaged(self):
        self.make_mirror("--versions", "22,25")
        before = len(self.origin.log)
        p = self.make_mirror("--versions", "22,25")
        self.assertIn("0 downloaded (0 B), 3 already there", p.stdout)
        self.assertEqual([e[1] for e in self.origin.log[before:]], ["/manifest.json"])
        (self.mirror / "wasi-sdk-22/wasi-sdk-22.0-linux.tar.gz").write_bytes(b"damaged")
        p = self.make_mirror("--versions", "22,25")
        self.assertIn("1 downloaded", p.stdout)
        self.assertEqual((self.mirror / "wasi-sdk-22/wasi-sdk-22.0-linux.tar.gz").read_bytes(),
                         self.sdk22)
        self.assertFalse((self.mirror / ".wasisdk-partial").exists())

    def test_versions_hosts_and_accumulation(self):
        self.make_mirror("--versions", "22")
        self.assertEqual(sorted(os.listdir(self.mirror)),
                         [".wasisdk-mirror.lock", "manifest.json", "wasi-sdk-22"])
        p = self.make_mirror("--versions", "latest", "--hosts", "arm64-macos")
        self.assertIn("lists 3 artifacts: 2 downloaded", p.stdout)
        listed = json.loads((self.mirror / "manifest.json").read_text())
        got = sorted((r["version"], a["kind"], a.get("host", "")) for r in listed["releases"]
                     for a in r["artifacts"])
        self.assertEqual(got, [("22.0", "sdk", "x86_64-linux"), ("25.0", "sdk", "arm64-macos"),
                               ("25.0", "sysroot", "")])

    def test_bad_requests_name_the_fix(self):
        p = self.make_mirror("--versions", "99", check=None)
        self.assert_one_line_error(p, "wasi-sdk 99 is not in", "wasisdk list --available", code=3)
        p = self.make_mirror("--hosts", "vax-vms", check=None)
        self.assert_one_line_error(p, "unknown host 'vax-vms'", "x86_64-linux", code=2)

    def test_a_verification_failure_leaves_no_file_in_the_mirror(self):
        self.origin.fault("wasi-sdk-22/wasi-sdk-22.0-linux.tar.gz", "wrong-bytes", times=9)
        p = self.make_mirror("--versions", "22", check=None)
        self.assert_one_line_error(p, "sha256 mismatch", code=1)
        self.assertFalse((self.mirror / "wasi-sdk-22").exists())
        self.assertFalse((self.mirror / "manifest.json").exists())
