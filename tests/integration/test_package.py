"""The .deb (issue 13, section 1): `cpack -G DEB` from this build passes `lintian --fail-on
error`; unpacked with `dpkg-deb -x` into a scratch directory (nothing is installed on the
machine) it runs, and ships the gzipped man pages, the completions where bash-completion,
zsh and fish look for them, the docs, copyright and changelog: the same files as
`cmake --install`."""
import gzip
import os
import pathlib
import re
import shutil
import subprocess
import tempfile
import unittest

from harness import SOURCE_DIR, WASISDK, HomeTestCase, fake_sdk_archive, manifest, sha256
from server import Server
from test_ux import Tmux

BUILD_DIR = pathlib.Path(os.environ.get("WASISDK_BUILD_DIR", SOURCE_DIR / "build"))
# cpack's output and its staging tree (_CPack_Packages), kept between runs.
PACKAGE_DIR = BUILD_DIR / "package-test"
DOCS = ["README.md", "cli.md", "driver.md", "rust.md", "manifest-format.md", "security.md",
        "manifest-signing.md"]
# Where Debian's bash-completion, zsh and fish look (packaging/share.cmake).
COMPLETIONS = {"bash": "usr/share/bash-completion/completions/wasisdk",
               "zsh": "usr/share/zsh/vendor-completions/_wasisdk",
               "fish": "usr/share/fish/vendor_completions.d/wasisdk.fish"}
# static-musl or static-glibc (tests/CMakeLists.txt): either way the override applies.
STATIC_DRIVER = os.environ.get("WASISDK_DRIVER_LINK", "").startswith("static")


def build_deb():
    for old in PACKAGE_DIR.glob("*.deb"):
        old.unlink()
    subprocess.run(["cpack", "-G", "DEB", "--config", str(BUILD_DIR / "CPackConfig.cmake"),
                    "-B", str(PACKAGE_DIR)], check=True, capture_output=True, cwd=BUILD_DIR)
    (deb,) = PACKAGE_DIR.glob("wasisdk_*.deb")
    return deb


def files_under(root):
    """Relative paths of the files and symlinks under root (directories left out)."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                  if p.is_symlink() or not p.is_dir())


def control_fields(text):
    """A deb822 paragraph: field -> value, continuation lines joined with newlines."""
    fields, name = {}, None
    for line in text.splitlines():
        if line.startswith((" ", "\t")):
            fields[name] += "\n" + line
        elif line.strip():
            name, value = line.split(":", 1)
            fields[name] = value.strip()
    return fields


class PackageTest(HomeTestCase):
    @classmethod
    def setUpClass(cls):
        cls.deb = build_deb()
        cls.root = pathlib.Path(tempfile.mkdtemp(prefix="wasisdk-deb-"))
        subprocess.run(["dpkg-deb", "-x", str(cls.deb), str(cls.root)], check=True)
        cls.control = control_fields(subprocess.run(
            ["dpkg-deb", "-f", str(cls.deb)], check=True, capture_output=True, text=True).stdout)
        cls.version = subprocess.run([WASISDK, "--version"], check=True, capture_output=True,
                                     text=True).stdout.split()[1]

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.root, ignore_errors=True)

    def lintian(self, *args):
        return subprocess.run(["lintian", "--tag-display-limit", "0", *args, str(self.deb)],
                              capture_output=True, text=True, timeout=600)

    @unittest.skipIf(os.environ.get("WASISDK_DRIVER_LINK") == "sanitized",
                     "a sanitized build is no release: it loads libasan and libubsan, and its "
                     "driver is not static (the override would be unused)")
    def test_lintian_finds_no_error(self):
        if not shutil.which("lintian"):
            self.skipTest("lintian is not installed: packaging/deps-debian.sh --test installs it")
        p = self.lintian("--fail-on", "error")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertEqual([t for t in p.stdout.splitlines() if t.startswith("E:")], [], p.stdout)
        # The overrides apply, each with its reason, and none is unused (an info, hence -I).
        # A second run: with --show-overrides, lintian counts an overridden error as a failure.
        shown = self.lintian("-I", "--show-overrides").stdout.splitlines()
        if STATIC_DRIVER:
            at = shown.index("O: wasisdk: statically-linked-binary "
                             "[usr/libexec/wasisdk/wasisdk-driver]")
            self.assertTrue(shown[at - 1].startswith("N: ") and "bench/README.md" in shown[at - 1])
        self.assertNotIn("unused-override", "\n".join(shown))

    def test_control_names_version_maintainer_description_and_library_packages(self):
        c = self.control
        self.assertEqual(c["Package"], "wasisdk")
        self.assertEqual(c["Version"], f"{self.version}-1")
        self.assertRegex(c["Maintainer"], r"^[^<>]+ <[^<>@]+@[^<>@]+>$")
        self.assertEqual(c["Section"], "devel")
        summary, *long = c["Description"].split("\n")
        self.assertEqual(summary, "toolchain manager for WebAssembly/WASI (wasi-sdk)")
        self.assertGreater(len(long), 3)
        self.assertTrue(all(line.startswith(" ") and len(line) <= 80 for line in long), long)
        # dpkg-shlibdeps read the libraries wasisdk-core loads.
        depends = [d.split()[0] for d in c["Depends"].split(", ")]
        for lib in ("libc6", "libstdc++6", "libcurl4", "libarchive13", "libssl3"):
            self.assertIn(lib, depends)

    def test_the_unpacked_tree_runs_and_hands_over_to_its_own_core(self):
        wasisdk = str(self.root / "usr/bin/wasisdk")
        p = subprocess.run([wasisdk, "--version"], capture_output=True, text=True, env=self.env)
        self.assertEqual((p.returncode, p.stdout.strip()), (0, f"wasisdk {self.version}"), p.stderr)
        # install needs libcurl and libarchive: wasisdk-core from ../libexec/wasisdk/.
        with Server() as dist:
            sdk = fake_sdk_archive("wasi-sdk-22.0")
            dist.add("sdk-22.tar.gz", sdk)
            m = self.write("m.json", manifest(dist.url(""), {"22.0": [
                {"kind": "sdk", "host": "x86_64-linux", "url": "sdk-22.tar.gz",
                 "sha256": sha256(sdk)}]}))
            p = subprocess.run([wasisdk, "--manifest", str(m), "install", "22"],
                               capture_output=True, text=True, env=self.env, timeout=300)
            self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(os.readlink(self.home / "bin/wasm32-wasip1-clang"),
                         str(self.root / "usr/libexec/wasisdk/wasisdk-driver"))
        # Stripped: no symbol table left in any of the three (lintian checks it too).
        for exe in ("usr/bin/wasisdk", "usr/libexec/wasisdk/wasisdk-core",
                    "usr/libexec/wasisdk/wasisdk-driver"):
            sections = subprocess.run(["readelf", "-S", "-W", str(self.root / exe)], check=True,
                                      capture_output=True, text=True).stdout
            self.assertNotIn(".symtab", sections, exe)
            self.assertNotIn(".debug_info", sections, exe)

    def test_man_pages_are_the_builds_gzipped_without_a_time_stamp(self):
        man1 = self.root / "usr/share/man/man1"
        built = sorted((BUILD_DIR / "man").glob("*.1"))
        self.assertEqual(sorted(p.name for p in man1.iterdir()), [p.name + ".gz" for p in built])
        for page in built:
            data = (man1 / (page.name + ".gz")).read_bytes()
            self.assertEqual(gzip.decompress(data), page.read_bytes(), page.name)
            # gzip -9n: no file name flag, MTIME 0 (RFC 1952 header, bytes 3 and 4-7).
            self.assertEqual((data[3], data[4:8]), (0, b"\0\0\0\0"), page.name)
        p = subprocess.run(["man", "-l", "-P", "cat", str(man1 / "wasisdk-install.1.gz")],
                           capture_output=True, text=True, env={**self.env, "MANWIDTH": "80"})
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("wasisdk-install - ", p.stdout)
        self.assertIn("--component", p.stdout)

    def test_completions_are_the_generated_scripts(self):
        for shell, path in COMPLETIONS.items():
            made = self.wasisdk("completions", shell, check=0).stdout
            self.assertEqual((self.root / path).read_text(), made, shell)

    def shell_env(self):
        return {**self.env, "HOME": str(self.tmp), "XDG_DATA_DIRS": str(self.root / "usr/share"),
                "PATH": f"{self.root / 'usr/bin'}{os.pathsep}{self.env['PATH']}"}

    @unittest.skipUnless(os.path.exists("/usr/share/bash-completion/bash_completion"),
                         "needs bash-completion (packaging/deps-debian.sh --test)")
    def test_bash_completions_loader_finds_the_script(self):
        p = subprocess.run(["bash", "-c", ". /usr/share/bash-completion/bash_completion && "
                            "__load_completion wasisdk && complete -p wasisdk"],
                           capture_output=True, text=True, env=self.shell_env())
        self.assertEqual((p.returncode, p.stdout.strip()), (0, "complete -F _wasisdk wasisdk"),
                         p.stderr)

    def test_fish_finds_the_vendor_completions(self):
        p = subprocess.run(["fish", "-c", "complete -C 'wasisdk ins'"], capture_output=True,
                           text=True, env=self.shell_env(), cwd=self.cwd, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual([line.split("\t")[0] for line in p.stdout.splitlines()], ["install"])

    def test_zsh_completes_from_the_vendor_directory_on_tab(self):
        # compinit registers the file by its `#compdef` line; the first TAB loads it.
        vendor = self.root / "usr/share/zsh/vendor-completions"
        setup = f"fpath=({vendor} $fpath); autoload -U compinit; compinit -u -D"
        p = subprocess.run(["zsh", "-f", "-c", f"{setup}; print -r -- $_comps[wasisdk]"],
                           capture_output=True, text=True, env=self.shell_env(), timeout=60)
        self.assertEqual(p.stdout.strip(), "_wasisdk", p.stderr)
        term = Tmux(self.tmp, self.shell_env(), ["zsh", "-f", "-i"])
        self.addCleanup(term.close)
        term.tmux("send-keys", "-t", "t", f"PS1='> '; {setup}", "Enter")
        term.wait_for(lambda s: s[-1] == ">" or s[-1] == "> ", "the prompt")
        term.tmux("send-keys", "-t", "t", "wasisdk ins", "Tab")
        term.wait_for(lambda s: any(line.startswith("> wasisdk install") for line in s),
                      "wasisdk ins<TAB> to complete to install")

    def test_docs_copyright_changelog_and_override(self):
        doc = self.root / "usr/share/doc/wasisdk"
        for name in DOCS:
            src = SOURCE_DIR / (name if name == "README.md" else f"docs/{name}")
            self.assertEqual((doc / name).read_bytes(), src.read_bytes(), name)
        copyright = (doc / "copyright").read_text()
        self.assertEqual(copyright, (SOURCE_DIR / "packaging/debian/copyright").read_text())
        self.assert_machine_readable_copyright(copyright)
        changelog = gzip.decompress((doc / "changelog.Debian.gz").read_bytes()).decode()
        self.assertTrue(changelog.startswith(
            f"wasisdk ({self.control['Version']}) unstable; urgency=medium\n"), changelog)
        override = (self.root / "usr/share/lintian/overrides/wasisdk").read_text()
        lines = override.splitlines()
        self.assertIn("wasisdk: statically-linked-binary [usr/libexec/wasisdk/wasisdk-driver]",
                      lines)
        for i, line in enumerate(lines):  # every override comes after its reason
            if not line.startswith("#"):
                self.assertTrue(i > 0 and lines[i - 1].startswith("# "), line)

    def assert_machine_readable_copyright(self, text):
        """DEP-5 (copyright-format 1.0): the header's Format, then Files paragraphs each
        with Copyright and License, and every license named has its text somewhere."""
        paragraphs = [control_fields(p) for p in text.strip().split("\n\n")]
        self.assertEqual(paragraphs[0]["Format"],
                         "https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/")
        files = [p for p in paragraphs[1:] if "Files" in p]
        self.assertTrue(files and files[0]["Files"] == "*", files)
        texts = {}
        for p in paragraphs[1:]:
            self.assertIn("License", p, p)
            name, _, body = p["License"].partition("\n")
            if body:
                texts[name] = body
        for p in files:
            self.assertIn("Copyright", p)
            self.assertIn(p["License"].split("\n")[0], texts)
        for name in re.findall(r"\((BSD-3-clause|Expat|MIT)\b", paragraphs[0]["Comment"]):
            self.assertIn(name, texts)

    def test_cmake_install_holds_what_the_package_holds(self):
        prefix = self.tmp / "prefix"
        subprocess.run(["cmake", "--install", str(BUILD_DIR), "--prefix", str(prefix)],
                       check=True, capture_output=True)
        self.assertEqual(files_under(prefix), files_under(self.root / "usr"))


if __name__ == "__main__":
    unittest.main()
