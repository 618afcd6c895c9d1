"""Every layout era of wasi-sdk (docs/sdk-releases.md) with a real toolchain: a
Debian-built tree laid out like release 21, 25, 26, 31, 33 or 34 (tests/fixtures/make-sdk.sh)
is installed with `wasisdk install --from`, and C, C++, static libraries, CMake, autotools
with pkg-config and WASISDK_EMULATE are built through the wrappers under both target
spellings (wasm32-wasip1 and the legacy wasm32-wasi), with -Werror where the compiler is
driven directly; the programs run under node's WASI.

CTest runs one entry per era (WASISDK_TEST_ERA, label `eras`) so that `ctest -j` runs them
side by side; without the variable every era runs here, one after the other."""
import json
import os
import pathlib
import shutil
import subprocess
import tempfile
import unittest

from harness import WASISDK, clean_env, node_run, real_sdk_tarball

HERE = pathlib.Path(__file__).resolve().parent
PROGRAMS = HERE / "programs"
TARGETS = ("wasm32-wasip1", "wasm32-wasi")

# era -> the Debian LLVM its fixture is built with. 31 and 33 ship LLVM 22 as the real
# releases do; Debian has no LLVM 23 (34's), so 34 gets 19: the oldest clang on the newest
# layout, next to 33's clang 22 on the same layout.
ERAS = {"21": 19, "25": 19, "26": 19, "31": 22, "33": 22, "34": 19}

# What each era's tree holds (docs/sdk-releases.md), as make-sdk.sh builds it from Debian:
# sysroot triples, builtins layout, whether bin/clang.cfg exists, CMake toolchain files,
# whether libc++ is split per exception mode.
SHAPES = {
    "21": (["wasm32-wasi"], "os", False, ["wasi-sdk.cmake"], False),
    "25": (["wasm32-wasi", "wasm32-wasip1"], "os-copies", True,
           ["wasi-sdk-p1.cmake", "wasi-sdk.cmake"], False),
    "26": (["wasm32-wasi", "wasm32-wasip1"], "per-target", True,
           ["wasi-sdk-p1.cmake", "wasi-sdk.cmake"], False),
    "31": (["wasm32-wasi", "wasm32-wasip1"], "per-target", True,
           ["wasi-sdk-p1.cmake", "wasi-sdk.cmake"], False),
    "33": (["wasm32-wasi", "wasm32-wasip1"], "per-target", True,
           ["wasi-sdk-p1.cmake", "wasi-sdk.cmake"], True),
    "34": (["wasm32-wasip1"], "per-target", True, ["wasi-sdk-p1.cmake"], True),
}
# The clang of each Debian LLVM and the llvm-project commit of its release tag, as
# make-sdk.sh writes them into VERSION (its comment names the sources).
LLVM = {19: ("19.1.7", "cd708029e0b2"), 22: ("22.1.8", "ca7933e47d3a")}


class EraTest(unittest.TestCase):
    era = None  # set by the subclasses made below

    @classmethod
    def setUpClass(cls):
        if shutil.which("node") is None:
            raise AssertionError("node is required (packaging/deps-debian.sh --test installs it)")
        cls.llvm = ERAS[cls.era]
        cls.version = f"{cls.era}.0"
        cls.tarball = real_sdk_tarball(cls.era, cls.llvm)
        cls.tmp = pathlib.Path(tempfile.mkdtemp(prefix=f"wasisdk-era{cls.era}-"))
        cls.home = cls.tmp / "home"
        empty = cls.tmp / "empty.json"
        empty.write_text('{"schema": 1, "releases": []}')
        p = subprocess.run([WASISDK, "install", cls.version, "--from", str(cls.tarball),
                            "--manifest", str(empty)], env=cls.base_env(), capture_output=True,
                           text=True)
        if p.returncode != 0:
            raise AssertionError(f"install of {cls.tarball} failed:\n{p.stderr}")
        cls.sdk = cls.home / "toolchains" / cls.version / "sdk"
        cls.sysroot = cls.sdk / "share/wasi-sysroot"

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def base_env(cls):
        env = clean_env(cls.home, wrappers_on_path=True)
        env["WASISDK_SDK"] = cls.version
        return env

    def setUp(self):
        self.work = pathlib.Path(tempfile.mkdtemp(dir=self.tmp))

    def run_ok(self, args, cwd=None, **extra):
        p = self.run_any(args, cwd=cwd, **extra)
        self.assertEqual(p.returncode, 0, f"era {self.era}: {args}\n{p.stdout}\n{p.stderr}")
        return p

    def run_any(self, args, cwd=None, **extra):
        env = self.base_env()
        env.update(extra)
        return subprocess.run(args, cwd=cwd or self.work, env=env, capture_output=True,
                              text=True, timeout=600)

    def copy(self, name, to=None):
        src, dst = PROGRAMS / name, (to or self.work) / name
        if src.is_dir():
            shutil.copytree(src, dst)
        else:
            shutil.copy(src, dst)
        return dst

    # --- the tree and what wasisdk reads from it -----------------------------------
    def test_tree_is_laid_out_like_the_release(self):
        triples, builtins, cfg, cmake, dual = SHAPES[self.era]
        # <= 22: wasi-sdk-N.0-linux.tar.gz holding wasi-sdk-N.0/; 23+: the file stem.
        if self.era == "21":
            archive, top = f"wasi-sdk-{self.version}-linux.tar.gz", f"wasi-sdk-{self.version}"
        else:
            top = f"wasi-sdk-{self.version}-x86_64-linux"
            archive = f"{top}.tar.gz"
        self.assertEqual(self.tarball.name, archive)
        names = subprocess.run(["tar", "tzf", str(self.tarball)], capture_output=True, text=True,
                               check=True).stdout.split()
        self.assertEqual({n.split("/")[0] for n in names}, {top})

        tree = json.loads((self.home / "toolchains" / self.version / "receipt.json")
                          .read_text())["tree"]
        self.assertEqual(tree["sysroot_targets"], triples)
        rt = f"lib/clang/{self.llvm}/lib"
        expected_builtins = {
            "os": [f"{rt}/wasi/libclang_rt.builtins-wasm32.a"],
            "os-copies": [f"{rt}/{os_}/libclang_rt.builtins-wasm32.a"
                          for os_ in ("wasi", "wasip1", "wasip2")],
            "per-target": [f"{rt}/wasm32-unknown-{os_}/libclang_rt.builtins.a"
                           for os_ in ("wasi", "wasip1", "wasip2")
                           if os_ != "wasi" or "wasm32-wasi" in triples],
        }[builtins]
        self.assertEqual(tree["builtins"], sorted(expected_builtins))
        self.assertEqual(tree["cfg_files"], ["bin/clang++.cfg", "bin/clang.cfg"] if cfg else [])
        # The bundled clang's default target (emulated by clang.cfg; 21's is Debian's host).
        if cfg:
            self.assertEqual(tree["default_target"], "wasm32-unknown-wasip1"
                             if int(self.era) >= 31 else "wasm32-unknown-wasi")
        self.assertEqual(sorted(p.name for p in (self.sdk / "share/cmake").glob("*.cmake")),
                         cmake)
        for triple in triples:
            inc, lib = self.sysroot / "include" / triple, self.sysroot / "lib" / triple
            if dual:
                self.assertTrue((inc / "noeh/c++/v1/vector").is_file())
                self.assertTrue((inc / "eh/c++/v1/vector").is_file())
                self.assertTrue((lib / "noeh/libc++.a").is_file())
                self.assertEqual(list((lib / "eh").iterdir()), [])  # Debian has no eh libc++
                self.assertFalse((inc / "c++").exists())
                self.assertFalse((lib / "libc++.a").exists())
            else:
                self.assertTrue((inc / "c++/v1/vector").is_file())
                self.assertTrue((lib / "libc++.a").is_file())

    def test_show_reports_the_llvm_version_not_the_commit(self):
        version, commit = LLVM[self.llvm]
        version_file = self.sdk / "VERSION"
        if self.era == "21":
            self.assertFalse(version_file.exists())  # releases <= 21 have none
        else:
            self.assertEqual(version_file.read_text().splitlines(), [
                self.version, "wasi-libc: 9886d3d", f"llvm: {commit}",
                f"llvm-version: {version}", "config: none"])
        show = self.run_ok([WASISDK, "show"]).stdout
        self.assertIn(f"llvm:    {version}\n", show)
        self.assertNotIn(commit, show)
        doc = json.loads(self.run_ok([WASISDK, "show", "--json"]).stdout)
        self.assertEqual(doc["llvm"], version)

    # --- builds through the wrappers -------------------------------------------------
    def test_which_triple_each_spelling_gets(self):
        # The legacy name compiles for wasm32-wasip1 wherever the sysroot has it.
        triple = "wasm32-wasi" if self.era == "21" else "wasm32-wasip1"
        for target in TARGETS:
            with self.subTest(target=target):
                p = self.run_ok([f"{target}-clang", "--version"], WASISDK_VERBOSE="1")
                self.assertIn(f" --target={triple} ", p.stderr)
        # Why: clang 22 itself fails -Werror builds that name wasm32-wasi.
        (self.work / "a.c").write_text("int f(void) { return 1; }\n")
        p = self.run_any([str(self.sdk / "bin/clang"), "--target=wasm32-wasi", "-Werror", "-c",
                          "a.c"])
        if self.llvm >= 22:
            self.assertNotEqual(p.returncode, 0)
            self.assertIn("argument '--target=wasm32-wasi' is deprecated, use "
                          "--target=wasm32-wasip1 instead [-Werror,-Wdeprecated]", p.stderr)
        else:
            self.assertEqual((p.returncode, p.stderr), (0, ""))

    def test_c_program(self):
        self.copy("libc_tour.c")
        (self.work / "data").mkdir()
        for target in TARGETS:
            with self.subTest(target=target):
                out = f"tour-{target}.wasm"
                # -Werror: clang 22 warns on every --target=wasm32-wasi (deprecated).
                p = self.run_ok([f"{target}-clang", "-Werror", "-O2", "libc_tour.c", "-o", out])
                self.assertEqual(p.stderr, "")
                r = node_run(self.work / out, "alpha", "beta", cwd=self.work,
                             env={"GREETING": "hi"})
                self.assertEqual(r.returncode, 42, r.stderr)
                self.assertEqual(r.stdout.splitlines(), [
                    "argc=3 argv1=alpha argv2=beta", "env GREETING=hi",
                    "sorted: 1 2 3 5 8", "snprintf: 3.14 0x2a  -7", "strtod: 2.5",
                    "file: 12 bytes: hello, wasm!", "math: 1.414", "strings: WASI wasi 4",
                    "malloc: 4950"])

    def test_cxx_program(self):
        self.copy("containers.cpp")
        for target in TARGETS:
            with self.subTest(target=target):
                # Compile and link in two steps too: the link alone must find libc++.
                self.run_ok([f"{target}-clang++", "-Werror", "-O2", "-c", "containers.cpp"])
                self.run_ok([f"{target}-clang++", "-Werror", "containers.o", "-o", "c2.wasm"])
                p = self.run_ok([f"{target}-clang++", "-Werror", "-O2", "containers.cpp",
                                 "-o", "c.wasm"])
                self.assertEqual(p.stderr, "")
                for wasm in ("c.wasm", "c2.wasm"):
                    r = node_run(self.work / wasm, cwd=self.work)
                    self.assertEqual((r.returncode, r.stdout),
                                     (0, "words: 3 longest: containers\ncounts: a=2 b=1\n"
                                         "stream: 7 x 6 = 42\n"), r.stderr)

    def test_cxx_thread_local_with_destructors(self):
        # Debian's libc++abi has no __cxa_thread_atexit (issue 10, item 6): the install
        # built wasisdk's fallback for each triple, with this era's clang and layout (33+:
        # libc++abi in noeh/), and C++ links take it.
        triples = SHAPES[self.era][0]
        receipt = json.loads((self.home / "toolchains" / self.version / "receipt.json").read_text())
        self.assertEqual(receipt["cxx_compat"], [
            {"triple": t, "thread_atexit": "fallback", "detail": "",
             "archive": f"compat/{t}/libwasisdk-compat.a"} for t in triples])
        self.copy("thread_local.cpp")
        for target in TARGETS:
            with self.subTest(target=target):
                out = f"{target}.wasm"
                p = self.run_ok([f"{target}-clang++", "-Werror", "-O2", "thread_local.cpp", "-o",
                                 out])
                self.assertEqual(p.stderr, "")
                r = node_run(self.work / out, cwd=self.work)
                self.assertEqual((r.returncode, r.stdout),
                                 (0, "hello from a thread_local std::string, thread_local\n"
                                     "~Loud(thread_local)\n~Loud(static)\n"), r.stderr)

    def test_cxx_exceptions_explain_themselves(self):
        (self.work / "t.cpp").write_text("int main() { throw 1; }\n")
        p = self.run_any(["wasm32-wasip1-clang++", "t.cpp", "-o", "t.wasm"])
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("cannot use 'throw' with exceptions disabled", p.stderr)
        # None of the Debian-built trees has an exception-handling libc++ (33+ would ship
        # one in lib/<triple>/eh/): asking for one is refused in one line.
        triple = "wasm32-wasi" if self.era == "21" else "wasm32-wasip1"
        for flag in ("-fexceptions", "-fwasm-exceptions"):
            p = self.run_any(["wasm32-wasip1-clang++", flag, "t.cpp", "-o", "t.wasm"])
            self.assertEqual((p.returncode, p.stderr), (3, (
                f"wasm32-wasip1-clang++: error: wasi-sdk {self.version} has no C++ exception "
                f"runtime for {triple} (build with -fno-exceptions, or use wasi-sdk 33 or "
                "later)\n")))

    def test_static_library(self):
        for target in TARGETS:
            with self.subTest(target=target):
                d = self.copy("staticlib", to=self.work / target)
                for src in ("add.c", "mul.c"):
                    self.run_ok([f"{target}-clang", "-Werror", "-O2", "-c", src], cwd=d)
                self.run_ok([f"{target}-ar", "rcs", "libarith.a", "add.o", "mul.o"], cwd=d)
                nm = self.run_ok([f"{target}-nm", "libarith.a"], cwd=d).stdout
                self.assertIn("T arith_add", nm)
                self.run_ok([f"{target}-clang", "-Werror", "main.c", "-L.", "-larith", "-o",
                             "m.wasm"], cwd=d)
                r = node_run(d / "m.wasm", cwd=d)
                self.assertEqual((r.returncode, r.stdout), (0, "2+3=5 2*3=6\n"), r.stderr)

    def test_cmake_project_from_wasisdk_env(self):
        # A C++ static library, a SHARED one built static, a C executable linked as C++.
        src = self.copy("cmake_project")
        for target in TARGETS:
            with self.subTest(target=target):
                build = self.work / f"build-{target}"
                script = (f'eval "$({WASISDK} env --target {target})" && '
                          f'cmake -S {src} -B {build} -G Ninja '
                          f'-DCMAKE_C_FLAGS=-Werror -DCMAKE_CXX_FLAGS=-Werror && '
                          f'cmake --build {build}')
                self.run_ok(["sh", "-c", script])
                r = node_run(build / "app.wasm", "x", cwd=build)
                self.assertEqual((r.returncode, r.stdout),
                                 (0, "greeting: Hello, wasm32! (2 args)\nshared: 7\n"), r.stderr)

    def test_autotools_configure_with_pkg_config(self):
        src = self.copy("autotools_project")
        self.run_ok(["autoreconf", "-i"], cwd=src)
        for target in TARGETS:
            with self.subTest(target=target):
                work = self.work / f"at-{target}"
                work.mkdir()
                self.autotools_build(src, target, work)

    def autotools_build(self, src, target, work):
        # A wasm library with a .pc file under a prefix of its own (PKG_CONFIG_PATH is the
        # user's: kept; the host's default .pc directories are not searched).
        deps = work / "deps"
        (deps / "lib/pkgconfig").mkdir(parents=True)
        (deps / "include").mkdir()
        (deps / "include/twice.h").write_text("int twice(int);\n")
        (work / "twice.c").write_text("int twice(int x) { return 2 * x; }\n")
        self.run_ok([f"{target}-clang", "-c", "twice.c"], cwd=work)
        self.run_ok([f"{target}-ar", "rcs", str(deps / "lib/libtwice.a"), "twice.o"], cwd=work)
        (deps / "lib/pkgconfig/twice.pc").write_text(
            f"prefix={deps}\nName: twice\nDescription: doubles\nVersion: 1.0\n"
            "Cflags: -I${prefix}/include\nLibs: -L${prefix}/lib -ltwice\n")
        host_pc = self.run_any([f"{target}-pkg-config", "--exists", "libcurl"], cwd=work)
        self.assertNotEqual(host_pc.returncode, 0, "a host .pc file leaked into the wasm build")
        build = work / "b"
        build.mkdir()
        env = {"PKG_CONFIG_PATH": str(deps / "lib/pkgconfig"), "PKG_CONFIG_SYSROOT_DIR": ""}
        self.run_ok([str(src / "configure"), f"--host={target}"], cwd=build, **env)
        self.assertIn(f"CC='{target}-gcc'", (build / "config.log").read_text())
        self.run_ok(["make"], cwd=build, **env)
        r = node_run(build / "hello", "a", "b", cwd=build)
        self.assertEqual((r.returncode, r.stdout), (0, "twice(3 args) = 6\n"), r.stderr)

    def test_emulated_mman_and_long_double(self):
        self.copy("emulated.c")
        for target in TARGETS:
            with self.subTest(target=target):
                self.run_ok([f"{target}-clang", "-Werror", "emulated.c", "-o", "e.wasm"],
                            WASISDK_EMULATE="mman,long-double")
                r = node_run(self.work / "e.wasm", cwd=self.work)
                self.assertEqual((r.returncode, r.stdout), (0, "mmap: ok\nlong double: 2.50\n"),
                                 r.stderr)
                p = self.run_any([f"{target}-clang", "emulated.c", "-o", "e.wasm"],
                                 WASISDK_EMULATE="mman,tls")
                self.assertEqual(p.stderr.strip(), f"{target}-clang: error: WASISDK_EMULATE "
                                 "names 'tls' (use any of mman, signal, process-clocks, getpid, "
                                 "long-double, setjmp)")


def load_tests(loader, tests, pattern):
    """One TestCase class per era (all, or WASISDK_TEST_ERA's)."""
    wanted = os.environ.get("WASISDK_TEST_ERA")
    if wanted is not None and wanted not in ERAS:
        raise AssertionError(f"WASISDK_TEST_ERA={wanted}: use one of {', '.join(ERAS)}")
    suite = unittest.TestSuite()
    for era in ERAS:
        if wanted in (None, era):
            cls = type(f"Era{era}Test", (EraTest,), {"era": era})
            suite.addTests(loader.loadTestsFromTestCase(cls))
    return suite
