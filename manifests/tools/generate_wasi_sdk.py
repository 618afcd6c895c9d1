#!/usr/bin/env python3
"""Writes manifests/wasi-sdk.json from two tables kept here by hand:

- ERA rules: asset names per release and host, from shared/docs/sdk-releases.md
  (the wasi-sdk repository's release history and build scripts);
- PINS: every sha256 we know, each with where it was published
  (shared/data/wasi-sdk-sha256-leads.txt). None was invented or computed here.

Run it after editing either table: python3 manifests/tools/generate_wasi_sdk.py
"""
import json
import pathlib

SOURCES = {
    "S": "spack/spack-packages (package wasi_sdk_prebuilt)",
    "O": "wevm/ox (wasm/toolchain.json)",
    "W": "andreiltd/wasmono (toolchains/cxx/wasi/releases.bzl)",
    "H": "Homebrew/homebrew-core (Formula/w/wasi-libc.rb)",
    "N": "Nix flakes",
    "B": "Bazel rules",
    "P": "other public build scripts",
}

# (asset key, sha256, source codes, note). Asset keys: sdk-<version>-<host>,
# sysroot-<version>, builtins-<version>.
PINS = [
    ("sdk-16.0-x86_64-linux", "10df3418485e60b9283c1132102f8d3ca34b4fbe8c4649e30282ee84fe42d788", "S", ""),
    ("sdk-17.0-x86_64-linux", "8778a476af7898a51db9b78395687cc9c8b69702850da77a763711e832614dac", "S", ""),
    ("sdk-19.0-x86_64-linux", "d900abc826eec1955b9afd250e7cc2496338abbf6c440d86a313c06e42083fa1", "S", ""),
    ("sdk-20.0-x86_64-linux", "7030139d495a19fbeccb9449150c2b1531e15d8fb74419872a719a7580aad0f9", "S", ""),
    ("sdk-21.0-x86_64-linux", "f2fe0723b337c484556b19d64c0f6c6044827014bfcd403d00951c65a86cfa26", "S", ""),
    ("sdk-22.0-x86_64-linux", "fa46b8f1b5170b0fecc0daf467c39f44a6d326b80ced383ec4586a50bc38d7b8", "S", ""),
    # sdk-23.0: spack's pin comes with a URL template that emits `-linux`, an asset name
    # that does not exist for 23; which file it hashes is unknown, so it is left out.
    ("sdk-24.0-x86_64-linux", "c6c38aab56e5de88adf6c1ebc9c3ae8da72f88ec2b656fb024eda8d4167a0bc5", "SP", ""),
    ("sdk-25.0-x86_64-linux", "52640dde13599bf127a95499e61d6d640256119456d1af8897ab6725bcf3d89c", "OSN", ""),
    ("sdk-25.0-arm64-linux", "47fccad8b2498f2239e05e1115c3ffc652bf37e7de2f88fb64b2d663c976ce2d", "ON", ""),
    ("sdk-25.0-x86_64-macos", "55e3ff3fee1a15678a16eeccba0129276c9f6be481bc9c283e7f9f65bf055c11", "ON", ""),
    ("sdk-25.0-arm64-macos", "e1e529ea226b1db0b430327809deae9246b580fa3cae32d31c82dfe770233587", "ON", ""),
    ("sdk-27.0-x86_64-linux", "b7d4d944c88503e4f21d84af07ac293e3440b1b6210bfd7fe78e0afd92c23bc2", "WN", ""),
    ("sdk-27.0-arm64-linux", "4cf4c553c4640e63e780442146f87d83fdff5737f988c06a6e3b2f0228e37665", "WN", ""),
    ("sdk-27.0-x86_64-macos", "163dfd47f989b1a682744c1ae1f0e09a83ff5c4bbac9dcd8546909ab54cda5a1", "WN", ""),
    ("sdk-27.0-arm64-macos", "055c3dc2766772c38e71a05d353e35c322c7b2c6458a36a26a836f9808a550f8", "WN", ""),
    ("sdk-27.0-x86_64-windows", "4a576c13125c91996d8cc3b70b7ea0612c2044598d2795c9be100d15f874adf6", "W", ""),
    ("sdk-27.0-arm64-windows", "2eed3c05909e090b4bc04ed6bd3ff476d4a383d1d79c844dff1b047db5974ff2", "W", ""),
    ("sdk-28.0-x86_64-linux", "c45dc661bf6afefe73dd2ae47ae372c9f90db5d4111febc84c9cf38991a3235d", "N", ""),
    ("sdk-29.0-x86_64-linux", "87d1d1a2879d139cdc624b968efad3d4a97b8078cdff95e63ac88ecafd1a0171", "BP", ""),
    ("sdk-30.0-x86_64-linux", "0507679dff16814b74516cd969a9b16d2ced1347388024bc7966264648c78bfb", "BPN",
     "another Nix file pins a different hash"),
    ("sdk-30.0-arm64-linux", "6f2977942308d91b0123978da3c6a0d6fce780994b3b020008c617e26764ea40", "P", "two scripts agree"),
    ("sdk-30.0-arm64-macos", "2c2ed99296857e60fd14c3f40fe226231f296409502491094704089c31a16740", "P", ""),
    ("sdk-33.0-x86_64-linux", "0ba8b5bfaeb2adf3f29bab5841d76cf5318ab8e1642ea195f88baba1abd47bce", "WN", ""),
    ("sdk-33.0-arm64-linux", "4f98ee738c7abb45c81a94d1461fc53cc569d1cd01498951c8184d841a027844", "WN", ""),
    ("sdk-33.0-x86_64-macos", "18f3f201ba9734e6a4455b0b6410690395a55e9ffa9f6f5066f66083a94b93b3", "WN", ""),
    ("sdk-33.0-arm64-macos", "85c997a2665ead91673b5bb88b7d0df3fc8900df3bfa244f720d478187bbdc78", "WN", ""),
    ("sdk-33.0-x86_64-windows", "df14ca2a2127c2d6b6be07e6f5549b3af9c1b3c0112430c200a4749970c59f06", "W", ""),
    ("sdk-33.0-arm64-windows", "be656fa99d89ac7fdcd2ee0e846ffa73171a0048b695de657409e0c37570cfce", "W", ""),
    ("sysroot-22.0", "23881870d5a9c94df0529bc3e9b13682b7bbb07e5167555132fdc14e1faf1bb8", "P", "two scripts agree"),
    ("sysroot-24.0", "35172f7d2799485b15a46b1d87f50a585d915ec662080f005d99153a50888f08", "PB", ""),
    ("sysroot-25.0", "d09c62c18efcddffe4b2fdd8c5830109cc8e36130cdbc9acdc0bd1b204c942bb", "P", "two scripts agree"),
    ("sysroot-27.0", "7110ac48f5d0b1f6ab67d57aecf52450540dddd790cafdc45f0fdfb429bdab84", "PN", ""),
    ("builtins-22.0", "9c2f54ff7e3597ed1014f9a8e818ce60ec5d2099f1f4bdbf22310d799b46fdf6", "P", ""),
    ("builtins-24.0", "7e33c0df758b90469b1de3ca158e2d0a7f71934d5884525ba6a372de0b3b0ec7", "HB", ""),
    ("builtins-27.0", "9e0f382110a3cf9196f02432c8f2e54d151515de36f9311c8c16073f6e6b16d3", "N", ""),
]

LLVM = {16: "14.0.4", 17: "15.0.6", 18: "15.0.6", 19: "15.0.7", 20: "16.0.0", 21: "17.0.6",
        22: "18.1.2", 23: "18.1.2", 24: "18.1.2", 25: "19.1.5", 26: "20.1.8", 27: "20.1.8",
        28: "21.1.4", 29: "21.1.4", 30: "21.1.4", 31: "22.1.0", 32: "22.1.0", 33: "22.1.0"}


def sdk_assets(n):
    """(host, file name) of the SDK archives of release n."""
    v = f"{n}.0"
    if n <= 22:
        windows = "wasi-sdk-22.0.m-mingw64.tar.gz" if n == 22 else f"wasi-sdk-{v}-mingw.tar.gz"
        return [("x86_64-linux", f"wasi-sdk-{v}-linux.tar.gz"),
                ("x86_64-macos", f"wasi-sdk-{v}-macos.tar.gz"),
                ("x86_64-windows", windows)]
    hosts = ["x86_64-linux", "arm64-linux", "x86_64-macos", "arm64-macos", "x86_64-windows"]
    if n >= 27:  # arm64 Windows builds: pinned from 27 on (sdk-releases.md says "26/27")
        hosts.append("arm64-windows")
    if n >= 33:
        hosts.append("riscv64-linux")
    return [(h, f"wasi-sdk-{v}-{h}.tar.gz") for h in hosts]


def builtins_asset(n):
    v = f"{n}.0"
    return f"libclang_rt-{v}.tar.gz" if n >= 26 else f"libclang_rt.builtins-wasm32-wasi-{v}.tar.gz"


def pin_fields(key, pins):
    if key not in pins:
        return {}
    sha, codes, note = pins[key]
    source = "; ".join(SOURCES[c] for c in codes)
    if len(codes) == 1 and not note:
        source += " (single source, not confirmed by a second)"
    if note:
        source += f" ({note})"
    return {"sha256": sha, "source": source}


def main():
    pins = {k: (sha, codes, note) for k, sha, codes, note in PINS}
    releases = []
    for n in range(16, 34):
        v = f"{n}.0"
        tag = f"wasi-sdk-{n}"
        artifacts = []
        for host, name in sdk_assets(n):
            artifacts.append({"kind": "sdk", "host": host, "url": f"{tag}/{name}",
                              **pin_fields(f"sdk-{v}-{host}", pins)})
        artifacts.append({"kind": "sysroot", "url": f"{tag}/wasi-sysroot-{v}.tar.gz",
                          **pin_fields(f"sysroot-{v}", pins)})
        artifacts.append({"kind": "builtins", "url": f"{tag}/{builtins_asset(n)}",
                          **pin_fields(f"builtins-{v}", pins)})
        releases.append({"version": v, "llvm": LLVM[n], "artifacts": artifacts})
    doc = {"schema": 1,
           "base_url": "https://github.com/WebAssembly/wasi-sdk/releases/download/",
           "releases": releases}
    out = pathlib.Path(__file__).resolve().parent.parent / "wasi-sdk.json"
    out.write_text(json.dumps(doc, indent=2) + "\n")


if __name__ == "__main__":
    main()
