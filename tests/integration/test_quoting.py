"""Generated shell, CMake and TOML text, read by the real interpreters (docs/security.md,
"injected command"): for a home and an SDK whose paths hold quotes, backslashes, `$(...)`,
backticks, CMake brackets and typographic quotes, bash, dash, zsh and fish evaluate
`wasisdk env`, `cmake -P` includes a toolchain file and Python's tomllib reads
`cargo-config`. Every value must come back byte for byte, and nothing may run: the
paths hold `touch PWNED`, so a PWNED file anywhere is an injection. PowerShell is not
packaged for Debian 12: tests/unit/quote_test.cpp checks its quoting against the
language specification, and here only that its output is plain ASCII."""
import json
import os
import pathlib
import shutil
import subprocess
import tarfile
import io
import tomllib

from harness import WASISDK, HomeTestCase, fake_sdk_archive

BIN_DIR = str(pathlib.Path(WASISDK).resolve().parent)

# One path component (no '/'): every character class a quoting rule has to handle.
HOSTILE = ("a b ' \\' '\\'' \" \\ \\\\ $(touch PWNED) `touch PWNED` (touch PWNED) "
           "${HOME} $ENV{HOME} @HOME@ ; # ]] ]=] ]==] \u2018x\u2019 \u201a\u201b \u0411 \n end")
# Bytes that are not UTF-8 (0xFF), as Python passes them through os.fsencode.
NOT_UTF8 = "bad \udcff byte $(touch PWNED)"

TARGET = "wasm32-wasip1"
CC_VAR = "CC_wasm32_wasip1"
TARGET_VARS = (CC_VAR, "CXX_wasm32_wasip1", "AR_wasm32_wasip1", "CMAKE_TOOLCHAIN_FILE",
               "CARGO_TARGET_WASM32_WASIP1_LINKER", "CARGO_TARGET_WASM32_WASIP1_RUSTFLAGS")
VARS = ("WASI_SDK_PATH", "WASI_SYSROOT") + TARGET_VARS + ("WASISDK_HOME", "CCACHE_COMPILERCHECK",
                                                           "SCCACHE_DIRECT")


def unpack_fake_sdk(dest):
    """A fake SDK tree at `dest` (its path may hold any byte), without `wasisdk install`."""
    with tarfile.open(fileobj=io.BytesIO(fake_sdk_archive("sdk", ("wasm32-wasip1",)))) as tar:
        for m in tar.getmembers():
            target = dest / m.name.partition("/")[2] if "/" in m.name else dest
            if m.isdir():
                target.mkdir(parents=True, exist_ok=True)
            elif m.issym():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.symlink_to(m.linkname)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(tar.extractfile(m).read())
                target.chmod(m.mode)


class QuotingTest(HomeTestCase):
    def setUp(self):
        super().setUp()
        self.setup_paths(HOSTILE)

    def setup_paths(self, name):
        base = self.tmp / name
        self.home = base / ("home " + name)
        self.sdk = base / "sdk"
        unpack_fake_sdk(self.sdk)
        self.env["WASISDK_HOME"] = str(self.home)
        self.env["WASI_SDK_PATH"] = str(self.sdk)
        self.env.pop("WASI_SYSROOT", None)
        self.env.pop("CMAKE_TOOLCHAIN_FILE", None)
        self.path = BIN_DIR + os.pathsep + os.environ["PATH"]
        self.env["PATH"] = self.path

    def expected(self):
        bin_dir = self.home / "bin"
        return {
            "WASI_SDK_PATH": str(self.sdk),
            "WASI_SYSROOT": str(self.sdk / "share/wasi-sysroot"),
            CC_VAR: str(bin_dir / f"{TARGET}-clang"),
            "CXX_wasm32_wasip1": str(bin_dir / f"{TARGET}-clang++"),
            "AR_wasm32_wasip1": str(bin_dir / f"{TARGET}-ar"),
            "CMAKE_TOOLCHAIN_FILE": str(self.home / f"share/cmake/{TARGET}.cmake"),
            "CARGO_TARGET_WASM32_WASIP1_LINKER": str(bin_dir / f"{TARGET}-clang"),
            "CARGO_TARGET_WASM32_WASIP1_RUSTFLAGS": "-Clink-self-contained=no",
            "WASISDK_HOME": str(self.home),
            # ccache splits the command at whitespace: for such a home, the tool by name
            # (on PATH with the wrappers).
            "CCACHE_COMPILERCHECK": "wasisdk-sdk-identity %compiler%",
            "SCCACHE_DIRECT": "false",
        }

    def assert_nothing_ran(self):
        ran = [str(p) for p in self.tmp.rglob("PWNED")]
        self.assertEqual(ran, [], "a quoted value ran as a command")

    def run_shell(self, args, script):
        """Runs `script` in a shell from the working directory; returns stdout as bytes."""
        p = subprocess.run(args + [script], env=self.env, cwd=self.cwd, capture_output=True,
                           timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr.decode(errors="replace"))
        self.assert_nothing_ran()
        return p.stdout

    def check_values(self, out, path_entries):
        """`out`: the variables, then the PATH entries, each ending in NUL."""
        fields = [os.fsdecode(f) for f in out.split(b"\0")[:-1]]
        self.assertEqual(dict(zip(VARS, fields)), self.expected())
        self.assertEqual(fields[len(VARS):], path_entries)

    # --- sh, bash, dash, zsh -----------------------------------------------------------
    SH_PRINT = "printf '%s\\0' " + " ".join(f'"${v}"' for v in VARS) + ' "$PATH"'

    def check_sh(self, args):
        script = ('eval "$(wasisdk env --target wasm32-wasip1)" || exit 1\n'
                  'eval "$(wasisdk env --target wasm32-wasip1)" || exit 1\n' + self.SH_PRINT)
        out = self.run_shell(args, script)
        # Twice evaluated, and the wrappers are on PATH once, in front.
        self.check_values(out, [str(self.home / "bin") + ":" + self.path])

    def test_bash(self):
        self.check_sh(["bash", "--norc", "--noprofile", "-c"])

    def test_dash(self):
        self.check_sh(["dash", "-c"])

    def test_zsh(self):
        self.check_sh(["zsh", "-f", "-c"])

    def test_sh_path_line_keeps_an_entry_already_there_and_an_empty_path(self):
        bin_dir = str(self.home / "bin")
        self.env["PATH"] = f"/usr/bin:{bin_dir}:{BIN_DIR}"
        out = self.run_shell(["bash", "--norc", "-c"],
                             f'eval "$({WASISDK} env)" && printf %s "$PATH"')
        self.assertEqual(out.decode(), f"/usr/bin:{bin_dir}:{BIN_DIR}")  # not moved, not added
        out = self.run_shell(["bash", "--norc", "-c"],
                             f'PATH=; eval "$({WASISDK} env)"; printf %s "$PATH"')
        self.assertEqual(os.fsdecode(out), bin_dir)  # no trailing ':', which would mean "."

    def test_setup_prints_the_same_path_line(self):
        script = ('eval "$(wasisdk setup 2>/dev/null)" || exit 1\n'
                  'second=$(wasisdk setup 2>/dev/null)\n'
                  'printf "%s\\0%s\\0" "$PATH" "$second"')
        out = self.run_shell(["bash", "--norc", "-c"], script)
        path, second = [os.fsdecode(f) for f in out.split(b"\0")[:2]]
        self.assertEqual(path, str(self.home / "bin") + ":" + self.path)
        self.assertEqual(second, "")  # already on PATH: nothing to do

    # --- fish ----------------------------------------------------------------------------
    def test_fish(self):
        script = ("wasisdk env --shell fish --target wasm32-wasip1 | source; or exit 1\n"
                  "wasisdk env --shell fish --target wasm32-wasip1 | source; or exit 1\n"
                  "printf '%s\\0' " + " ".join(f'"${v}"' for v in VARS) + " $PATH")
        out = self.run_shell(["fish", "--no-config", "-c"], script)
        # fish keeps PATH as a list: the wrappers' directory once, in front.
        self.check_values(out, [str(self.home / "bin")] + self.path.split(":"))

    def test_fish_reads_backslash_quote_as_fish_does(self):
        # sh's quoting of this is 'x\'\'';touch PWNED;#', which fish reads as 'x'' and
        # then runs `touch PWNED` (issue 15: what the red team ran).
        self.setup_paths("x\\';touch PWNED;#")
        out = self.run_shell(["fish", "--no-config", "-c"],
                             "wasisdk env --shell fish | source; printf %s $WASI_SDK_PATH")
        self.assertEqual(out.decode(), str(self.sdk))

    # --- CMake ----------------------------------------------------------------------------
    CMAKE_VARS = ("CMAKE_MODULE_PATH", "CMAKE_C_COMPILER", "CMAKE_CXX_COMPILER",
                  "CMAKE_ASM_COMPILER", "CMAKE_AR", "CMAKE_RANLIB", "PKG_CONFIG_EXECUTABLE",
                  "CMAKE_SYSROOT")

    def check_cmake(self, policy):
        self.wasisdk("setup", check=0)
        out = self.tmp / "cmake-out"
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        # The project's policies apply to the toolchain file: CMP0053 OLD (projects that
        # require CMake < 3.1) evaluates @VAR@ and escapes differently in quoted arguments.
        check = self.write("check.cmake", f"cmake_policy(SET CMP0053 {policy})\n"
                           'include("${TC}")\n'
                           f"foreach(v {' '.join(self.CMAKE_VARS)})\n"
                           '  file(WRITE "${OUT}/${v}" "${${v}}")\n'
                           "endforeach()\n")
        # CMake's include() reads a backslash in a file name as a directory separator, so
        # the file is included through a link; what is checked is what it sets.
        link = self.tmp / "toolchain.cmake"
        link.unlink(missing_ok=True)
        link.symlink_to(self.home / f"share/cmake/{TARGET}.cmake")
        env = dict(self.env, WASI_SYSROOT=str(self.sdk / "share/wasi-sysroot"))
        p = subprocess.run(["cmake", f"-DTC={link}", f"-DOUT={out}", "-P", str(check)],
                           env=env, cwd=self.cwd,
                           capture_output=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr.decode(errors="replace"))
        self.assert_nothing_ran()
        got = {v: os.fsdecode((out / v).read_bytes()) for v in self.CMAKE_VARS}
        wrapper = lambda tool: str(self.home / "bin" / f"{TARGET}-{tool}")
        # CMake itself stores a FILEPATH cache entry with '/' for every '\'
        # (cmCacheManager::AddCacheEntry); every other character comes back as it was.
        cached = lambda tool: wrapper(tool).replace("\\", "/")
        # The compilers carry the SDK the build is configured for (a tree outside the
        # store: its path, every byte but [A-Za-z0-9/._+-] as %XX), one word for any shell.
        key = "".join(chr(b) if chr(b).isascii() and (chr(b).isalnum() or chr(b) in "/._+-")
                      else f"%{b:02X}" for b in os.fsencode(self.sdk))
        compiler = lambda tool: f"{wrapper(tool)};--wasisdk-expect={key}"
        self.assertEqual(got, {
            "CMAKE_MODULE_PATH": str(self.home / "share/cmake"),
            "CMAKE_C_COMPILER": compiler("clang"),
            "CMAKE_CXX_COMPILER": compiler("clang++"),
            "CMAKE_ASM_COMPILER": compiler("clang"),
            "CMAKE_AR": cached("ar"),
            "CMAKE_RANLIB": cached("ranlib"),
            "PKG_CONFIG_EXECUTABLE": cached("pkg-config"),
            "CMAKE_SYSROOT": str(self.sdk / "share/wasi-sysroot"),
        })

    def test_cmake_toolchain_file(self):
        self.check_cmake("NEW")

    def test_cmake_is_no_use_in_a_home_with_a_semicolon(self):
        # CMake splits CMAKE_TOOLCHAIN_FILE at ';' ("include could not find requested
        # file: /h;/x/..."): setup says so (HOSTILE holds one); a home without is not told.
        p = self.wasisdk("setup", check=0)
        self.assertIn(f"CMake cannot use the toolchain files in {self.home / 'share/cmake'}: "
                      "the path holds ';', which CMake reads as a list separator", p.stderr)
        self.setup_paths("plain")
        p = self.wasisdk("setup", check=0)
        self.assertNotIn("CMake cannot use", p.stderr)

    def test_cmake_toolchain_file_under_old_policies(self):
        self.check_cmake("OLD")

    # --- TOML, JSON, PowerShell ------------------------------------------------------------
    def test_cargo_config(self):
        text = self.wasisdk("cargo-config", "--target", TARGET, check=0).stdout
        doc = tomllib.loads(text)
        clang = self.expected()[CC_VAR]
        self.assertEqual(doc["target"][TARGET]["linker"], clang)
        self.assertEqual(doc["env"], {CC_VAR: clang,
                                      "CXX_wasm32_wasip1": self.expected()["CXX_wasm32_wasip1"],
                                      "AR_wasm32_wasip1": self.expected()["AR_wasm32_wasip1"]})

    def test_bootstrap_config(self):
        # toml++ writes the values; the comment line naming the SDK is written by hand.
        doc = tomllib.loads(self.wasisdk("bootstrap-config", "--target", TARGET, check=0).stdout)
        self.assertEqual(doc["target"][TARGET]["wasi-root"], str(self.sdk / "share/wasi-sysroot"))
        self.assertEqual(doc["target"][TARGET]["cc"], self.expected()[CC_VAR])

    def test_json(self):
        doc = json.loads(self.wasisdk("env", "--json", "--target", TARGET, check=0).stdout)
        self.assertEqual(doc["vars"], self.expected())
        self.assertEqual(doc["path_prepend"], [str(self.home / "bin")])

    def test_pwsh_output_is_ascii(self):
        out = self.wasisdk("env", "--shell", "pwsh", "--target", TARGET, check=0).stdout
        self.assertTrue(all(0x20 <= ord(c) < 0x7F for c in out.replace("\n", "")), out)
        self.assertIn("$env:WASI_SDK_PATH = ('", out)
        self.assertIn("[char]0x2018 + 'x' + [char]0x2019", out)
        self.assertIn("-cnotcontains", out)  # the PATH line checks before it adds

    # --- what no quoting can hold ----------------------------------------------------------
    def test_a_path_that_is_not_utf8(self):
        self.setup_paths(NOT_UTF8)
        # sh and fish strings are bytes: the value comes back.
        out = self.run_shell(["bash", "--norc", "-c"],
                             'eval "$(wasisdk env)"; printf %s "$WASI_SDK_PATH"')
        self.assertEqual(out, os.fsencode(str(self.sdk)))
        out = self.run_shell(["fish", "--no-config", "-c"],
                             "wasisdk env --shell fish | source; printf %s $WASI_SDK_PATH")
        self.assertEqual(out, os.fsencode(str(self.sdk)))
        # TOML, JSON and PowerShell strings are Unicode: one line saying so, no traceback.
        for args, language in ((["cargo-config"], "a TOML file"),
                               (["env", "--json"], "JSON"),
                               (["env", "--shell", "pwsh"], "a PowerShell script")):
            p = self.wasisdk(*args)
            self.assert_one_line_error(p, f"into {language}: it is not valid UTF-8",
                                       "\\xFF", code=1)
        self.assert_nothing_ran()

    def test_a_home_with_a_colon_cannot_go_on_path(self):
        self.setup_paths("a:b")
        p = self.wasisdk("env")
        self.assert_one_line_error(p, "it contains ':', which separates PATH entries", code=1)
