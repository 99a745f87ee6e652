/**
 * File names are data (issue 12 item 14): in the markdown format (PR comments) a name with a
 * newline, a link or an @-mention cannot break the table or inject links and mentions; in the
 * terminal formats a name cannot send escape sequences.
 */
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { escapeControl } from '../../server/src/cli/formatters/escape.js';
import { mdCell, mdPath } from '../../server/src/cli/formatters/markdown.js';
import { cli, tempTree } from '../helpers/cli.js';

const DUP = '# Rules\n\n- Always write tests for new code.\n- Always write tests for new code.\n';
const EVIL_MD = 'evil\n| injected | row |\n[click](https://evil.example) @octocat `x` ![i](https://evil.example/p.png).md';
const EVIL_TERM = 'term\u001b]0;pwned\u0007\u001b[2J\u001b[31mred\u202e.md';

describe('markdown format', () => {
  it('a hostile file name stays inside its code span: one row per finding, no link, image or mention', () => {
    const dir = tempTree({ [EVIL_MD]: DUP, 'CLAUDE.md': DUP });
    const r = cli(['-f', 'markdown', '.'], { cwd: dir });
    expect(r.status).toBe(0);
    const html = new MarkdownIt().render(r.stdout);
    expect(html).not.toMatch(/<img |href="https:\/\/evil/);
    // Every "@octocat" and "[click]" is inside <code>.
    const withoutCode = html.replace(/<code>[\s\S]*?<\/code>/g, '');
    expect(withoutCode).not.toContain('octocat');
    expect(withoutCode).not.toContain('click');
    expect(withoutCode).not.toContain('injected');
    // The table: a header row and one row per finding of the two files.
    const findingsTable = html.slice(0, html.indexOf('</table>'));
    const rows = [...findingsTable.matchAll(/<tr>/g)].length;
    const json = JSON.parse(cli(['-f', 'json', '.'], { cwd: dir }).stdout) as { messages: unknown[] }[];
    const findings = json.reduce((n, f) => n + f.messages.length, 0);
    expect(findings).toBeGreaterThanOrEqual(2);
    expect(rows).toBe(1 + findings);
  });

  it('mdPath and mdCell', () => {
    expect(mdPath('a.md')).toBe('`a.md`');
    expect(mdPath('a`b.md')).toBe('``a`b.md``');
    expect(mdPath('`a.md')).toBe('`` `a.md ``');
    expect(mdPath('a\nb|c.md')).toBe('`a\\nb\\|c.md`');
    expect(mdCell('see [x](http://e) @user <b> a|b\nc')).toBe('see \\[x\\](http://e) @\u2060user &lt;b&gt; a\\|b<br>c');
    const html = new MarkdownIt().render(`| a |\n| --- |\n| ${mdCell('[x](http://e.example) ![y](http://e.example/i.png)')} |\n`);
    expect(html).not.toMatch(/<a |<img /);
  });
});

describe('terminal formats', () => {
  for (const format of ['stylish', 'compact']) {
    it(`${format}: escape sequences in a file name are shown escaped, never sent`, () => {
      const dir = tempTree({ [EVIL_TERM]: DUP });
      const r = cli(['-f', format, '.'], { cwd: dir, env: { NO_COLOR: '1' } });
      expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u202e]/);
      expect(r.stdout).toContain('term\\x1b]0;pwned\\x07\\x1b[2J\\x1b[31mred\\u202e.md');
    });
  }

  it('escapeControl', () => {
    expect(escapeControl('a\nb\tc\rd\u0000e\u001bf\u007fg\u0085h\u202ei\u2066j')).toBe('a\\nb\\tc\\rd\\x00e\\x1bf\\x7fg\\x85h\\u202ei\\u2066j');
    expect(escapeControl('plain ✅ 名前 C:\\path')).toBe('plain ✅ 名前 C:\\path');
  });
});
