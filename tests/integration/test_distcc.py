"""distcc through the wrappers (issue 13, docs/driver.md "distcc"): a loopback distccd with
its own WASISDK_HOME stands in for a build-farm machine. distcc preprocesses on the client
(through the wrapper, which writes the SDK's identity ahead of the output) and sends the
command line and the preprocessed file; the helper's wrapper compiles it with its own
SDK and refuses when that is not the SDK that preprocessed it.

The SDKs are real toolchains (harness.real_sdk_tarball): 'current' installed as 25.0,
'legacy' as 21.0, and 'current' with -mcpu=mvp in its clang.cfg installed as 25.0: the
same name, other bytes and other objects, as a helper with a rebuilt SDK would have.

distccd 3.3+ runs only compilers that have a link in /usr/lib/distcc (its manual); a real
helper gets one per wrapper name. The test does not write to /usr/lib, so it starts
distccd with --enable-tcp-insecure (which lifts that check) on 127.0.0.1 only. Run as
root, distccd drops to the `distcc` user: the homes are made readable to it."""
import os
import pathlib
import shutil
import socket
import subprocess
import tempfile
import time
import unittest

from harness import WASISDK, clean_env, node_command, real_sdk_tarball
from test_caches import variant_tarball


SOURCES = {
    "square.c": "#include <stdint.h>\nint64_t square(int32_t x) { return (int64_t)x * x; }\n",
    "main.c": ("#include <stdio.h>\n#include <stdint.h>\nint64_t square(int32_t x);\n"
               "int main(void) { printf(\"square(46341) = %lld\\n\", (long long)square(46341));"
               " return 0; }\n"),
}
COMPILE = ["wasm32-wasip1-clang", "-O2", "-c"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class DistccTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        for tool in ("distcc", "distccd", "node"):
            if shutil.which(tool) is None:
                raise AssertionError(f"{tool} is required (packaging/deps-debian.sh --test installs it)")
        cls.shared = pathlib.Path(tempfile.mkdtemp(prefix="wasisdk-distcc-"))
        cls.shared.chmod(0o755)  # distccd may run as the `distcc` user
        cls.current = real_sdk_tarball("current")
        cls.legacy = real_sdk_tarball("legacy")
        cls.variant = variant_tarball(cls.current, cls.shared / "wasi-sdk-25.0-mvp.tar.gz")
        cls.empty = cls.shared / "empty.json"
        cls.empty.write_text('{"schema": 1, "releases": []}')

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.shared, ignore_errors=True)

    def setUp(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp(dir=self.shared))
        self.tmp.chmod(0o755)
        self.daemon = None

    def tearDown(self):
        if self.daemon:
            self.daemon.terminate()
            self.daemon.wait(timeout=30)
            self.log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run_ok(self, args, env, cwd=None):
        p = subprocess.run(args, env=env, cwd=cwd or self.tmp, capture_output=True, text=True,
                           timeout=600)
        self.assertEqual(p.returncode, 0, f"{args}\n{p.stdout}\n{p.stderr}")
        return p

    def base_env(self, home):
        return clean_env(home, wrappers_on_path=True, drop=("DISTCC_", "CCACHE_"))

    def make_home(self, name, installs, default=None):
        home = self.tmp / name
        for version, tarball in installs:
            self.run_ok([WASISDK, "install", version, "--from", str(tarball), "--manifest",
                         str(self.empty)], self.base_env(home))
        if default:
            self.run_ok([WASISDK, "default", default], self.base_env(home))
        return home

    def driver_for_daemon(self, home):
        """Points `home`'s wrappers at a copy of the driver in the shared directory: run as
        root, distccd runs as the `distcc` user, which may not reach the build tree (a
        clone under /root is 0700)."""
        links = [l for l in (home / "bin").iterdir() if l.is_symlink()]
        driver = pathlib.Path(os.path.realpath(home / "bin" / "wasm32-wasip1-clang"))
        copy = self.shared / "daemon-bin" / driver.name
        if not copy.exists():
            copy.parent.mkdir(mode=0o755, exist_ok=True)
            shutil.copy2(driver, copy)
            copy.chmod(0o755)
        for link in links:
            if pathlib.Path(os.path.realpath(link)) == driver:
                link.unlink()
                link.symlink_to(copy)

    def start_helper(self, home):
        """distccd on 127.0.0.1 with `home`'s wrappers first on its PATH, as a build-farm
        machine would run it (its environment is its own, not the client's)."""
        self.driver_for_daemon(home)
        self.port = free_port()
        env = {"PATH": f"{home}/bin:/usr/bin:/bin", "WASISDK_HOME": str(home),
               "HOME": str(self.tmp), "TMPDIR": "/tmp", "LANG": "C.UTF-8"}
        self.log_path = self.tmp / "distccd.log"
        self.log = open(self.log_path, "w")
        self.daemon = subprocess.Popen(
            ["distccd", "--daemon", "--no-detach", "--enable-tcp-insecure",
             "--allow", "127.0.0.1", "--listen", "127.0.0.1", "--port", str(self.port),
             "--log-stderr", "--log-level", "info"],
            env=env, stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if self.daemon.poll() is not None or time.monotonic() > deadline:
                    self.fail(f"distccd did not start:\n{self.log_path.read_text()}")
                time.sleep(0.1)

    def client_env(self, home, strict=True):
        """The client's environment; `strict`: a compile the helper refuses fails instead
        of being retried locally, so that success means the helper compiled it."""
        env = self.base_env(home)
        self.tmp.joinpath("distcc-state").mkdir(exist_ok=True)
        env.update({"DISTCC_HOSTS": f"127.0.0.1:{self.port}/2",
                    "DISTCC_DIR": str(self.tmp / "distcc-state"),
                    "DISTCC_BACKOFF_PERIOD": "0"})
        if strict:
            env.update({"DISTCC_FALLBACK": "0", "DISTCC_SKIP_LOCAL_RETRY": "1"})
        return env

    def project(self):
        proj = self.tmp / "proj"
        (proj / "ref").mkdir(parents=True, exist_ok=True)
        for name, text in SOURCES.items():
            (proj / name).write_text(text)
            (proj / "ref" / name).write_text(text)
        return proj

    def reference(self, env, proj, name, spec=()):
        """The object the client's own SDK builds, without distcc."""
        self.run_ok([COMPILE[0], *spec, *COMPILE[1:], name, "-o", "ref.o"], env, cwd=proj / "ref")
        return (proj / "ref" / "ref.o").read_bytes()

    def compiled_on_helper(self):
        return self.log_path.read_text().count("COMPILE_OK")

    # --- the tests -----------------------------------------------------------------------
    def test_a_helper_with_the_same_sdk_builds_the_objects(self):
        client = self.make_home("client", [("25.0", self.current)])
        self.start_helper(self.make_home("helper", [("25.0", self.current)]))
        env = self.client_env(client)
        proj = self.project()
        for name in SOURCES:
            self.run_ok(["distcc", *COMPILE, name, "-o", name[:-2] + ".o"], env, cwd=proj)
            self.assertEqual((proj / (name[:-2] + ".o")).read_bytes(),
                             self.reference(env, proj, name), name)
        self.assertEqual(self.compiled_on_helper(), 2, self.log_path.read_text())
        self.run_ok(["wasm32-wasip1-clang", "main.o", "square.o", "-o", "app.wasm"], env, cwd=proj)
        r = self.run_ok(node_command("app.wasm"), env, cwd=proj)
        self.assertEqual(r.stdout, "square(46341) = 2147488281\n")

    def test_a_helper_with_other_bytes_under_the_same_name_refuses(self):
        client = self.make_home("client", [("25.0", self.current)])
        self.start_helper(self.make_home("helper", [("25.0", self.variant)]))
        proj = self.project()
        p = subprocess.run(["distcc", *COMPILE, "square.c", "-o", "square.o"],
                           env=self.client_env(client), cwd=proj, capture_output=True, text=True,
                           timeout=600)
        self.assertNotEqual(p.returncode, 0, p.stderr)
        refusal = [l for l in p.stderr.splitlines() if l.startswith("wasm32-wasip1-clang: error:")]
        self.assertEqual(len(refusal), 1, p.stderr)
        self.assertIn("was preprocessed with another SDK (sdk sha256:", refusal[0])
        self.assertIn("than this machine's wasi-sdk 25.0 (sdk sha256:", refusal[0])
        self.assertIn("install the same wasi-sdk archive on this machine", refusal[0])
        self.assertFalse((proj / "square.o").exists())
        self.assertEqual(self.compiled_on_helper(), 0)

        # distcc's defaults retry a refused compile on the client, without the helper's
        # stderr: the right object, and distcc's own warning.
        p = self.run_ok(["distcc", *COMPILE, "square.c", "-o", "square.o"],
                        self.client_env(client, strict=False), cwd=proj)
        self.assertIn("remote compilation of 'square.c' failed, retrying locally", p.stderr)
        self.assertEqual((proj / "square.o").read_bytes(),
                         self.reference(self.client_env(client), proj, "square.c"))

    def test_the_version_named_in_the_command_travels_to_the_helper(self):
        client = self.make_home("client", [("25.0", self.current)])
        helper = self.make_home("helper", [("25.0", self.current), ("21.0", self.legacy)],
                                default="21.0")
        self.start_helper(helper)
        env = self.client_env(client)
        proj = self.project()
        p = subprocess.run(["distcc", *COMPILE, "square.c", "-o", "square.o"], env=env, cwd=proj,
                           capture_output=True, text=True, timeout=600)
        self.assertNotEqual(p.returncode, 0, p.stderr)
        self.assertIn("than this machine's wasi-sdk 21.0", p.stderr)
        self.run_ok(["distcc", COMPILE[0], "+25.0", *COMPILE[1:], "square.c", "-o", "square.o"],
                    env, cwd=proj)
        self.assertEqual((proj / "square.o").read_bytes(),
                         self.reference(env, proj, "square.c", spec=("+25.0",)))
        self.assertEqual(self.compiled_on_helper(), 1, self.log_path.read_text())


if __name__ == "__main__":
    unittest.main()
