"""The command line the way a new user meets it in the first hour (issue 11): help for
every command, man pages, installing what the project pins, the next step after an
install, `list` marking the active SDK, `pin`, `cargo-config --write`, --json for every
command, and progress bars in a real terminal (tmux)."""
import gzip
import io
import json
import os
import pathlib
import re
import shlex
import shutil
import subprocess
import tarfile
import threading
import time
import tomllib

from harness import HomeTestCase, SOURCE_DIR, WASISDK, fake_sdk_archive, manifest, sha256
from server import Server

BUILD_DIR = pathlib.Path(os.environ.get("WASISDK_BUILD_DIR", pathlib.Path(WASISDK).parents[1]))


def commands_of(help_text):
    """The subcommand names a CLI11 --help lists."""
    names, inside = [], False
    for line in help_text.splitlines():
        if line.startswith("Subcommands:"):
            inside = True
        elif inside and line.startswith("  ") and line.strip():
            names.append(line.split()[0])
        elif inside and line.strip() == "":
            inside = False
    return names


def long_options_of(help_text):
    """The long options a CLI11 --help lists (not those its descriptions mention)."""
    names = re.findall(r"^  (?:-\w,)?(--[a-z][a-z-]*)", help_text, re.M)
    return sorted(set(names) - {"--help"})


class UxTest(HomeTestCase):
    def setUp(self):
        super().setUp()
        empty = self.write("empty.json", json.dumps({"schema": 1, "releases": []}))
        self.env["WASISDK_MANIFEST"] = str(empty)
        self.env["SHELL"] = "/bin/bash"

    def install_fake(self, version, **kw):
        f = self.write(f"sdk-{version}.tar.gz", fake_sdk_archive(f"wasi-sdk-{version}", **kw))
        self.wasisdk("install", version, "--from", str(f), check=0)

    def all_commands(self):
        """[(words, help text)] for wasisdk and every command and subcommand."""
        out, todo = [], [[]]
        while todo:
            words = todo.pop(0)
            text = self.wasisdk(*words, "--help", check=0).stdout
            out.append((words, text))
            todo += [words + [c] for c in commands_of(text)]
        return out

    # --- 1. learning the tool ---------------------------------------------------------
    def test_help_for_every_command_is_its_help_flag(self):
        commands = self.all_commands()
        self.assertIn(["rust-std", "install"], [w for w, _ in commands])
        self.assertIn(["pin"], [w for w, _ in commands])
        for words, text in commands:
            p = self.wasisdk("help", *words, check=0)
            self.assertEqual(p.stdout, text, words)
        # Before this, `help install` answered "spec is required".
        self.assertIn("Usage: wasisdk install", self.wasisdk("help", "install", check=0).stdout)
        p = self.wasisdk("help", "instal")
        self.assertEqual(p.stderr.strip(), "wasisdk: error: unknown command 'instal' (did you "
                         "mean 'install'? see wasisdk --help)")
        self.assertEqual(p.returncode, 2)

    def test_version_flags(self):
        v = self.wasisdk("--version", check=0).stdout
        self.assertRegex(v, r"^wasisdk \d+\.\d+\.\d+\n$")
        self.assertEqual(self.wasisdk("-V", check=0).stdout, v)

    def test_unknown_command_fails_even_before_a_global_flag(self):
        p = self.wasisdk("run", "22", "clang", "--version")
        self.assertEqual(p.returncode, 2)
        self.assertEqual(p.stdout, "")
        self.assertEqual(p.stderr.strip(), "wasisdk: error: unknown command 'run'; see wasisdk "
                         "--help")
        p = self.wasisdk("--home", str(self.home), "instal", "--help")
        self.assertEqual(p.returncode, 2)
        self.assertIn("unknown command 'instal' (did you mean 'install'?)", p.stderr)

    def test_did_you_mean_counts_a_swap_as_one_edit(self):
        for typo, meant in (("lsit", "list"), ("shwo", "show"), ("isntall", "install")):
            p = self.wasisdk(typo)
            self.assertEqual(p.stderr.strip(), f"wasisdk: error: unknown command '{typo}' "
                             f"(did you mean '{meant}'?); see wasisdk --help")

    def test_man_pages_follow_the_parser(self):
        man_dir = BUILD_DIR / "man"
        root_text = self.wasisdk("--help", check=0).stdout
        self.assertNotIn(" man ", root_text)  # hidden: for the build
        pages = sorted(p.name for p in man_dir.glob("*.1"))
        commands = commands_of(root_text)
        self.assertEqual(pages, sorted(["wasisdk.1"] + [f"wasisdk-{c}.1" for c in commands]))
        main = (man_dir / "wasisdk.1").read_text()
        for words, text in self.all_commands():
            page = (man_dir / ("-".join(["wasisdk"] + words[:1]) + ".1")).read_text()
            for opt in long_options_of(text):
                if words:
                    self.assertIn("\\fB" + opt.replace("-", "\\-") + "\\fR", page, (words, opt))
            if len(words) == 1:
                self.assertIn(f"\\fBwasisdk {words[0].replace('-', chr(92) + '-')}\\fR", main)
        # The page is what `wasisdk man` prints, and groff reads it without a warning.
        self.assertEqual(self.wasisdk("man", check=0).stdout, main)
        for page in man_dir.glob("*.1"):
            p = subprocess.run(["groff", "-man", "-ww", "-z", str(page)], capture_output=True,
                               text=True)
            self.assertEqual((p.returncode, p.stderr), (0, ""), page.name)

    def test_cmake_install_ships_man_pages_and_the_docs_messages_cite(self):
        prefix = self.tmp / "prefix"
        subprocess.run(["cmake", "--install", str(BUILD_DIR), "--prefix", str(prefix)],
                       check=True, capture_output=True)
        for page in ("wasisdk.1", "wasisdk-install.1"):  # gzipped, as the .deb has them
            self.assertEqual(gzip.decompress((prefix / f"share/man/man1/{page}.gz").read_bytes()),
                             (BUILD_DIR / "man" / page).read_bytes())
        doc = prefix / "share/doc/wasisdk/manifest-format.md"
        self.assertTrue(doc.is_file())
        m = self.write("unpinned.json", json.dumps({"schema": 1, "base_url": "https://example.invalid/",
                       "releases": [{"version": "23.0", "artifacts": [
                           {"kind": "sdk", "host": "x86_64-linux", "url": "sdk-23.tar.gz"}]}]}))
        p = subprocess.run([str(prefix / "bin/wasisdk"), "install", "23", "--manifest", str(m)],
                           env=self.env, cwd=self.cwd, capture_output=True, text=True)
        self.assert_one_line_error(p, f"give a manifest with its sha256 (see {doc})")

    def test_docs_name_every_command_and_option(self):
        cli_md = (SOURCE_DIR / "docs/cli.md").read_text()
        rows = {}
        for line in cli_md.splitlines():
            m = re.match(r"\| `([a-z-]+)", line)
            if m:
                rows.setdefault(m.group(1), "")
                rows[m.group(1)] += line
        for words, text in self.all_commands():
            if not words:
                for opt in long_options_of(text):
                    self.assertIn(f"`{opt}", cli_md, opt)
                continue
            self.assertIn(words[0], rows, f"docs/cli.md has no row for {words[0]}")
            for opt in long_options_of(text):
                if words[0] != "help" and opt != "--version":
                    self.assertIn(opt, rows[words[0]], f"{' '.join(words)} {opt}")

    # --- 2. installing what the project pins ------------------------------------------
    def test_install_without_version_and_without_pin_says_how(self):
        p = self.wasisdk("install")
        self.assertEqual(p.returncode, 2)
        self.assertEqual(p.stderr.strip(), "wasisdk: error: no version given, and no "
                         f".wasi-sdk-version in {self.cwd} or any directory above it (name one "
                         "(wasisdk install 25), or pin this project first (wasisdk pin 25))")

    def test_install_without_version_installs_the_pin(self):
        archive = fake_sdk_archive("wasi-sdk-22.0", extra=os.urandom(50_000))
        with Server() as server:
            server.add("sdk-22.tar.gz", archive)
            m = self.write("m.json", manifest(server.url(""), {"22.0": [
                {"kind": "sdk", "host": "x86_64-linux", "url": "sdk-22.tar.gz",
                 "sha256": sha256(archive), "size": len(archive), "source": "test"}]}))
            pin = self.cwd / ".wasi-sdk-version"
            pin.write_text("# the SDK this project builds with\n\n22\n")
            sub = self.cwd / "src" / "deep"
            sub.mkdir(parents=True)
            p = self.wasisdk("install", "--manifest", str(m), cwd=sub, check=0)
            self.assertIn(f"installing wasi-sdk 22, pinned by {pin}", p.stderr)
            self.assertIn("wasi-sdk 22.0 installed (default)", p.stderr)
            # The same through wasisdk-core's download path, as one JSON document.
            p = self.wasisdk("install", "--force", "--json", "--manifest", str(m), cwd=sub,
                             check=0)
        doc = json.loads(p.stdout)
        self.assertEqual([(i["name"], i["already_installed"]) for i in doc["installed"]],
                         [("22.0", False)])
        self.assertTrue(doc["next_step"].startswith("eval "), doc)
        show = json.loads(self.wasisdk("show", "--json", cwd=sub, check=0).stdout)
        self.assertEqual((show["name"], show["rule"], show["origin"]), ("22.0", "pin-file", str(pin)))

    def test_install_without_version_looks_a_pinned_name_up(self):
        pin = self.cwd / ".wasi-sdk-version"
        pin.write_text("opt\n")
        p = self.wasisdk("install")
        # A name is nothing to download: the one "not installed" message, with its link fix.
        self.assertEqual(p.stderr.strip().splitlines()[-1],
                         f"wasisdk: error: wasi-sdk opt (from {pin}) is not installed (use a "
                         "version such as 25 or an installed name (wasisdk list), or register a "
                         "tree: wasisdk link opt DIR)")
        self.assertEqual(p.returncode, 3)
        tree = self.tmp / "tree"
        (tree / "bin").mkdir(parents=True)
        (tree / "bin/clang").write_text("#!/bin/sh\n")
        self.wasisdk("link", "opt", str(tree), check=0)
        p = self.wasisdk("install", check=0)  # linked: installed, no manifest read
        self.assertIn("wasi-sdk opt is already installed", p.stderr)

    def run_hint(self, shell_cmd, hint, probe):
        """Runs the printed line in a real shell, then `probe`; returns its output."""
        env = dict(self.env)
        env["PATH"] = "/usr/bin:/bin"
        p = subprocess.run(shell_cmd + [hint + "\n" + probe], env=env, cwd=self.cwd,
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout.strip()

    def test_install_ends_with_the_next_step_for_the_users_shell(self):
        f = self.write("sdk-22.tar.gz", fake_sdk_archive("wasi-sdk-22.0"))
        p = self.wasisdk("install", "22.0", "--from", str(f), check=0)
        lines = p.stderr.splitlines()
        self.assertIn(f"the wrappers (wasm32-wasip1-clang, ...) are in {self.home}/bin, which is "
                      "not on PATH; to use them in this shell, run:", lines)
        hint = lines[lines.index("and add that line to ~/.bashrc for new shells") - 1].strip()
        # wasisdk is not on the tests' PATH, and the home is not ~/.wasisdk: both are named.
        self.assertEqual(hint, f"eval \"$('{pathlib.Path(WASISDK).resolve()}' "
                         f"--home '{self.home}' env)\"")
        clang = self.run_hint(["bash", "--norc", "-c"], hint, "command -v wasm32-wasip1-clang")
        self.assertEqual(clang, f"{self.home}/bin/wasm32-wasip1-clang")
        # fish gets fish's line, and it works in fish.
        p = self.wasisdk("setup", env={"SHELL": "/usr/bin/fish"}, check=0)
        hint = [l.strip() for l in p.stderr.splitlines() if "| source" in l][0]
        self.assertTrue(hint.endswith(" env --shell fish | source"), hint)
        self.assertIn("~/.config/fish/config.fish", p.stderr)
        clang = self.run_hint(["fish", "--no-config", "-c"], hint, "command -v wasm32-wasip1-clang")
        self.assertEqual(clang, f"{self.home}/bin/wasm32-wasip1-clang")
        # Once PATH holds the wrappers, nothing more to say.
        p = self.wasisdk("setup", "--json", env={"PATH": f"{self.home}/bin:/usr/bin:/bin"}, check=0)
        self.assertEqual(json.loads(p.stdout)["next_step"], "")
        self.assertNotIn("not on PATH", p.stderr)

    def test_list_marks_the_active_sdk_and_says_why(self):
        self.install_fake("22.0")
        self.install_fake("25.0")
        lines = self.wasisdk("list", check=0).stdout.splitlines()
        self.assertEqual(lines, ["22.0 (default, active, llvm 19.1.7)", "25.0 (llvm 19.1.7)"])
        pin = self.cwd / ".wasi-sdk-version"
        pin.write_text("25\n")
        lines = self.wasisdk("list", check=0).stdout.splitlines()
        self.assertEqual(lines, ["22.0 (default, llvm 19.1.7)",
                                 f"25.0 (active: pinned by {pin}, llvm 19.1.7)"])
        lines = self.wasisdk("list", env={"WASISDK_SDK": "22"}, check=0).stdout.splitlines()
        self.assertEqual(lines[0], "22.0 (default, active: set by WASISDK_SDK, llvm 19.1.7)")
        doc = json.loads(self.wasisdk("list", "--json", check=0).stdout)
        self.assertEqual([(r["name"], r["active"]) for r in doc["installed"]],
                         [("22.0", False), ("25.0", True)])
        self.assertEqual(doc["active"]["reason"], f"pinned by {pin}")
        pin.write_text("30\n")
        lines = self.wasisdk("list", check=0).stdout.splitlines()
        self.assertEqual(lines[-1], f"active: none (wasi-sdk 30 (from {pin}) is not installed "
                         "(run: wasisdk install 30))")

    def test_pin_writes_what_is_installed_or_installable(self):
        self.install_fake("22.0")
        pin = self.cwd / ".wasi-sdk-version"
        p = self.wasisdk("pin", "22", check=0)
        self.assertEqual(pin.read_text(), "22\n")
        self.assertIn(f"pinned {self.cwd} to wasi-sdk 22 (22.0, installed)", p.stderr)
        self.assertEqual(json.loads(self.wasisdk("show", "--json", check=0).stdout)["rule"],
                         "pin-file")
        # Neither installed nor in the manifest: refused, the pin left as it was.
        p = self.wasisdk("pin", "99")
        self.assert_one_line_error(p, "wasi-sdk 99 is not installed, and", "has no such release",
                                   "wasisdk list --available", code=3)
        self.assertEqual(pin.read_text(), "22\n")
        # A name nobody linked: the same fix as everywhere else.
        p = self.wasisdk("pin", "opt")
        self.assert_one_line_error(p, "wasi-sdk opt is not installed",
                                   "register a tree: wasisdk link opt DIR", code=3)
        p = self.wasisdk("pin", "../x")
        self.assert_one_line_error(p, "'../x' is not a wasi-sdk version or an SDK name", code=2)
        # In the manifest for this host but not installed: pinned, with the next step.
        archive = fake_sdk_archive("wasi-sdk-25.0")
        m = self.write("m.json", manifest("https://example.invalid/", {"25.0": [
            {"kind": "sdk", "host": "x86_64-linux", "url": "sdk-25.tar.gz",
             "sha256": sha256(archive), "source": "test"}]}))
        pin.write_text("# keep: the version CI tests\n22\n")
        p = self.wasisdk("pin", "25", "--manifest", str(m), check=0)
        self.assertEqual(pin.read_text(), "# keep: the version CI tests\n25\n")
        self.assertIn("25.0 is not installed yet: run `wasisdk install` here", p.stderr)
        p = self.wasisdk("pin", "25", "--manifest", str(m), env={"WASISDK_HOST": "arm64-macos"})
        self.assert_one_line_error(p, "has no build of it for arm64-macos", code=3)

    # --- 3. cargo-config --write ------------------------------------------------------
    def cargo_accepts(self, project):
        """cargo reads .cargo/config.toml for any command in the project."""
        (project / "Cargo.toml").write_text('[package]\nname = "x"\nversion = "0.1.0"\n')
        (project / "src").mkdir(exist_ok=True)
        (project / "src/lib.rs").write_text("")
        cargo = shutil.which("cargo", path="/usr/bin") or shutil.which("cargo")
        p = subprocess.run([cargo, "metadata", "--offline", "--no-deps", "--format-version", "1"],
                           cwd=project, env=self.env, capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)

    def test_cargo_config_write_merges_idempotently(self):
        self.install_fake("22.0")
        config = self.cwd / ".cargo/config.toml"
        config.parent.mkdir()
        mine = ('# my settings: keep them\n[build]\njobs = 4  # not too many\n\n'
                '[target.wasm32-wasip1]\nrunner = "wasmtime"\n'
                'rustflags = ["-Ctarget-feature=+simd128", "-C", "link-self-contained=yes"]\n')
        config.write_text(mine)
        p = self.wasisdk("cargo-config", "--write", check=0)
        self.assertIn(f"updated .cargo/config.toml: target.wasm32-wasip1.linker, "
                      "target.wasm32-wasip1.rustflags, env.CC_wasm32_wasip1, "
                      "env.CXX_wasm32_wasip1, env.AR_wasm32_wasip1", p.stderr)
        self.assertIn(f"absolute paths: {self.home}/bin is not on PATH", p.stderr)
        first = config.read_text()
        self.assertTrue(first.startswith('# my settings: keep them\n[build]\njobs = 4  # not too '
                                         'many\n'), first)
        doc = tomllib.loads(first)
        clang = str(self.home / "bin/wasm32-wasip1-clang")
        self.assertEqual(doc["build"], {"jobs": 4})
        self.assertEqual(doc["target"]["wasm32-wasip1"],
                         {"runner": "wasmtime", "linker": clang,
                          "rustflags": ["-Ctarget-feature=+simd128", "-Clink-self-contained=no"]})
        self.assertEqual(doc["env"], {"CC_wasm32_wasip1": clang,
                                      "CXX_wasm32_wasip1": clang + "++",
                                      "AR_wasm32_wasip1": str(self.home / "bin/wasm32-wasip1-ar")})
        p = self.wasisdk("cargo-config", "--write", check=0)
        self.assertEqual(config.read_text(), first)
        self.assertIn(".cargo/config.toml already has these settings", p.stderr)
        self.cargo_accepts(self.cwd)

    def test_cargo_config_prefers_names_on_path_and_says_so(self):
        self.install_fake("22.0")
        self.wasisdk("setup", check=0)
        on_path = {"PATH": f"{self.home}/bin:/usr/bin:/bin"}
        p = self.wasisdk("cargo-config", "--write", env=on_path, check=0)
        self.assertIn(f"wrapper names, which cargo finds on PATH in {self.home}/bin: the file "
                      "names no home", p.stderr)
        text = (self.cwd / ".cargo/config.toml").read_text()
        self.assertNotIn(str(self.home), text)
        doc = tomllib.loads(text)
        self.assertEqual(doc["target"]["wasm32-wasip1"]["linker"], "wasm32-wasip1-clang")
        self.assertEqual(doc["env"]["AR_wasm32_wasip1"], "wasm32-wasip1-ar")
        # Self-contained linking drops our linker and flips the flag; the rest stays.
        self.wasisdk("cargo-config", "--write", "--link", "self-contained", env=on_path, check=0)
        doc = tomllib.loads((self.cwd / ".cargo/config.toml").read_text())
        self.assertEqual(doc["target"]["wasm32-wasip1"], {"rustflags": ["-Clink-self-contained=yes"]})
        self.cargo_accepts(self.cwd)

    def test_cargo_config_writes_the_file_cargo_reads(self):
        self.install_fake("22.0")
        legacy = self.cwd / ".cargo/config"
        legacy.parent.mkdir()
        legacy.write_text("[alias]\nb = \"build\"\n")
        self.wasisdk("cargo-config", "--write", "--target", "wasm32-wasip2", check=0)
        self.assertFalse((self.cwd / ".cargo/config.toml").exists())
        doc = tomllib.loads(legacy.read_text())
        self.assertEqual(doc["alias"], {"b": "build"})
        self.assertIn("wasm32-wasip2", doc["target"])

    def test_cargo_config_write_refuses_a_broken_file(self):
        config = self.cwd / ".cargo/config.toml"
        config.parent.mkdir()
        config.write_text("[env]\nCC = 1\nCC = 2\n")
        self.install_fake("22.0")
        p = self.wasisdk("cargo-config", "--write")
        self.assert_one_line_error(p, ".cargo/config.toml:3: invalid TOML", code=2)
        self.assertEqual(config.read_text(), "[env]\nCC = 1\nCC = 2\n")

    # --- 5. --json for every command ----------------------------------------------------
    def test_every_command_prints_one_json_document(self):
        self.install_fake("22.0", triples=("wasm32-wasi", "wasm32-wasip1"))
        runs = {
            "install": ["install", "22.0"],
            "uninstall": None,
            "list": ["list"],
            "default": ["default"],
            "which": ["which", "clang"],
            "show": ["show"],
            "env": ["env"],
            "setup": ["setup"],
            "cargo-config": ["cargo-config"],
            "doctor": ["doctor", "--rustc", "/nonexistent/rustc"],
            "bootstrap-config": ["bootstrap-config"],
            "completions": ["completions", "bash"],
            "pin": ["pin", "22"],
            "help": ["help", "install"],
            "gc": ["gc", "--dry-run"],
            "link": ["link", "--force", "opt", str(self.tmp / "opt-sdk")],
        }
        with tarfile.open(fileobj=io.BytesIO(fake_sdk_archive("opt-sdk"))) as t:
            t.extractall(self.tmp)
        for name, args in runs.items():
            if not args:
                continue
            for argv in (["--json"] + args, args + ["--json"]):
                p = self.wasisdk(*argv)
                self.assertIn(p.returncode, (0, 1), (argv, p.stderr))
                doc = json.loads(p.stdout)  # one document, nothing else on stdout
                self.assertEqual(doc["schema"], 1, argv)
        self.assertEqual(json.loads(self.wasisdk("which", "clang", "--json").stdout)["path"],
                         str(self.home / "toolchains/22.0/sdk/bin/clang"))
        self.assertEqual(json.loads(self.wasisdk("default", "--json").stdout)["default"], "22.0")
        doc = json.loads(self.wasisdk("link", "--force", "opt", str(self.tmp / "opt-sdk"),
                                      "--json", check=0).stdout)
        self.assertEqual(doc["linked"], [{"name": "opt", "path": str(self.tmp / "opt-sdk"),
                                          "default": False, "system": False,
                                          "llvm": doc["linked"][0]["llvm"], "lacks": []}])
        doc = json.loads(self.wasisdk("gc", "--json", check=0).stdout)
        self.assertFalse(doc["dry_run"])
        self.assertIn("kept_bytes", doc)
        doc = json.loads(self.wasisdk("--json", "uninstall", "22.0", check=0).stdout)
        self.assertEqual(doc["uninstalled"], [{"name": "22.0", "component": "sdk"}])

    def test_json_errors_keep_their_exit_codes(self):
        for args, code in ((["--json", "instal"], 2), (["which", "clang", "--json"], 3),
                           (["--json", "default", "opt"], 3), (["--json", "install"], 2)):
            p = self.wasisdk(*args)
            self.assertEqual(p.returncode, code, args)
            doc = json.loads(p.stdout)
            self.assertEqual(set(doc["error"]), {"message", "fix", "exit_code"})
            self.assertEqual(doc["error"]["exit_code"], code)
            self.assertTrue(p.stderr.startswith("wasisdk: error: "))  # humans still read stderr
        doc = json.loads(self.wasisdk("--json", "default", "opt").stdout)
        self.assertEqual(doc["error"], {
            "message": "wasi-sdk opt is not installed",
            "fix": "use a version such as 25 or an installed name (wasisdk list), or register "
                   "a tree: wasisdk link opt DIR",
            "exit_code": 3})

    # --- 6. messages whose fix was wrong ----------------------------------------------
    def test_default_for_an_unknown_name_suggests_link(self):
        self.install_fake("22.0")
        p = self.wasisdk("default", "opt")
        self.assertEqual(p.stderr.strip(), "wasisdk: error: wasi-sdk opt is not installed (use a "
                         "version such as 25 or an installed name (wasisdk list), or register a "
                         "tree: wasisdk link opt DIR)")
        self.assertEqual(p.returncode, 3)
        p = self.wasisdk("default", "30")
        self.assertEqual(p.stderr.strip(), "wasisdk: error: wasi-sdk 30 is not installed (run: "
                         "wasisdk install 30)")

    def test_not_installed_is_one_message_from_every_command(self):
        # uninstall, default, pin and install from a pin ask the lookup the driver uses
        # (issue 12.2); `install opt` says it is no version (test_cli's bad version spec).
        self.install_fake("22.0")
        name = ("wasisdk: error: wasi-sdk opt is not installed (use a version such as 25 or an "
                "installed name (wasisdk list), or register a tree: wasisdk link opt DIR)")
        version = "wasisdk: error: wasi-sdk 30 is not installed (run: wasisdk install 30)"
        for args, line in ((["uninstall", "opt"], name), (["default", "opt"], name),
                           (["pin", "opt"], name), (["uninstall", "30"], version),
                           (["default", "30"], version)):
            p = self.wasisdk(*args)
            self.assertEqual((p.stderr.strip(), p.returncode), (line, 3), args)
        p = self.wasisdk("uninstall", "22", "--component", "sysroot")
        self.assertEqual((p.stderr.strip(), p.returncode),
                         ("wasisdk: error: wasi-sdk 22 sysroot is not installed (run: wasisdk "
                          "install 22 --component sysroot)", 3))
        self.assertEqual(self.wasisdk("default", check=0).stdout.strip(), "22.0")
        pin = self.cwd / ".wasi-sdk-version"
        pin.write_text("opt\n")
        p = self.wasisdk("install")
        self.assertEqual((p.stderr.strip().splitlines()[-1], p.returncode),
                         (name.replace("opt is", f"opt (from {pin}) is"), 3))

    def test_offline_rust_std_install_suggests_rust_dist_server(self):
        # Debian's rustc with a private sysroot (as test_rust.py does).
        toolchain = self.tmp / "toolchain"
        (toolchain / "bin").mkdir(parents=True)
        (toolchain / "lib/rustlib").mkdir(parents=True)
        os.symlink("/usr/lib/rustlib/x86_64-unknown-linux-gnu",
                   toolchain / "lib/rustlib/x86_64-unknown-linux-gnu")
        rustc = toolchain / "bin/rustc"
        rustc.write_text(f'#!/bin/sh\nexec /usr/bin/rustc --sysroot="{toolchain}" "$@"\n')
        rustc.chmod(0o755)
        p = self.wasisdk("rust-std", "install", "--rustc", str(rustc), "--rust-dist-server",
                         "http://127.0.0.1:9")  # the discard port: nothing listens
        line = self.assert_one_line_error(p, "cannot connect to http://127.0.0.1:9/")
        self.assertTrue(line.endswith("(check the network, or use --rust-dist-server with a "
                                      "reachable mirror, or --from FILE with a rust-std tarball)"),
                        line)

    def test_doctor_on_a_rustup_toolchain_suggests_rustup(self):
        self.install_fake("22.0")
        toolchain = "stable-x86_64-unknown-linux-gnu"
        rustup_home = self.tmp / "rustup"
        sysroot = rustup_home / "toolchains" / toolchain
        (sysroot / "lib/rustlib").mkdir(parents=True)
        rustc = self.write("rustc", "#!/bin/sh\ncase \"$*\" in\n"
                           f"  *sysroot*) echo {sysroot};;\n"
                           "  *) printf 'rustc 1.80.0 (051478957 2024-07-21)\\nbinary: rustc\\n"
                           "commit-hash: 051478957371ee0084a7c0913941d2a8c4757bb9\\n"
                           "commit-date: 2024-07-21\\nhost: x86_64-unknown-linux-gnu\\n"
                           "release: 1.80.0\\nLLVM version: 18.1.7\\n';;\nesac\n")
        rustc.chmod(0o755)
        p = self.wasisdk("doctor", "--rustc", str(rustc), env={"RUSTUP_HOME": str(rustup_home)})
        row = [l for l in p.stdout.splitlines() if "rust-std" in l][0]
        self.assertIn(f"which rustup manages (toolchain {toolchain}) (fix: rustup target add "
                      f"wasm32-wasip1 --toolchain {toolchain})", row)
        # The same sysroot outside any rustup home: wasisdk installs rust-std itself.
        p = self.wasisdk("doctor", "--rustc", str(rustc), env={"RUSTUP_HOME": str(self.tmp / "x"),
                                                               "HOME": str(self.tmp / "y"),
                                                               "PATH": "/usr/bin:/bin"})
        row = [l for l in p.stdout.splitlines() if "rust-std" in l][0]
        self.assertIn("(fix: wasisdk rust-std install --target wasm32-wasip1", row)


# --- 4. progress in a real terminal ---------------------------------------------------
class Tmux:
    """A detached tmux session of a given size running one command, on a private
    server socket; `raw` collects every byte the command wrote to the terminal."""

    def __init__(self, tmp, env, argv, width=80, height=24):
        self.sock = str(tmp / "tmux.sock")
        self.raw = tmp / "raw.log"
        self.go = tmp / "go"
        script = tmp / "run.sh"
        lines = ["#!/bin/sh"] + [f"export {k}={shlex.quote(v)}" for k, v in env.items()
                                 if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", k)]
        lines += [f"while [ ! -e {shlex.quote(str(self.go))} ]; do sleep 0.05; done",
                  " ".join(shlex.quote(a) for a in argv), 'echo "[exit $?]"', "exec sleep 600"]
        script.write_text("\n".join(lines) + "\n")
        self.tmux("new-session", "-d", "-s", "t", "-x", str(width), "-y", str(height),
                  f"sh {shlex.quote(str(script))}")
        self.tmux("pipe-pane", "-o", "-t", "t", f"cat >> {shlex.quote(str(self.raw))}")
        self.go.touch()

    def tmux(self, *args):
        return subprocess.run(["tmux", "-S", self.sock, *args], check=True, capture_output=True,
                              text=True).stdout

    def screen(self, joined=False):
        """The pane's lines; `joined`: lines the terminal wrapped joined again."""
        args = ["capture-pane", "-p", "-t", "t"] + (["-J"] if joined else [])
        return self.tmux(*args).rstrip("\n").split("\n")

    def wait_for(self, predicate, what, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            screen = self.screen()
            if predicate(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}:\n" + "\n".join(self.screen()))

    def close(self):
        subprocess.run(["tmux", "-S", self.sock, "kill-server"], capture_output=True)


class ProgressTest(HomeTestCase):
    SIZE = 4_000_000

    def setUp(self):
        super().setUp()
        self.server = Server().__enter__()
        self.addCleanup(self.server.__exit__)
        self.archive = fake_sdk_archive("wasi-sdk-22.0", extra=os.urandom(self.SIZE))
        self.server.add("wasi-sdk-22.0-x86_64-linux.tar.gz", self.archive)
        m = self.write("m.json", manifest(self.server.url(""), {"22.0": [
            {"kind": "sdk", "host": "x86_64-linux", "url": "wasi-sdk-22.0-x86_64-linux.tar.gz",
             "sha256": sha256(self.archive), "size": len(self.archive), "source": "test"}]}))
        self.env["WASISDK_MANIFEST"] = str(m)
        self.env["TERM"] = "xterm-256color"
        self.gate = threading.Event()
        self.addCleanup(self.gate.set)

    def terminal(self, *args, env=None, width=80):
        e = dict(self.env)
        e.update(env or {})
        t = Tmux(self.tmp, e, [WASISDK, *args], width=width)
        self.addCleanup(t.close)
        return t

    def bar_lines(self, screen):
        return [l for l in screen if l.startswith("wasi-sdk-") and " [" in l]

    def hold(self, at):
        self.server.fault("wasi-sdk-22.0-x86_64-linux.tar.gz", "gate", at=at, gate=self.gate)

    def test_bar_fits_the_terminal_and_follows_a_resize(self):
        self.hold(at=self.SIZE // 3)
        t = self.terminal("install", "22")
        screen = t.wait_for(lambda s: any("ETA" in l for l in self.bar_lines(s)), "the bar")
        self.assertEqual(len(self.bar_lines(screen)), 1, screen)
        self.assertTrue(all(len(l) < 80 for l in screen), screen)
        t.tmux("resize-window", "-t", "t", "-x", "50", "-y", "24")
        # After the next redraw (at least once a second while bytes are awaited): one bar,
        # narrower than the terminal, and no stale copy of the wide one.
        screen = t.wait_for(lambda s: (self.bar_lines(s) and len(self.bar_lines(s)[0]) < 50 and
                                       "ETA" not in self.bar_lines(s)[0]), "a 50-column bar")
        self.assertEqual(len(self.bar_lines(screen)), 1, screen)
        self.assertTrue(all(len(l) <= 50 for l in screen), screen)
        self.gate.set()
        t.wait_for(lambda s: "[exit 0]" in s, "the install to finish")
        screen = t.screen(joined=True)  # summaries are printed once and may wrap
        self.assertIn("wasi-sdk-22.0-x86_64-linux.tar.gz: 4.0 MB, sha256 verified", screen)
        self.assertEqual(self.bar_lines(screen), [], screen)  # finished bars are summaries
        # Unpacking had its own bar, replaced by its summary.
        self.assertRegex(t.raw.read_bytes(), rb"\r\x1b\[Junpacking[^\r\n]* \[[#-]{10,}\] ")
        self.assertRegex("\n".join(screen), r"wasi-sdk-22.0-x86_64-linux.tar.gz: unpacked \d+ "
                         r"entries, 4.0 MB")

    def test_no_cursor_escapes_for_a_dumb_terminal_or_never(self):
        for env, args in (({"TERM": "dumb"}, []), ({}, ["--progress", "never"]),
                          ({"WASISDK_PROGRESS": "never"}, [])):
            shutil.rmtree(self.home, ignore_errors=True)
            t = self.terminal(*args, "install", "22", env=env)
            screen = t.wait_for(lambda s: "[exit 0]" in s, "the install")
            t.close()
            raw = t.raw.read_bytes()
            self.assertNotIn(b"\x1b[", raw, (env, args))
            self.assertIn("wasi-sdk-22.0-x86_64-linux.tar.gz: 4.0 MB, sha256 verified", screen)
            t.raw.unlink()
            t.go.unlink()
        # Bars even into a pipe with --progress always; none into a pipe by default.
        shutil.rmtree(self.home, ignore_errors=True)
        p = self.wasisdk("--progress", "always", "install", "22", check=0)
        self.assertIn("\x1b[", p.stderr)
        shutil.rmtree(self.home, ignore_errors=True)
        p = self.wasisdk("install", "22", check=0)
        self.assertNotIn("\x1b[", p.stderr)
        p = self.wasisdk("install", "22", env={"WASISDK_PROGRESS": "sometimes"})
        self.assert_one_line_error(p, "sometimes", code=2)

    def test_resumed_download_rate_counts_new_bytes_only(self):
        # 3/4 of the file is on disk already; the server sends 16 KB more, then holds.
        downloads = self.home / "downloads"
        downloads.mkdir(parents=True)
        have = 3 * len(self.archive) // 4
        (downloads / (sha256(self.archive) + ".part")).write_bytes(self.archive[:have])
        self.hold(at=16384)
        started = time.monotonic()
        t = self.terminal("install", "22")
        t.wait_for(lambda s: any("ETA" in l for l in self.bar_lines(s)), "the bar")
        time.sleep(3)  # redraws (at least one a second) while the server holds the rest
        bar = self.bar_lines(t.screen())[0]
        elapsed = time.monotonic() - started
        m = re.search(r"([\d.]+) (B|KB|MB|GB)/s", bar)
        rate = float(m.group(1)) * {"B": 1, "KB": 1e3, "MB": 1e6, "GB": 1e9}[m.group(2)]
        # Counting the bytes on disk would show at least have/elapsed (3 MB over the whole
        # run); the new ones show at most 16 KB over the 2 s or more since the attempt began.
        self.assertLess(rate, have / elapsed / 2, bar)
        done = float(re.search(r" ([\d.]+) MB/", bar).group(1))
        self.assertGreaterEqual(done, round(have / 1e6, 1), bar)  # the bytes on disk count here
        self.gate.set()
        t.wait_for(lambda s: "[exit 0]" in s, "the install")
        self.assertEqual(self.server.requests_for("wasi-sdk-22.0-x86_64-linux.tar.gz")[0][2],
                         f"bytes={have}-")
