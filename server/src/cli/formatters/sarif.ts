/**
 * SARIF 2.1.0 (OASIS), for GitHub code scanning and other SARIF viewers: one run, the rules'
 * metadata (description, default level, help URI), one result per finding with its location,
 * related locations, fixes and a content fingerprint. Columns are UTF-16 code units, 1-based.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { allRules, docsUrl } from '../../../../rules/index.js';
import type { FileReport } from '../../engine/engine.js';
import type { Finding, RuleMeta, TextEdit } from '../../engine/types.js';
import { fingerprint, positionRegion, regionOf, reportText, type ReportText } from '../../gates/findings.js';
import { VERSION } from '../../version.js';
import type { Formatter } from './types.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/prompt-lint/prompt-lint';
/** Key of our fingerprint in `partialFingerprints` (the same hash the baseline uses). */
export const FINGERPRINT_KEY = 'promptLint/contentHash/v1';
const SRCROOT = '%SRCROOT%';

type Level = 'error' | 'warning' | 'note' | 'none';

const toLevel = (severity: string): Level => (severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note');

const pascal = (id: string) => id.replace(/(^|[-_])([a-z0-9])/g, (_m, _sep: string, c: string) => c.toUpperCase());

function ruleDescriptor(meta: Pick<RuleMeta, 'id' | 'description'> & Partial<RuleMeta>) {
  const url = docsUrl(meta.id);
  const enabled = meta.defaultSeverity !== 'off';
  return {
    id: meta.id,
    name: pascal(meta.id),
    shortDescription: { text: meta.description },
    fullDescription: { text: meta.description },
    helpUri: url,
    help: { text: `${meta.description}. Documentation: ${url}`, markdown: `${meta.description}. [Documentation](${url})` },
    defaultConfiguration: { enabled, level: enabled ? toLevel(meta.defaultSeverity ?? 'warning') : 'warning' },
    properties: { tags: [...(meta.tags ?? [])], fixable: meta.fixable ?? false },
  };
}

/** A file URI reference: relative to %SRCROOT% (the cwd) when inside it, else absolute. */
function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const rel = path.relative(cwd, file);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) {
    return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  }
  return { uri: pathToFileURL(file).href };
}

function fixOf(description: string, edits: readonly TextEdit[], defaultPath: string, cwd: string, texts: (p: string) => ReportText | undefined) {
  const byFile = new Map<string, TextEdit[]>();
  for (const e of edits) {
    const p = e.path ?? defaultPath;
    byFile.set(p, [...(byFile.get(p) ?? []), e]);
  }
  const artifactChanges = [];
  for (const [file, fileEdits] of byFile) {
    const source = texts(file);
    if (!source) return undefined;
    artifactChanges.push({
      artifactLocation: artifactLocation(file, cwd),
      replacements: [...fileEdits]
        .sort((a, b) => a.range.start - b.range.start)
        .map((e) => ({ deletedRegion: regionOf(source.lines, e.range.start, e.range.end), insertedContent: { text: e.text } })),
    });
  }
  return { description: { text: description }, artifactChanges };
}

export function toSarif(reports: readonly FileReport[], cwd: string) {
  const metas = new Map<string, Pick<RuleMeta, 'id' | 'description'> & Partial<RuleMeta>>(allRules.map((r) => [r.meta.id, r.meta]));
  for (const r of reports) {
    for (const f of r.findings) if (!metas.has(f.ruleId)) metas.set(f.ruleId, { id: f.ruleId, description: `Rule ${f.ruleId}` });
  }
  const ids = [...metas.keys()].sort();
  const index = new Map(ids.map((id, i) => [id, i] as const));
  const byPath = new Map(reports.map((r) => [r.path, r] as const));
  const texts = (p: string) => {
    const report = byPath.get(p);
    return report ? reportText(report) : reportText({ path: p, findings: [], ruleErrors: [] });
  };

  const result = (r: FileReport, f: Finding) => {
    const source = reportText(r);
    const region = positionRegion(f.start, f.end);
    const fixes = [
      ...(f.fix?.length ? [fixOf(`Fix: ${f.message}`, f.fix, f.path, cwd, texts)] : []),
      ...(f.suggest ?? []).map((s) => fixOf(s.message, s.edits, f.path, cwd, texts)),
    ].filter((x) => x !== undefined);
    return {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId)!,
      level: toLevel(f.severity),
      message: { text: f.message },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(f.path, cwd), region } }],
      ...(f.related?.length
        ? {
            relatedLocations: f.related.map((rel, i) => ({
              id: i + 1,
              message: { text: rel.message },
              physicalLocation: { artifactLocation: artifactLocation(rel.path, cwd), region: positionRegion(rel.start, rel.end) },
            })),
          }
        : {}),
      ...(fixes.length ? { fixes } : {}),
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(f, source) },
      ...(f.tokensSaved !== undefined ? { properties: { tokensSaved: f.tokensSaved } } : {}),
    };
  };

  const notifications = reports
    .filter((r) => r.skipped)
    .map((r) => ({
      level: 'warning' as const,
      message: { text: `${path.relative(cwd, r.path) || r.path}: ${r.skipped}` },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(r.path, cwd) } }],
    }));

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0' as const,
    runs: [
      {
        tool: {
          driver: {
            name: 'prompt-lint',
            version: VERSION,
            semanticVersion: VERSION,
            informationUri: INFORMATION_URI,
            rules: ids.map((id) => ruleDescriptor(metas.get(id)!)),
          },
        },
        invocations: [{ executionSuccessful: true, ...(notifications.length ? { toolExecutionNotifications: notifications } : {}) }],
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(cwd.endsWith(path.sep) ? cwd : cwd + path.sep).href } },
        columnKind: 'utf16CodeUnits' as const,
        results: reports.flatMap((r) => r.findings.map((f) => result(r, f))),
      },
    ],
  };
}

export const formatSarif: Formatter = (reports, ctx) => JSON.stringify(toSarif(reports, ctx.cwd), null, 2) + '\n';
