/** The one place that turns document URIs into file paths and back (vscode-eslint's paths.ts). */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const LANGUAGE_EXTENSIONS: Readonly<Record<string, string>> = {
  markdown: '.md',
  yaml: '.yaml',
  prompty: '.prompty',
  mdc: '.mdc',
  plaintext: '.txt',
};

/**
 * The path a document is linted as. `file:` URIs map to their path; other schemes (untitled
 * buffers, virtual documents) get a name in `fallbackDir` with an extension from the language,
 * so the parser picks the right kind; they never match a config's globs by accident of name.
 */
export function uriToPath(uri: string, languageId: string | undefined, fallbackDir: string): string {
  if (uri.startsWith('file:')) {
    try {
      return path.resolve(fileURLToPath(uri));
    } catch {
      // fall through: a malformed file URI is treated like any other scheme
    }
  }
  const last = decodeURIComponent(uri.replace(/[?#].*$/, '').split(/[/:]/).pop() || 'untitled');
  const ext = path.extname(last) ? '' : (LANGUAGE_EXTENSIONS[languageId ?? ''] ?? '.md');
  return path.join(fallbackDir, `${last.replace(/[^\w.-]+/g, '_')}${ext}`);
}

export function pathToUri(filePath: string): string {
  return pathToFileURL(filePath).href;
}

/** Same file, whatever the URI spelling (`%3A` vs `:` in Windows drive letters, trailing slashes). */
export function sameUri(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return fileURLToPath(a) === fileURLToPath(b);
  } catch {
    return false;
  }
}
