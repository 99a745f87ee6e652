import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSourceFile } from '../../server/src/model/source.js';
import type { FileKind, Prompt, PromptDocument, Range, Unit } from '../../server/src/model/types.js';
import { parseDocument } from '../../server/src/parse/index.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixturesDir = path.join(repoRoot, 'fixtures/parse');

export function fixtureText(rel: string): string {
  return fs.readFileSync(path.join(fixturesDir, rel), 'utf8');
}

export function parseText(name: string, text: string, options: { kind?: FileKind; promptKeys?: readonly string[] } = {}): PromptDocument {
  return parseDocument(createSourceFile(name, text), options);
}

export function parseFixture(rel: string, options: { kind?: FileKind; promptKeys?: readonly string[]; crlf?: boolean } = {}): PromptDocument {
  let text = fixtureText(rel);
  if (options.crlf) text = text.replace(/\r?\n/g, '\r\n');
  return parseText(path.join(fixturesDir, rel), text, options);
}

export function slice(doc: PromptDocument, r: Range): string {
  return doc.file.text.slice(r.start, r.end);
}

export function allUnits(doc: PromptDocument): Array<{ prompt: Prompt; unit: Unit }> {
  return doc.prompts.flatMap((prompt) => prompt.units.map((unit) => ({ prompt, unit })));
}

/** Display texts of the units of a prompt (optionally only one context). */
export function texts(prompt: Prompt, context?: Unit['context']): string[] {
  return prompt.units.filter((u) => !context || u.context === context).map((u) => u.text);
}

export function prompt(doc: PromptDocument, id: string): Prompt {
  const p = doc.prompts.find((x) => x.id === id);
  if (!p) throw new Error(`no prompt ${id}; have ${doc.prompts.map((x) => x.id).join(', ')}`);
  return p;
}

export function unitByText(doc: PromptDocument, text: string): Unit {
  const hit = allUnits(doc).find((x) => x.unit.text === text);
  if (!hit) throw new Error(`no unit with text ${JSON.stringify(text)}; have ${JSON.stringify(allUnits(doc).map((x) => x.unit.text))}`);
  return hit.unit;
}

const ALNUM = /[\p{L}\p{N}]/u;

/** Letters and digits of `s`, in order. */
function alnum(s: string): string {
  let out = '';
  for (const ch of s) if (ALNUM.test(ch)) out += ch;
  return out;
}

function isSubsequence(needle: string, hay: string): boolean {
  let j = 0;
  for (let i = 0; i < hay.length && j < needle.length; i++) if (hay[i] === needle[j]) j++;
  return j === needle.length;
}

function inBounds(r: Range | undefined, len: number): boolean {
  return !!r && Number.isInteger(r.start) && Number.isInteger(r.end) && r.start >= 0 && r.start <= r.end && r.end <= len;
}

function within(inner: Range, outer: Range): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

export interface InvariantOptions {
  /** Check that a unit's letters/digits appear, in order, in its source slice. */
  textFromSource?: boolean;
}

/**
 * Structural invariants of a parsed document; returns the violations (empty when all hold).
 * Ranges inside the file; unit ⊆ removal; code spans ⊆ unit and backtick-delimited; sections
 * nest; units sorted with sequential indexes; display text drawn from the unit's source.
 */
export function violations(doc: PromptDocument, opts: InvariantOptions = {}): string[] {
  const out: string[] = [];
  const len = doc.file.text.length;
  const where = (what: string, r: unknown): string => `${path.basename(doc.file.path)}: ${what} ${JSON.stringify(r)}`;
  for (const p of doc.problems) if (!inBounds(p.range, len)) out.push(where('problem out of bounds', p));
  for (const d of doc.directives) {
    if (!inBounds(d.range, len)) out.push(where('directive out of bounds', d));
    if (d.rules.length !== d.ruleRanges.length) out.push(where('directive rules/ranges differ', d));
    d.ruleRanges.forEach((r, i) => {
      if (!inBounds(r, len) || doc.file.text.slice(r.start, r.end) !== d.rules[i] || !within(r, d.range)) out.push(where('rule range wrong', { r, id: d.rules[i] }));
    });
  }
  if (doc.frontmatter) {
    if (!inBounds(doc.frontmatter.range, len)) out.push(where('frontmatter out of bounds', doc.frontmatter.range));
    for (const f of doc.frontmatter.fields) {
      if (!inBounds(f.keyRange, len) || !inBounds(f.valueRange, len)) out.push(where('field out of bounds', f));
      else if (!within(f.keyRange, doc.frontmatter.range)) out.push(where('field key outside frontmatter', f));
      else {
        const keySrc = doc.file.text.slice(f.keyRange.start, f.keyRange.end);
        const plainKey = /^["']/.test(keySrc) ? keySrc.slice(1, -1) : keySrc;
        if (!/[\r\n\\']/.test(keySrc) && plainKey !== f.key) out.push(where('field key range wrong', f));
      }
    }
  }
  const ids = new Set<string>();
  for (const p of doc.prompts) {
    if (ids.has(p.id)) out.push(where('duplicate prompt id', p.id));
    ids.add(p.id);
    if (!inBounds(p.range, len)) out.push(where('prompt out of bounds', p.range));
    if (p.toSource(0) !== p.range.start || p.toSource(p.text.length) !== p.range.end) out.push(where('toSource ends wrong', { id: p.id, range: p.range, s: p.toSource(0), e: p.toSource(p.text.length) }));
    const secs = p.sections;
    if (secs.length === 0 || secs[0].depth !== 0 || secs[0].title !== '' || secs[0].parent !== -1) out.push(where('preamble section missing', secs[0]));
    else if (secs[0].range.start !== p.range.start || secs[0].range.end !== p.range.end) out.push(where('preamble does not cover the prompt', { sec: secs[0].range, prompt: p.range }));
    secs.forEach((s, i) => {
      if (s.index !== i) out.push(where('section index', s));
      if (!inBounds(s.range, len) || !within(s.range, p.range)) out.push(where('section out of prompt', s));
      if (i > 0) {
        const parent = secs[s.parent];
        if (!parent || s.parent >= i) out.push(where('bad parent', s));
        else {
          if (!within(s.range, parent.range)) out.push(where('section not inside parent', { s, parent }));
          if (parent.depth >= s.depth) out.push(where('parent not shallower', { s, parent }));
        }
        if (!s.headingRange || !within(s.headingRange, s.range)) out.push(where('heading range', s));
        if (secs[i - 1].range.start > s.range.start) out.push(where('sections not in order', s));
      }
    });
    let prev = -1;
    p.units.forEach((u, i) => {
      if (u.index !== i) out.push(where('unit index', u.index));
      if (!inBounds(u.range, len)) out.push(where('unit out of bounds', u.range));
      if (!inBounds(u.removalRange, len)) out.push(where('removal out of bounds', u.removalRange));
      if (!within(u.range, u.removalRange)) out.push(where('removal does not cover unit', { r: u.range, rm: u.removalRange, text: u.text }));
      if (!within(u.range, p.range)) out.push(where('unit outside its prompt', { r: u.range, p: p.range }));
      if (u.range.start < prev) out.push(where('units not sorted', u.range));
      prev = u.range.start;
      if (u.range.end === u.range.start) out.push(where('empty unit', u));
      if (!secs[u.section]) out.push(where('unit section missing', u.section));
      else if (u.section > 0 && !within({ start: u.range.start, end: u.range.start }, secs[u.section].range)) out.push(where('unit not in its section', { u: u.range, s: secs[u.section].range }));
      const expectInstruction = u.context === 'paragraph' || u.context === 'list-item' || u.context === 'table-row';
      if (u.isInstruction !== expectInstruction) out.push(where('isInstruction wrong', u));
      for (const c of u.codeSpans) {
        if (!inBounds(c, len) || !within(c, u.range)) out.push(where('code span outside unit', c));
        else {
          const s = doc.file.text.slice(c.start, c.end);
          if (!s.startsWith('`') || !s.endsWith('`')) out.push(where('code span not backticked', s));
        }
      }
      if (u.text !== u.text.trim() || u.text === '') out.push(where('display text not trimmed/empty', u.text));
      if (opts.textFromSource && u.context !== 'code') {
        const src = doc.file.text.slice(u.range.start, u.range.end);
        if (!isSubsequence(alnum(u.text), alnum(src))) out.push(where('display text not from source', { text: u.text, src }));
      }
    });
  }
  return out;
}
