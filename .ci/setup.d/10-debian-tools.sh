#!/usr/bin/env bash
# Debian tools the gate tests need: pre-commit (the hook test), chromium (the HTML report
# screenshot; fonts-dejavu-core so that its text renders) and git (the budget gate reads history).
# Idempotent: does nothing when all are there.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
need=()
for pkg in pre-commit chromium fonts-dejavu-core git; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
sudo=''
[ "$(id -u)" -eq 0 ] || sudo='sudo'
$sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
$sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need[@]}"
