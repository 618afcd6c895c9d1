"""Shared helpers: run the real wasisdk binary in a private home, make archives and
manifests, and build (once, cached in the build directory) real toolchain fixtures."""
import hashlib
import io
import json
import os
import pathlib
import shutil
import subprocess
import tarfile
import tempfile
import unittest

WASISDK = os.environ.get("WASISDK_BIN", "wasisdk")
SOURCE_DIR = pathlib.Path(os.environ.get("WASISDK_SOURCE_DIR",
                                         pathlib.Path(__file__).resolve().parents[2]))
FIXTURE_DIR = pathlib.Path(os.environ.get("WASISDK_FIXTURE_DIR",
                                          pathlib.Path(tempfile.gettempdir()) / "wasisdk-fixtures"))
RUN_WASI = pathlib.Path(__file__).resolve().parent / "run-wasi.mjs"

# What a user's shell may hold that steers wasisdk, the wrappers, cargo, cc-rs or CMake
# (`wasisdk env` exports most of them): a test that builds starts without any of them and
# sets only what it tests.
BUILD_ENV_PREFIXES = ("WASISDK_", "CC_", "CXX_", "AR_", "CARGO_")
BUILD_ENV_NAMES = ("WASI_SDK_PATH", "WASI_SYSROOT", "CMAKE_TOOLCHAIN_FILE")


def clean_env(home, wrappers_on_path=False, drop=()):
    """os.environ without the BUILD_ENV_* variables, nor those starting with a prefix in
    `drop` (a compiler cache's, say), and with WASISDK_HOME `home`; `wrappers_on_path` puts
    home/bin first on PATH, as `eval "$(wasisdk env)"` does."""
    prefixes = BUILD_ENV_PREFIXES + tuple(drop)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(prefixes) and k not in BUILD_ENV_NAMES}
    env["WASISDK_HOME"] = str(home)
    if wrappers_on_path:
        env["PATH"] = f"{pathlib.Path(home) / 'bin'}:{env['PATH']}"
    return env


def node_command(wasm, *args):
    """The command that runs the WASI preview1 module `wasm` with `args` under node
    (run-wasi.mjs: the working directory preopened, the environment passed through);
    --no-warnings keeps node's own warnings out of the program's stderr."""
    return ["node", "--no-warnings", str(RUN_WASI), str(wasm), *args]


def node_run(wasm, *args, cwd=None, env=None, timeout=120):
    """node_command run to the end, its output captured as text."""
    return subprocess.run(node_command(wasm, *args), cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)

FAKE_CLANG = """#!/bin/sh
# -print-file-name=F, as the wrappers call it: F under --sysroot's lib/<--target>.
for a in "$@"; do
  case "$a" in
    --sysroot=*) sysroot="${a#--sysroot=}";;
    --target=*) target="${a#--target=}";;
    -print-file-name=*) printf '%s\\n' "$sysroot/lib/$target/${a#-print-file-name=}"; exit 0;;
  esac
done
case "$1" in
  --version) echo "clang version 19.1.7"; echo "Target: wasm32-unknown-wasi";;
  -print-resource-dir) echo "$(dirname "$0")/../lib/clang/19";;
  *) exit 1;;
esac
"""


def fake_rustc(directory, release, llvm="22.1.8"):
    """A `rustc` in `directory` that answers `-vV` (distro-style "unknown" hash and date, as
    Debian's 1.63 prints) and `--print sysroot`, for what env and cargo-config ask."""
    directory = pathlib.Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    rustc = directory / "rustc"
    rustc.write_text(
        "#!/bin/sh\n"
        f'case "$*" in\n'
        f'  -vV) printf "rustc {release}\\nbinary: rustc\\ncommit-hash: unknown\\n'
        f'commit-date: unknown\\nhost: x86_64-unknown-linux-gnu\\nrelease: {release}\\n'
        f'LLVM version: {llvm}\\n";;\n'
        f'  "--print sysroot") echo "{directory.parent}";;\n'
        "  *) exit 1;;\nesac\n")
    rustc.chmod(0o755)
    return rustc


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def make_tar_gz(entries):
    """entries: list of (name, bytes | None for a dir | ('symlink', target), mode)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, content, mode in entries:
            info = tarfile.TarInfo(name)
            info.mtime = 1700000000
            info.mode = mode
            if content is None:
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
            elif isinstance(content, tuple):
                kind, target = content
                info.type = tarfile.SYMTYPE if kind == "symlink" else tarfile.LNKTYPE
                info.linkname = target
                tar.addfile(info)
            else:
                info.size = len(content)
                tar.addfile(info, io.BytesIO(content))
    return buf.getvalue()


def fake_sdk_archive(top="wasi-sdk-22.0", triples=("wasm32-wasi",), extra=b""):
    """A small SDK-shaped archive whose bin/clang is a script answering --version."""
    entries = [
        (f"{top}/", None, 0o755),
        (f"{top}/bin/", None, 0o755),
        (f"{top}/bin/clang", FAKE_CLANG.encode(), 0o755),
        (f"{top}/bin/clang++", ("symlink", "clang"), 0o777),
        (f"{top}/bin/wasm-ld", b"#!/bin/sh\nexit 0\n", 0o755),
        (f"{top}/bin/llvm-ar", b"#!/bin/sh\nexit 0\n", 0o755),
        (f"{top}/lib/clang/19/lib/wasi/libclang_rt.builtins-wasm32.a", b"!<arch>\n", 0o644),
        (f"{top}/VERSION", b"22.0\nllvm-version: 19.1.7\n", 0o644),
        (f"{top}/padding", extra, 0o644),
    ]
    for t in triples:
        entries.append((f"{top}/share/wasi-sysroot/lib/{t}/libc.a", b"!<arch>\n", 0o644))
        entries.append((f"{top}/share/wasi-sysroot/include/{t}/stdio.h", b"/* */\n", 0o644))
    return make_tar_gz(entries)


def manifest(base_url, releases):
    """releases: {version: [artifact dicts]}"""
    return json.dumps({
        "schema": 1,
        "base_url": base_url,
        "releases": [{"version": v, "llvm": "19.1.7", "artifacts": arts}
                     for v, arts in releases.items()],
    })


class HomeTestCase(unittest.TestCase):
    """Each test gets a private WASISDK_HOME and working directory."""

    def setUp(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="wasisdk-test-"))
        self.home = self.tmp / "home"
        self.cwd = self.tmp / "work"
        self.cwd.mkdir()
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith("WASISDK_") and k not in ("WASI_SDK_PATH",)}
        self.env["WASISDK_HOME"] = str(self.home)
        self.env["WASISDK_RETRY_BASE_MS"] = "50"
        self.env["WASISDK_LOW_SPEED_TIME"] = "2"
        self.env["WASISDK_HOST"] = "x86_64-linux"
        # The rustc env and cargo-config ask for target names (RUSTC, else PATH's, which
        # differs between machines: Debian's 1.63, a rustup proxy): a current one, so that
        # wasm32-wasip1 is spelled wasm32_wasip1. Tests of other rustcs set their own.
        self.env["RUSTC"] = str(fake_rustc(self.tmp / "rust-1.96/bin", "1.96.0"))

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def wasisdk(self, *args, env=None, cwd=None, check=None, timeout=300):
        e = dict(self.env)
        if env:
            for k, v in env.items():
                if v is None:
                    e.pop(k, None)
                else:
                    e[k] = v
        p = subprocess.run([WASISDK, *args], env=e, cwd=cwd or self.cwd, capture_output=True,
                           text=True, timeout=timeout)
        if check is not None:
            self.assertEqual(p.returncode, check, f"wasisdk {' '.join(args)}\n{p.stdout}\n{p.stderr}")
        return p

    def write(self, name, text):
        path = self.tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text)
        return path

    def home_entries(self, sub):
        d = self.home / sub
        return sorted(p.name for p in d.iterdir()) if d.exists() else []

    def assert_one_line_error(self, p, *fragments, code=None):
        return assert_one_line_error(self, p, *fragments, code=code)


def assert_one_line_error(test, p, *fragments, code=None):
    """A failed run printed exactly one `wasisdk: error:` line holding every fragment."""
    test.assertNotEqual(p.returncode, 0, p.stderr)
    if code is not None:
        test.assertEqual(p.returncode, code, p.stderr)
    lines = [l for l in p.stderr.splitlines() if l.startswith("wasisdk: error:")]
    test.assertEqual(len(lines), 1, p.stderr)
    for f in fragments:
        test.assertIn(f, lines[0])
    return lines[0]


def real_sdk_tarball(era, llvm=None):
    """A real toolchain tarball built from Debian packages, laid out like wasi-sdk release
    `era` (tests/fixtures/make-sdk.sh: 16, 21, 25, 26, 31, 33, 34, or the older names
    current, legacy, llvm14) with LLVM `llvm` (its default when None). The script keys
    its cache in the build directory by every input, so this is cheap once built."""
    FIXTURE_DIR.mkdir(parents=True, exist_ok=True)
    args = ["bash", str(SOURCE_DIR / "tests/fixtures/make-sdk.sh"), str(FIXTURE_DIR), str(era)]
    if llvm is not None:
        args += ["--llvm", str(llvm)]
    p = subprocess.run(args, capture_output=True, text=True)
    if p.returncode != 0:
        raise AssertionError(f"{' '.join(args)} failed:\n{p.stderr}")
    return pathlib.Path(p.stdout.strip().splitlines()[-1])
