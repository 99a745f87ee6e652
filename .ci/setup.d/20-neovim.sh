#!/usr/bin/env bash
# Neovim (Debian's 0.7.2) for test/editors: the headless LSP client test of the language server.
# Idempotent: does nothing when nvim is already installed.
set -euo pipefail
if command -v nvim >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "20-neovim: not root and no sudo; install Debian's neovim to run test/editors" >&2
    exit 0
  fi
fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends neovim
