"""Releases newer than the binary (issue 13, section 2): `wasisdk update` and `list
--available --refresh` fetch a signed release manifest, `install --trust github-digest`
takes GitHub's digest for a release no manifest lists. One loopback server plays the
manifest root, the archives' host and GitHub's REST API ("Get a release by tag name":
assets[].name, browser_download_url, digest "sha256:<hex>" or null). The keys are made
here with the openssl commands docs/manifest-signing.md gives the publisher."""
import json
import os
import pathlib
import re
import subprocess

from harness import HomeTestCase, SOURCE_DIR, fake_sdk_archive, sha256
from server import Server

API_PATH = "repos/WebAssembly/wasi-sdk/releases/tags/"


def openssl(*args):
    subprocess.run(["openssl", *args], check=True, capture_output=True)


def built_in_pin(version, host):
    """The built-in manifest's pin (manifests/wasi-sdk.json) and its source."""
    doc = json.loads((SOURCE_DIR / "manifests/wasi-sdk.json").read_text())
    for r in doc["releases"]:
        if r["version"] == version:
            for a in r["artifacts"]:
                if a.get("host") == host and a["kind"] == "sdk":
                    return a["sha256"], a["source"]
    raise AssertionError(f"no pin for {version} {host}")


class UpdateTest(HomeTestCase):
    def setUp(self):
        super().setUp()
        self.server = Server().__enter__()
        self.addCleanup(self.server.__exit__)
        self.key, self.pub = self.make_key("release")
        self.env["WASISDK_MANIFEST_ROOT"] = self.server.url("manifests")
        self.env["WASISDK_MANIFEST_KEY"] = str(self.pub)
        self.env["WASISDK_GITHUB_API"] = self.server.url("api")
        self.sdk35 = fake_sdk_archive("wasi-sdk-35.0", extra=os.urandom(30_000))
        self.server.add("wasi-sdk-35/wasi-sdk-35.0-x86_64-linux.tar.gz", self.sdk35)

    # --- helpers ----------------------------------------------------------------------
    def make_key(self, name):
        """docs/manifest-signing.md, step 1: a key pair (private, public PEM)."""
        key, pub = self.tmp / f"{name}.pem", self.tmp / f"{name}.pub.pem"
        openssl("genpkey", "-algorithm", "ed25519", "-out", str(key))
        openssl("pkey", "-in", str(key), "-pubout", "-out", str(pub))
        return key, pub

    def art35(self, sha=None, base=None):
        return {"kind": "sdk", "host": "x86_64-linux",
                "url": (base or "") + "wasi-sdk-35/wasi-sdk-35.0-x86_64-linux.tar.gz",
                "sha256": sha or sha256(self.sdk35), "source": "the test's publisher"}

    def publish(self, generated, releases, key=None, tamper=False, base=None):
        """docs/manifest-signing.md, steps 2-3: write the manifest, sign its bytes."""
        doc = {"schema": 1, "generated": generated,
               "base_url": base if base is not None else self.server.url(""),
               "releases": [{"version": v, "llvm": "23.1.0", "artifacts": arts}
                            for v, arts in releases.items()]}
        text = self.write("publish/wasi-sdk.json", json.dumps(doc, indent=2) + "\n")
        sig = self.tmp / "publish/wasi-sdk.json.sig"
        openssl("pkeyutl", "-sign", "-rawin", "-inkey", str(key or self.key), "-in", str(text),
                "-out", str(sig))
        body = text.read_bytes()
        if tamper:
            body = body.replace(b"23.1.0", b"23.1.1")
        self.server.add("manifests/wasi-sdk.json", body)
        self.server.add("manifests/wasi-sdk.json.sig", sig.read_bytes())
        return body

    def cached(self):
        d = self.home / "release-manifest"
        return (d / "wasi-sdk.json").read_bytes() if (d / "wasi-sdk.json").exists() else None

    def available(self, *extra, env=None):
        p = self.wasisdk("list", "--available", *extra, env=env, check=0)
        return [line.split()[0] for line in p.stdout.splitlines()[1:]], p

    def receipt(self, name):
        return json.loads((self.home / "toolchains" / name / "receipt.json").read_text())

    def github_release(self, tag, assets):
        """GitHub's answer to GET /repos/{owner}/{repo}/releases/tags/{tag}, with the fields
        of its documented shape that matter here (and a few that do not)."""
        self.server.add("api/" + API_PATH + tag, json.dumps({
            "url": self.server.url("api/repos/WebAssembly/wasi-sdk/releases/1"),
            "tag_name": tag, "name": tag, "draft": False, "prerelease": False,
            "assets": [{"url": self.server.url(f"api/assets/{i}"), "id": i, "name": name,
                        "label": "", "state": "uploaded", "content_type": "application/gzip",
                        "size": 1, "digest": digest, "browser_download_url": url}
                       for i, (name, url, digest) in enumerate(assets)]}).encode())

    # --- a build without a source ---------------------------------------------------------
    def test_a_build_without_a_source_says_how_to_set_one(self):
        env = {"WASISDK_MANIFEST_ROOT": None}
        _, listed = self.available(env=env)
        if "this build has no source of newer ones" not in listed.stderr:
            self.skipTest("this build was configured with WASISDK_MANIFEST_ROOT")
        p = self.wasisdk("update", env=env)
        self.assert_one_line_error(p, "this wasisdk was built without a release-manifest source",
                                   "WASISDK_MANIFEST_ROOT", "--manifest-root",
                                   "WASISDK_MANIFEST_KEY", "manifest-signing.md", code=2)
        self.assertFalse(self.home.exists())

    def test_without_a_key_update_refuses(self):
        p = self.wasisdk("update", env={"WASISDK_MANIFEST_KEY": None})
        if "no key to verify" not in p.stderr:
            self.skipTest("this build has keys of its own")
        self.assert_one_line_error(p, "no key to verify the release manifest of",
                                   "WASISDK_MANIFEST_KEY", code=2)

    # --- the good path --------------------------------------------------------------------
    def test_a_signed_manifest_makes_a_newer_release_installable(self):
        body = self.publish("2026-08-01T12:00:00Z", {"35.0": [self.art35()]})
        p = self.wasisdk("update", check=0)
        self.assertIn("release list updated from " + self.server.url("manifests/wasi-sdk.json") +
                      ": generated 2026-08-01T12:00:00Z, signed by " + str(self.pub), p.stderr)
        self.assertIn("releases the built-in list lacks: 35.0", p.stderr)
        self.assertIn("the newest release is 35.0: wasisdk install latest", p.stderr)
        self.assertEqual(self.cached(), body)
        self.assertEqual((self.home / "release-manifest/wasi-sdk.json.sig").read_bytes(),
                         self.server.files["/manifests/wasi-sdk.json.sig"])

        # The union: 35.0 beside the built-in releases, and how old the list is.
        versions, p = self.available()
        self.assertEqual(versions[:2], ["35.0", "34.0"])
        self.assertIn("22.0", versions)
        self.assertRegex(p.stderr, r"releases of the built-in manifest and the signed release "
                                   r"manifest generated 2026-08-01T12:00:00Z \((\d+ \w+ ago|in the"
                                   r" future)\), fetched (just now|\d+ \w+ ago) from "
                                   r"http://127\.0\.0\.1:")
        self.assertRegex(p.stdout, r"35\.0 +23\.1\.0 +sha256 pinned by the signed release manifest")
        doc = json.loads(self.wasisdk("list", "--available", "--json", check=0).stdout)
        self.assertEqual(doc["release_manifest"]["generated"], "2026-08-01T12:00:00Z")
        self.assertEqual(doc["release_manifest"]["key"], str(self.pub))
        self.assertEqual(doc["available"][0]["version"], "35.0")

        self.wasisdk("install", "35", check=0)
        art = self.receipt("35.0")["artifacts"][0]
        self.assertEqual((art["sha256"], art["verified"], art["trust"], art["source"]),
                         (sha256(self.sdk35), True, "pin", "the test's publisher"))
        self.assertEqual(art["sha256_from"], "signed release manifest " +
                         self.server.url("manifests/wasi-sdk.json") +
                         " (generated 2026-08-01T12:00:00Z)")

        # The same manifest again is no change, and says so.
        p = self.wasisdk("--manifest-root", self.server.url("manifests/"), "update", check=0)
        self.assertIn("release list is current", p.stderr)
        doc = json.loads(self.wasisdk("update", "--json", check=0).stdout)
        self.assertEqual((doc["changed"], doc["generated"], doc["previous_generated"], doc["added"]),
                         (False, "2026-08-01T12:00:00Z", "2026-08-01T12:00:00Z", ["35.0"]))

    def test_list_refresh_fetches_before_it_lists(self):
        self.publish("2026-08-01T12:00:00Z", {"35.0": [self.art35()]})
        versions, p = self.available("--refresh")
        self.assertEqual(versions[0], "35.0")
        self.assertIn("release list updated from", p.stderr)
        p = self.wasisdk("list", "--refresh")
        self.assert_one_line_error(p, "--refresh requires --available", code=2)

    def test_options_instead_of_the_environment(self):
        self.publish("2026-08-01T12:00:00Z", {"35.0": [self.art35()]})
        env = {"WASISDK_MANIFEST_ROOT": None, "WASISDK_MANIFEST_KEY": None}
        self.wasisdk("update", "--manifest-root", self.server.url("manifests"),
                     "--manifest-key", str(self.pub), env=env, check=0)
        versions, _ = self.available("--manifest-key", str(self.pub), env=env)
        self.assertEqual(versions[0], "35.0")
        p = self.wasisdk("update", "--manifest-key", str(self.tmp / "nope.pem"))
        self.assert_one_line_error(p, "manifest key", "nope.pem does not exist", code=2)

    # --- refusals ----------------------------------------------------------------------------
    def test_a_bad_signature_is_refused_and_nothing_is_cached(self):
        stranger, _ = self.make_key("stranger")
        self.publish("2026-08-01T12:00:00Z", {"35.0": [self.art35()]}, key=stranger)
        p = self.wasisdk("update")
        self.assert_one_line_error(p, "the signature of " + self.server.url("manifests/wasi-sdk.json") +
                                   " does not verify with the trusted key (" + str(self.pub) + ")",
                                   "nothing was cached", code=1)
        self.assertIsNone(self.cached())
        # Bytes changed after signing: refused the same way, and the good cache stays.
        good = self.publish("2026-08-01T12:00:00Z", {"35.0": [self.art35()]})
        self.wasisdk("update", check=0)
        self.publish("2026-08-02T12:00:00Z", {"35.0": [self.art35()]}, tamper=True)
        self.assert_one_line_error(self.wasisdk("update"), "does not verify", code=1)
        self.assertEqual(self.cached(), good)
        self.assertEqual(self.available()[0][0], "35.0")

    def test_a_rolled_back_manifest_is_refused(self):
        newer = self.publish("2026-08-01T12:00:00Z", {"35.0": [self.art35()]})
        self.wasisdk("update", check=0)
        self.publish("2026-07-01T00:00:00Z", {"36.0": [self.art35()]})
        p = self.wasisdk("update")
        self.assert_one_line_error(p, self.server.url("manifests/wasi-sdk.json") +
                                   " was generated 2026-07-01T00:00:00Z, before the cached release "
                                   "manifest (2026-08-01T12:00:00Z): refused as a rollback",
                                   "the cached one stays in use", code=1)
        self.assertEqual(self.cached(), newer)
        versions, _ = self.available()
        self.assertEqual(versions[0], "35.0")
        self.assertNotIn("36.0", versions)

    def test_a_pin_disagreement_is_an_error_naming_both(self):
        pin, source = built_in_pin("22.0", "x86_64-linux")
        other = sha256(b"other bytes")
        self.publish("2026-08-01T12:00:00Z", {"22.0": [
            {"kind": "sdk", "host": "x86_64-linux", "url": "wasi-sdk-22/wasi-sdk-22.0-linux.tar.gz",
             "sha256": other, "source": "a rebuild"}]})
        p = self.wasisdk("update")
        self.assert_one_line_error(
            p, f"wasi-sdk 22.0 sdk for x86_64-linux: the built-in manifest pins sha256 {pin} "
               f"(source: {source}), but the signed release manifest "
               f"{self.server.url('manifests/wasi-sdk.json')} (generated 2026-08-01T12:00:00Z) says "
               f"sha256 {other} (source: a rebuild)", "nothing was cached", code=1)
        self.assertIsNone(self.cached())

    def test_a_manifest_hash_the_download_does_not_match(self):
        self.publish("2026-08-01T12:00:00Z", {"35.0": [self.art35(sha=sha256(b"what was signed"))]})
        self.wasisdk("update", check=0)
        p = self.wasisdk("install", "35")
        self.assert_one_line_error(p, "sha256 mismatch for " + self.server.url(
            "wasi-sdk-35/wasi-sdk-35.0-x86_64-linux.tar.gz"), sha256(b"what was signed"),
            sha256(self.sdk35), code=1)
        self.assertEqual(self.home_entries("toolchains"), [])

    def test_the_cache_is_only_believed_with_its_key(self):
        self.publish("2026-08-01T12:00:00Z", {"35.0": [self.art35()]})
        self.wasisdk("update", check=0)
        versions, p = self.available(env={"WASISDK_MANIFEST_KEY": None})
        self.assertNotIn("35.0", versions)
        self.assertIn("wasisdk: warning: the cached release manifest is not used: ", p.stderr)
        self.assertIn("WASISDK_MANIFEST_KEY", p.stderr)
        # A damaged cache is not believed either.
        sig = self.home / "release-manifest/wasi-sdk.json.sig"
        sig.write_bytes(bytes(64))
        versions, p = self.available()
        self.assertNotIn("35.0", versions)
        self.assertIn("is not signed by a key this wasisdk trusts (" + str(self.pub) + ")", p.stderr)

    # --- offline ---------------------------------------------------------------------------
    def test_offline_update_is_one_line_and_the_cache_keeps_working(self):
        archives = Server().__enter__()
        self.addCleanup(archives.__exit__)
        archives.add("wasi-sdk-35/wasi-sdk-35.0-x86_64-linux.tar.gz", self.sdk35)
        self.publish("2026-08-01T12:00:00Z", {"35.0": [self.art35()]}, base=archives.url(""))
        self.wasisdk("update", check=0)
        self.server.__exit__()  # the manifest root is gone
        p = self.wasisdk("update")
        self.assert_one_line_error(p, "cannot connect to " + self.server.url("manifests/wasi-sdk.json"),
                                   "the releases wasisdk knew stay as they were", code=1)
        versions, _ = self.available()
        self.assertEqual(versions[0], "35.0")
        self.wasisdk("install", "35", check=0)
        self.assertEqual(self.home_entries("toolchains"), ["35.0"])

    # --- the union everywhere -----------------------------------------------------------
    def test_mirror_and_pin_use_the_refreshed_list(self):
        self.publish("2026-08-01T12:00:00Z", {"35.0": [self.art35()]})
        self.wasisdk("update", check=0)
        mirror = self.tmp / "mirror"
        p = self.wasisdk("mirror", str(mirror), "--versions", "35", check=0)
        self.assertIn("1 downloaded", p.stdout)
        self.assertEqual((mirror / "wasi-sdk-35/wasi-sdk-35.0-x86_64-linux.tar.gz").read_bytes(),
                         self.sdk35)
        p = self.wasisdk("pin", "35", check=0)
        self.assertIn("35.0 is not installed yet", p.stderr)

    # --- GitHub's digests ------------------------------------------------------------------
    def test_trust_github_digest_for_a_release_no_manifest_lists(self):
        sdk36 = fake_sdk_archive("wasi-sdk-36.0")
        self.server.add("gh/wasi-sdk-36/wasi-sdk-36.0-x86_64-linux.tar.gz", sdk36)
        self.github_release("wasi-sdk-36", [
            ("wasi-sdk-36.0-x86_64-linux.tar.gz",
             self.server.url("gh/wasi-sdk-36/wasi-sdk-36.0-x86_64-linux.tar.gz"),
             "sha256:" + sha256(sdk36)),
            ("wasi-sysroot-36.0.tar.gz", self.server.url("gh/wasi-sdk-36/s.tar.gz"), None)])
        api = self.server.url("api/" + API_PATH + "wasi-sdk-36")

        p = self.wasisdk("install", "36")  # never silently
        self.assert_one_line_error(p, "wasi-sdk 36 is not in",
                                   "newer releases: wasisdk update, or install --trust github-digest",
                                   code=3)
        self.assertEqual(self.server.requests_for("api/" + API_PATH + "wasi-sdk-36"), [])

        p = self.wasisdk("install", "36", "--trust", "github-digest", check=0)
        warnings = [l for l in p.stderr.splitlines() if l.startswith("wasisdk: warning:")]
        self.assertEqual(warnings, [
            "wasisdk: warning: the sha256 of wasi-sdk-36.0-x86_64-linux.tar.gz comes from GitHub's "
            f"digest ({api}), not from a pin: it shows the bytes are the release's, not who "
            "uploaded them (--trust github-digest)"])
        art = self.receipt("36.0")["artifacts"][0]
        self.assertEqual((art["sha256"], art["verified"], art["trust"], art["sha256_from"]),
                         (sha256(sdk36), True, "github-digest", "GitHub's API " + api))
        self.assertEqual(art["url"], self.server.url("gh/wasi-sdk-36/wasi-sdk-36.0-x86_64-linux.tar.gz"))

        # An asset GitHub has no digest for, and one the release does not have.
        p = self.wasisdk("install", "36", "--component", "sysroot", "--trust", "github-digest")
        self.assert_one_line_error(p, "GitHub gives no digest for wasi-sysroot-36.0.tar.gz",
                                   "--allow-unverified", code=1)
        p = self.wasisdk("install", "36", "--component", "builtins", "--trust", "github-digest")
        self.assert_one_line_error(p, "GitHub's release wasi-sdk-36 has no asset "
                                   "libclang_rt-36.0.tar.gz (it has: wasi-sdk-36.0-x86_64-linux"
                                   ".tar.gz, wasi-sysroot-36.0.tar.gz)", code=3)
        # --from: the file on disk is checked against GitHub's digest too.
        wrong = self.write("other.tar.gz", fake_sdk_archive("wasi-sdk-36.0", extra=b"x"))
        p = self.wasisdk("install", "36", "--force", "--from", str(wrong), "--trust", "github-digest")
        self.assert_one_line_error(p, f"sha256 mismatch for {wrong} as wasi-sdk 36.0: expected "
                                   f"{sha256(sdk36)} (from GitHub's API {api}), got "
                                   f"{sha256(wrong.read_bytes())}", code=1)
        p = self.wasisdk("install", "37", "--trust", "github-digest")
        self.assert_one_line_error(p, "HTTP 404 from " + self.server.url("api/" + API_PATH + "wasi-sdk-37"),
                                   code=1)

    def test_github_digest_with_a_mirror_laid_out_like_github(self):
        mirror = Server().__enter__()
        self.addCleanup(mirror.__exit__)
        sdk36 = fake_sdk_archive("wasi-sdk-36.0")
        mirror.add("wasi-sdk-36/wasi-sdk-36.0-x86_64-linux.tar.gz", sdk36)
        self.github_release("wasi-sdk-36", [("wasi-sdk-36.0-x86_64-linux.tar.gz",
                                             "https://github.invalid/never-fetched.tar.gz",
                                             "sha256:" + sha256(sdk36))])
        self.wasisdk("--dist-server", mirror.url(""), "install", "36", "--trust", "github-digest",
                     check=0)
        art = self.receipt("36.0")["artifacts"][0]
        self.assertEqual((art["url"], art["trust"]),
                         (mirror.url("wasi-sdk-36/wasi-sdk-36.0-x86_64-linux.tar.gz"), "github-digest"))

    def test_a_github_digest_the_download_does_not_match(self):
        self.server.add("gh/x.tar.gz", fake_sdk_archive("wasi-sdk-36.0"))
        self.github_release("wasi-sdk-36", [("wasi-sdk-36.0-x86_64-linux.tar.gz",
                                             self.server.url("gh/x.tar.gz"),
                                             "sha256:" + sha256(b"not these bytes"))])
        p = self.wasisdk("install", "36", "--trust", "github-digest")
        self.assert_one_line_error(p, "sha256 mismatch for " + self.server.url("gh/x.tar.gz"),
                                   sha256(b"not these bytes"), code=1)
        self.assertEqual(self.home_entries("toolchains"), [])

    def test_a_pin_wins_over_github(self):
        self.publish("2026-08-01T12:00:00Z", {"35.0": [self.art35()]})
        self.wasisdk("update", check=0)
        p = self.wasisdk("install", "35", "--trust", "github-digest", check=0)
        self.assertNotIn("GitHub", p.stderr)
        self.assertEqual(self.server.requests_for("api/" + API_PATH + "wasi-sdk-35"), [])
        self.assertEqual(self.receipt("35.0")["artifacts"][0]["trust"], "pin")

    # --- the cache is one of the home's own names ---------------------------------------
    def test_install_sh_and_home_guard_know_the_same_names(self):
        cpp = (SOURCE_DIR / "src/store/home_guard.cpp").read_text()
        block = re.search(r"kHomeNames\[\] = \{(.*?)\};", cpp, re.S).group(1)
        # The layout's names are macros of exec_path/home_layout.h: read their values.
        layout = dict(re.findall(r'#define (WSD_HOME_\w+) "([^"]+)"',
                                 (SOURCE_DIR / "src/exec_path/home_layout.h").read_text()))
        names = (set(re.findall(r'"([^"]+)"', block)) | {".wasisdk-home"}  # kHomeMarker
                 | {layout[m] for m in re.findall(r"\b(WSD_HOME_\w+)\b", block)})
        sh = (SOURCE_DIR / "packaging/install.sh").read_text()
        pattern = re.search(r"^\s*(default\|[^)]*)\) ;;", sh, re.M).group(1)
        self.assertEqual(set(pattern.split("|")) | {".wasisdk-home"}, names)
        self.assertIn("release-manifest", names)

        # A home holding only the cache is adopted; a stranger beside it is not.
        (self.home / "release-manifest").mkdir(parents=True)
        env = dict(self.env, WASISDK_UPDATE_ROOT=self.server.url("dist"))
        p = subprocess.run(["sh", str(SOURCE_DIR / "packaging/install.sh")], env=env,
                           capture_output=True, text=True)
        self.assertNotIn("is not a wasisdk home", p.stderr)
        self.assertIn("cannot download", p.stderr)  # it went on to the dist server
        (self.home / "notes.txt").write_text("mine")
        p = subprocess.run(["sh", str(SOURCE_DIR / "packaging/install.sh")], env=env,
                           capture_output=True, text=True)
        self.assertIn("is not a wasisdk home: it holds other files (such as notes.txt)", p.stderr)

    # --- the build-time settings -----------------------------------------------------------
    def test_the_build_embeds_keys_it_has_checked(self):
        """cmake/embed_release_source.cmake, run as src/model/CMakeLists.txt runs it."""
        script = SOURCE_DIR / "cmake/embed_release_source.cmake"
        out = self.tmp / "release_source.cpp"

        def embed(root, keys):
            p = subprocess.run(["cmake", f"-DROOT={root}", "-DKEYS=" + ";".join(map(str, keys)),
                                f"-DOUTPUT={out}", "-P", str(script)],
                               capture_output=True, text=True)
            p.stderr = " ".join(p.stderr.split())  # cmake wraps its messages
            return p

        second = self.make_key("second")[1]
        p = embed("https://releases.example/wasi-sdk", [self.pub, second])
        self.assertEqual(p.returncode, 0, p.stderr)
        text = out.read_text()

        def strings(src):
            return [bytes(int(h, 16) for h in re.findall(r"0x([0-9a-f]{2})", body)).decode()
                    for body in re.findall(r"\[\] = \{([^}]*)\}", src)]
        self.assertEqual(strings(text), ["https://releases.example/wasi-sdk",
                                         self.pub.read_text(), "built-in key 1 (release.pub.pem)",
                                         second.read_text(), "built-in key 2 (second.pub.pem)"])
        ec = self.tmp / "ec.pem"
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", str(ec))
        openssl("pkey", "-in", str(ec), "-pubout", "-out", str(ec) + ".pub")
        p = embed("https://releases.example/wasi-sdk", [str(ec) + ".pub"])
        self.assertIn("is not an Ed25519 public key", p.stderr)
        self.assertIn("must be an https URL", embed("http://releases.example", [self.pub]).stderr)
        self.assertIn("needs WASISDK_MANIFEST_KEYS", embed("https://releases.example", []).stderr)
