"""Issue 10, the second step: builds that went wrong silently after the first one worked,
each as a user runs it, with a real toolchain (the 25-era fixture, LLVM 19).
CMake finding the user's own wasm libraries (a user builds zlib, installs it, then builds
a project that uses it): the toolchain file must keep wasm files out of host prefixes,
find what another CMake project installed (default prefix, CMAKE_PREFIX_PATH,
<Pkg>_ROOT, CMAKE_FIND_ROOT_PATH), find the sysroot's libm and headers, and support IPO.
The wrappers: -shared without a shared libc, a stray --target, a missing threads sysroot.
A changed SDK under a configured build directory (a pin edited or created, WASISDK_SDK):
the build stops in one line that names the change and the command to run, instead of
mixing two SDKs' objects; the command then builds everything with the new SDK."""
import json
import pathlib
import re
import shutil
import subprocess
import tempfile
import unittest

from harness import WASISDK, SOURCE_DIR, clean_env, node_run, real_sdk_tarball

PROGRAMS = SOURCE_DIR / "tests/integration/programs/cmake_find"
TARGET = "wasm32-wasip1"


class SecondStepTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = pathlib.Path(tempfile.mkdtemp(prefix="wasisdk-cmake-find-"))
        cls.home = cls.tmp / "home"
        empty = cls.tmp / "empty.json"
        empty.write_text('{"schema": 1, "releases": []}')
        # 25.0 first (it becomes the default); 16.0 (LLVM 14) is the SDK a pin switches to.
        for name, era in (("25.0", "current"), ("16.0", "16")):
            p = subprocess.run([WASISDK, "install", name, "--from", str(real_sdk_tarball(era)),
                                "--manifest", str(empty)], env=cls.env(), capture_output=True,
                               text=True)
            if p.returncode != 0:
                raise AssertionError(p.stderr)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def env(cls):
        return clean_env(cls.home)

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
        run = node_run(build / "app.wasm", cwd=build)
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

    # --- the wrappers ------------------------------------------------------------------
    def wrapper(self, tool, *args):
        (self.work / "a.c").write_text("int f(void) { return 1; }\n")
        return subprocess.run([str(self.home / "bin" / tool), *args], cwd=self.work,
                              env=self.env(), capture_output=True, text=True)

    def test_shared_without_a_shared_libc_is_refused(self):
        p = self.wrapper("wasm32-wasip1-clang", "-shared", "a.c", "-o", "liba.so")
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertEqual(p.stderr.strip().splitlines(), [
            "wasm32-wasip1-clang: error: wasi-sdk 25.0 has no shared libc "
            "(lib/wasm32-wasip1/libc.so) for -shared: wasm shared libraries need wasi-sdk 30 or "
            "later (build static libraries (e.g. ./configure --disable-shared))"])
        self.assertEqual(self.wrapper("wasm32-wasip1-clang", "-c", "a.c").returncode, 0)

    def test_a_stray_target_is_warned_about(self):
        p = self.wrapper("wasm32-wasip1-clang", "--target=wasm32", "-c", "a.c")
        self.assertIn("warning: --target=wasm32 given to a wasm32-wasip1 wrapper: this builds "
                      "for wasm32, not wasm32-wasip1", p.stderr)
        p = self.wrapper("wasm32-wasip1-clang", "--target=wasm32-wasi", "-c", "a.c")
        self.assertNotIn("warning", p.stderr)

    def test_long_double_formatting_works_by_default(self):
        """Issue 10.7: strtold/printf("%Lf") built cleanly and aborted at run time."""
        (self.work / "ld.c").write_text(
            '#include <stdio.h>\n#include <stdlib.h>\n'
            'int main(void) { printf("%Lf\\n", strtold("2.5", 0) * 2); return 0; }\n')
        clang = str(self.home / "bin/wasm32-wasip1-clang")
        run = lambda wasm: node_run(wasm, cwd=self.work)
        subprocess.run([clang, "ld.c", "-o", "ld.wasm"], cwd=self.work, env=self.env(), check=True)
        r = run("ld.wasm")
        self.assertEqual((r.returncode, r.stdout), (0, "5.000000\n"), r.stderr)
        # The opt-out keeps wasi-libc's default, and its abort.
        env = dict(self.env(), WASISDK_LONG_DOUBLE="0")
        subprocess.run([clang, "ld.c", "-o", "small.wasm"], cwd=self.work, env=env, check=True)
        r = run("small.wasm")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("Support for formatting long double values is currently disabled", r.stderr)

    def test_missing_threads_sysroot_names_what_the_sdk_lacks(self):
        # Debian's wasi-libc has no threads variant, so neither has this 25.0.
        p = self.wrapper("wasm32-wasip1-threads-clang", "-c", "a.c")
        self.assertEqual(p.returncode, 3, p.stderr)
        self.assertIn("wasi-sdk 25.0 has no wasm32-wasip1-threads sysroot", p.stderr)
        self.assertIn("the wasi-sdk 25.0 release ships what this tree lacks: reinstall it", p.stderr)
        self.assertNotIn("install wasi-sdk 20", p.stderr)

    # --- a changed SDK under a configured build directory (issue 10.2) -------------------
    def project(self):
        """A C program of two files in work/proj, whose build directory is proj/build."""
        proj = self.work / "proj"
        proj.mkdir()
        (proj / "CMakeLists.txt").write_text("cmake_minimum_required(VERSION 3.20)\n"
                                             "project(p C)\nadd_executable(app main.c util.c)\n")
        (proj / "main.c").write_text('#include <stdio.h>\nint util(void);\n'
                                     'int main(void) { printf("util %d\\n", util()); return 0; }\n')
        (proj / "util.c").write_text("int util(void) { return 7; }\n")
        return proj, proj / "build"

    def shell(self, script, cwd=None, env=None):
        """`script` after eval "$(wasisdk env ...)", from `cwd` (default: work/elsewhere, so
        that nothing depends on where cmake --build is run)."""
        if cwd is None:
            cwd = self.work / "elsewhere"
            cwd.mkdir(exist_ok=True)
        return subprocess.run(["sh", "-c", f'eval "$({WASISDK} env --target {TARGET})" && {script}'],
                              cwd=cwd, env=dict(self.env(), **(env or {})), capture_output=True,
                              text=True, timeout=600)

    def build_ok(self, build):
        p = self.shell(f"cmake --build {build}")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        return p.stdout

    def outputs(self, build):
        """The objects and the program, with their mtimes: what a build wrote."""
        return {p.name: p.stat().st_mtime_ns for p in build.rglob("*")
                if p.suffix in (".obj", ".wasm")}

    def clang_of(self, obj):
        """The clang version an object's producers section names."""
        m = re.search(rb"processed-by.*?clang.(\d+\.\d+\.\d+)", obj.read_bytes(), re.S)
        self.assertTrue(m, obj)
        return m.group(1).decode()

    def sdk_clang(self, name):
        return subprocess.run([str(self.home / "toolchains" / name / "sdk/bin/clang"), "-dumpversion"],
                              capture_output=True, text=True, check=True).stdout.strip()

    def lines(self, p):
        """What a command printed, line by line (CMake indents the lines of an error)."""
        return [line.strip() for line in (p.stdout + p.stderr).splitlines()]

    def stop_line(self, build, generator, was, now, why):
        toolchain = self.home / f"share/cmake/{TARGET}.cmake"
        g = f"'{generator}'" if " " in generator else generator
        return (f"{TARGET}-clang: error: this build was configured for wasi-sdk {was}, but wasi-sdk "
                f"{now} is active now ({why}) (to build with it, configure this build from "
                f"scratch: cmake --fresh -G {g} --toolchain {toolchain} {build}, with your -D "
                f"options; to keep wasi-sdk {was}, make it active again)")

    def test_a_changed_pin_stops_the_build_and_cmake_fresh_builds_with_the_new_sdk(self):
        for generator in ("Ninja", "Unix Makefiles"):
            with self.subTest(generator=generator):
                self.work = pathlib.Path(tempfile.mkdtemp(dir=self.tmp))
                proj, build = self.project()
                pin = proj / ".wasi-sdk-version"
                pin.write_text("25\n")
                p = self.shell(f"cmake -S {proj} -B {build} -G '{generator}' && "
                               f"cmake --build {build}", cwd=proj)
                self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
                built = self.outputs(build)
                self.assertEqual(self.clang_of(build / "CMakeFiles/app.dir/main.c.obj"),
                                 self.sdk_clang("25.0"))
                # Unchanged: a no-op build stays a no-op; the same SDK spelled another way
                # re-runs CMake (the pin is a configure dependency) and rebuilds nothing.
                out = self.build_ok(build)
                if generator == "Ninja":
                    self.assertIn("ninja: no work to do.", out)
                pin.write_text("25.0\n")
                self.build_ok(build)
                self.assertEqual(self.outputs(build), built)

                # Changed: the build stops before anything is compiled, in one line.
                pin.write_text("16\n")
                p = self.shell(f"cmake --build {build}")
                self.assertNotEqual(p.returncode, 0)
                line = self.stop_line(build, generator, "25.0", "16.0", f"pinned by {pin}")
                self.assertIn(line, self.lines(p), p.stdout + p.stderr)
                self.assertEqual(self.outputs(build), built)

                # The command it names, as printed (no `wasisdk env`: it names the toolchain
                # file itself), from elsewhere: everything is rebuilt with 16.0's clang.
                fresh = line.split("from scratch: ")[1].split(", with your -D options")[0]
                p = subprocess.run(["sh", "-c", fresh], cwd=self.work, env=self.env(),
                                   capture_output=True, text=True, timeout=600)
                self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
                self.build_ok(build)
                for obj in ("main.c.obj", "util.c.obj"):
                    self.assertEqual(self.clang_of(build / "CMakeFiles/app.dir" / obj),
                                     self.sdk_clang("16.0"))
                compiler = (build / "CMakeFiles").glob("*/CMakeCCompiler.cmake")
                self.assertIn(f'set(CMAKE_C_COMPILER_VERSION "{self.sdk_clang("16.0")}")',
                              next(compiler).read_text())
                self.assertEqual(len(list(build.glob("build.ninja")) + list(build.glob("Makefile"))), 1)
                run = node_run(build / "app.wasm")
                self.assertEqual((run.returncode, run.stdout), (0, "util 7\n"), run.stderr)

    def test_a_pin_created_or_an_sdk_chosen_after_configure_is_caught(self):
        proj, build = self.project()
        p = self.shell(f"cmake -S {proj} -B {build} -G Ninja && cmake --build {build}", cwd=proj)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        built = self.outputs(build)
        # Nothing to compile: the outputs are all 25.0's, nothing mixes (no file existed to
        # depend on). The next compile stops.
        pin = proj / ".wasi-sdk-version"
        pin.write_text("16\n")
        self.assertIn("ninja: no work to do.", self.build_ok(build))
        (proj / "util.c").write_text("int util(void) { return 8; }\n")
        p = self.shell(f"cmake --build {build}")
        self.assertNotEqual(p.returncode, 0)
        self.assertIn(self.stop_line(build, "Ninja", "25.0", "16.0", f"pinned by {pin}"),
                      self.lines(p))
        self.assertEqual(self.outputs(build), built)
        # A variable set for one build, too.
        pin.unlink()
        p = self.shell(f"cmake --build {build}", env={"WASISDK_SDK": "16.0"})
        self.assertNotEqual(p.returncode, 0)
        self.assertIn(self.stop_line(build, "Ninja", "25.0", "16.0", "set by WASISDK_SDK"),
                      self.lines(p))
        # Back on 25.0, the edit builds.
        self.build_ok(build)
        self.assertEqual(self.clang_of(build / "CMakeFiles/app.dir/util.c.obj"),
                         self.sdk_clang("25.0"))

    def test_a_build_directory_outside_the_project_is_told_it_misses_the_pin(self):
        proj, _ = self.project()
        (proj / ".wasi-sdk-version").write_text("16\n")
        build = self.work / "out-of-tree"
        p = self.shell(f"cmake -S {proj} -B {build} -G Ninja")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        text = " ".join(p.stderr.split())  # CMake indents a warning's lines
        self.assertEqual(text.count("this build uses SDK 25.0"), 1, p.stderr)
        self.assertIn(f"this build uses SDK 25.0 ({self.home}/default), but in {proj} the "
                      f"wrappers would use SDK 16.0 ({proj}/.wasi-sdk-version): a "
                      ".wasi-sdk-version is found from where a compile runs (the build "
                      f"directory {build}) upward.", text)


class ThreadLocalTest(unittest.TestCase):
    """Issue 10.6: `thread_local std::string s;` failed to link with "undefined symbol:
    __cxa_thread_atexit" on SDKs whose libc++abi lacks it (Debian's, which the fixtures
    are built from; wasi-sdk 31's). wasisdk builds a compat archive per triple where, and
    only where, the symbol is missing (store/cxx_compat.h)."""
    THREAD_LOCAL = SOURCE_DIR / "tests/integration/programs/thread_local.cpp"
    OUTPUT = ("hello from a thread_local std::string, thread_local\n"
              "~Loud(thread_local)\n~Loud(static)\n")
    # What the SDK's own definition prints, so that a run shows whose definition it took.
    SDK_DEFINITION = (
        '#include <stdio.h>\n'
        'int __cxa_atexit(void (*)(void *), void *, void *);\n'
        'int __cxa_thread_atexit(void (*f)(void *), void *o, void *d) {\n'
        '  printf("the SDK\'s own __cxa_thread_atexit\\n");\n'
        '  return __cxa_atexit(f, o, d);\n}\n')

    @classmethod
    def setUpClass(cls):
        cls.tmp = pathlib.Path(tempfile.mkdtemp(prefix="wasisdk-thread-local-"))
        cls.home = cls.tmp / "home"
        empty = cls.tmp / "empty.json"
        empty.write_text('{"schema": 1, "releases": []}')
        cls.install = subprocess.run(
            [WASISDK, "install", "25.0", "--from", str(real_sdk_tarball("current")),
             "--manifest", str(empty)], env=cls.env(), capture_output=True, text=True)
        if cls.install.returncode != 0:
            raise AssertionError(cls.install.stderr)
        cls.sdk = cls.home / "toolchains/25.0/sdk"

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    env = classmethod(SecondStepTest.env.__func__)  # the same environment, this class's home

    def setUp(self):
        self.work = pathlib.Path(tempfile.mkdtemp(dir=self.tmp))
        shutil.copy(self.THREAD_LOCAL, self.work)

    def run_cmd(self, args, sdk="25.0", **extra):
        env = dict(self.env(), WASISDK_SDK=sdk, **extra)
        return subprocess.run([str(a) for a in args], cwd=self.work, env=env,
                              capture_output=True, text=True, timeout=600)

    def wrapper(self, tool, *args, sdk="25.0", **extra):
        return self.run_cmd([self.home / "bin" / tool, *args], sdk, **extra)

    def wasisdk(self, *args, sdk="25.0"):
        return self.run_cmd([WASISDK, *args], sdk)

    def build_and_run(self, sdk="25.0", tool="wasm32-wasip1-clang++", expect=None):
        p = self.wrapper(tool, "-Werror", "-O2", "thread_local.cpp", "-o", "t.wasm", sdk=sdk,
                         WASISDK_VERBOSE="1")
        self.assertEqual(p.returncode, 0, p.stderr)
        r = node_run("t.wasm", cwd=self.work)
        self.assertEqual((r.returncode, r.stdout), (0, expect or self.OUTPUT), r.stderr)
        return p.stderr  # the command the wrapper ran

    def copy_sdk(self, name):
        """A copy of the installed 25.0 tree, to change and register with `wasisdk link`."""
        tree = self.work / name
        shutil.copytree(self.sdk, tree, symlinks=True)
        return tree

    def receipt(self, name):
        return json.loads((self.home / f"toolchains/{name}/receipt.json").read_text())

    def doctor(self, sdk, target="wasm32-wasip1"):
        p = self.wasisdk("--json", "doctor", "--target", target, "--rustc", "/nonexistent", sdk=sdk)
        return {c["check"]: c for c in json.loads(p.stdout)["checks"]}

    def archive(self, name, triple="wasm32-wasip1"):
        return self.home / f"toolchains/{name}/compat/{triple}/libwasisdk-compat.a"

    def define_in_libcxxabi(self, tree, triple):
        """Adds an object defining __cxa_thread_atexit to the tree's libc++abi.a for
        `triple`, as wasi-sdk 32+ builds it, with the tree's own clang and llvm-ar."""
        src = self.work / "sdk_definition.c"
        src.write_text(self.SDK_DEFINITION)
        obj = self.work / f"sdk_thread_atexit_{triple}.o"
        subprocess.run([tree / "bin/clang", f"--target={triple}", f"--sysroot={tree}/share/wasi-sysroot",
                        "-O2", "-c", src, "-o", obj], check=True)
        subprocess.run([tree / "bin/llvm-ar", "rs", tree / f"share/wasi-sysroot/lib/{triple}/libc++abi.a",
                        obj], check=True)
        return obj.name

    def test_thread_local_with_destructors_builds_and_runs(self):
        self.assertEqual(self.install.stderr.count("__cxa_thread_atexit"), 0)  # nothing to say
        command = self.build_and_run()
        self.assertIn(f" {self.archive('25.0')}\n", command)
        # Compiled by clang++ and linked by the C wrapper with the C++ runtime by hand.
        self.assertEqual(self.wrapper("wasm32-wasip1-clang++", "-O2", "-c", "thread_local.cpp")
                         .returncode, 0)
        p = self.wrapper("wasm32-wasip1-clang", "thread_local.o", "-lc++", "-lc++abi", "-o",
                         "c.wasm", WASISDK_VERBOSE="1")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn(str(self.archive("25.0")), p.stderr)
        # Not on compiles and not on C links.
        (self.work / "a.c").write_text("int main(void) { return 0; }\n")
        for args in (["wasm32-wasip1-clang++", "-c", "thread_local.cpp"],
                     ["wasm32-wasip1-clang", "a.c", "-o", "a.wasm"]):
            p = self.wrapper(*args, WASISDK_VERBOSE="1")
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertNotIn("libwasisdk-compat.a", p.stderr)

    def test_show_and_the_receipt_list_the_archives(self):
        self.assertEqual(self.receipt("25.0")["cxx_compat"], [
            {"triple": t, "thread_atexit": "fallback", "detail": "",
             "archive": f"compat/{t}/libwasisdk-compat.a"} for t in ("wasm32-wasi", "wasm32-wasip1")])
        p = self.wasisdk("show")
        self.assertIn(f"compat:  wasm32-wasip1: __cxa_thread_atexit from {self.archive('25.0')} "
                      "(the SDK's libc++abi lacks it)\n", p.stdout)
        doc = json.loads(self.wasisdk("--json", "show").stdout)
        self.assertEqual(doc["cxx_compat"][1], {
            "triple": "wasm32-wasip1", "thread_atexit": "fallback", "detail": "",
            "archive": str(self.archive("25.0"))})
        checks = self.doctor("25.0")
        self.assertEqual(checks["thread_local"]["status"], "ok")

    def test_an_install_made_before_is_repaired_by_setup(self):
        # An install from before wasisdk built the archives: no compat/, no receipt entry.
        self.wasisdk("link", "old", self.copy_sdk("old-tree"))
        receipt = self.home / "toolchains/old/receipt.json"
        doc = json.loads(receipt.read_text())
        del doc["cxx_compat"]
        receipt.write_text(json.dumps(doc))
        shutil.rmtree(self.home / "toolchains/old/compat")

        p = self.wrapper("wasm32-wasip1-clang++", "thread_local.cpp", "-o", "t.wasm", sdk="old")
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("undefined symbol: __cxa_thread_atexit", p.stderr)
        self.assertIn("compat:  not checked: installed before wasisdk checked C++ runtimes (run: "
                      "wasisdk setup)", self.wasisdk("show", sdk="old").stdout)
        check = self.doctor("old")["thread_local"]
        self.assertEqual((check["status"], check["fix"]), ("problem", "run: wasisdk setup"))
        self.assertEqual(check["detail"],
                         "wasi-sdk old's C++ runtime has no __cxa_thread_atexit for wasm32-wasip1 "
                         "and wasisdk's fallback is missing (the SDK was installed before wasisdk "
                         "added it, or building it failed): thread_local variables with "
                         "destructors will not link")

        p = self.wasisdk("setup", sdk="old")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertRegex(p.stderr, r"C\+\+ compat archives updated for (.*, )?old(, .*)?\n")
        self.assertEqual(self.doctor("old")["thread_local"]["status"], "ok")
        self.build_and_run("old")
        # Up to date now: a second setup changes nothing.
        self.assertNotIn("C++ compat", self.wasisdk("setup", sdk="old").stderr)

    def test_no_archive_where_the_sdks_libcxxabi_has_the_symbol(self):
        tree = self.copy_sdk("has-it")
        for triple in ("wasm32-wasi", "wasm32-wasip1"):
            self.define_in_libcxxabi(tree, triple)
        self.assertEqual(self.wasisdk("link", "has-it", tree).returncode, 0)
        self.assertEqual([c["thread_atexit"] for c in self.receipt("has-it")["cxx_compat"]],
                         ["sdk", "sdk"])
        self.assertFalse((self.home / "toolchains/has-it/compat").exists())
        # Once per thread_local object with a destructor (the string and the Loud).
        sdk_own = "the SDK's own __cxa_thread_atexit\n" * 2
        command = self.build_and_run("has-it", expect=sdk_own + self.OUTPUT)
        self.assertNotIn("libwasisdk-compat.a", command)
        self.assertEqual(self.doctor("has-it")["thread_local"]["status"], "ok")

    def test_a_linked_tree_that_changes_is_brought_in_line_by_setup(self):
        """The invariant both ways: the archive comes before -lc++abi on the link line and
        the first definition wins, so it must exist exactly while the tree lacks the
        symbol. A linked tree is not wasisdk's and may change under it."""
        tree = self.copy_sdk("changing")
        self.wasisdk("link", "changing", tree)
        self.assertTrue(self.archive("changing").is_file())
        # The tree gains the symbol (an SDK upgraded in place): the archive would now
        # replace the SDK's definition. doctor says so; setup removes it.
        member = self.define_in_libcxxabi(tree, "wasm32-wasip1")
        check = self.doctor("changing")["thread_local"]
        self.assertEqual((check["status"], check["fix"]), ("problem", "run: wasisdk setup"))
        self.assertIn("would replace it", check["detail"])
        self.assertIn("C++ compat archives updated for changing", self.wasisdk("setup").stderr)
        self.assertFalse(self.archive("changing").exists())
        self.assertTrue(self.archive("changing", "wasm32-wasi").is_file())  # still lacks it
        sdk_own = "the SDK's own __cxa_thread_atexit\n" * 2
        self.assertNotIn("libwasisdk-compat.a", self.build_and_run("changing", expect=sdk_own + self.OUTPUT))
        # And back: the symbol gone again, the archive comes back.
        subprocess.run([tree / "bin/llvm-ar", "ds", tree / "share/wasi-sysroot/lib/wasm32-wasip1/libc++abi.a",
                        member], check=True)
        self.assertEqual(self.doctor("changing")["thread_local"]["status"], "problem")
        self.wasisdk("setup")
        self.assertIn(str(self.archive("changing")), self.build_and_run("changing"))

    def test_threads_target_explains_in_one_line(self):
        # A tree with a threads sysroot whose libc++abi lacks the symbol (Debian has no
        # threads wasi-libc: the wasip1 one is copied, which lacks atomics, so every
        # threads link here also fails on --shared-memory; the message is what is tested).
        tree = self.copy_sdk("threads")
        sysroot = tree / "share/wasi-sysroot"
        for part in ("lib", "include"):
            shutil.copytree(sysroot / part / "wasm32-wasip1", sysroot / part / "wasm32-wasip1-threads",
                            symlinks=True)
        p = self.wasisdk("link", "threads", tree)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("wasi-sdk threads's C++ runtime has no __cxa_thread_atexit for "
                      "wasm32-wasip1-threads: thread_local variables with destructors will not "
                      "link there (with threads, __cxa_atexit cannot stand in for it)\n", p.stderr)
        entries = {c["triple"]: c["thread_atexit"] for c in self.receipt("threads")["cxx_compat"]}
        self.assertEqual(entries, {"wasm32-wasi": "fallback", "wasm32-wasip1": "fallback",
                                   "wasm32-wasip1-threads": "explained"})

        p = self.wrapper("wasm32-wasip1-threads-clang++", "thread_local.cpp", "-o", "t.wasm",
                         sdk="threads")
        self.assertNotEqual(p.returncode, 0)
        self.assertNotIn("undefined symbol: __cxa_thread_atexit", p.stderr)
        said = [l for l in p.stderr.splitlines() if "thread_local" in l]
        self.assertEqual(len(said), 1, p.stderr)
        archive = self.archive("threads", "wasm32-wasip1-threads")
        self.assertRegex(said[0], "^wasm-ld(-19)?: error: " + re.escape(
            f"{archive}(thread_atexit.o): undefined symbol: wasisdk: thread_local variables with "
            "destructors cannot link for wasm32-wasip1-threads with wasi-sdk threads: its "
            "libc++abi has no __cxa_thread_atexit, and __cxa_atexit cannot run destructors per "
            "thread (use an SDK whose libc++abi has it)") + "$")
        # A C++ program without such a variable never pulls it in.
        (self.work / "plain.cpp").write_text("#include <string>\nint main() { std::string s = \"x\"; "
                                             "return (int)s.size() - 1; }\n")
        p = self.wrapper("wasm32-wasip1-threads-clang++", "plain.cpp", "-o", "p.wasm",
                         sdk="threads", WASISDK_VERBOSE="1")
        self.assertIn(str(self.archive("threads", "wasm32-wasip1-threads")), p.stderr)
        self.assertNotIn("wasisdk: thread_local", p.stderr)
        check = self.doctor("threads", "wasm32-wasip1-threads")["thread_local"]
        self.assertEqual((check["status"], check["fix"]), ("warn", "use an SDK whose libc++abi has it"))


if __name__ == "__main__":
    unittest.main()
