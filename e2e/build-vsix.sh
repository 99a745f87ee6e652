#!/bin/bash
# Builds the .vsix of a commit, for start-up A/Bs (issue 13.16, docs/lsp.md "Eighth pass"):
#   bash e2e/build-vsix.sh REF OUT.vsix      e.g. bash e2e/build-vsix.sh main /tmp/main.vsix
# then: node e2e/startup.js --rounds 5 main=/tmp/main.vsix new=client/dist/prompt-lint.vsix
# A throwaway git worktree of REF (detached) in a temporary folder, with this checkout's installed
# node_modules (root, client/) linked in; `npm run build`, then `npm run package` in client/.
# PROMPT_LINT_* build switches (client/esbuild.mjs) in the environment apply. Exit 2 on bad usage.
set -euo pipefail
usage() { sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; }
if [ "${1:-}" = --help ] || [ "${1:-}" = -h ]; then usage; exit 0; fi
if [ $# -ne 2 ]; then usage >&2; exit 2; fi
REF=$1; OUT=$(realpath -m "$2")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
git -C "$ROOT" rev-parse --verify --quiet "$REF^{commit}" >/dev/null || { echo "e2e/build-vsix.sh: no such commit: $REF" >&2; exit 2; }
[ -d "$ROOT/node_modules" ] && [ -d "$ROOT/client/node_modules" ] || { echo "e2e/build-vsix.sh: run npm ci (root and client/) first" >&2; exit 2; }
TMP=$(mktemp -d /tmp/prompt-lint-vsix.XXXXXX)
cleanup() { git -C "$ROOT" worktree remove --force "$TMP/src" >/dev/null 2>&1 || true; rm -rf "$TMP"; }
trap cleanup EXIT
git -C "$ROOT" worktree add --detach "$TMP/src" "$REF" >/dev/null 2>&1
ln -s "$(realpath "$ROOT/node_modules")" "$TMP/src/node_modules"
ln -s "$(realpath "$ROOT/client/node_modules")" "$TMP/src/client/node_modules"
(cd "$TMP/src" && npm run --silent build >"$TMP/build.log" 2>&1 && cd client && npm run --silent package >>"$TMP/build.log" 2>&1) || { tail -30 "$TMP/build.log"; echo "e2e/build-vsix.sh: the build of $REF failed" >&2; exit 1; }
mkdir -p "$(dirname "$OUT")"
cp "$TMP/src/client/dist/prompt-lint.vsix" "$OUT"
echo "$OUT: $(git -C "$ROOT" rev-parse --short "$REF") ($(du -k "$OUT" | cut -f1) KB)"
