"""End to end with real toolchains: a wasi-sdk-shaped tarball built from Debian's
clang-19/lld-19/wasi-libc (tests/fixtures/make-sdk.sh, cached in the build directory) is
served from loopback, installed with `wasisdk install --manifest`, and compiles C that
node's WASI runs."""
import pathlib
import shutil
import subprocess

from harness import HomeTestCase, manifest, node_run, real_sdk_tarball, sha256
from server import Server


HELLO = r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv) {
    const char *who = getenv("WHO");
    printf("hello %s argc=%d last=%s\n", who ? who : "?", argc, argv[argc - 1]);
    FILE *f = fopen("out.txt", "w");
    if (!f) return 10;
    fprintf(f, "%zu\n", strlen(argv[argc - 1]));
    fclose(f);
    return 7;
}
"""


class RealToolchainTest(HomeTestCase):
    @classmethod
    def setUpClass(cls):
        if shutil.which("node") is None:
            raise AssertionError("node is required (packaging/deps-debian.sh --test installs it)")
        cls.tarballs = {layout: real_sdk_tarball(layout) for layout in ("current", "legacy")}

    def setUp(self):
        super().setUp()
        self.server = Server().__enter__()
        self.addCleanup(self.server.__exit__)
        arts = {}
        for version, layout in (("25.0", "current"), ("21.0", "legacy")):
            data = self.tarballs[layout].read_bytes()
            self.server.add(f"dl/{self.tarballs[layout].name}", data)
            arts[version] = [{"kind": "sdk", "host": "x86_64-linux",
                              "url": f"dl/{self.tarballs[layout].name}",
                              "sha256": sha256(data), "size": len(data),
                              "source": "built by tests/fixtures/make-sdk.sh"}]
        self.env["WASISDK_MANIFEST"] = str(self.write("m.json", manifest(self.server.url(), arts)))
        (self.cwd / "hello.c").write_text(HELLO)

    def env_of(self, *args):
        """Runs `wasisdk env` and evaluates it the way a user's shell would."""
        script = self.wasisdk("env", *args, check=0).stdout
        out = subprocess.run(["sh", "-c", script + "\nenv"], capture_output=True, text=True,
                             check=True).stdout
        return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)

    def test_current_layout_builds_and_runs(self):
        self.wasisdk("install", "25", check=0)
        clang = self.wasisdk("which", "clang", check=0).stdout.strip()
        # clang.cfg in the release supplies the sysroot: no flags beyond the target.
        subprocess.run([clang, "--target=wasm32-wasip1", "-O2", "hello.c", "-o", "hello.wasm"],
                       cwd=self.cwd, check=True, capture_output=True)
        r = node_run(self.cwd / "hello.wasm", "a", "wasisdk", cwd=self.cwd, env={"WHO": "wasm"})
        self.assertEqual(r.returncode, 7, r.stderr)
        self.assertEqual(r.stdout, "hello wasm argc=3 last=wasisdk\n")
        self.assertEqual((self.cwd / "out.txt").read_text(), "7\n")

    def test_legacy_layout_builds_with_env_sysroot(self):
        self.wasisdk("install", "21", check=0)
        env = self.env_of()
        clang = pathlib.Path(env["WASI_SDK_PATH"]) / "bin/clang"
        subprocess.run([str(clang), "--target=wasm32-wasi", "--sysroot=" + env["WASI_SYSROOT"],
                        "hello.c", "-o", "hello.wasm"], cwd=self.cwd, check=True,
                       capture_output=True)
        r = node_run(self.cwd / "hello.wasm", "x", cwd=self.cwd, env={"WHO": "legacy"})
        self.assertEqual((r.returncode, r.stdout), (7, "hello legacy argc=2 last=x\n"), r.stderr)

    def test_receipts_record_what_each_tree_offers(self):
        self.wasisdk("install", "25", "21", check=0)
        import json
        cur = json.loads((self.home / "toolchains/25.0/receipt.json").read_text())["tree"]
        old = json.loads((self.home / "toolchains/21.0/receipt.json").read_text())["tree"]
        self.assertEqual(cur["clang_version"], "19.1.7")
        self.assertEqual(cur["resource_dir"], "lib/clang/19")
        self.assertEqual(cur["sysroot_targets"], ["wasm32-wasi", "wasm32-wasip1"])
        self.assertEqual(cur["cfg_files"], ["bin/clang++.cfg", "bin/clang.cfg"])
        self.assertEqual(old["sysroot_targets"], ["wasm32-wasi"])
        self.assertEqual(old["cfg_files"], [])
        self.assertEqual(old["builtins"], ["lib/clang/19/lib/wasi/libclang_rt.builtins-wasm32.a"])
        self.assertFalse(cur["wasm_component_ld"])
