"""Issue 10.3: CMake finding the user's own wasm libraries, as a user builds zlib, installs
it, then builds a project that uses it. With a real toolchain (the 25-era fixture, LLVM
19): the toolchain file must keep wasm files out of host prefixes, find what another
CMake project installed (default prefix, CMAKE_PREFIX_PATH, <Pkg>_ROOT,
CMAKE_FIND_ROOT_PATH), find the sysroot's libm and headers, and support IPO."""
import os
import pathlib
import re
import shutil
import subprocess
import tempfile
import unittest

from harness import WASISDK, SOURCE_DIR, real_sdk_tarball

PROGRAMS = SOURCE_DIR / "tests/integration/programs/cmake_find"
RUN_WASI = SOURCE_DIR / "tests/integration/run-wasi.mjs"
TARGET = "wasm32-wasip1"


class CMakeFindTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = pathlib.Path(tempfile.mkdtemp(prefix="wasisdk-cmake-find-"))
        cls.home = cls.tmp / "home"
        empty = cls.tmp / "empty.json"
        empty.write_text('{"schema": 1, "releases": []}')
        p = subprocess.run([WASISDK, "install", "25.0", "--from", str(real_sdk_tarball("current")),
                            "--manifest", str(empty)], env=cls.env(), capture_output=True, text=True)
        if p.returncode != 0:
            raise AssertionError(p.stderr)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def env(cls):
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("WASISDK_", "CC_", "CXX_", "AR_", "CARGO_")) and
               k not in ("WASI_SDK_PATH", "WASI_SYSROOT", "CMAKE_TOOLCHAIN_FILE")}
        env["WASISDK_HOME"] = str(cls.home)
        return env

    def setUp(self):
        self.work = pathlib.Path(tempfile.mkdtemp(dir=self.tmp))
        shutil.rmtree(self.home / "prefix", ignore_errors=True)

    def sh(self, script):
        """Runs `script` after eval "$(wasisdk env --target ...)", as the README says."""
        full = f'eval "$({WASISDK} env --target {TARGET})" && {script}'
        p = subprocess.run(["sh", "-c", full], cwd=self.work, env=self.env(), capture_output=True,
                           text=True, timeout=600)
        self.assertEqual(p.returncode, 0, f"{script}\n{p.stdout}\n{p.stderr}")
        return p.stdout

    def build_zlike(self, *args):
        build = self.work / "zlike-build"
        self.sh(f"cmake -S {PROGRAMS / 'zlike'} -B {build} -G Ninja {' '.join(args)} && "
                f"cmake --build {build} && cmake --install {build}")

    def consume(self, *args):
        build = self.work / "consumer-build"
        shutil.rmtree(build, ignore_errors=True)
        out = self.sh(f"cmake -S {PROGRAMS / 'consumer'} -B {build} -G Ninja {' '.join(args)} && "
                      f"cmake --build {build}")
        run = subprocess.run(["node", str(RUN_WASI), str(build / "app.wasm")], cwd=build,
                             capture_output=True, text=True)
        self.assertEqual((run.returncode, run.stdout), (0, "zlib 1.3.1, sqrt 2.5\n"), run.stderr)
        return out

    def test_default_prefix_keeps_wasm_out_of_the_host_and_is_found(self):
        before = set(pathlib.Path("/usr/local").rglob("*"))
        self.build_zlike()
        self.assertEqual(set(pathlib.Path("/usr/local").rglob("*")), before)
        prefix = self.home / "prefix" / TARGET
        self.assertTrue((prefix / "lib/libz.a").is_file())
        self.assertTrue((prefix / "include/zlib.h").is_file())
        out = self.consume()
        self.assertIn(f"wasisdk-test: ZLIB {prefix}/lib/libz.a 1.3.1", out)
        # the sysroot's own libm and headers, in its lib/<triple> and include/<triple>
        m = re.search(r"wasisdk-test: m (\S+) stdio.h (\S+) ipo (\S+)", out)
        self.assertTrue(m, out)
        self.assertRegex(m.group(1), r"/share/wasi-sysroot/lib/wasm32-wasip?1?[^/]*/libm\.a$")
        self.assertRegex(m.group(2), r"/share/wasi-sysroot/include(/wasm32-wasi[^/]*)?$")
        self.assertEqual(m.group(3), "YES", out)

    def test_prefix_path_pkg_root_and_find_root_path(self):
        prefix = self.work / "wasm-prefix"
        self.build_zlike(f"-DCMAKE_INSTALL_PREFIX={prefix}")
        self.assertTrue((prefix / "lib/libz.a").is_file())
        for arg in (f"-DCMAKE_PREFIX_PATH={prefix}", f"-DZLIB_ROOT={prefix}",
                    f"-DCMAKE_FIND_ROOT_PATH={prefix}"):
            with self.subTest(arg=arg):
                out = self.consume(arg)
                self.assertIn(f"wasisdk-test: ZLIB {prefix}/lib/libz.a 1.3.1", out)

    def test_host_libraries_are_never_found(self):
        # Debian's host zlib (/usr/include/zlib.h, libz.so) must not be taken for wasm.
        build = self.work / "b"
        p = subprocess.run(["sh", "-c", f'eval "$({WASISDK} env --target {TARGET})" && '
                            f"cmake -S {PROGRAMS / 'consumer'} -B {build} -G Ninja"],
                           cwd=self.work, env=self.env(), capture_output=True, text=True)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("Could NOT find ZLIB", p.stdout + p.stderr)


if __name__ == "__main__":
    unittest.main()
