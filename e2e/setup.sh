#!/bin/bash
# Installs what the real-editor tests need, once per machine; idempotent and fast when done.
#  - Debian packages: chromium (driven by playwright-core), ripgrep, and the headers code-server's
#    native modules build against;
#  - @vscode/ripgrep's download cache, seeded with Debian's rg (its postinstall would fetch from GitHub);
#  - `npm ci` in e2e/ (code-server 4.100.3, playwright-core, vsce) and in client/ (the extension),
#    skipped when node_modules already matches the lockfile.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(dirname "$HERE")
export DEBIAN_FRONTEND=noninteractive

NEED=""
for p in chromium ripgrep libkrb5-dev libxkbfile-dev libsecret-1-dev pkg-config build-essential curl; do
  dpkg -s "$p" >/dev/null 2>&1 || NEED="$NEED $p"
done
if [ -n "$NEED" ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "e2e/setup.sh: installing Debian packages:$NEED"
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq && $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $NEED
fi

# @vscode/ripgrep's postinstall downloads rg from GitHub; seed its cache with Debian's rg instead.
RGV=1.15.11   # the @vscode/ripgrep version pinned by code-server 4.100.3's lib/vscode shrinkwrap
C=/tmp/vscode-ripgrep-cache-$RGV; A=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
if [ ! -f "$C/$A" ]; then
  mkdir -p "$C" && T=$(mktemp -d) && cp /usr/bin/rg "$T/rg" && tar czf "$C/$A" -C "$T" rg && rm -rf "$T"
fi

# `npm ci` unless node_modules was installed from this very lockfile.
ci() {  # $1 directory
  local stamp="$1/node_modules/.prompt-lint-lock.sha256" want
  want=$(sha256sum "$1/package-lock.json" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then echo "e2e/setup.sh: $(basename "$1")/node_modules up to date"; return; fi
  # code-server's postinstall refuses root without unsafe-perm; node-pty runs `npx node-gyp` (needs yes).
  (cd "$1" && npm_config_yes=true npm_config_unsafe_perm=true npm ci --no-audit --no-fund)
  echo "$want" > "$stamp"
}
ci "$HERE"
ci "$ROOT/client"
