#!/bin/bash
# Real-editor e2e for the VS Code extension (issue 4), offline:
#   1. package client/ as a .vsix (production bundle: client + server), build the extension-host tests;
#   2. install the .vsix into a throwaway code-server 4.100.3 profile;
#   3. UI test (ui.js), in an untrusted workspace (Restricted Mode): headless Debian chromium drives the
#      workbench like a person (squiggle, hover, Problems panel, status bar token count, quick fix,
#      token report), with screenshots in e2e/artifacts/;
#   4. extension-host tests (exttests.js → client/test/*.test.ts, mocha in the real extension host).
# Results: e2e/artifacts/ui.json and exttests.json (read by test/e2e/vscode.test.ts), logs, *.png.
# E2E_ONLY=ui or E2E_ONLY=ext runs one of the two parts; E2E_GREP=word runs only the extension-host
# tests whose title matches (no spaces); E2E_TRACE=1 traces the LSP traffic.
# Exit: 0 passed, 1 a test failed, 3 the harness is not installed (run e2e/setup.sh).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(dirname "$HERE"); CLIENT=$ROOT/client
BIN=$HERE/node_modules/.bin; ART=$HERE/artifacts
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

missing=""
[ -x "$BIN/code-server" ] || missing="$missing e2e/node_modules (code-server)"
[ -x "$CHROMIUM" ] || missing="$missing $CHROMIUM"
[ -d "$CLIENT/node_modules/vscode-languageclient" ] || missing="$missing client/node_modules"
if [ -n "$missing" ]; then echo "e2e/run.sh: not installed:$missing (run e2e/setup.sh)" >&2; exit 3; fi

# One run at a time per checkout: runs share client/dist and e2e/artifacts (several people run
# `npm test` in the same checkout). A second run waits for the first.
exec 9>"$HERE/node_modules/.e2e-run.lock"
flock -w 150 9 || { echo "e2e/run.sh: another run holds $HERE/node_modules/.e2e-run.lock" >&2; exit 1; }

T0=$(date +%s%N)
step() { printf '[run %6.1fs] %s\n' "$(( ($(date +%s%N) - T0) / 1000000 ))e-3" "$*"; }
PORT=${PORT:-$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}
TMP=$(mktemp -d /tmp/prompt-lint-e2e.XXXXXX)
CSPID=
cleanup() {
  if [ -n "$CSPID" ]; then kill "$CSPID" 2>/dev/null || true; wait "$CSPID" 2>/dev/null || true; fi
  # VS Code's own logs (extension host, the prompt-lint output channel) for post-mortems.
  for d in data data-ui; do
    if [ -d "$TMP/$d/logs" ]; then mkdir -p "$ART/vscode-logs" && cp -r "$TMP/$d/logs" "$ART/vscode-logs/$d" || true; fi
  done
  rm -rf "$TMP"
}
trap cleanup EXIT
mkdir -p "$ART"; rm -rf "$ART"/*.png "$ART"/*.log "$ART"/*.json "$ART/vscode-logs"

(cd "$CLIENT" && npm run --silent package >"$ART/package.log" 2>&1 && node esbuild.mjs --tests >>"$ART/package.log" 2>&1) \
  || { cat "$ART/package.log"; echo "e2e/run.sh: packaging failed"; exit 1; }
cp "$CLIENT/dist/prompt-lint.vsix" "$TMP/prompt-lint.vsix"
# The UI scenario follows what the packaged server can report (ui.js: SCENARIOS).
if [ -z "${E2E_SCENARIO:-}" ]; then
  if grep -Eq 'id: ?"conflicting-persona"' "$CLIENT/dist/engine.js"; then export E2E_SCENARIO=conflicting-persona; else export E2E_SCENARIO=token-budget; fi
fi
step "vsce package: $(du -k "$TMP/prompt-lint.vsix" | cut -f1) KB; UI scenario: $E2E_SCENARIO"

# Two profiles: the UI test runs in an untrusted workspace (Restricted Mode, workspace trust on),
# the extension-host tests in a trusted one (workspace trust off).
mkdir -p "$TMP/data/User" "$TMP/data-ui/User" && cp "$HERE/settings.json" "$TMP/data/User/"
sed 's/"security.workspace.trust.enabled": false/"security.workspace.trust.enabled": true,\n  "security.workspace.trust.startupPrompt": "always"/' \
  "$HERE/settings.json" > "$TMP/data-ui/User/settings.json"
# E2E_TRACE=1: the prompt-lint output channel gets the whole LSP conversation (in vscode-logs/).
if [ -n "${E2E_TRACE:-}" ]; then sed -i 's/^{/{\n  "promptLint.trace.server": "verbose",/' "$TMP"/data*/User/settings.json; fi
"$BIN/code-server" --user-data-dir "$TMP/data" --extensions-dir "$TMP/exts" --install-extension "$TMP/prompt-lint.vsix" >"$ART/install.log" 2>&1 \
  || { cat "$ART/install.log"; exit 1; }
step "code-server --install-extension"

start_cs() {  # $1 extensions dir, $2 workspace, $3 log name, $4 user data dir; env for the extension host in CS_ENV
  env ${CS_ENV:-} "$BIN/code-server" --auth none --bind-addr "127.0.0.1:$PORT" --disable-telemetry --disable-update-check \
    --disable-getting-started-override --config /dev/null ${E2E_TRACE:+--log trace} \
    --user-data-dir "$4" --extensions-dir "$1" "$2" >"$ART/$3.log" 2>&1 &
  CSPID=$!
  for _ in $(seq 1 240); do curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && return 0; sleep 0.25; done
  echo "code-server did not start"; cat "$ART/$3.log"; return 1
}
stop_cs() { kill "$CSPID" 2>/dev/null || true; wait "$CSPID" 2>/dev/null || true; CSPID=; }

status=0
if [ "${E2E_ONLY:-ui}" = ui ]; then
  cp -r "$HERE/workspace" "$TMP/ws-ui"
  start_cs "$TMP/exts" "$TMP/ws-ui" code-server-ui "$TMP/data-ui"; step "code-server up (UI)"
  CS_URL="http://127.0.0.1:$PORT/?folder=$TMP/ws-ui" WORKSPACE="$TMP/ws-ui" ARTIFACTS="$ART" node "$HERE/ui.js" || status=1
  stop_cs; step "UI test done"
fi

if [ "${E2E_ONLY:-ext}" = ext ]; then
  cp -r "$HERE/workspace" "$TMP/ws-ext"; mkdir -p "$TMP/exts-empty"
  CS_ENV="PROMPT_LINT_E2E_REPORT=$ART/exttests.json${E2E_GREP:+ PROMPT_LINT_E2E_GREP=$E2E_GREP}" start_cs "$TMP/exts-empty" "$TMP/ws-ext" code-server-exttests "$TMP/data"
  CS_HOST="127.0.0.1:$PORT" EXT_DEV_PATH="$CLIENT" EXT_TESTS_PATH="$CLIENT/dist/test/index.js" WORKSPACE="$TMP/ws-ext" \
    node "$HERE/exttests.js" || status=1
  stop_cs; step "extension-host tests done"
fi
[ "$status" -eq 0 ] && step "e2e: PASS" || step "e2e: FAIL"
exit $status
