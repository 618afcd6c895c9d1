#!/usr/bin/env python3
"""Writes manifests/wasi-sdk.json from tables kept here by hand:

- asset names per release and host (HOSTS, LEGACY_SDK_SUFFIX, NAME_EXCEPTIONS,
  ASSET_VERSION), from docs/sdk-releases.md and the build scripts of each
  wasi-sdk tag (.github/workflows/main.yml, ci/merge-artifacts.sh, version.py);
- LLVM: the LLVM version inside each release (docs/sdk-releases.md);
- PINS: every sha256 we know, each with where it was published
  (shared/data/wasi-sdk-sha256-leads.txt), and the size where a source states it;
- REJECTED: published values that must never become pins (superseded uploads,
  withdrawn or disputed values, Nix tree hashes).
None of the hashes or sizes was invented or computed here (no downloads).

Run it after editing a table:   python3 manifests/tools/generate_wasi_sdk.py
Check the JSON is up to date:   python3 manifests/tools/generate_wasi_sdk.py --check
"""
import json
import pathlib
import sys
import urllib.parse

OUT = pathlib.Path(__file__).resolve().parent.parent / "wasi-sdk.json"
FIRST, LAST = 16, 34  # the supported releases (SOURCES.md says why not 14, 15)

SOURCES = {
    "S": "spack/spack-packages (package wasi_sdk_prebuilt)",
    "O": "wevm/ox (wasm/toolchain.json)",
    "W": "andreiltd/wasmono (toolchains/cxx/wasi/releases.bzl)",
    "H": "Homebrew/homebrew-core (Formula/w/wasi-libc.rb)",
    "N": "Nix flakes",
    "B": "Bazel rules",
    "P": "other public build scripts",
    # 2026-11-30 additions (leads file, second comment block)
    "G": "GitHub's asset digest via rioam2/wasi-sdk-toolchain "
         "(cmake/WasiSdkChecksums.cmake)",
    "R": "pulseengine/rules_wasm_component (checksums/tools/wasi-sdk.json)",
    "D": "ankoh/dashql (bazel/external_wasi_sdk.bzl)",
    "M": "carlosperate/microbit-clang-wasm (config.json)",
    "A": "ManoloRemiddi/augmentor-agent (release/quickjs/build.json)",
    "L": "live-codes/clang-wasm (toolchain.lock.json)",
    "T": "statespace-tech/cli (src/build/toolchain.rs)",
    "X": "DotBots/DotBot-libs (wasm/fetch-wasi-sdk.sh)",
    "F": "Einsia/Frontier-Engineering (malloc_wasm/setup.py)",
    "I": "iree-org/iree (build_tools/wasm/wasi_sdk_version.bzl)",
    "C": "notorca/workers-wasi (Makefile)",
}

# Sources that count only beside another one: R's 2025 history has copy errors (leads).
NOT_ALONE = {"R"}

# 32's tag was re-made on 2026-03-16 and its assets uploaded again: the pins are the
# second upload's (the first upload's values are in REJECTED).
RE_MADE_32 = "upload of the re-made tag, 2026-03-16"

# (asset key, sha256, source codes, size in bytes or None, note).
# Asset keys: sdk-<version>-<host>, sysroot-<asset version>, builtins-<asset version>
# (the asset version is 33.0+m for 33's sysroot and builtins, see ASSET_VERSION).
# Source codes: one letter per independent repository; a letter given twice ("PP")
# means two or more repositories of that kind agree (the leads' "✓✓ P"). One letter
# alone is a single-source pin and says so in the manifest.
# Sizes only where a lead row states the byte count ("...; 192383077 bytes").
# Where a key has two lead rows, the 2026-11-30 row wins (it supersedes the older one).
PINS = [
    ("sdk-16.0-x86_64-linux", "10df3418485e60b9283c1132102f8d3ca34b4fbe8c4649e30282ee84fe42d788", "SC", None, ""),
    ("sdk-17.0-x86_64-linux", "8778a476af7898a51db9b78395687cc9c8b69702850da77a763711e832614dac", "S", None, ""),
    ("sdk-19.0-x86_64-linux", "d900abc826eec1955b9afd250e7cc2496338abbf6c440d86a313c06e42083fa1", "S", None, ""),
    ("sdk-20.0-x86_64-linux", "7030139d495a19fbeccb9449150c2b1531e15d8fb74419872a719a7580aad0f9", "SP", 79570956, ""),
    ("sdk-21.0-x86_64-linux", "f2fe0723b337c484556b19d64c0f6c6044827014bfcd403d00951c65a86cfa26", "S", None, ""),
    ("sdk-22.0-x86_64-linux", "fa46b8f1b5170b0fecc0daf467c39f44a6d326b80ced383ec4586a50bc38d7b8", "SP", None, ""),
    ("sdk-22.0-x86_64-macos", "cf5f524de23f231756ec2f3754fc810ea3f6206841a968c45d8b7ea47cfc3a61", "P", None, ""),
    ("sysroot-22.0", "23881870d5a9c94df0529bc3e9b13682b7bbb07e5167555132fdc14e1faf1bb8", "PP", None, ""),
    ("builtins-22.0", "9c2f54ff7e3597ed1014f9a8e818ce60ec5d2099f1f4bdbf22310d799b46fdf6", "P", None, ""),
    # sdk-23.0: spack's pin comes with a URL template that emits `-linux`, an asset name
    # that does not exist for 23; which file it hashes is unknown, so it is left out.
    ("sdk-24.0-x86_64-linux", "c6c38aab56e5de88adf6c1ebc9c3ae8da72f88ec2b656fb024eda8d4167a0bc5", "SP", None, ""),
    ("sdk-24.0-arm64-linux", "ae6c1417ea161e54bc54c0a168976af57a0c6e53078857886057a71a0d928646", "P", 119660865, ""),
    ("sdk-24.0-x86_64-macos", "4bfc274ae8b68c771dd93e32ad4bd695336ca46b585beb3b1260e5602dbc11a2", "P", 109975956, ""),
    ("sdk-24.0-arm64-macos", "aeae999396d5f5caa5ce419f52e83c35869d5fd21d40af80acba2c80f51b0b3a", "PP", 108199177, ""),
    ("sdk-24.0-x86_64-windows", "0f934c6e7e171b5627c81b697a9e57e96d65cd889f56ce6077350de48978afd3", "P", 495098073, ""),
    ("sysroot-24.0", "35172f7d2799485b15a46b1d87f50a585d915ec662080f005d99153a50888f08", "PB", None, ""),
    ("builtins-24.0", "7e33c0df758b90469b1de3ca158e2d0a7f71934d5884525ba6a372de0b3b0ec7", "HB", None, ""),
    ("sdk-25.0-x86_64-linux", "52640dde13599bf127a95499e61d6d640256119456d1af8897ab6725bcf3d89c", "OSN", None, ""),
    ("sdk-25.0-arm64-linux", "47fccad8b2498f2239e05e1115c3ffc652bf37e7de2f88fb64b2d663c976ce2d", "ON", None, ""),
    ("sdk-25.0-x86_64-macos", "55e3ff3fee1a15678a16eeccba0129276c9f6be481bc9c283e7f9f65bf055c11", "ON", None, ""),
    ("sdk-25.0-arm64-macos", "e1e529ea226b1db0b430327809deae9246b580fa3cae32d31c82dfe770233587", "ON", None, ""),
    ("sysroot-25.0", "d09c62c18efcddffe4b2fdd8c5830109cc8e36130cdbc9acdc0bd1b204c942bb", "PP", None, ""),
    ("sdk-26.0-x86_64-linux", "37cddd06e354b0354db40e42a011752b0d5b77075af4bc5a2e0999aab908484e", "RG", None, ""),
    ("sdk-26.0-arm64-linux", "7ba6e76f2b1bb7b85429ebe96a4d867923f14cbd77a55f31fca6e02b26fe0754", "RG", None, ""),
    ("sdk-26.0-x86_64-macos", "9853b66701d017cb17e53beb2e540e522bdded772fd1661ce29a88eb8b333902", "RG", None, ""),
    ("sdk-26.0-arm64-macos", "f6c76a183cf7fce9fc8af95b10f851a679f8ea6dae0354c5f84b52157a3398e1", "RG", None, ""),
    ("sdk-26.0-x86_64-windows", "dd624e5bfaefb26cbcedd5334f1fe70f1c588b5b1f3972ae3968e3e12c66a555", "LG", 542858794, ""),
    ("sdk-26.0-arm64-windows", "3ba19dd7a5b7e699a1182485198a9132ca88585a1808a79341fd63b96229cd5f", "G", None, ""),
    ("sdk-27.0-x86_64-linux", "b7d4d944c88503e4f21d84af07ac293e3440b1b6210bfd7fe78e0afd92c23bc2", "WN", None, ""),
    ("sdk-27.0-arm64-linux", "4cf4c553c4640e63e780442146f87d83fdff5737f988c06a6e3b2f0228e37665", "WN", None, ""),
    ("sdk-27.0-x86_64-macos", "163dfd47f989b1a682744c1ae1f0e09a83ff5c4bbac9dcd8546909ab54cda5a1", "WN", None, ""),
    ("sdk-27.0-arm64-macos", "055c3dc2766772c38e71a05d353e35c322c7b2c6458a36a26a836f9808a550f8", "WN", None, ""),
    ("sdk-27.0-x86_64-windows", "4a576c13125c91996d8cc3b70b7ea0612c2044598d2795c9be100d15f874adf6", "WRG", None, ""),
    ("sdk-27.0-arm64-windows", "2eed3c05909e090b4bc04ed6bd3ff476d4a383d1d79c844dff1b047db5974ff2", "WG", None, ""),
    ("sysroot-27.0", "7110ac48f5d0b1f6ab67d57aecf52450540dddd790cafdc45f0fdfb429bdab84", "PN", None, ""),
    ("builtins-27.0", "9e0f382110a3cf9196f02432c8f2e54d151515de36f9311c8c16073f6e6b16d3", "N", None, ""),
    ("sdk-28.0-x86_64-linux", "c45dc661bf6afefe73dd2ae47ae372c9f90db5d4111febc84c9cf38991a3235d", "NG", None, ""),
    ("sdk-28.0-arm64-linux", "72ef6f605308936151772ee70fa0bf8dca7742b554abbcd6ed63b802ae21b288", "G", None, ""),
    ("sdk-28.0-x86_64-macos", "25e740a82198c8b4aa344f75386e8efad647f7cae0963824e01f592ee8de99f7", "G", None, ""),
    ("sdk-28.0-arm64-macos", "092d1859ad6338de40c16ee0779102ff19c067dd863ad816ba5afd8bd8cb709f", "G", None, ""),
    ("sdk-28.0-x86_64-windows", "0a7ed3d57351c6ccf8041a172a139da62f19a38e1bbbcfa874724cc875c8ed0d", "G", None, ""),
    ("sdk-28.0-arm64-windows", "af59eb75fd01324188110ec59745c68fd195c35475b8f3329da5d514e3aff094", "G", None, ""),
    ("sdk-29.0-x86_64-linux", "87d1d1a2879d139cdc624b968efad3d4a97b8078cdff95e63ac88ecafd1a0171", "BP", None, ""),
    ("sdk-29.0-arm64-linux", "052ad773397dc9e5aa99fb4cfef694175e6b1e81bb2ad1d3c8e7b3fc81441b7c", "RG", None, ""),
    ("sdk-29.0-x86_64-macos", "d0de2fd3ea5c57060efa87e4356c164bec3689972f2386f0c9a89c58e10cec8d", "RG", None, ""),
    ("sdk-29.0-arm64-macos", "e11552913e3f99e834d7fe7da1bd081abaf764759ed76b6097a34c63fc83665e", "RG", None, ""),
    ("sdk-29.0-x86_64-windows", "6c19b820577486f00332ad8d04ac506da67b0892316b8d485371a58cbf216dee", "RG", None, ""),
    ("sdk-29.0-arm64-windows", "694198d0ec9e949ec2e85e6e99fc13339ea82f699ad9fe5590d97955899f8904", "G", None,
     "pulseengine/rules_wasm_component pinned 7b6eb58c... in 2025-12: the two disagree"),
    ("sdk-30.0-x86_64-linux", "0507679dff16814b74516cd969a9b16d2ced1347388024bc7966264648c78bfb", "BPN", None, ""),
    ("sdk-30.0-arm64-linux", "6f2977942308d91b0123978da3c6a0d6fce780994b3b020008c617e26764ea40", "PP", None, ""),
    ("sdk-30.0-x86_64-macos", "1594a0791309781bf0d0224431c3556ec4a2326b205687b659f6550d08d8b13e", "GIP", None, ""),
    ("sdk-30.0-arm64-macos", "2c2ed99296857e60fd14c3f40fe226231f296409502491094704089c31a16740", "PGI", None, ""),
    ("sdk-30.0-x86_64-windows", "e87d6bf9f9ca3482a75f1cbc630f095b4ae8c98d586708bac7adf08c03b327bc", "GIP", None, ""),
    ("sdk-30.0-arm64-windows", "b9552f207ea4287616dbf7c40bc0fbd5a9271ba6f8333fa606b63636f75060c2", "GIP", None, ""),
    ("sdk-31.0-x86_64-linux", "e1cdf3f851ba090353c255627b1da997db57e0efc27631c5da55089c8bfb6a5d", "G", None, ""),
    ("sdk-31.0-arm64-linux", "2a98882f3e69a1c9b87dae4f346d208137eba6682bf2a6aa6949e5c42b2c3267", "G", None, ""),
    ("sdk-31.0-x86_64-macos", "b837bd84ffc58be4f909dd98eaf4c3b91a5740c09f675116cd62e9d5490db6a1", "G", None, ""),
    ("sdk-31.0-arm64-macos", "5fcc13ec7aae8e03e7988be82b5a6da9c05831db89dbc1b46cbe38153d3cc770", "G", None, ""),
    ("sdk-31.0-x86_64-windows", "158863eda05d6614d7f9ad0c5c2ede27b1ea2ed5b1133596f47058bf831ac200", "G", None, ""),
    ("sdk-31.0-arm64-windows", "7d040b9b4d605a9913740da6a2c197b5db19f78da01497061adc1600c4d27dc0", "G", None, ""),
    ("sdk-32.0-x86_64-linux", "55fc523ebfbc98f69d1034fcfcb83d1ff5610cd9ab7eceef6cd097a30ba4ef93", "RDMAG", None, RE_MADE_32),
    ("sdk-32.0-arm64-linux", "b2070865e6cb0c1e97a38e6ac8d9c37a9dfcd0752764ebabc6bacd3e60cedb96", "RDMG", None, RE_MADE_32),
    ("sdk-32.0-x86_64-macos", "a36c9ab106a40abe8a051279c233c6bab719a5788ecc0788e8d141796eb55b1b", "RDG", None, RE_MADE_32),
    ("sdk-32.0-arm64-macos", "383be7fe00ae04691e1859164fd99970a528c55d624b886ed59f7933898b933d", "RDG", None, RE_MADE_32),
    ("sdk-32.0-x86_64-windows", "3188807b9708d05e854b1b2f8db1f2bffcc337292449a4673fbab7175416bd41", "RG", None, RE_MADE_32),
    ("sdk-32.0-arm64-windows", "7ee985911f6f2dd1e3197e577d27c3ce62d951d34bb3326deb3c3de08ad52226", "G", None, RE_MADE_32),
    ("sdk-33.0-x86_64-linux", "0ba8b5bfaeb2adf3f29bab5841d76cf5318ab8e1642ea195f88baba1abd47bce", "WN", None, ""),
    ("sdk-33.0-arm64-linux", "4f98ee738c7abb45c81a94d1461fc53cc569d1cd01498951c8184d841a027844", "WN", None, ""),
    ("sdk-33.0-x86_64-macos", "18f3f201ba9734e6a4455b0b6410690395a55e9ffa9f6f5066f66083a94b93b3", "WN", None, ""),
    ("sdk-33.0-arm64-macos", "85c997a2665ead91673b5bb88b7d0df3fc8900df3bfa244f720d478187bbdc78", "WN", None, ""),
    ("sdk-33.0-x86_64-windows", "df14ca2a2127c2d6b6be07e6f5549b3af9c1b3c0112430c200a4749970c59f06", "WGP", None, ""),
    ("sdk-33.0-arm64-windows", "2f457a62da1ce1a55e2ba77c450401b3551f27f04f0a87112b74c5aa8dd9504f", "GWP", None, ""),
    ("sysroot-33.0+m", "063bc1b56582b9923e08ac9b89e58789618d851763f01530b3ff20b9e5df0ca3", "PP", None, ""),
    ("sdk-34.0-x86_64-linux", "b761e3a0721dbae9c09a0059e5fdb2bf917d1b4a8a7b430fb3b5aafb0984b2c4", "TXFP", 192383077, ""),
    ("sdk-34.0-arm64-linux", "f7e243dff54d60bcc576e94d6166b69f410f2500ae4a9ceef34315be10e77971", "TXP", 192255247, ""),
    ("sdk-34.0-x86_64-macos", "87d27fa8adc68dee59bfbf2e22a6d34ef717c34d6bf1d8af2a56fc929d9ce0eb", "TXP", 182668326, ""),
    ("sdk-34.0-arm64-macos", "9c59398106b417f8f14913380fdf0097a8cc0ff4af9eb3ce0065a859e88d49e9", "TXP", 180322002, ""),
    ("sdk-34.0-x86_64-windows", "cccb5c323a9b34f0349a9b09e8804a0a7632c68c3310f4b5f437ed57d7e71d8f", "TP", 619003408, ""),
    ("sdk-34.0-arm64-windows", "45e1c71f3e965621e7b98ebe1d37b0e4b1f77f3e8072113ffb4534e67b1a4b7c", "TP", 620307231, ""),
    ("sdk-34.0-riscv64-linux", "71417f267b3a2015780b10045707eecec9fef6d064d2f79e82ad0618f9e4eac5", "P", 191280428, ""),
    ("sysroot-34.0", "9d813544eeebe38b7b8f2244ed591de46b6db812c6dd1a257ff9f0d2a905a2be", "NP", None, ""),
    ("builtins-34.0", "eee3e634dcf71aa22b1333391623cf5c9965a637dc428a27b1a858c026c587f1", "NP", None, ""),
]

# Published values that are not the archive a pin names. A PINS row starting with one
# of these prefixes stops the generator (some leads give only the first 8 digits).
REJECTED = {
    # First upload of wasi-sdk-32 (R, 2026-03-15); the tag was re-made on 2026-03-16.
    "854117f8": "sdk-32.0-x86_64-linux, first upload of 32, replaced upstream",
    "3d348da5": "sdk-32.0-arm64-linux, first upload of 32, replaced upstream",
    "fa34cbdd": "sdk-32.0-x86_64-macos, first upload of 32, replaced upstream",
    "f46ad0b7": "sdk-32.0-arm64-macos, first upload of 32, replaced upstream",
    "18d93534": "sdk-32.0-x86_64-windows, first upload of 32, replaced upstream",
    "be656fa99d89ac7fdcd2ee0e846ffa73171a0048b695de657409e0c37570cfce":
        "sdk-33.0-arm64-windows, superseded: W itself moved to 2f457a62..., as G and P pin",
    "7b6eb58c88e5bd0913a90e5a8f63cb898b82372088b4c7537390a990ed03f9cd":
        "sdk-29.0-arm64-windows as R pinned it (2025-12); G differs",
    "ea5eb0580ffa1530644dd1fed1f7117ad72ec3d7956901561470a3b8c54cce43":
        "sdk-29.0-x86_64-windows as R pinned it (2026-01), withdrawn by R",
    # The "other Nix file" that disagrees on 30 (a zwasm flake.nix) uses
    # builtins.fetchTarball: its sha256 (Nix base32 145cf587..., 0f2zqwxz...) hashes the
    # unpacked tree (NAR), not the archive. Converted to hex so that they can be refused.
    "417bca0ae10edcf290763a7547b21e70c7da6efb7010f77e00d6a4715071ac90":
        "sdk-30.0-x86_64-linux tree hash from builtins.fetchTarball, not an archive hash",
    "b4b89fdbe3ddb6a60f9397a63069125c3c59c3cc9b7926e597ceb8f63bc75f38":
        "sdk-30.0-arm64-macos tree hash from builtins.fetchTarball, not an archive hash",
}

LLVM = {16: "14.0.4", 17: "15.0.6", 18: "15.0.6", 19: "15.0.7", 20: "16.0.0", 21: "17.0.6",
        22: "18.1.2", 23: "18.1.2", 24: "18.1.2", 25: "19.1.5", 26: "20.1.8", 27: "20.1.8",
        28: "21.1.4", 29: "21.1.4", 30: "21.1.4", 31: "22.1.0", 32: "22.1.0",
        # 33 builds the same llvm-project commit as 32 (4434dabb69916856b824f68a64b029c67175e532
        # at both tags); 34 is 23.1.0 (its rc.2 commit says "Update LLVM to 23.1.0-rc.2").
        33: "22.1.0", 34: "23.1.0"}

# Hosts with an SDK archive, per range of releases: the `artifact:` matrix of each tag's
# .github/workflows/main.yml (arm64-windows from 26, riscv64-linux from 33).
HOSTS = [
    (16, 22, ["x86_64-linux", "x86_64-macos", "x86_64-windows"]),
    (23, 25, ["x86_64-linux", "arm64-linux", "x86_64-macos", "arm64-macos", "x86_64-windows"]),
    (26, 32, ["x86_64-linux", "arm64-linux", "x86_64-macos", "arm64-macos", "x86_64-windows",
              "arm64-windows"]),
    (33, LAST, ["x86_64-linux", "arm64-linux", "x86_64-macos", "arm64-macos", "x86_64-windows",
                "arm64-windows", "riscv64-linux"]),
]
# Up to 22 the SDK archive names only the OS: wasi-sdk-N.0-<suffix>.tar.gz.
LEGACY_SDK_SUFFIX = {"x86_64-linux": "linux", "x86_64-macos": "macos", "x86_64-windows": "mingw"}
NAME_EXCEPTIONS = {(22, "sdk", "x86_64-windows"): "wasi-sdk-22.0.m-mingw64.tar.gz"}
# 33's sysroot and compiler-rt were built from a tree that version.py saw as modified
# (`git describe --dirty=+m`: the LLVM patch applied in src/llvm-project), so their
# names carry "+m"; the SDK archives were named before the patch and do not.
ASSET_VERSION = {33: "33.0+m"}


def hosts_of(n):
    return next(hosts for first, last, hosts in HOSTS if first <= n <= last)


def sdk_name(n, host):
    if (n, "sdk", host) in NAME_EXCEPTIONS:
        return NAME_EXCEPTIONS[(n, "sdk", host)]
    if n <= 22:
        return f"wasi-sdk-{n}.0-{LEGACY_SDK_SUFFIX[host]}.tar.gz"
    return f"wasi-sdk-{n}.0-{host}.tar.gz"


def asset_version(n):
    return ASSET_VERSION.get(n, f"{n}.0")


def sysroot_name(n):
    return f"wasi-sysroot-{asset_version(n)}.tar.gz"


def builtins_name(n):
    v = asset_version(n)
    return f"libclang_rt-{v}.tar.gz" if n >= 26 else f"libclang_rt.builtins-wasm32-wasi-{v}.tar.gz"


def source_text(codes, note):
    names = []
    for c in dict.fromkeys(codes):  # unique, in order
        names.append(SOURCES[c] + (" (two or more agree)" if codes.count(c) > 1 else ""))
    text = "; ".join(names)
    if len(codes) == 1:
        text += " (single source, not confirmed by a second)"
    if note:
        text += f" ({note})"
    return text


def check_pins():
    """Refuses rejected values, duplicate keys and pins for assets no release lists."""
    keys = [p[0] for p in PINS]
    dupes = {k for k in keys if keys.count(k) > 1}
    if dupes:
        sys.exit(f"generate_wasi_sdk.py: pinned twice: {sorted(dupes)}")
    for key, sha, codes, size, _ in PINS:
        if len(sha) != 64 or not set(sha) <= set("0123456789abcdef"):
            sys.exit(f"generate_wasi_sdk.py: {key}: '{sha}' is not 64 lower-case hex digits")
        for prefix, why in REJECTED.items():
            if sha.startswith(prefix):
                sys.exit(f"generate_wasi_sdk.py: {key}: {sha} must not be pinned ({why})")
        if not codes or any(c not in SOURCES for c in codes):
            sys.exit(f"generate_wasi_sdk.py: {key}: unknown source code in '{codes}'")
        if set(codes) <= NOT_ALONE:
            sys.exit(f"generate_wasi_sdk.py: {key}: '{codes}' may only confirm another source")


def artifact(kind, host, tag, name, key, pins, used):
    a = {"kind": kind}
    if host:
        a["host"] = host
    # Percent-encoded: 33's "+m" names must reach GitHub as %2B, not as a literal '+'.
    a["url"] = f"{tag}/{urllib.parse.quote(name)}"
    if key in pins:
        used.add(key)
        sha, codes, size, note = pins[key]
        a["sha256"] = sha
        if size is not None:
            a["size"] = size
        a["source"] = source_text(codes, note)
    return a


def build():
    check_pins()
    pins = {k: (sha, codes, size, note) for k, sha, codes, size, note in PINS}
    used = set()
    releases = []
    for n in range(FIRST, LAST + 1):
        tag = f"wasi-sdk-{n}"
        arts = [artifact("sdk", h, tag, sdk_name(n, h), f"sdk-{n}.0-{h}", pins, used)
                for h in hosts_of(n)]
        arts.append(artifact("sysroot", None, tag, sysroot_name(n),
                             f"sysroot-{asset_version(n)}", pins, used))
        arts.append(artifact("builtins", None, tag, builtins_name(n),
                             f"builtins-{asset_version(n)}", pins, used))
        releases.append({"version": f"{n}.0", "llvm": LLVM[n], "artifacts": arts})
    unused = sorted(set(pins) - used)
    if unused:
        sys.exit(f"generate_wasi_sdk.py: pins for assets no release lists: {unused}")
    doc = {"schema": 1,
           "base_url": "https://github.com/WebAssembly/wasi-sdk/releases/download/",
           "releases": releases}
    return json.dumps(doc, indent=2) + "\n"


def main():
    text = build()
    if sys.argv[1:] == ["--check"]:
        if OUT.read_text() != text:
            sys.exit(f"{OUT} is not what generate_wasi_sdk.py produces from its tables "
                     "(run: python3 manifests/tools/generate_wasi_sdk.py)")
        print(f"{OUT.name} matches its generator")
        return
    if sys.argv[1:]:
        sys.exit("usage: generate_wasi_sdk.py [--check]")
    OUT.write_text(text)


if __name__ == "__main__":
    main()
