// Reading an npm tarball (a gzipped POSIX tar) in memory, and its Subresource Integrity string.
//
// Why our own reader: what we need is the regular files' paths and bytes of a tarball npm made
// (ustar headers, with pax `path` records and GNU long names for long paths). That is about sixty
// lines over node:zlib; the well-kept library (`tar`, npm's own) is not a dependency of this project
// and adding it to package.json for one bench script would ship it to every install. The reader is
// tested on tarballs the test builds itself (test/bench/fresh-corpus.test.ts).
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';

/** `sha512-<base64>` (or another algorithm) of the bytes, as npm's `dist.integrity` spells it. */
export function integrityOf(bytes, algorithm = 'sha512') {
  return `${algorithm}-${createHash(algorithm).update(bytes).digest('base64')}`;
}

/** Whether `bytes` match an SRI string (its first hash whose algorithm Node knows). */
export function matchesIntegrity(bytes, integrity) {
  for (const part of String(integrity).trim().split(/\s+/)) {
    const m = /^(sha512|sha384|sha256|sha1)-(.+)$/.exec(part);
    if (m) return integrityOf(bytes, m[1]) === `${m[1]}-${m[2]}`;
  }
  return false;
}

const text = (buf, from, len) => {
  const s = buf.subarray(from, from + len);
  const nul = s.indexOf(0);
  return (nul === -1 ? s : s.subarray(0, nul)).toString('utf8');
};
const octal = (buf, from, len) => {
  const s = text(buf, from, len).trim();
  return s === '' ? 0 : parseInt(s, 8);
};

/** The pax extended header's records (`len key=value\n`...). */
function paxRecords(data) {
  const out = {};
  let at = 0;
  while (at < data.length) {
    const sp = data.indexOf(0x20, at);
    if (sp === -1) break;
    const len = parseInt(data.subarray(at, sp).toString('utf8'), 10);
    if (!(len > 0)) break;
    const rec = data.subarray(sp + 1, at + len - 1).toString('utf8');
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    at += len;
  }
  return out;
}

/**
 * The regular files of a .tgz (or plain .tar) buffer, in archive order: `{ path, data }`, the path
 * as stored (npm's start with `package/`). Throws an Error with a plain message on a broken archive.
 */
export function readTarball(bytes) {
  const buf = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : Buffer.from(bytes);
  const files = [];
  let at = 0;
  let longName = null;
  let pax = {};
  while (at + 512 <= buf.length) {
    const header = buf.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] || 0x30);
    const body = at + 512;
    if (body + size > buf.length) throw new Error('truncated tar archive');
    const data = buf.subarray(body, body + size);
    at = body + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = text(data, 0, data.length);
      continue;
    }
    if (type === 'x') {
      pax = paxRecords(data);
      continue;
    }
    if (type === 'g') continue;
    let name = text(header, 0, 100);
    if (text(header, 257, 6) === 'ustar') {
      const prefix = text(header, 345, 155);
      if (prefix) name = `${prefix}/${name}`;
    }
    if (longName !== null) name = longName;
    if (pax.path) name = pax.path;
    longName = null;
    pax = {};
    if (type === '0' || type === '\0' || type === '7') files.push({ path: name, data: Buffer.from(data) });
  }
  return files;
}

/** A file's path inside its package: the tarball path without its first folder (`package/`). */
export function packagePath(tarPath) {
  const clean = tarPath.replace(/\\/g, '/').replace(/^\.\//, '');
  const slash = clean.indexOf('/');
  return slash === -1 ? clean : clean.slice(slash + 1);
}
