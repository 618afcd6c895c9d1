"""The distribution's own WASI toolchain as SDKs (issue 14). `wasisdk link --system` over
Debian 12's packages (clang-19, clang-14 and clang-22, lld, llvm, wasi-libc, the wasm32
builtins, libc++-19; packaging/deps-debian.sh --test installs them), then the same flows as
test_driver.py through the wrappers: C and C++ under node, CMake, autotools with
pkg-config, cargo with the cc crate in both link modes on the LLVM 14 view. Also: doctor
naming the missing package over a fake root of links (WASISDK_SYSTEM_ROOT), uninstall
removing only the view, nothing written outside the home, and `install --or-system`
without a reachable server ending in the README's hello world."""
import json
import os
import pathlib
import re
import shutil
import socket
import subprocess
import tempfile
import unittest

import test_driver
import test_eras
from harness import SOURCE_DIR, WASISDK, assert_one_line_error, clean_env, node_run
from server import Server

HERE = pathlib.Path(__file__).resolve().parent

# What the view links into: none of it may change.
SYSTEM_DIRS = ["/usr/lib/llvm-19", "/usr/lib/llvm-14", "/usr/include/wasm32-wasi",
               "/usr/lib/wasm32-wasi", "/usr/share/wasm32-wasi", "/usr/bin"]


def snapshot(dirs=SYSTEM_DIRS):
    """(path, mtime_ns, size) of every entry under `dirs`, links not followed."""
    out = []
    for d in dirs:
        for base, subdirs, files in os.walk(d):
            for name in [base] + [os.path.join(base, n) for n in subdirs + files]:
                st = os.lstat(name)
                out.append((name, st.st_mtime_ns, st.st_size))
    return sorted(set(out))


def clang_version(major):
    out = subprocess.run([f"/usr/lib/llvm-{major}/bin/clang", "--version"], capture_output=True,
                         text=True, check=True).stdout
    return re.search(r"clang version ([0-9.]+)", out).group(1)


def closed_port():
    """A loopback port nobody listens on: connections to it are refused."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def readme_block(heading):
    text = (SOURCE_DIR / "README.md").read_text()
    section = text.split(f"## {heading}", 1)[1]
    return section.split("```sh\n", 1)[1].split("\n```", 1)[0].strip()


class SystemSdkTest(unittest.TestCase):
    """One home with the system's toolchains linked, shared by the build-flow tests."""

    @classmethod
    def setUpClass(cls):
        for f in ("/usr/lib/llvm-19/bin/clang", "/usr/lib/llvm-14/bin/clang",
                  "/usr/lib/llvm-22/lib/clang/22/lib/wasi/libclang_rt.builtins-wasm32.a",
                  "/usr/lib/wasm32-wasi/libc.a", "/usr/lib/llvm-19/lib/wasm32-wasi/libc++.a"):
            if not os.path.exists(f):
                raise AssertionError(f"{f} is required (packaging/deps-debian.sh --test)")
        cls.tmp = pathlib.Path(tempfile.mkdtemp(prefix="wasisdk-system-"))
        cls.home = cls.tmp / "home"
        cls.link = subprocess.run([WASISDK, "link", "--system"], env=cls.base_env(),
                                  capture_output=True, text=True)
        assert cls.link.returncode == 0, cls.link.stderr

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    # The helpers the borrowed flows call: test_driver.DriverTest.cargo_build passes the SDK
    # as run_ok's second argument, test_eras.EraTest.autotools_build gives none (the
    # class's SDK: system-llvm19).
    @classmethod
    def base_env(cls):
        return clean_env(cls.home, wrappers_on_path=True)

    def setUp(self):
        self.work = pathlib.Path(tempfile.mkdtemp(dir=self.tmp))

    env = test_driver.DriverTest.env  # base_env with WASISDK_SDK

    def run_any(self, args, sdk="system-llvm19", cwd=None, **extra):
        return subprocess.run(args, cwd=cwd or self.work, env=self.env(sdk, **extra),
                              capture_output=True, text=True, timeout=600)

    def run_ok(self, args, sdk="system-llvm19", cwd=None, **extra):
        p = self.run_any(args, sdk, cwd, **extra)
        self.assertEqual(p.returncode, 0, f"{args}\n{p.stdout}\n{p.stderr}")
        return p

    copy = test_eras.EraTest.copy
    autotools_build = test_eras.EraTest.autotools_build
    cargo_build = test_driver.DriverTest.cargo_build

    def receipt(self, name):
        return json.loads((self.home / f"toolchains/{name}/receipt.json").read_text())

    # --- the view -----------------------------------------------------------------
    def test_link_registers_a_view_per_llvm_major(self):
        self.assertIn("linked system-llvm19: LLVM " + clang_version(19), self.link.stderr)
        self.assertIn("linked system-llvm14: LLVM " + clang_version(14), self.link.stderr)
        # What the distribution lacks, said at link time.
        self.assertIn("system-llvm19 has no wasm32-wasip1-threads sysroot (no threads); "
                      "no wasm32-wasip2 libc; libc++ without threads; libc++ without "
                      "<filesystem>; libc++ without exceptions (the wrappers add "
                      "-fno-exceptions)", self.link.stderr)
        # Debian's libc++ for wasm exists for one LLVM major at a time (they conflict).
        self.assertIn("system-llvm14: LLVM 14 lacks libc++ for wasm32 (apt-get install "
                      "libc++-14-dev-wasm32 libc++abi-14-dev-wasm32, then wasisdk link --system)",
                      self.link.stderr)
        for major in (19, 14):
            r = self.receipt(f"system-llvm{major}")
            self.assertEqual(r["system"]["root"], "/")
            self.assertEqual(r["system"]["layout"], "debian")
            self.assertEqual(r["system"]["llvm_major"], major)
            self.assertEqual(r["tree"]["llvm_version"], clang_version(major))
            self.assertFalse(r["linked"])
            self.assertEqual(r["version"], "")
            sdk = self.home / f"toolchains/system-llvm{major}/sdk"
            version = (sdk / "VERSION").read_text().splitlines()
            self.assertEqual(version[:2], [f"system-llvm{major}",
                                           f"llvm-version: {clang_version(major)}"])
            # clang 19 and 14 have no builtins for --target=wasm32-wasip1: only wasm32-wasi,
            # which the wrappers use for wasm32-wasip1.
            self.assertEqual(r["tree"]["sysroot_targets"], ["wasm32-wasi"])
            self.assertEqual(r["tree"]["resource_dir"],
                             str(pathlib.Path(f"/usr/lib/llvm-{major}/lib/clang") /
                                 os.listdir(f"/usr/lib/llvm-{major}/lib/clang")[0]))
            self.assertTrue(any(b.endswith("/lib/wasi/libclang_rt.builtins-wasm32.a")
                                for b in r["tree"]["builtins"]), r["tree"]["builtins"])
        show = self.run_ok([WASISDK, "show"], "system-llvm19").stdout
        self.assertIn("system:  a view of LLVM 19 and wasi-libc from the packages under /", show)
        self.assertIn("lacks:   no wasm32-wasip1-threads sysroot (no threads)", show)

    def test_view_is_links_and_one_file(self):
        """A view, never a copy: directories, links out of the home, and VERSION."""
        for major in (19, 14):
            sdk = self.home / f"toolchains/system-llvm{major}/sdk"
            files = []
            for base, dirs, names in os.walk(sdk):
                for n in dirs + names:
                    p = pathlib.Path(base) / n
                    if p.is_symlink():
                        target = os.readlink(p)
                        self.assertTrue(target.startswith("/usr/"), f"{p} -> {target}")
                    elif not p.is_dir():
                        files.append(str(p.relative_to(sdk)))
            self.assertEqual(files, ["VERSION"])
            self.assertEqual(os.readlink(sdk / "bin/clang"), f"/usr/lib/llvm-{major}/bin/clang")
            self.assertEqual(os.readlink(sdk / "share/wasi-sysroot/lib/wasm32-wasi/libc.a"),
                             "/usr/lib/wasm32-wasi/libc.a")
        sysroot = self.home / "toolchains/system-llvm19/sdk/share/wasi-sysroot"
        self.assertEqual(os.readlink(sysroot / "include/wasm32-wasi/c++"),
                         "/usr/lib/llvm-19/include/wasm32-wasi/c++")
        self.assertEqual(os.readlink(sysroot / "lib/wasm32-wasi/libc++.a"),
                         "/usr/lib/llvm-19/lib/wasm32-wasi/libc++.a")
        # LLVM 19's libc++, which Debian links into wasi-libc's directories, is not LLVM 14's.
        sysroot14 = self.home / "toolchains/system-llvm14/sdk/share/wasi-sysroot"
        self.assertFalse(os.path.lexists(sysroot14 / "include/wasm32-wasi/c++"))
        self.assertFalse(os.path.lexists(sysroot14 / "lib/wasm32-wasi/libc++.a"))

    def test_link_again_refreshes_and_other_names_need_force(self):
        p = self.run_ok([WASISDK, "link", "--system", "--llvm", "19"], "system-llvm19")
        self.assertIn("linked system-llvm19", p.stderr)
        # A view replaces a view of the same name (another major here).
        self.run_ok([WASISDK, "link", "--system", "--llvm", "19", "other"], "x")
        self.run_ok([WASISDK, "link", "--system", "--llvm", "14", "other"], "x")
        self.assertEqual(self.receipt("other")["system"]["llvm_major"], 14)
        self.run_ok([WASISDK, "uninstall", "other"], "x")
        # Anything else of that name only with --force.
        tree = self.work / "tree"
        (tree / "bin").mkdir(parents=True)
        os.symlink("/usr/lib/llvm-19/bin/clang", tree / "bin/clang")
        self.run_ok([WASISDK, "link", "opt", str(tree)], "x")
        p = self.run_any([WASISDK, "link", "--system", "--llvm", "19", "opt"], "x")
        assert_one_line_error(self, p, "an SDK named opt is already installed and is not a view "
                                       "of the system's toolchain", "--force", code=2)
        self.run_ok([WASISDK, "link", "--system", "--llvm", "19", "opt", "--force"], "x")
        self.assertEqual(self.receipt("opt")["system"]["llvm_major"], 19)
        self.run_ok([WASISDK, "uninstall", "opt"], "x")
        self.assertTrue((tree / "bin/clang").is_symlink())

    def test_link_usage_errors(self):
        p = self.run_any([WASISDK, "link", "--system", "mine"], "x")
        assert_one_line_error(self, p, "one name for", "add --llvm", code=2)
        p = self.run_any([WASISDK, "link", "--system", "--llvm", "13"], "x")
        assert_one_line_error(self, p, "LLVM 13 is not among the system's packages under /",
                              "apt-get install clang-13 lld-13", code=3)
        p = self.run_any([WASISDK, "link", "--system", "/usr"], "x")
        assert_one_line_error(self, p, "--system takes no directory ('/usr')", code=2)
        p = self.run_any([WASISDK, "link", "--system", "--llvm", "19", "my sdk"], "x")
        assert_one_line_error(self, p, "the system SDK's name", code=2)
        p = self.run_any([WASISDK, "link", "opt"], "x")
        assert_one_line_error(self, p, "wasisdk link needs a name and a directory", code=2)

    # --- the build flows, through the wrappers ------------------------------------
    def test_which_triple_and_sysroot(self):
        p = self.run_ok(["wasm32-wasip1-clang", "--version"], "system-llvm19", WASISDK_VERBOSE="1")
        sdk = self.home / "toolchains/system-llvm19/sdk"
        self.assertIn(f"wasisdk: exec {sdk}/bin/clang --target=wasm32-wasi "
                      f"--sysroot={sdk}/share/wasi-sysroot --version", p.stderr)
        self.assertIn("clang version " + clang_version(19), p.stdout)

    def test_c_program_runs(self):
        self.copy("libc_tour.c")
        for sdk in ("system-llvm19", "system-llvm14"):
            for target in ("wasm32-wasip1", "wasm32-wasi"):
                out = f"tour-{sdk}-{target}.wasm"
                self.run_ok([f"{target}-clang", "-O2", "libc_tour.c", "-o", out], sdk)
                (self.work / "data").mkdir(exist_ok=True)
                r = node_run(self.work / out, "alpha", "beta", cwd=self.work,
                             env={"GREETING": "hi"})
                self.assertEqual(r.returncode, 42, r.stderr)
                self.assertEqual(r.stdout.splitlines()[0], "argc=3 argv1=alpha argv2=beta")
                self.assertEqual(r.stdout.splitlines()[-1], "malloc: 4950", f"{sdk} {target}")

    def test_llvm22_view_serves_wasip1_itself(self):
        # clang 22 links --target=wasm32-wasip1 with Debian's lib/wasi builtins (and warns
        # on every --target=wasm32-wasi): its view serves wasm32-wasip1 from wasi-libc's
        # wasm32-wasi files, so -Werror builds pass. deps-debian.sh --test installs LLVM 22.
        r = self.receipt("system-llvm22")
        self.assertEqual(r["tree"]["sysroot_targets"], ["wasm32-wasi", "wasm32-wasip1"])
        self.copy("libc_tour.c")
        (self.work / "data").mkdir()
        for target in ("wasm32-wasip1", "wasm32-wasi"):
            p = self.run_ok([f"{target}-clang", "-Werror", "-O2", "libc_tour.c", "-o", "t.wasm"],
                            "system-llvm22", WASISDK_VERBOSE="1")
            self.assertIn(" --target=wasm32-wasip1 ", p.stderr)
            r = node_run(self.work / "t.wasm", "alpha", "beta", cwd=self.work,
                         env={"GREETING": "hi"})
            self.assertEqual((r.returncode, r.stdout.splitlines()[-1]), (42, "malloc: 4950"))

    def test_bootstrap_config_like_any_sdk(self):
        # bootstrap takes wasm32-wasip1's libraries from wasi-root/lib/wasm32-wasip1: the
        # LLVM 22 view has it, the LLVM 19 view does not (and says so, as for wasi-sdk 21).
        p = self.run_ok([WASISDK, "bootstrap-config"], "system-llvm22")
        sysroot = self.home / "toolchains/system-llvm22/sdk/share/wasi-sysroot"
        self.assertIn(f"wasi-root = '{sysroot}'", p.stdout)
        self.assertIn(f"cc = '{self.home}/bin/wasm32-wasip1-clang'", p.stdout)
        p = self.run_any([WASISDK, "bootstrap-config"], "system-llvm19")
        assert_one_line_error(self, p, "system-llvm19 has no", "lib/wasm32-wasip1", code=3)

    def test_cxx_program_runs(self):
        self.copy("containers.cpp")
        self.run_ok(["wasm32-wasip1-clang++", "-O2", "containers.cpp", "-o", "c.wasm"],
                    "system-llvm19")
        r = node_run(self.work / "c.wasm", cwd=self.work)
        self.assertEqual((r.returncode, r.stdout),
                         (0, "words: 3 longest: containers\ncounts: a=2 b=1\n"
                             "stream: 7 x 6 = 42\n"), r.stderr)

    def test_thread_local_destructors_run(self):
        # Debian's libc++abi has no __cxa_thread_atexit: the view got wasisdk's fallback,
        # in the home, never in the view (test_view_is_links_and_one_file).
        self.assertEqual(self.receipt("system-llvm19")["cxx_compat"], [
            {"triple": "wasm32-wasi", "thread_atexit": "fallback", "detail": "",
             "archive": "compat/wasm32-wasi/libwasisdk-compat.a"}])
        self.assertEqual(self.receipt("system-llvm14")["cxx_compat"], [])  # no libc++
        self.copy("thread_local.cpp")
        self.run_ok(["wasm32-wasip1-clang++", "-O2", "thread_local.cpp", "-o", "t.wasm"])
        r = node_run(self.work / "t.wasm", cwd=self.work)
        self.assertEqual((r.returncode, r.stdout),
                         (0, "hello from a thread_local std::string, thread_local\n"
                             "~Loud(thread_local)\n~Loud(static)\n"), r.stderr)

    def test_what_the_distribution_lacks_is_one_error(self):
        (self.work / "a.c").write_text("int main(void) { return 0; }\n")
        for target in ("wasm32-wasip1-threads", "wasm32-wasip2"):
            p = self.run_any([f"{target}-clang", "a.c", "-o", "a.wasm"], "system-llvm19")
            self.assertEqual(p.returncode, 3, p.stderr)
            self.assertTrue(p.stderr.startswith(
                f"{target}-clang: error: wasi-sdk system-llvm19 has no {target} sysroot "
                "(it has: wasm32-wasi)"), p.stderr)
        (self.work / "t.cpp").write_text("#include <vector>\nint main() { return 0; }\n")
        p = self.run_any(["wasm32-wasip1-clang++", "t.cpp", "-o", "t.wasm"], "system-llvm14")
        self.assertEqual(p.returncode, 3, p.stderr)
        self.assertIn("has no C++ headers for wasm32-wasi", p.stderr)

    def test_cmake_project(self):
        src = self.copy("cmake_project")
        build = self.work / "build"
        script = (f'eval "$({WASISDK} env --target wasm32-wasip1)" && '
                  f'cmake -S {src} -B {build} -G Ninja && cmake --build {build}')
        self.run_ok(["sh", "-c", script], "system-llvm19")
        r = node_run(build / "app.wasm", "x", cwd=build)
        self.assertEqual((r.returncode, r.stdout),
                         (0, "greeting: Hello, wasm32! (2 args)\nshared: 7\n"), r.stderr)

    def test_autotools_with_pkg_config(self):
        src = self.copy("autotools_project")
        self.run_ok(["autoreconf", "-i"], "system-llvm19", cwd=src)
        work = self.work / "sdk"
        work.mkdir()
        self.autotools_build(src, "wasm32-wasip1", work)

    def test_cargo_cc_crate_self_contained_with_llvm14(self):
        self.cargo_build("system-llvm14", "self-contained")

    def test_cargo_cc_crate_external_with_llvm14(self):
        # rustc 1.63's LLVM is 14: its rlibs and the LLVM 14 view's wasm-ld mix.
        self.cargo_build("system-llvm14", "external")

    # --- doctor -------------------------------------------------------------------
    def doctor(self, sdk, **env):
        p = self.run_any([WASISDK, "--json", "doctor", "--rustc", "/nonexistent/rustc"], sdk, **env)
        return p.returncode, {c["check"]: c for c in json.loads(p.stdout)["checks"]}

    def test_doctor_on_views(self):
        code, checks = self.doctor("system-llvm19")
        self.assertEqual(code, 0, checks)
        self.assertEqual(checks["system"]["status"], "ok")
        self.assertEqual(checks["builtins"]["status"], "ok")
        self.assertTrue(checks["builtins"]["detail"].startswith("/usr/lib/llvm-19/lib/clang/19/"))
        self.assertEqual(checks["lacks"]["status"], "warn")
        self.assertIn("no wasm32-wasip2 libc", checks["lacks"]["detail"])
        self.assertEqual(checks["wasm-ld"]["detail"], "clang links with /usr/bin/wasm-ld-19")
        # Debian's clang finds wasm-ld-19 on PATH only (not beside /usr/lib/llvm-19/bin/clang).
        code, checks = self.doctor("system-llvm19", PATH="/nonexistent")
        self.assertEqual(code, 1)
        self.assertEqual((checks["wasm-ld"]["status"], checks["wasm-ld"]["fix"]),
                         ("problem", "add /usr/bin to PATH"))
        code, checks = self.doctor("system-llvm14")
        self.assertEqual(checks["system"]["status"], "warn")
        self.assertEqual(checks["system"]["fix"], "apt-get install libc++-14-dev-wasm32 "
                         "libc++abi-14-dev-wasm32, then wasisdk link --system")


def fake_root(base, *, builtins=True, os_release="ID=debian\nPRETTY_NAME=\"Fake Debian\"\n"):
    """A root prefix made of links into this machine's /usr (nothing copied) with LLVM
    19's clang, lld, llvm and wasi-libc, the builtins when asked, and no libc++."""
    llvm = base / "usr/lib/llvm-19"
    (llvm / "bin").mkdir(parents=True)
    for tool in ("clang", "clang++", "wasm-ld", "llvm-ar", "llvm-nm", "llvm-ranlib"):
        os.symlink(f"/usr/lib/llvm-19/bin/{tool}", llvm / "bin" / tool)
    rt = llvm / "lib/clang/19/lib/wasi"
    rt.mkdir(parents=True)
    if builtins:
        os.symlink("/usr/lib/llvm-19/lib/clang/19/lib/wasi/libclang_rt.builtins-wasm32.a",
                   rt / "libclang_rt.builtins-wasm32.a")
    (base / "usr/include").mkdir(parents=True)
    os.symlink("/usr/include/wasm32-wasi", base / "usr/include/wasm32-wasi")
    os.symlink("/usr/lib/wasm32-wasi", base / "usr/lib/wasm32-wasi")
    (base / "etc").mkdir()
    (base / "etc/os-release").write_text(os_release)
    return base


class MissingPackageTest(unittest.TestCase):
    """A machine without some package: a fake root prefix (WASISDK_SYSTEM_ROOT)."""

    def setUp(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="wasisdk-system-fake-"))
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.root = self.tmp / "root"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("WASISDK_")}
        self.env.update({"WASISDK_HOME": str(self.tmp / "home"),
                         "WASISDK_SYSTEM_ROOT": str(self.root)})

    def wasisdk(self, *args):
        return subprocess.run([WASISDK, *args], env=self.env, capture_output=True, text=True,
                              cwd=self.tmp, timeout=300)

    def checks(self):
        p = self.wasisdk("--json", "doctor", "--rustc", "/nonexistent/rustc")
        return p.returncode, {c["check"]: c for c in json.loads(p.stdout)["checks"]}

    def test_missing_builtins_named_by_link_and_doctor(self):
        fake_root(self.root, builtins=False)
        p = self.wasisdk("link", "--system")
        assert_one_line_error(self, p, f"no complete WASI toolchain among the system's packages "
                                       f"under {self.root} (Fake Debian): LLVM 19 lacks the wasm32 "
                                       "compiler-rt builtins",
                              "(apt-get install libclang-rt-19-dev-wasm32, then wasisdk link "
                              "--system)", code=3)
        self.assertFalse((self.tmp / "home/toolchains").exists() and
                         any((self.tmp / "home/toolchains").iterdir()))
        code, checks = self.checks()
        self.assertEqual(code, 1)
        self.assertEqual(checks["active SDK"]["status"], "problem")
        self.assertEqual(checks["system"]["fix"],
                         "apt-get install libclang-rt-19-dev-wasm32, then wasisdk link --system")

    def test_package_removed_after_linking(self):
        fake_root(self.root)
        p = self.wasisdk("link", "--system")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("system-llvm19: LLVM 19 lacks libc++ for wasm32 (apt-get install "
                      "libc++-19-dev-wasm32 libc++abi-19-dev-wasm32, then wasisdk link --system)",
                      p.stderr)
        code, checks = self.checks()
        self.assertEqual(checks["system"]["status"], "warn")
        self.assertIn("libc++-19-dev-wasm32", checks["system"]["fix"])
        # The builtins package goes away: the view now points at nothing.
        (self.root / "usr/lib/llvm-19/lib/clang/19/lib/wasi/libclang_rt.builtins-wasm32.a").unlink()
        code, checks = self.checks()
        self.assertEqual(code, 1)
        self.assertEqual(checks["system"]["status"], "problem")
        self.assertEqual(checks["system"]["detail"],
                         "system-llvm19 is a view of packages that are gone: LLVM 19 lacks the "
                         "wasm32 compiler-rt builtins")
        self.assertEqual(checks["system"]["fix"], "apt-get install libclang-rt-19-dev-wasm32")

    def test_ubuntu_uses_debian_names_and_others_get_no_guesses(self):
        fake_root(self.root, builtins=False,
                  os_release='ID=ubuntu\nID_LIKE=debian\nPRETTY_NAME="Ubuntu 24.04 LTS"\n')
        p = self.wasisdk("link", "--system")
        assert_one_line_error(self, p, "apt-get install libclang-rt-19-dev-wasm32", code=3)
        (self.root / "etc/os-release").write_text('ID=fedora\nPRETTY_NAME="Fedora Linux 41"\n')
        p = self.wasisdk("link", "--system")
        line = assert_one_line_error(self, p, "(Fedora Linux 41)", code=3)
        self.assertNotIn("apt-get", line)
        self.assertIn("docs/system-toolchain.md", line)

    def test_nothing_at_all(self):
        (self.root / "etc").mkdir(parents=True)
        (self.root / "etc/os-release").write_text("ID=debian\n")
        p = self.wasisdk("link", "--system")
        assert_one_line_error(self, p, "no WASI toolchain among the system's packages",
                              "apt-get install clang lld llvm wasi-libc libclang-rt-dev-wasm32 "
                              "libc++-dev-wasm32, then wasisdk link --system", code=3)


class HomeOnlyTest(unittest.TestCase):
    """Link, build, uninstall: only the home changes."""

    def test_uninstall_removes_only_the_view_and_usr_is_untouched(self):
        tmp = pathlib.Path(tempfile.mkdtemp(prefix="wasisdk-system-home-"))
        self.addCleanup(shutil.rmtree, tmp, True)
        env = {k: v for k, v in os.environ.items() if not k.startswith("WASISDK_")}
        env.update({"WASISDK_HOME": str(tmp / "home"), "WASISDK_SDK": "system-llvm19"})
        before = snapshot()
        p = subprocess.run([WASISDK, "link", "--system", "--llvm", "19"], env=env,
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        (tmp / "a.c").write_text("int main(void) { return 0; }\n")
        p = subprocess.run([str(tmp / "home/bin/wasm32-wasip1-clang"), "a.c", "-o", "a.wasm"],
                           cwd=tmp, env=env, capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        p = subprocess.run([WASISDK, "uninstall", "system-llvm19"], env=env, capture_output=True,
                           text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(os.listdir(tmp / "home/toolchains"), [])
        self.assertEqual(os.listdir(tmp / "home/tmp"), [])
        self.assertTrue(os.path.exists("/usr/lib/llvm-19/bin/clang"))
        self.assertTrue(os.path.exists("/usr/lib/wasm32-wasi/libc.a"))
        self.assertEqual(snapshot(), before)


class OrSystemTest(unittest.TestCase):
    """The README's run command on a machine that cannot reach GitHub."""

    def setUp(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="wasisdk-system-offline-"))
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith("WASISDK_") and k not in ("WASI_SDK_PATH",)}
        self.env.update({"WASISDK_HOME": str(self.tmp / "home"), "WASISDK_RETRY_BASE_MS": "1",
                         "WASISDK_HOST": "x86_64-linux"})

    def wasisdk(self, *args):
        return subprocess.run([WASISDK, *args], env=self.env, capture_output=True, text=True,
                              cwd=self.tmp, timeout=300)

    def test_readme_run_command_without_github(self):
        # README: `... && wasisdk install 22 --or-system && <the hello world>`.
        run = readme_block("Build and run")
        tail = run.split("wasisdk install 22 --or-system && ", 1)[1]
        self.assertEqual(tail, 'eval "$(wasisdk env)" && wasm32-wasip1-clang examples/hello.c '
                               '-o hello.wasm && node tests/integration/run-wasi.mjs hello.wasm')
        offline = f"http://127.0.0.1:{closed_port()}/"
        p = self.wasisdk("--dist-server", offline, "install", "22", "--or-system")
        self.assertEqual(p.returncode, 0, p.stderr)
        warnings = [l for l in p.stderr.splitlines() if l.startswith("wasisdk: warning:")]
        self.assertEqual(len(warnings), 1, p.stderr)
        self.assertRegex(warnings[0], r"^wasisdk: warning: cannot connect to http://127\.0\.0\.1:"
                                      r"\d+/.*; linking the system's toolchain instead "
                                      r"\(--or-system\)$")
        # The most complete view is the default: LLVM 19's, the one with libc++ (Debian's
        # libc++-N-dev-wasm32 packages conflict, so no other major has it here).
        default = (self.tmp / "home/default").read_text().strip()
        self.assertEqual(default, "system-llvm19")
        self.assertIn(f"linked {default}: LLVM", p.stderr)
        self.assertIn("(default)", p.stderr)
        # The rest of the README's command, from the source tree, with the wasisdk built here.
        env = dict(self.env, PATH=f"{pathlib.Path(WASISDK).parent}:{self.env['PATH']}")
        r = subprocess.run(["sh", "-c", tail.replace("hello.wasm", str(self.tmp / "hello.wasm"))],
                           cwd=SOURCE_DIR, env=env, capture_output=True, text=True, timeout=300)
        self.assertEqual((r.returncode, r.stdout), (0, "hello from wasm32-wasip1\n"), r.stderr)

    def test_a_name_that_does_not_resolve_is_offline_too(self):
        # .invalid never resolves (RFC 6761): the DNS failure of an air-gapped machine.
        p = self.wasisdk("--dist-server", "https://wasisdk-test.invalid/", "install", "22",
                         "--or-system")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("wasisdk: warning: cannot resolve the host of https://wasisdk-test.invalid/",
                      p.stderr)
        self.assertEqual((self.tmp / "home/default").read_text().strip(), "system-llvm19")

    def test_without_or_system_the_error_offers_it(self):
        offline = f"http://127.0.0.1:{closed_port()}/"
        p = self.wasisdk("--dist-server", offline, "install", "22")
        line = assert_one_line_error(self, p, "cannot connect to", code=1)
        self.assertRegex(line, r"or use the system's LLVM \d+: add --or-system, or run wasisdk "
                               r"link --system\)$")
        self.assertFalse((self.tmp / "home/toolchains").exists() and
                         any((self.tmp / "home/toolchains").iterdir()))

    def test_a_server_that_answers_is_not_offline(self):
        with Server() as server:  # answers 404 for everything
            p = self.wasisdk("--dist-server", server.url(), "install", "22", "--or-system")
        assert_one_line_error(self, p, "HTTP 404", code=1)
        self.assertNotIn("system", p.stderr)
        self.assertFalse((self.tmp / "home/toolchains").exists() and
                         any((self.tmp / "home/toolchains").iterdir()))

    def test_or_system_refuses_from_and_component(self):
        p = self.wasisdk("install", "22", "--or-system", "--component", "sysroot")
        assert_one_line_error(self, p, "--or-system", code=2)


if __name__ == "__main__":
    unittest.main()
