/**
 * Every server setting is declared where users find it: in the VS Code extension's
 * `contributes.configuration` (with its default) and in the settings tables of docs/lsp.md and
 * docs/vscode.md. `lintTimeoutMs` once existed only in the server.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/protocol.js';
import { REPO } from './helpers/client.js';

const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'client/package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { default?: unknown; description?: string; markdownDescription?: string }> } };
};
const properties = manifest.contributes.configuration.properties;
const lspDoc = fs.readFileSync(path.join(REPO, 'docs/lsp.md'), 'utf8');
const vscodeDoc = fs.readFileSync(path.join(REPO, 'docs/vscode.md'), 'utf8');

describe('settings are declared', () => {
  for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) {
    it(`promptLint.${key}`, () => {
      const declared = properties[`promptLint.${key}`];
      expect(declared, `client/package.json declares promptLint.${key}`).toBeDefined();
      expect(declared!.default).toEqual(value);
      expect(declared!.description ?? declared!.markdownDescription).toBeTruthy();
      expect(lspDoc).toMatch(new RegExp(`^\\| \`${key}\` \\| \`${JSON.stringify(value).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\` \\|`, 'm'));
      expect(vscodeDoc).toMatch(new RegExp(`^\\| \`promptLint\\.${key}\` \\|`, 'm'));
    });
  }
});
