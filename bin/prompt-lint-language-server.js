#!/usr/bin/env node
// The prompt-lint language server (built by `npm run build`, also run by `npm ci` through `prepare`).
// Transports: --stdio (Neovim, Emacs, Helix, Zed), --node-ipc (VS Code), --socket=PORT, --pipe=NAME.
const args = process.argv.slice(2);
if (args.includes('--version') || args.includes('-v')) {
  const { VERSION } = await import('../dist/server/src/version.js');
  process.stdout.write(`${VERSION}\n`);
} else if (args.includes('--help') || args.includes('-h') || !args.some((a) => /^--(stdio|node-ipc|socket|pipe)(=|$)/.test(a))) {
  const out = args.includes('--help') || args.includes('-h') ? process.stdout : process.stderr;
  out.write(
    'Usage: prompt-lint-language-server --stdio | --node-ipc | --socket=PORT | --pipe=NAME\n' +
      'The prompt-lint language server (LSP 3.17). Editors start it; see docs/lsp.md.\n',
  );
  if (out === process.stderr) process.exitCode = 2;
} else {
  const { startServer } = await import('../dist/server/src/lsp/server.js');
  startServer();
}
