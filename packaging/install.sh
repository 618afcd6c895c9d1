#!/bin/sh
# Installs wasisdk, in the shape of rustup-init:
#   sh install.sh [--modify-path] [--no-modify-path]
#       downloads the portable tarball for this host from the dist server, checks its
#       sha256 against the server's SHA256SUMS (fetched over https), installs it into
#       $WASISDK_HOME (bin/wasisdk, libexec/wasisdk/) and prints the line that puts
#       $WASISDK_HOME/bin on PATH; --modify-path appends that line to ~/.profile (and
#       to ~/.bashrc and ~/.zshrc where they exist). `wasisdk self update` and
#       `wasisdk self uninstall` take it from there.
#   sh install.sh --from-source [PREFIX]
#       builds this checkout instead (Debian 12; default PREFIX /usr/local).
# Environment:
#   WASISDK_UPDATE_ROOT  the dist server: a directory holding SHA256SUMS and
#                        wasisdk-<version>-<host>.tar.gz (docs/cli.md). Required: the
#                        project publishes no binaries of its own yet. It is recorded for
#                        `wasisdk self update` when it holds no credentials.
#   WASISDK_HOME         where wasisdk and its SDKs live (default ~/.wasisdk)
#   WASISDK_CA_BUNDLE    CA bundle for a dist server with a private CA
set -eu

root=${WASISDK_UPDATE_ROOT:-}
root=${root%/}
home=${WASISDK_HOME:-${HOME:?set HOME or WASISDK_HOME}/.wasisdk}

die() { printf 'install.sh: error: %s\n' "$*" >&2; exit 1; }
# A URL as it may be printed: no user:password@, no ?query or #fragment (tokens live
# there), as sanitize_url (src/base/text.h) does for wasisdk itself.
shown() { printf '%s' "$1" | sed -e 's#^\([A-Za-z]*://\)[^/@]*@#\1#' -e 's#[?#].*$##'; }
say() { printf 'install.sh: %s\n' "$*" >&2; }

modify_path=no
while [ $# -gt 0 ]; do
  case $1 in
    --modify-path) modify_path=yes ;;
    --no-modify-path) modify_path=no ;;
    --from-source)
      shift
      cd "$(dirname "$0")/.."
      prefix=${1:-/usr/local}
      packaging/deps-debian.sh
      cmake --preset release
      cmake --build --preset release
      cmake --install build-release --prefix "$prefix"
      echo "installed $prefix/bin/wasisdk"
      case ":$PATH:" in
        *":$prefix/bin:"*) ;;
        *) echo "add it to PATH: export PATH=\"$prefix/bin:\$PATH\"" ;;
      esac
      exit 0 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) die "unknown option '$1' (see: sh install.sh --help)" ;;
  esac
  shift
done

# --- where from -------------------------------------------------------------------
# wasisdk has no dist server of its own yet, so none is assumed: a fleet's mirror or
# a directory made by `cpack` (docs/ci.md) is named by the user.
[ -n "$root" ] || die "no dist server is set (wasisdk publishes no prebuilt binaries yet): set WASISDK_UPDATE_ROOT to a directory holding SHA256SUMS and wasisdk-<version>-<host>.tar.gz, or build this checkout: sh install.sh --from-source"
# The checksums vouch for the tarball, so they must come over https (or from this
# machine: loopback http for tests and local mirrors).
case $root in
  https://*) proto='=https' ;;
  http://127.0.0.1[:/]*|http://localhost[:/]*|http://\[::1\][:/]*) proto='=http' ;;
  *) die "WASISDK_UPDATE_ROOT $(shown "$root") is not https: the checksums that vouch for the download must be (use an https URL)" ;;
esac

case $(uname -s)/$(uname -m) in
  Linux/x86_64|Linux/amd64) host=x86_64-linux ;;
  Linux/aarch64|Linux/arm64) host=arm64-linux ;;
  *) die "no prebuilt wasisdk for $(uname -s) $(uname -m) (build it: sh install.sh --from-source)" ;;
esac

case $home in
  *:*) die "WASISDK_HOME $home holds ':', which PATH cannot hold (choose another WASISDK_HOME)" ;;
  /*) ;;
  *) die "WASISDK_HOME must be an absolute path, not $home" ;;
esac

fetch() { # URL FILE
  if command -v curl >/dev/null 2>&1; then
    curl --proto "$proto" --tlsv1.2 --fail --silent --show-error --location \
      ${WASISDK_CA_BUNDLE:+--cacert "$WASISDK_CA_BUNDLE"} --output "$2" "$1" ||
      die "cannot download $(shown "$1") (check the network and WASISDK_UPDATE_ROOT)"
  elif command -v wget >/dev/null 2>&1; then
    if [ "$proto" = '=https' ]; then https_only=--https-only; else https_only=; fi
    wget $https_only --quiet ${WASISDK_CA_BUNDLE:+--ca-certificate="$WASISDK_CA_BUNDLE"} \
      --output-document="$2" "$1" ||
      die "cannot download $(shown "$1") (check the network and WASISDK_UPDATE_ROOT)"
  else
    die "neither curl nor wget is installed (apt-get install curl)"
  fi
}

# --- is this a home wasisdk may use (as src/store/home_guard.cpp decides) -----------
if [ -d "$home" ] && [ ! -f "$home/.wasisdk-home" ]; then
  for entry in "$home"/* "$home"/.[!.]*; do
    [ -e "$entry" ] || [ -L "$entry" ] || continue
    case ${entry##*/} in
      default|toolchains|sysroots|builtins|downloads|tmp|bin|share|.lock|rust-std.json|libexec|prefix|release-manifest) ;;
      *) die "$home is not a wasisdk home: it holds other files (such as ${entry##*/}) (set WASISDK_HOME to a new or empty directory)" ;;
    esac
  done
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/wasisdk-install.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

# --- download and verify ----------------------------------------------------------
fetch "$root/SHA256SUMS" "$work/SHA256SUMS"
line=$(awk -v h="$host" '{ f = $2; sub(/^\*/, "", f) }
  f ~ ("^wasisdk-[0-9][0-9A-Za-z.+~-]*-" h "\\.tar\\.gz$") { print $1, f; exit }' "$work/SHA256SUMS")
[ -n "$line" ] || die "$(shown "$root")/SHA256SUMS offers no wasisdk for $host (build it: sh install.sh --from-source)"
sum=${line%% *}
file=${line#* }
case $sum in
  *[!0-9a-fA-F]*) die "$(shown "$root")/SHA256SUMS: '$sum' is not a sha256" ;;
esac
[ ${#sum} -eq 64 ] || die "$(shown "$root")/SHA256SUMS: '$sum' is not a sha256"
version=${file#wasisdk-}
version=${version%-"$host".tar.gz}

say "downloading wasisdk $version for $host from $(shown "$root")"
fetch "$root/$file" "$work/$file"
got=$(sha256sum "$work/$file" | cut -d' ' -f1)
[ "$got" = "$(printf %s "$sum" | tr A-F a-f)" ] ||
  die "sha256 mismatch for $(shown "$root")/$file: expected $sum, got $got (nothing was installed; try again or use another dist server)"

mkdir "$work/x"
tar -xzf "$work/$file" -C "$work/x" || die "$file is not a tar.gz archive (nothing was installed)"
top=$work/x/${file%.tar.gz}
for part in bin/wasisdk libexec/wasisdk/wasisdk-core libexec/wasisdk/wasisdk-driver; do
  [ -f "$top/$part" ] && [ ! -L "$top/$part" ] || die "$file holds no $part: not a wasisdk tarball (nothing was installed)"
done

# --- the PATH line ----------------------------------------------------------------
quoted_bin=$(printf '%s' "$home/bin" | sed "s/'/'\\\\''/g")
path_line="case \":\${PATH}:\" in *:'$quoted_bin':*) ;; *) export PATH='$quoted_bin':\"\$PATH\" ;; esac # wasisdk"

rc_files=
if [ "$modify_path" = yes ]; then
  rc_files=$HOME/.profile
  for rc in "$HOME/.bashrc" "$HOME/.zshrc"; do
    [ -f "$rc" ] && rc_files="$rc_files
$rc"
  done
fi

# --- install: the new libexec/wasisdk appears with one rename ------------------------
umask 022
mkdir -p "$home/bin" "$home/libexec"
chmod go-w "$home" "$home/bin" "$home/libexec"
new=$home/libexec/.wasisdk-new.$$
old=$home/libexec/.wasisdk-old.$$
rm -rf "$new" "$old"
cp -R "$top/libexec/wasisdk" "$new"
cp "$top/bin/wasisdk" "$new/wasisdk"
{
  echo "# Written by install.sh: what \`wasisdk self uninstall\` removes."
  echo "home $home"
  printf '%s\n' "$rc_files" | while IFS= read -r rc; do
    if [ -n "$rc" ]; then echo "rc $rc"; fi
  done
  # rc files this install created (an earlier install's count too): uninstall deletes
  # them again when nothing but the PATH line was in them
  grep '^created ' "$home/libexec/wasisdk/INSTALL-RECORD" 2>/dev/null || true
  printf '%s\n' "$rc_files" | while IFS= read -r rc; do
    if [ -n "$rc" ] && [ ! -e "$rc" ]; then echo "created $rc"; fi
  done
  echo "line $path_line"
  # where `self update` looks next; not when the URL carries credentials or a query
  # (a token must not be written to disk), then WASISDK_UPDATE_ROOT must be set again
  if [ "$(shown "$root")" = "$root" ]; then echo "root $root"; fi
} > "$new/INSTALL-RECORD"
if [ -e "$home/libexec/wasisdk" ]; then
  mv "$home/libexec/wasisdk" "$old"
fi
mv "$new" "$home/libexec/wasisdk"
rm -rf "$old"
ln -s ../libexec/wasisdk/wasisdk "$home/bin/.wasisdk.$$"
mv -f "$home/bin/.wasisdk.$$" "$home/bin/wasisdk"
"$home/bin/wasisdk" --version >/dev/null || die "the installed $home/bin/wasisdk does not run"
say "installed wasisdk $version into $home"

if [ "$modify_path" = yes ]; then
  printf '%s\n' "$rc_files" | while IFS= read -r rc; do
    if ! grep -qxF "$path_line" "$rc" 2>/dev/null; then
      printf '%s\n' "$path_line" >> "$rc"
      say "added $home/bin to PATH in $rc"
    fi
  done
  say "open a new shell (or run: . \"$HOME/.profile\"), then: wasisdk install latest"
else
  say "add $home/bin to PATH, e.g. in ~/.profile (or rerun with --modify-path):"
  printf '%s\n' "$path_line"
fi
