/**
 * The pre-commit hooks' `files:` pattern (a Python regex matched against repository-relative
 * paths), generated from the default include globs so that `git commit` lints exactly the files a
 * plain `prompt-lint` run lints. scripts/precommit-hooks.mjs writes it into .pre-commit-hooks.yaml;
 * a test keeps the two equal.
 */

/** One glob (the subset DEFAULT_INCLUDE uses: `**`, `*`, `{a,b}`, literals) as a regex body. */
export function globToRegex(glob: string): string {
  let out = '';
  let i = 0;
  while (i < glob.length) {
    const c = glob[i]!;
    if (glob.startsWith('**/', i)) {
      out += '(.*/)?';
      i += 3;
    } else if (glob.startsWith('**', i)) {
      out += '.*';
      i += 2;
    } else if (c === '*') {
      out += '[^/]*';
      i += 1;
    } else if (c === '?') {
      out += '[^/]';
      i += 1;
    } else if (c === '{') {
      const close = glob.indexOf('}', i);
      if (close < 0) throw new Error(`unclosed brace in glob ${glob}`);
      out += `(${glob
        .slice(i + 1, close)
        .split(',')
        .map(globToRegex)
        .join('|')})`;
      i = close + 1;
    } else {
      // Character classes, and what a verbose regex reads as space or comment, are not needed yet.
      if (/[[\]#\s]/.test(c)) throw new Error(`unsupported character ${JSON.stringify(c)} in glob ${glob}`);
      out += /[.^$|+()\\]/.test(c) ? `\\${c}` : c;
      i += 1;
    }
  }
  return out;
}

/** The content of the `files: |` block scalar: a verbose Python regex, one glob a line, indented for the YAML. */
export function precommitFilesPattern(globs: readonly string[]): string {
  const alternatives = globs.map((g, i) => `      ${i === 0 ? '  ' : '| '}${globToRegex(g)}`);
  return ['    (?x)^(', ...alternatives, '    )$'].join('\n') + '\n';
}

/** The same pattern as a JavaScript RegExp (verbose layout removed), for tests and checks. */
export function precommitFilesRegExp(globs: readonly string[]): RegExp {
  return new RegExp(`^(${globs.map(globToRegex).join('|')})$`);
}
