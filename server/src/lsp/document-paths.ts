/** Which file each open document is linted as (its path), and back. */
import { pathToUri, uriToPath } from './paths.js';

export class DocumentPaths {
  private readonly pathByUri = new Map<string, string>();
  private readonly uriByPath = new Map<string, string>();

  /** `base`: where a document without a file path (untitled) is placed. */
  constructor(private readonly base: () => string) {}

  pathOf(doc: { uri: string; languageId?: string }): string {
    let p = this.pathByUri.get(doc.uri);
    if (!p) {
      p = uriToPath(doc.uri, doc.languageId, this.base());
      this.pathByUri.set(doc.uri, p);
      this.uriByPath.set(p, doc.uri);
    }
    return p;
  }

  /** The URI of the open document of `filePath`, if any. */
  openUri(filePath: string): string | undefined {
    return this.uriByPath.get(filePath);
  }

  /** The URI to publish `filePath` under: its open document's, else a file URI. */
  uriOf(filePath: string): string {
    return this.uriByPath.get(filePath) ?? pathToUri(filePath);
  }

  /** A closed document: forgets it and returns the path it was linted as. */
  forget(doc: { uri: string; languageId?: string }): string {
    const p = this.pathByUri.get(doc.uri) ?? this.pathOf(doc);
    this.pathByUri.delete(doc.uri);
    if (this.uriByPath.get(p) === doc.uri) this.uriByPath.delete(p);
    return p;
  }
}
