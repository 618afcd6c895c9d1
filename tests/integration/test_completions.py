"""`wasisdk completions bash|zsh|fish`, run in the real shells: the script offers the
parser's commands, options and fixed values, installed names and available versions,
and an installed name or a manifest version holding shell code is offered as a word,
never run (docs/security.md)."""
import json
import os
import pathlib
import subprocess

from harness import WASISDK, HomeTestCase, fake_sdk_archive, manifest

BIN_DIR = str(pathlib.Path(WASISDK).resolve().parent)


class CompletionsTest(HomeTestCase):
    def setUp(self):
        super().setUp()
        empty = self.write("empty.json", json.dumps({"schema": 1, "releases": []}))
        f = self.write("sdk-25.0.tar.gz", fake_sdk_archive("wasi-sdk-25.0"))
        self.wasisdk("install", "25.0", "--from", str(f), "--manifest", str(empty), check=0)
        # The script calls `wasisdk` for available versions: the one under test.
        self.env["PATH"] = BIN_DIR + os.pathsep + self.env.get("PATH", os.environ["PATH"])

    def script(self, shell):
        p = self.wasisdk("completions", shell, check=0)
        return self.write(f"wasisdk.{shell}", p.stdout)

    def shell(self, args):
        p = subprocess.run(args, env=self.env, cwd=self.cwd, capture_output=True, text=True,
                           timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout

    def bash_complete(self, *words):
        out = self.shell(["bash", "-c", f"""
source {self.script('bash')}
COMP_WORDS=("$@"); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); COMPREPLY=()
_wasisdk
printf '%s\\n' "${{COMPREPLY[@]}}"
""", "bash", *words])
        return [line for line in out.split("\n") if line]  # a reply may hold a quoted space

    def test_bash_commands_options_and_values(self):
        self.assertEqual(self.bash_complete("wasisdk", "ins"), ["install"])
        self.assertEqual(self.bash_complete("wasisdk", "install", "--comp"), ["--component"])
        self.assertEqual(self.bash_complete("wasisdk", "install", "--component", "s"),
                         ["sdk", "sysroot"])
        self.assertEqual(self.bash_complete("wasisdk", "rust-std", ""),
                         ["install", "list", "uninstall", "--help"])
        self.assertEqual(self.bash_complete("wasisdk", "-q", "rust-std", "install", "--ru"),
                         ["--rust-dist-server", "--rustc"])
        self.assertEqual(self.bash_complete("wasisdk", "env", "--target", "wasm32-wasip1-"),
                         ["wasm32-wasip1-threads"])
        self.assertEqual(self.bash_complete("wasisdk", "env", "--shell", "f"), ["fish"])
        # A free-form value gets nothing, a path option gets files.
        self.assertEqual(self.bash_complete("wasisdk", "env", "--emulate", ""), [])
        (self.tmp / "archive.tar.gz").write_bytes(b"")
        self.assertIn(str(self.tmp / "archive.tar.gz"),
                      self.bash_complete("wasisdk", "install", "--from", str(self.tmp / "arch")))

    def test_bash_offers_installed_names_and_available_versions(self):
        self.assertEqual(self.bash_complete("wasisdk", "default", ""), ["--help", "25.0"])
        self.assertEqual(self.bash_complete("wasisdk", "uninstall", "2"), ["25.0"])
        versions = self.bash_complete("wasisdk", "install", "")
        self.assertIn("latest", versions)
        self.assertIn("22.0", versions)  # from the built-in manifest

    def test_bash_offers_every_command_the_parser_has(self):
        top = self.bash_complete("wasisdk", "")
        helptext = self.wasisdk("--help", check=0).stdout
        for line in helptext.split("Subcommands:")[1].strip().splitlines():
            self.assertIn(line.split()[0], top)
        self.assertIn("completions", top)
        self.assertIn("--dist-server", top)

    def test_fish(self):
        script = self.script("fish")

        def complete(line):
            out = self.shell(["fish", "-c", f"source {script}; complete -C '{line}'"])
            return [l.split("\t")[0] for l in out.splitlines()]

        self.assertEqual(complete("wasisdk ins"), ["install"])
        self.assertEqual(complete("wasisdk install --component "), ["builtins", "sdk", "sysroot"])
        self.assertEqual(complete("wasisdk rust-std "), ["install", "list", "uninstall"])
        self.assertEqual(complete("wasisdk default "), ["25.0"])
        self.assertEqual(complete("wasisdk env --target wasm32-wasip1-"), ["wasm32-wasip1-threads"])
        self.assertIn("--quiet", complete("wasisdk install --q"))  # a global option, anywhere

    def test_zsh_registers_the_completion(self):
        script = self.script("zsh")
        out = self.shell(["zsh", "-f", "-c", f"""
source {script}
print -r -- "${{_comps[wasisdk]}}"
t() {{ emulate -L sh; COMP_WORDS=("$@"); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); COMPREPLY=(); _wasisdk; print -r -- "${{COMPREPLY[*]}}"; }}
t wasisdk install --component s
t wasisdk default ''
"""])
        lines = out.splitlines()
        self.assertEqual(lines[0], "_bash_complete -F _wasisdk")
        self.assertEqual(lines[1], "sdk sysroot")
        self.assertEqual(lines[2], "--help 25.0")

    # --- names and versions that hold shell code ----------------------------------------
    # Directory names are what the scripts read for installed names: made by hand here, as
    # anything that can create a directory in the home could.
    HOSTILE_NAMES = ("25.0-$(touch PWNED)", "25.1-`touch PWNED`", "25.2-(touch PWNED)",
                     "25.3-'; touch PWNED; '", "25.4-$(touch${IFS}PWNED)")
    # Versions like these are refused by the manifest parser (the install-name rule,
    # issue 15), so the versions offered are plain ones; the scripts quote them anyway.
    HOSTILE_VERSIONS = ("26.0-$(touch${IFS}PWNED)", "26.1-`touch${IFS}PWNED`")
    VERSIONS = ("26.0", "26.1-rc.1")

    def plant_hostile(self):
        """Returns the versions `wasisdk list --available` offers from a manifest of them."""
        for name in self.HOSTILE_NAMES:
            d = self.home / "toolchains" / name
            d.mkdir(parents=True)
            (d / "receipt.json").write_text("{}")
        art = [{"kind": "sdk", "host": "x86_64-linux", "url": "x.tar.gz"}]
        hostile = self.write("hostile.json", manifest("https://example.invalid/", {
            v: art for v in self.HOSTILE_VERSIONS}))
        p = self.wasisdk("list", "--available", "--manifest", str(hostile))
        self.assert_one_line_error(p, "is not a version")
        self.assert_nothing_ran()
        m = self.write("plain.json", manifest("https://example.invalid/", {v: art for v in self.VERSIONS}))
        self.env["WASISDK_MANIFEST"] = str(m)
        listed = self.wasisdk("list", "--available", "--quiet").stdout.splitlines()[1:]
        return [line.split()[0] for line in listed]

    def assert_nothing_ran(self):
        self.assertEqual([str(p) for p in self.tmp.rglob("PWNED")], [],
                         "a name offered for completion ran as a command")

    def words_of(self, replies):
        """What each reply is once on a command line: bash reads it back as one word."""
        out = self.shell(["bash", "-c", 'for r; do eval "printf \'%s\\0\' $r"; done', "bash",
                          *replies])
        self.assert_nothing_ran()
        return out.split("\0")[:-1]

    def test_bash_offers_names_holding_code_as_words_and_runs_nothing(self):
        available = self.plant_hostile()
        replies = self.bash_complete("wasisdk", "default", "")
        self.assert_nothing_ran()
        self.assertCountEqual(self.words_of(replies), ["--help", "25.0", *self.HOSTILE_NAMES])
        self.assertIn("25.0-\\$\\(touch\\ PWNED\\)", replies)  # printf %q's quoting
        replies = self.bash_complete("wasisdk", "install", "2")
        self.assert_nothing_ran()
        self.assertCountEqual(self.words_of(replies), available)
        # A prefix typed either way finds the name.
        self.assertEqual(self.words_of(self.bash_complete("wasisdk", "uninstall", "25.1-`")),
                         ["25.1-`touch PWNED`"])
        self.assertEqual(self.words_of(self.bash_complete("wasisdk", "uninstall", "25.1-\\`")),
                         ["25.1-`touch PWNED`"])

    def test_zsh_offers_names_holding_code_and_runs_nothing(self):
        self.plant_hostile()
        script = self.script("zsh")
        out = self.shell(["zsh", "-f", "-c", f"""
source {script}
t() {{ emulate -L sh; COMP_WORDS=("$@"); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); COMPREPLY=(); _wasisdk; printf '%s\\n' "${{COMPREPLY[@]}}"; }}
t wasisdk default ''
t wasisdk install ''
"""])
        self.assert_nothing_ran()
        replies = [line for line in out.split("\n") if line]
        self.assertTrue(set(self.HOSTILE_NAMES) <= set(self.words_of(replies)), replies)
        self.assertIn("26.1-rc.1", self.words_of(replies))  # `wasisdk` was found

    def test_fish_offers_names_holding_code_and_runs_nothing(self):
        available = self.plant_hostile()
        script = self.script("fish")
        for line, names in (("wasisdk default ", ["25.0", *self.HOSTILE_NAMES]),
                            ("wasisdk install ", ["latest", *available])):
            out = self.shell(["fish", "--no-config", "-c",
                              f"source {script}; complete -C {line!r}"])
            self.assert_nothing_ran()
            self.assertCountEqual([l.split("\t")[0] for l in out.splitlines()], names)

    def test_unknown_shell_is_a_usage_error(self):
        p = self.wasisdk("completions", "powershell")
        self.assertEqual(p.returncode, 2)
        self.assertIn("powershell not in {bash,zsh,fish}", p.stderr)
