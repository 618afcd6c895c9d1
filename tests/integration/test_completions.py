"""`wasisdk completions bash|zsh|fish`, run in the real shells: the script offers the
parser's commands, options and fixed values, installed names and available versions."""
import json
import os
import pathlib
import subprocess

from harness import WASISDK, HomeTestCase, fake_sdk_archive

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
        p = subprocess.run(args, env=self.env, capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout

    def bash_complete(self, *words):
        out = self.shell(["bash", "-c", f"""
source {self.script('bash')}
COMP_WORDS=("$@"); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); COMPREPLY=()
_wasisdk
printf '%s\\n' "${{COMPREPLY[@]}}"
""", "bash", *words])
        return out.split()

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
        self.assertEqual(lines[1], "sdk sysroot builtins")  # zsh filters by prefix itself
        self.assertEqual(lines[2], "--help 25.0")

    def test_unknown_shell_is_a_usage_error(self):
        p = self.wasisdk("completions", "powershell")
        self.assertEqual(p.returncode, 2)
        self.assertIn("powershell not in {bash,zsh,fish}", p.stderr)
