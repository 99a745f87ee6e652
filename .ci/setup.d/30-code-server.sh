#!/bin/bash
# Real-editor tests (test/e2e/): Debian chromium and code-server's build deps, the ripgrep cache
# seed, and `npm ci` in e2e/ and client/. Idempotent: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash e2e/setup.sh
