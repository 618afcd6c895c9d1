"""Installs from a loopback server: verification, resume, retry, cache, concurrency,
--from, --allow-unverified, components, --force, uninstall, default."""
import json
import os
import subprocess
import threading
import time

from harness import HomeTestCase, fake_sdk_archive, manifest, sha256, WASISDK
from server import Server


class InstallTest(HomeTestCase):
    def setUp(self):
        super().setUp()
        self.server = Server().__enter__()
        self.addCleanup(self.server.__exit__)
        self.sdk22 = fake_sdk_archive("wasi-sdk-22.0", extra=os.urandom(300_000))
        self.sdk25 = fake_sdk_archive("wasi-sdk-25.0-x86_64-linux",
                                      triples=("wasm32-wasi", "wasm32-wasip1"),
                                      extra=os.urandom(200_000))
        self.sysroot = fake_sdk_archive("wasi-sysroot-25.0")
        self.server.add("r/sdk-22.tar.gz", self.sdk22)
        self.server.add("r/sdk-25.tar.gz", self.sdk25)
        self.server.add("r/sysroot-25.tar.gz", self.sysroot)
        self.use_manifest({
            "22.0": [{"kind": "sdk", "host": "x86_64-linux", "url": "r/sdk-22.tar.gz",
                      "sha256": sha256(self.sdk22), "size": len(self.sdk22), "source": "test"}],
            "25.0": [{"kind": "sdk", "host": "x86_64-linux", "url": "r/sdk-25.tar.gz",
                      "sha256": sha256(self.sdk25), "source": "test"},
                     {"kind": "sdk", "host": "arm64-macos", "url": "r/none.tar.gz"},
                     {"kind": "sysroot", "url": "r/sysroot-25.tar.gz",
                      "sha256": sha256(self.sysroot)}],
        })

    def use_manifest(self, releases):
        path = self.write("manifest.json", manifest(self.server.url(""), releases))
        self.env["WASISDK_MANIFEST"] = str(path)

    def receipt(self, name, area="toolchains"):
        return json.loads((self.home / area / name / "receipt.json").read_text())

    def test_install_verifies_records_and_becomes_default(self):
        p = self.wasisdk("install", "22", check=0)
        self.assertIn("wasi-sdk 22.0 installed (default)", p.stderr)
        r = self.receipt("22.0")
        self.assertEqual(r["version"], "22.0")
        self.assertEqual(r["artifacts"][0]["sha256"], sha256(self.sdk22))
        self.assertTrue(r["artifacts"][0]["verified"])
        self.assertEqual(r["tree"]["clang"], "bin/clang")
        self.assertEqual(r["tree"]["clang_version"], "19.1.7")
        self.assertEqual(r["tree"]["sysroot_targets"], ["wasm32-wasi"])
        self.assertEqual(r["tree"]["builtins"], ["lib/clang/19/lib/wasi/libclang_rt.builtins-wasm32.a"])
        self.assertTrue((self.home / "toolchains/22.0/sdk/bin/clang").exists())
        self.assertEqual((self.home / "default").read_text().strip(), "22.0")
        self.assertEqual(self.home_entries("tmp"), [])
        self.assertEqual(self.home_entries("downloads"), [sha256(self.sdk22)])

    def test_second_install_is_a_noop_without_network(self):
        self.wasisdk("install", "22", check=0)
        before = len(self.server.log)
        p = self.wasisdk("install", "22", env={"WASISDK_MANIFEST": "http://127.0.0.1:1/gone.json"},
                         check=0)
        self.assertIn("wasi-sdk 22.0 is already installed", p.stderr)
        self.assertEqual(len(self.server.log), before)

    def test_latest_picks_newest_stable(self):
        self.wasisdk("install", "latest", check=0)
        self.assertEqual(self.home_entries("toolchains"), ["25.0"])
        self.assertEqual(self.receipt("25.0")["tree"]["sysroot_targets"],
                         ["wasm32-wasi", "wasm32-wasip1"])

    def test_first_install_is_default_until_changed(self):
        self.wasisdk("install", "22", check=0)
        self.wasisdk("install", "25", check=0)
        self.assertEqual(self.wasisdk("default", check=0).stdout.strip(), "22.0")
        self.wasisdk("default", "25", check=0)
        self.assertEqual(self.wasisdk("default", check=0).stdout.strip(), "25.0")
        p = self.wasisdk("install", "22", "--default", check=0)
        self.assertEqual(self.wasisdk("default", check=0).stdout.strip(), "22.0")

    def test_cache_makes_reinstall_offline(self):
        self.wasisdk("install", "22", check=0)
        self.wasisdk("uninstall", "22", check=0)
        self.assertEqual(self.home_entries("toolchains"), [])
        before = len(self.server.requests_for("r/sdk-22.tar.gz"))
        p = self.wasisdk("install", "22", check=0)
        self.assertEqual(len(self.server.requests_for("r/sdk-22.tar.gz")), before)
        self.assertIn("in the download cache", p.stderr)

    def test_corrupted_cache_entry_is_downloaded_again(self):
        self.wasisdk("install", "22", check=0)
        self.wasisdk("uninstall", "22", check=0)
        (self.home / "downloads" / sha256(self.sdk22)).write_bytes(b"tampered")
        self.wasisdk("install", "22", check=0)
        self.assertEqual(len(self.server.requests_for("r/sdk-22.tar.gz")), 2)

    def test_resume_uses_range(self):
        part = self.home / "downloads" / (sha256(self.sdk22) + ".part")
        part.parent.mkdir(parents=True)
        part.write_bytes(self.sdk22[:100_000])
        self.wasisdk("install", "22", check=0)
        reqs = self.server.requests_for("r/sdk-22.tar.gz")
        self.assertEqual(reqs[-1][2], "bytes=100000-")
        self.assertFalse(part.exists())

    def test_truncated_body_is_retried_and_resumed(self):
        self.server.fault("r/sdk-22.tar.gz", "truncate", at=50_000)
        self.wasisdk("install", "22", check=0)
        reqs = self.server.requests_for("r/sdk-22.tar.gz")
        self.assertEqual(len(reqs), 2)
        self.assertEqual(reqs[1][2], "bytes=50000-")

    def test_server_errors_are_retried(self):
        self.server.fault("r/sdk-22.tar.gz", "status", times=2, code=503)
        self.wasisdk("install", "22", check=0)
        self.assertEqual(len(self.server.requests_for("r/sdk-22.tar.gz")), 3)

    def test_not_found_is_not_retried(self):
        self.server.fault("r/sdk-22.tar.gz", "status", times=5, code=404)
        p = self.wasisdk("install", "22")
        self.assert_one_line_error(p, "HTTP 404", "r/sdk-22.tar.gz", code=1)
        self.assertEqual(len(self.server.requests_for("r/sdk-22.tar.gz")), 1)
        self.assertEqual(self.home_entries("toolchains"), [])

    def test_mismatch_deletes_and_names_both_hashes(self):
        self.server.fault("r/sdk-22.tar.gz", "wrong-bytes", times=5)
        p = self.wasisdk("install", "22")
        line = self.assert_one_line_error(p, "sha256 mismatch", sha256(self.sdk22),
                                          self.server.url("r/sdk-22.tar.gz"), code=1)
        self.assertIn(sha256(bytes(b ^ 0xFF for b in self.sdk22)), line)
        self.assertEqual(self.home_entries("toolchains"), [])
        self.assertEqual(self.home_entries("downloads"), [])
        self.assertEqual(self.home_entries("tmp"), [])

    def test_server_ignoring_range_restarts_from_zero(self):
        part = self.home / "downloads" / (sha256(self.sdk22) + ".part")
        part.parent.mkdir(parents=True)
        part.write_bytes(self.sdk22[:100_000])
        self.server.fault("r/sdk-22.tar.gz", "ignore-range")
        self.wasisdk("install", "22", check=0)
        self.assertEqual(self.receipt("22.0")["artifacts"][0]["sha256"], sha256(self.sdk22))

    def test_stale_part_of_other_bytes_is_restarted_once(self):
        part = self.home / "downloads" / (sha256(self.sdk22) + ".part")
        part.parent.mkdir(parents=True)
        part.write_bytes(b"x" * 1000)
        self.wasisdk("install", "22", check=0)
        reqs = self.server.requests_for("r/sdk-22.tar.gz")
        self.assertEqual([r[2] for r in reqs], ["bytes=1000-", None])

    def test_artifact_without_hash_needs_allow_unverified(self):
        data = fake_sdk_archive("wasi-sdk-26.0-x86_64-linux")
        self.server.add("r/sdk-26.tar.gz", data)
        self.use_manifest({"26.0": [{"kind": "sdk", "host": "x86_64-linux",
                                     "url": "r/sdk-26.tar.gz"}]})
        p = self.wasisdk("install", "26")
        self.assert_one_line_error(p, "no sha256 is known", "--allow-unverified", code=1)
        self.assertEqual(self.server.requests_for("r/sdk-26.tar.gz"), [])
        p = self.wasisdk("install", "26", "--allow-unverified", check=0)
        self.assertEqual(p.stderr.count("wasisdk: warning:"), 1)
        art = self.receipt("26.0")["artifacts"][0]
        self.assertEqual(art["sha256"], sha256(data))
        self.assertFalse(art["verified"])

    def test_from_file_is_verified_against_the_manifest(self):
        good = self.write("good.tar.gz", self.sdk22)
        bad = self.write("bad.tar.gz", self.sdk25)
        p = self.wasisdk("install", "22", "--from", str(bad))
        # The one message of every pin check (install/sha256.h): what, both hashes.
        self.assert_one_line_error(p, f"sha256 mismatch for {bad} as wasi-sdk 22.0: expected "
                                   f"{sha256(self.sdk22)} (from ", f"got {sha256(self.sdk25)}",
                                   code=1)
        self.assertEqual(self.home_entries("toolchains"), [])
        self.wasisdk("install", "22", "--from", str(good), check=0)
        self.assertTrue(self.receipt("22.0")["artifacts"][0]["verified"])
        self.assertEqual(self.server.log, [])

    def test_from_file_of_private_build_installs_unverified_with_warning(self):
        f = self.write("mine.tar.gz", fake_sdk_archive("my-build"))
        p = self.wasisdk("install", "99.1", "--from", str(f), check=0)
        self.assertIn("installed unverified", p.stderr)
        self.assertFalse(self.receipt("99.1")["artifacts"][0]["verified"])

    def test_component_sysroot_installs_alone(self):
        self.wasisdk("install", "25", "--component", "sysroot", check=0)
        self.assertEqual(self.home_entries("toolchains"), [])
        r = self.receipt("25.0", "sysroots")
        self.assertEqual(r["component"], "sysroot")
        p = self.wasisdk("list", check=0)
        self.assertIn("25.0 sysroot", p.stdout)

    def test_missing_host_names_available_hosts(self):
        p = self.wasisdk("install", "25", env={"WASISDK_HOST": "riscv64-linux"})
        self.assert_one_line_error(p, "has no sdk for riscv64-linux", "x86_64-linux",
                                   "arm64-macos", code=3)

    def test_unknown_version(self):
        p = self.wasisdk("install", "99")
        self.assert_one_line_error(p, "wasi-sdk 99 is not in", "22.0 to 25.0", code=3)

    def test_two_versions_download_concurrently(self):
        self.server.fault("r/sdk-22.tar.gz", "stall", at=1000, seconds=1)
        self.env["WASISDK_LOW_SPEED_TIME"] = "30"
        t0 = time.monotonic()
        self.wasisdk("install", "22", "25", check=0)
        self.assertEqual(self.home_entries("toolchains"), ["22.0", "25.0"])
        # Both transfers were under way before the stalled one finished.
        starts = [i for i, e in enumerate(self.server.log) if e[1].startswith("/r/sdk-")]
        self.assertGreaterEqual(len(starts), 2)

    def test_force_reinstall_replaces_atomically(self):
        self.wasisdk("install", "22", check=0)
        marker = self.home / "toolchains/22.0/sdk/marker"
        marker.write_text("old")
        self.wasisdk("install", "22", "--force", check=0)
        self.assertFalse(marker.exists())
        self.assertEqual(self.home_entries("tmp"), [])

    def test_concurrent_installs_of_one_version(self):
        procs = [subprocess.Popen([WASISDK, "install", "22"], env=self.env, cwd=self.cwd,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(4)]
        outs = [p.communicate(timeout=120) for p in procs]
        self.assertEqual([p.returncode for p in procs], [0, 0, 0, 0], outs)
        installed = sum("22.0 installed" in err for _, err in outs)
        already = sum("already installed" in err for _, err in outs)
        self.assertEqual((installed, already), (1, 3), outs)
        self.assertEqual(len(self.server.requests_for("r/sdk-22.tar.gz")), 1)
        self.assertEqual(self.home_entries("tmp"), [])

    def test_uninstall_default_moves_default(self):
        self.wasisdk("install", "22", "25", check=0)
        self.wasisdk("uninstall", "22", check=0)
        self.assertEqual(self.wasisdk("default", check=0).stdout.strip(), "25.0")
        self.wasisdk("uninstall", "25", check=0)
        p = self.wasisdk("default")
        self.assert_one_line_error(p, "no default SDK", code=3)
        p = self.wasisdk("uninstall", "25")
        self.assert_one_line_error(p, "is not installed", code=3)

    def test_dist_server_replaces_base_url(self):
        mirror = Server().__enter__()
        self.addCleanup(mirror.__exit__)
        mirror.add("r/sdk-22.tar.gz", self.sdk22)
        self.wasisdk("install", "22", "--dist-server", mirror.url(""), check=0)
        self.assertEqual(len(mirror.requests_for("r/sdk-22.tar.gz")), 1)
        self.assertEqual(self.server.requests_for("r/sdk-22.tar.gz"), [])

    def test_http_proxy_from_environment(self):
        # Nothing listens on port 9: the bytes can only come through the proxy.
        self.wasisdk("install", "22", "--dist-server", "http://127.0.0.1:9/",
                     env={"http_proxy": self.server.url("")}, check=0)
        self.assertEqual(self.server.proxied, ["http://127.0.0.1:9/r/sdk-22.tar.gz"])

    def test_installed_tree_hands_over_to_libexec_core(self):
        build = os.environ.get("WASISDK_BUILD_DIR")
        if not build:
            self.skipTest("WASISDK_BUILD_DIR is set by ctest")
        prefix = self.tmp / "prefix"
        subprocess.run(["cmake", "--install", build, "--prefix", str(prefix)], check=True,
                       capture_output=True)
        self.assertTrue((prefix / "libexec/wasisdk/wasisdk-core").exists())
        p = subprocess.run([str(prefix / "bin/wasisdk"), "install", "22"], env=self.env,
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("wasi-sdk 22.0 installed", p.stderr)

    def test_manifest_from_url(self):
        with open(self.env.pop("WASISDK_MANIFEST"), "rb") as f:
            self.server.add("m.json", f.read())
        self.wasisdk("install", "22", "--manifest", self.server.url("m.json"), check=0)
        self.assertIn(self.server.url("m.json"), self.receipt("22.0")["manifest"])
