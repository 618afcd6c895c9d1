"""The command line as a user meets it: errors with fixes, the active-SDK order,
show/which/env/list/default/link. SDKs come from small fake archives via --from."""
import json
import pathlib
import subprocess
import os

from harness import HomeTestCase, fake_rustc, fake_sdk_archive, WASISDK


class CliTest(HomeTestCase):
    def setUp(self):
        super().setUp()
        # A manifest that knows no releases: archives installed --from are then private
        # builds (the built-in manifest pins the real 22.0 and 25.0, which these are not).
        empty = self.write("empty.json", json.dumps({"schema": 1, "releases": []}))
        self.env["WASISDK_MANIFEST"] = str(empty)

    def install_fake(self, version, top=None, **kw):
        f = self.write(f"sdk-{version}.tar.gz", fake_sdk_archive(top or f"wasi-sdk-{version}", **kw))
        self.wasisdk("install", version, "--from", str(f), check=0)

    # --- errors -------------------------------------------------------------------
    def test_unknown_command_suggests(self):
        p = self.wasisdk("instal", "22")
        self.assertEqual(p.stderr.strip(), "wasisdk: error: unknown command 'instal' "
                         "(did you mean 'install'?); see wasisdk --help")
        self.assertEqual(p.returncode, 2)

    def test_unknown_flag_suggests(self):
        p = self.wasisdk("install", "22", "--forse")
        self.assertEqual(p.stderr.strip(), "wasisdk: error: unknown option '--forse' for wasisdk "
                         "install (did you mean '--force'?); see wasisdk install --help")
        self.assertEqual(p.returncode, 2)

    def test_nested_commands_explain_themselves(self):
        p = self.wasisdk("rust-std")
        self.assertEqual(p.stderr.strip(), "wasisdk: error: wasisdk rust-std needs a subcommand "
                         "(install, list, uninstall); see wasisdk rust-std --help")
        p = self.wasisdk("rust-std", "instal")
        self.assertEqual(p.stderr.strip(), "wasisdk: error: unknown command 'instal' for wasisdk "
                         "rust-std (did you mean 'install'?); see wasisdk rust-std --help")
        p = self.wasisdk("rust-std", "install", "--frm", "x")
        self.assertEqual(p.stderr.strip(), "wasisdk: error: unknown option '--frm' for wasisdk "
                         "rust-std install (did you mean '--from'?); see wasisdk rust-std "
                         "install --help")
        # Without a version, install reads the pin (test_ux.py); without a pin it says so.
        p = self.wasisdk("install")
        self.assertEqual(p.stderr.strip(), "wasisdk: error: no version given, and no "
                         f".wasi-sdk-version in {self.cwd} or any directory above it (name one "
                         "(wasisdk install 25), or pin this project first (wasisdk pin 25))")
        self.assertEqual(p.returncode, 2)

    def test_bad_version_spec(self):
        p = self.wasisdk("install", "twenty")
        self.assertEqual(p.stderr.strip(), "wasisdk: error: 'twenty' is not a wasi-sdk version "
                         "(use a number such as 22, an exact version such as 22.0, or latest)")
        self.assertEqual(p.returncode, 2)

    def test_manifest_errors_name_file_and_json_path(self):
        m = self.write("bad.json", json.dumps({"schema": 1, "base_url": "https://example.invalid/", "releases": [
            {"version": "22.0", "artifacts": [{"kind": "sdk", "url": "x", "sha256": "abc"}]}]}))
        p = self.wasisdk("install", "22", "--manifest", str(m))
        self.assertEqual(p.stderr.strip(), f"wasisdk: error: {m}: $.releases[0].artifacts[0].sha256: "
                         "expected 64 hexadecimal characters, found 'abc' (fix the manifest, or "
                         "pass --manifest with a corrected file)")

    def test_manifest_newer_schema_is_refused(self):
        m = self.write("new.json", json.dumps({"schema": 2, "releases": []}))
        p = self.wasisdk("list", "--available", "--manifest", str(m))
        self.assert_one_line_error(p, "schema 2 is newer than this wasisdk understands",
                                   "upgrade wasisdk")

    def test_manifest_invalid_json(self):
        m = self.write("broken.json", "{ \"schema\": 1, ")
        p = self.wasisdk("list", "--available", "--manifest", str(m))
        self.assert_one_line_error(p, str(m), "invalid JSON")

    def test_home_unset(self):
        p = self.wasisdk("list", env={"WASISDK_HOME": None, "HOME": None})
        self.assertEqual(p.stderr.strip(), "wasisdk: error: cannot find the wasisdk home: HOME is "
                         "not set (set WASISDK_HOME or pass --home DIR)")

    def test_no_sdk_installed(self):
        for args in (["show"], ["which", "clang"], ["env"]):
            p = self.wasisdk(*args)
            self.assertEqual(p.stderr.strip(), "wasisdk: error: no wasi-sdk is installed "
                             "(run: wasisdk install latest)")
            self.assertEqual(p.returncode, 3)

    def test_builtin_manifest_lists_every_release(self):
        p = self.wasisdk("list", "--available", "--json", env={"WASISDK_MANIFEST": None}, check=0)
        versions = [r["version"] for r in json.loads(p.stdout)["available"]]
        self.assertEqual(versions, [f"{n}.0" for n in range(34, 15, -1)])

    def test_offline_network_error_names_ways_out(self):
        # The built-in manifest points at GitHub; a dist server nobody listens on stands
        # in for a machine that cannot reach it.
        p = self.wasisdk("install", "22", "--dist-server", "http://127.0.0.1:9/",
                         env={"WASISDK_MANIFEST": None})
        self.assert_one_line_error(p, "cannot connect", "--dist-server", "--from", "wasisdk link")

    # --- the active SDK --------------------------------------------------------------
    def test_resolution_order(self):
        self.install_fake("22.0")
        self.install_fake("25.0")
        show = lambda **env: json.loads(self.wasisdk("show", "--json", env=env, check=0).stdout)
        self.assertEqual(show()["name"], "22.0")
        self.assertEqual(show()["rule"], "default")
        self.assertIn("the default", show()["reason"])

        (self.cwd / ".wasi-sdk-version").write_text("25\n")
        sub = self.cwd / "a" / "b"
        sub.mkdir(parents=True)
        p = json.loads(self.wasisdk("show", "--json", cwd=sub, check=0).stdout)
        self.assertEqual(p["name"], "25.0")
        self.assertEqual((p["rule"], p["origin"]), ("pin-file", str(self.cwd / ".wasi-sdk-version")))
        self.assertEqual(p["reason"], "pinned by " + str(self.cwd / ".wasi-sdk-version"))

        p = json.loads(self.wasisdk("show", "--json", cwd=sub, env={"WASISDK_SDK": "22"},
                                    check=0).stdout)
        self.assertEqual((p["name"], p["rule"]), ("22.0", "env:WASISDK_SDK"))

        other = self.tmp / "elsewhere"
        other.mkdir()
        p = json.loads(self.wasisdk("show", "--json", cwd=sub,
                                    env={"WASISDK_SDK": "22", "WASI_SDK_PATH": str(other)},
                                    check=0).stdout)
        self.assertEqual((p["path"], p["rule"]), (str(other), "env:WASI_SDK_PATH"))

    def test_wrappers_honour_home_after_env(self):
        """Issue 11.3: after eval "$(wasisdk --home DIR env)", show and the wrappers agree."""
        self.install_fake("22.0")
        (self.cwd / ".wasi-sdk-version").write_text("22\n")
        env = {k: v for k, v in self.env.items() if k != "WASISDK_HOME"}
        script = (f"eval \"$('{WASISDK}' --home '{self.home}' env)\"; echo \"HOME_IS=$WASISDK_HOME\"; "
                  f"'{WASISDK}' show --json")
        p = subprocess.run(["bash", "-c", script], env=env, cwd=self.cwd, capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn(f"HOME_IS={self.home}", p.stdout)
        self.assertEqual(json.loads(p.stdout[p.stdout.index("{"):])["name"], "22.0")

    def test_pins_keep_working_after_eval_env(self):
        """Issue 10.1: `eval "$(wasisdk env)"` exports WASI_SDK_PATH for tools that read it;
        a pin made afterwards still decides, a WASI_SDK_PATH set by hand still wins."""
        self.install_fake("22.0")
        self.install_fake("25.0")
        self.wasisdk("default", "22", check=0)
        script = (f"eval \"$('{WASISDK}' env)\"; echo 25 > .wasi-sdk-version; "
                  f"'{WASISDK}' show --json; echo \"WASI_SDK_PATH=$WASI_SDK_PATH\"")
        p = subprocess.run(["bash", "-c", script], env=self.env, cwd=self.cwd, capture_output=True,
                           text=True, check=True)
        doc = json.loads(p.stdout[:p.stdout.rindex("}") + 1])
        self.assertEqual((doc["name"], doc["rule"]), ("25.0", "pin-file"))
        exported = p.stdout.strip().splitlines()[-1].split("=", 1)[1]
        self.assertTrue(exported.endswith("toolchains/22.0/sdk"), exported)
        self.assertEqual(doc["stale_wasi_sdk_path"], exported)
        self.assertIn("was exported by `wasisdk env` and is not the active SDK", p.stderr)
        # the wrapper agrees with show
        wrapper = self.home / "bin/wasm32-wasip1-clang"
        if wrapper.exists():
            v = subprocess.run(["bash", "-c", f"eval \"$('{WASISDK}' env)\"; WASISDK_VERBOSE=1 '{wrapper}' --version"],
                               env=self.env, cwd=self.cwd, capture_output=True, text=True)
            self.assertIn("toolchains/25.0/sdk/bin/clang", v.stderr)
        # set by hand, WASI_SDK_PATH is the user's choice
        p = subprocess.run(["bash", "-c", f"eval \"$('{WASISDK}' env)\"; "
                            f"export WASI_SDK_PATH={self.home}/toolchains/22.0/sdk; '{WASISDK}' show --json"],
                           env=self.env, cwd=self.cwd, capture_output=True, text=True, check=True)
        self.assertEqual(json.loads(p.stdout)["rule"], "env:WASI_SDK_PATH")

    def test_pin_to_missing_version_says_which_file(self):
        self.install_fake("22.0")
        pin = self.cwd / ".wasi-sdk-version"
        pin.write_text("30\n")
        p = self.wasisdk("show")
        self.assertEqual(p.stderr.strip(), f"wasisdk: error: wasi-sdk 30 (from {pin}) is not "
                         "installed (run: wasisdk install 30)")
        self.assertEqual(p.returncode, 3)

    def test_wasi_sdk_path_must_exist(self):
        p = self.wasisdk("show", env={"WASI_SDK_PATH": "/nonexistent/sdk"})
        self.assert_one_line_error(p, "WASI_SDK_PATH=/nonexistent/sdk is not a directory", code=3)

    def test_show_text(self):
        self.install_fake("22.0")
        p = self.wasisdk("show", check=0)
        self.assertIn("active:  22.0 (the default " + str(self.home / "default") + ")", p.stdout)
        self.assertIn("targets: wasm32-wasi", p.stdout)

    def test_show_names_the_triples_the_wrappers_act_on(self):
        """One probe (exec_path/sdk_facts.h, issue 12.1): a sysroot entry lib/wasm32-* is a
        triple for the wrappers whether or not it holds libc.a, and for `show` too, read
        now rather than from the receipt."""
        self.install_fake("22.0")
        (self.home / "toolchains/22.0/sdk/share/wasi-sysroot/lib/wasm32-wasip2").mkdir()
        doc = json.loads(self.wasisdk("show", "--json", check=0).stdout)
        self.assertEqual(doc["sysroot_targets"], ["wasm32-wasi", "wasm32-wasip2"])
        self.assertIn("targets: wasm32-wasi, wasm32-wasip2", self.wasisdk("show", check=0).stdout)

    def test_which(self):
        self.install_fake("22.0")
        sdk = self.home / "toolchains/22.0/sdk/bin"
        self.assertEqual(self.wasisdk("which", "clang", check=0).stdout.strip(), str(sdk / "clang"))
        self.assertEqual(self.wasisdk("which", "ar", check=0).stdout.strip(), str(sdk / "llvm-ar"))
        p = self.wasisdk("which", "gcc")
        self.assert_one_line_error(p, "wasi-sdk 22.0 has no tool named 'gcc'", code=3)

    def test_env_shells(self):
        self.install_fake("22.0")
        root = self.home / "toolchains/22.0/sdk"
        sh = self.wasisdk("env", check=0).stdout
        self.assertIn(f"export WASI_SDK_PATH='{root}'", sh)
        self.assertIn(f"export WASI_SYSROOT='{root}/share/wasi-sysroot'", sh)
        self.assertIn(f"case \":${{PATH}}:\" in *:'{self.home}/bin':*) ;; "
                      f"*) export PATH='{self.home}/bin'\"${{PATH:+:$PATH}}\" ;; esac", sh)
        # The sh output really evaluates in a shell.
        import subprocess
        out = subprocess.run(["sh", "-c", sh + '\necho "$WASI_SYSROOT"'], capture_output=True,
                             text=True, check=True).stdout.strip()
        self.assertEqual(out, f"{root}/share/wasi-sysroot")
        fish = self.wasisdk("env", "--shell", "fish", check=0).stdout
        self.assertIn(f"set -gx WASI_SDK_PATH '{root}';", fish)
        self.assertEqual(self.wasisdk("env", "--shell", "zsh", check=0).stdout, sh)
        pwsh = self.wasisdk("env", "--shell", "pwsh", check=0).stdout
        self.assertIn(f"$env:WASI_SDK_PATH = '{root}'", pwsh)
        doc = json.loads(self.wasisdk("env", "--json", check=0).stdout)
        self.assertEqual(doc["vars"]["WASI_SDK_PATH"], str(root))
        self.assertEqual(doc["path_prepend"], [str(self.home / "bin")])

    def test_env_target_exports_for_cargo_cmake_and_cc(self):
        self.install_fake("22.0")
        bin_dir = self.home / "bin"
        doc = json.loads(self.wasisdk("env", "--json", "--target", "wasm32-wasip1",
                                      check=0).stdout)["vars"]
        self.assertEqual(doc["CC_wasm32_wasip1"], str(bin_dir / "wasm32-wasip1-clang"))
        self.assertEqual(doc["CXX_wasm32_wasip1"], str(bin_dir / "wasm32-wasip1-clang++"))
        self.assertEqual(doc["AR_wasm32_wasip1"], str(bin_dir / "wasm32-wasip1-ar"))
        self.assertEqual(doc["CARGO_TARGET_WASM32_WASIP1_LINKER"],
                         str(bin_dir / "wasm32-wasip1-clang"))
        self.assertEqual(doc["CARGO_TARGET_WASM32_WASIP1_RUSTFLAGS"], "-Clink-self-contained=no")
        self.assertEqual(doc["CMAKE_TOOLCHAIN_FILE"],
                         str(self.home / "share/cmake/wasm32-wasip1.cmake"))
        self.assertTrue((bin_dir / "wasm32-wasip1-clang").is_symlink())
        self.assertTrue((self.home / "share/cmake/wasm32-wasip1.cmake").exists())
        # wasm32-wasi as a rustc that still has it reads it (1.83, the last: docs/rust.md).
        doc = json.loads(self.wasisdk("env", "--json", "--target", "wasm32-wasi", "--link",
                                      "self-contained", "--emulate", "mman,getpid",
                                      env={"RUSTC": self.rustc_release("1.83.0")},
                                      check=0).stdout)["vars"]
        self.assertNotIn("CARGO_TARGET_WASM32_WASI_LINKER", doc)
        self.assertEqual(doc["CARGO_TARGET_WASM32_WASI_RUSTFLAGS"], "-Clink-self-contained=yes")
        self.assertEqual(doc["WASISDK_EMULATE"], "mman,getpid")
        p = self.wasisdk("env", "--emulate", "mmap")
        self.assert_one_line_error(p, "WASISDK_EMULATE names 'mmap'", code=2)
        p = self.wasisdk("env", "--target", "wasm64-wasi")
        self.assertEqual(p.returncode, 2)

    # --- the target names cargo reads depend on the rustc (issue 10, item 5) ----------
    def rustc_release(self, release):
        """A rustc answering -vV with `release` (1.63: Debian's; 1.96: rustc-web's)."""
        return str(fake_rustc(self.tmp / f"rust-{release}/bin", release))

    def env_vars(self, *args, **env):
        p = self.wasisdk("env", "--json", *args, env=env, check=0)
        return json.loads(p.stdout)["vars"], p.stderr

    def test_env_exports_the_target_name_the_rustc_in_use_reads(self):
        self.install_fake("22.0")
        bin_dir = self.home / "bin"
        clang = str(bin_dir / "wasm32-wasip1-clang")
        old = self.rustc_release("1.63.0")
        # rustc 1.63 knows only wasm32-wasi: the cc crate reads CC_wasm32_wasi, cargo
        # CARGO_TARGET_WASM32_WASI_*; the values are still the wasm32-wasip1 wrappers.
        vars, err = self.env_vars("--target", "wasm32-wasip1", RUSTC=old)
        cargo = {k: v for k, v in vars.items() if k.startswith(("CC_", "CXX_", "AR_", "CARGO_"))}
        self.assertEqual(cargo, {"CC_wasm32_wasi": clang, "CXX_wasm32_wasi": clang + "++",
                                 "AR_wasm32_wasi": str(bin_dir / "wasm32-wasip1-ar"),
                                 "CARGO_TARGET_WASM32_WASI_LINKER": clang,
                                 "CARGO_TARGET_WASM32_WASI_RUSTFLAGS": "-Clink-self-contained=no"})
        self.assertEqual(vars["CMAKE_TOOLCHAIN_FILE"],
                         str(self.home / "share/cmake/wasm32-wasip1.cmake"))
        self.assertEqual(err, f"rustc 1.63.0 (RUSTC={old}) knows wasm32-wasip1 as "
                         "wasm32-wasi (no wasm32-wasip1 before Rust 1.78): exporting "
                         "CC_wasm32_wasi, CXX_wasm32_wasi, AR_wasm32_wasi and "
                         "CARGO_TARGET_WASM32_WASI_*\n")
        # The shell script names the same variables.
        sh = self.wasisdk("env", "--target", "wasm32-wasip1", env={"RUSTC": old}, check=0).stdout
        self.assertIn(f"export CC_wasm32_wasi='{clang}'\n", sh)
        self.assertNotIn("wasm32_wasip1", sh)
        self.assertNotIn("WASM32_WASIP1", sh)

        # 1.84 removed wasm32-wasi: asked for by its old name, a new rustc reads wasip1.
        new = self.rustc_release("1.84.0")
        vars, err = self.env_vars("--target", "wasm32-wasi", "--link", "self-contained",
                                  RUSTC=new)
        self.assertEqual(vars["AR_wasm32_wasip1"], str(bin_dir / "wasm32-wasi-ar"))
        self.assertEqual(vars["CARGO_TARGET_WASM32_WASIP1_RUSTFLAGS"], "-Clink-self-contained=yes")
        self.assertFalse([k for k in vars if k.endswith(("_wasm32_wasi", "_WASM32_WASI_RUSTFLAGS"))])
        self.assertEqual(err, f"rustc 1.84.0 (RUSTC={new}) knows wasm32-wasi as "
                         "wasm32-wasip1 (no wasm32-wasi from Rust 1.84 on): exporting "
                         "CC_wasm32_wasip1, CXX_wasm32_wasip1, AR_wasm32_wasip1 and "
                         "CARGO_TARGET_WASM32_WASIP1_*\n")
        # The name the rustc knows: no note.
        vars, err = self.env_vars("--target", "wasm32-wasip1", RUSTC=new)
        self.assertIn("CC_wasm32_wasip1", vars)
        self.assertEqual(err, "")

    def test_env_finds_the_rustc_as_cargo_does(self):
        self.install_fake("22.0")
        old, new = self.rustc_release("1.63.0"), self.rustc_release("1.96.0")
        path = f"{pathlib.Path(old).parent}:/usr/bin:/bin"
        # RUSTC (cargo's own override) before PATH; --rustc before both.
        vars, err = self.env_vars("--target", "wasm32-wasip1", RUSTC=new, PATH=path)
        self.assertIn("CC_wasm32_wasip1", vars)
        vars, err = self.env_vars("--target", "wasm32-wasip1", RUSTC=None, PATH=path)
        self.assertIn("CC_wasm32_wasi", vars)
        self.assertIn("rustc 1.63.0 (on PATH) knows wasm32-wasip1 as wasm32-wasi", err)
        vars, err = self.env_vars("--target", "wasm32-wasip1", "--rustc", old, RUSTC=new)
        self.assertIn("CC_wasm32_wasi", vars)
        self.assertIn(f"rustc 1.63.0 (--rustc {old}) knows", err)
        # No rustc at all: both names, and the note says why and what to set.
        empty = self.tmp / "empty-bin"
        empty.mkdir()
        vars, err = self.env_vars("--target", "wasm32-wasip1", RUSTC=None, PATH=str(empty))
        for name in ("wasm32_wasi", "wasm32_wasip1"):
            self.assertEqual(vars[f"CC_{name}"], str(self.home / "bin/wasm32-wasip1-clang"))
            self.assertIn(f"CARGO_TARGET_{name.upper()}_LINKER", vars)
        self.assertEqual(err, "no rustc said which name it reads for wasm32-wasip1 "
                         "(cannot run rustc -vV; set RUSTC or pass --rustc), so both wasm32-wasi "
                         "and wasm32-wasip1: exporting CC_<t>, CXX_<t>, AR_<t> and "
                         "CARGO_TARGET_<T>_* for each\n")
        # A target with one name in every release asks no rustc, and --quiet hides notes.
        vars, err = self.env_vars("--target", "wasm32-wasip2", RUSTC="/nonexistent/rustc")
        self.assertIn("CC_wasm32_wasip2", vars)
        self.assertEqual(err, "")
        self.assertEqual(self.wasisdk("--quiet", "env", "--target", "wasm32-wasip1",
                                      env={"RUSTC": old}, check=0).stderr, "")
        # A --rustc that does not run is an error: it was asked for.
        p = self.wasisdk("env", "--target", "wasm32-wasip1", "--rustc", "/nonexistent/rustc")
        self.assert_one_line_error(p, "cannot run /nonexistent/rustc -vV", code=3)
        self.assertEqual(p.stdout, "")

    def test_cargo_config_uses_the_target_name_the_rustc_in_use_reads(self):
        import tomllib
        self.install_fake("22.0")
        clang = str(self.home / "bin/wasm32-wasip1-clang")
        old = self.rustc_release("1.63.0")
        p = self.wasisdk("cargo-config", env={"RUSTC": old}, check=0)
        doc = tomllib.loads(p.stdout)
        self.assertEqual(doc["target"], {"wasm32-wasi": {"linker": clang, "rustflags":
                                                         ["-Clink-self-contained=no"]}})
        self.assertEqual(set(doc["env"]), {"CC_wasm32_wasi", "CXX_wasm32_wasi", "AR_wasm32_wasi"})
        self.assertIn(f"rustc 1.63.0 (RUSTC={old}) knows wasm32-wasip1 as wasm32-wasi "
                      "(no wasm32-wasip1 before Rust 1.78): printing [target.wasm32-wasi] and "
                      "[env] CC_wasm32_wasi, CXX_wasm32_wasi, AR_wasm32_wasi\n", p.stderr)
        # --write merges [target.wasm32-wasi]; with a new rustc and the old name, wasip1.
        p = self.wasisdk("cargo-config", "--write", env={"RUSTC": old}, check=0)
        self.assertIn("updated .cargo/config.toml: target.wasm32-wasi.linker, "
                      "target.wasm32-wasi.rustflags, env.CC_wasm32_wasi, env.CXX_wasm32_wasi, "
                      "env.AR_wasm32_wasi", p.stderr)
        self.assertIn("writing [target.wasm32-wasi] and [env] CC_wasm32_wasi", p.stderr)
        new = self.rustc_release("1.96.0")
        self.wasisdk("cargo-config", "--write", "--target", "wasm32-wasi", "--link",
                     "self-contained", env={"RUSTC": new}, check=0)
        doc = tomllib.loads((self.cwd / ".cargo/config.toml").read_text())
        self.assertEqual(doc["target"]["wasm32-wasip1"], {"rustflags": ["-Clink-self-contained=yes"]})
        self.assertEqual(doc["env"]["CC_wasm32_wasip1"], str(self.home / "bin/wasm32-wasi-clang"))
        # Without a rustc to ask, both tables.
        empty = self.tmp / "empty-bin"
        empty.mkdir()
        p = self.wasisdk("cargo-config", env={"RUSTC": None, "PATH": str(empty)}, check=0)
        self.assertEqual(set(tomllib.loads(p.stdout)["target"]), {"wasm32-wasi", "wasm32-wasip1"})
        self.assertIn("so both wasm32-wasi and wasm32-wasip1: printing [target.<t>] and [env] "
                      "CC_<t>, CXX_<t>, AR_<t> for each", p.stderr)

    def test_cargo_config_section(self):
        self.install_fake("22.0")
        text = self.wasisdk("cargo-config", "--target", "wasm32-wasip1", check=0).stdout
        import tomllib
        doc = tomllib.loads(text)
        clang = str(self.home / "bin/wasm32-wasip1-clang")
        self.assertEqual(doc["target"]["wasm32-wasip1"],
                         {"linker": clang, "rustflags": ["-Clink-self-contained=no"]})
        self.assertEqual(doc["env"]["CC_wasm32_wasip1"], clang)

    def test_bootstrap_config(self):
        import tomllib
        self.install_fake("25.0", triples=("wasm32-wasi", "wasm32-wasip1"))
        out = self.wasisdk("bootstrap-config", "--target", "wasm32-wasip1", check=0).stdout
        doc = tomllib.loads(out)
        self.assertEqual(doc["build"]["target"], ["x86_64-unknown-linux-gnu", "wasm32-wasip1"])
        self.assertIs(doc["rust"]["lld"], True)
        t = doc["target"]["wasm32-wasip1"]
        self.assertTrue(os.path.isdir(os.path.join(t["wasi-root"], "lib", "wasm32-wasip1")))
        for key in ("cc", "cxx", "ar"):
            self.assertTrue(os.path.exists(t[key]), t[key])
        # --write keeps the user's settings.
        cfg = self.write("config.toml", 'profile = "compiler"\n[build]\n'
                         'target = ["x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu"]\n'
                         'docs = false\n[llvm]\nninja = true\n')
        self.wasisdk("bootstrap-config", "--write", str(cfg), check=0)
        merged = tomllib.loads(cfg.read_text())
        self.assertEqual(merged["profile"], "compiler")
        self.assertIs(merged["build"]["docs"], False)
        self.assertIs(merged["llvm"]["ninja"], True)
        self.assertEqual(merged["build"]["target"], ["x86_64-unknown-linux-gnu",
                                                     "aarch64-unknown-linux-gnu", "wasm32-wasip1"])
        self.assertEqual(merged["target"]["wasm32-wasip1"], t)
        bad = self.write("bad.toml", "[build\n")
        p = self.wasisdk("bootstrap-config", "--write", str(bad))
        self.assert_one_line_error(p, f"{bad}:1: invalid TOML", code=2)
        # The target documentation's minimum is wasi-sdk 22.
        self.install_fake("21.0")
        p = self.wasisdk("bootstrap-config", env={"WASISDK_SDK": "21"})
        self.assert_one_line_error(p, "wasi-sdk 21.0 is older than wasi-sdk 22", code=3)
        p = self.wasisdk("bootstrap-config", "--target", "wasm32-wasip2")
        self.assert_one_line_error(p, "has no", "lib/wasm32-wasip2", code=3)

    def test_list_marks_default(self):
        self.install_fake("22.0")
        self.install_fake("25.0")
        self.assertEqual(self.wasisdk("list", check=0).stdout.splitlines(),
                         ["22.0 (default, active, llvm 19.1.7)", "25.0 (llvm 19.1.7)"])
        rows = json.loads(self.wasisdk("list", "--json", check=0).stdout)["installed"]
        self.assertEqual([(r["name"], r["default"]) for r in rows], [("22.0", True), ("25.0", False)])

    def test_link_and_uninstall_only_forgets(self):
        tree = self.tmp / "opt-wasi-sdk"
        import tarfile, io
        with tarfile.open(fileobj=io.BytesIO(fake_sdk_archive("x"))) as t:
            t.extractall(self.tmp / "unpacked")
        (self.tmp / "unpacked/x").rename(tree)
        self.wasisdk("link", "opt", str(tree), check=0)
        r = json.loads((self.home / "toolchains/opt/receipt.json").read_text())
        self.assertTrue(r["linked"])
        self.assertEqual(r["linked_path"], str(tree))
        self.assertEqual(r["tree"]["sysroot_targets"], ["wasm32-wasi"])
        self.assertEqual(self.wasisdk("which", "clang", check=0).stdout.strip(),
                         str(self.home / "toolchains/opt/sdk/bin/clang"))
        p = self.wasisdk("link", "opt", str(tree))
        self.assert_one_line_error(p, "already installed", "--force")
        self.wasisdk("uninstall", "opt", check=0)
        self.assertTrue((tree / "bin/clang").exists(), "uninstall of a link deleted the SDK")
        self.assertEqual(self.home_entries("toolchains"), [])

    def test_link_refuses_non_sdk(self):
        p = self.wasisdk("link", "x", str(self.tmp))
        self.assert_one_line_error(p, "has no bin/clang", code=2)

    def test_corrupt_receipt_names_file_and_way_out(self):
        self.install_fake("22.0")
        receipt = self.home / "toolchains/22.0/receipt.json"
        receipt.write_text("{ not json")
        p = self.wasisdk("show")
        self.assert_one_line_error(p, f"corrupt receipt {receipt}", "--force")
        p = self.wasisdk("list", check=0)
        self.assertIn("corrupt receipt", p.stdout)
        # The way out works.
        f = self.tmp / "sdk-22.0.tar.gz"
        self.wasisdk("install", "22.0", "--force", "--from", str(f), check=0)
        self.wasisdk("show", check=0)
