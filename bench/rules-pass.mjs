// What bench/rules-cpu.mjs and bench/rules-ab.mjs share: the bench's corpus files (the Markdown and
// .mdc files of MANIFEST.tsv, under virtual names), the bare config they are linted with, the
// process's CPU clock, and rules whose `check` adds its CPU time to a map.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/corpus');

export const config = { sources: [], baseDir: '/virtual', model: 'gpt-4o', rules: {}, include: [], exclude: [], budgets: [], tasks: [], prices: {}, promptKeys: [], maxFileSize: 2 * 1024 * 1024 };

/** The corpus's .md and .mdc files, read once, named /virtual/NNNNN.ext in manifest order. */
export function benchFiles() {
  const rows = fs.readFileSync(path.join(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  return rows
    .map(([rel]) => rel)
    .filter((rel) => ['.md', '.mdc'].includes(path.extname(rel).toLowerCase()))
    .map((rel, i) => ({ name: `/virtual/${String(i).padStart(5, '0')}${path.extname(rel).toLowerCase()}`, text: fs.readFileSync(path.join(CORPUS, rel), 'utf8') }));
}

/** CPU seconds of this process (user + system). */
export const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/**
 * The rules, each `check` timed into the map `times()` returns at the time of the call (rule id →
 * CPU seconds). Task-only rules have no `check` and stay as they are.
 */
export function timedRules(rules, times) {
  return rules.map((rule) =>
    !rule.check
      ? rule
      : {
          ...rule,
          check(doc, ctx) {
            const c0 = cpu();
            try {
              return rule.check(doc, ctx);
            } finally {
              const map = times();
              map.set(rule.meta.id, (map.get(rule.meta.id) ?? 0) + cpu() - c0);
            }
          },
        },
  );
}
