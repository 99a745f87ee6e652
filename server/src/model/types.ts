/**
 * The document model: what every parser produces and every rule reads.
 *
 * All ranges are half-open UTF-16 offsets into `SourceFile.text` (the file's text with any BOM
 * removed), so `text.slice(start, end)` is the exact source of a node. Line/column conversion
 * happens only at the fronts, through `SourceFile.lines`.
 */

export interface Range {
  start: number;
  end: number;
}

/** Zero-based line and UTF-16 column, as LSP wants. */
export interface Position {
  line: number;
  character: number;
}

export type FileKind = 'markdown' | 'yaml' | 'prompty' | 'text';

export interface LineIndex {
  /** Offsets at which each line starts (line 0 starts at 0). */
  readonly lineStarts: readonly number[];
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
}

export interface SourceFile {
  /** Path as given (absolute for files on disk, the stdin filename otherwise). */
  readonly path: string;
  /** Text without the BOM. */
  readonly text: string;
  readonly hasBom: boolean;
  /** Dominant line ending, kept when fixes insert text. */
  readonly eol: '\n' | '\r\n';
  readonly lines: LineIndex;
}

/** Where an instruction unit sits; everything but `paragraph`, `list-item`, `table-row` and `heading` is not an instruction. */
export type UnitContext =
  | 'paragraph'
  | 'list-item'
  | 'table-row'
  | 'heading'
  | 'code'
  | 'blockquote'
  | 'html'
  | 'example'
  | 'frontmatter';

export interface Unit {
  /** Index in `Prompt.units`. */
  readonly index: number;
  /** Exact source range of the unit. */
  readonly range: Range;
  /**
   * Range to delete to remove this unit cleanly: a whole list item line or table row (with its
   * line break), or a sentence with the whitespace that separates it from its neighbour.
   */
  readonly removalRange: Range;
  /** Display text: source with Markdown container prefixes removed and whitespace folded. */
  readonly text: string;
  readonly context: UnitContext;
  /** False for code, block quotes, HTML comments, example transcripts and frontmatter. */
  readonly isInstruction: boolean;
  /** Index into `Prompt.sections` of the innermost enclosing section. */
  readonly section: number;
  /** Inline code spans inside the unit (source ranges): opaque, compared literally. */
  readonly codeSpans: readonly Range[];
}

export interface Section {
  readonly index: number;
  /** Heading text, or '' for the preamble before the first heading. */
  readonly title: string;
  /** 0 for the preamble / prompt root, else the Markdown heading depth 1-6. */
  readonly depth: number;
  /** Source range from the heading to just before the next heading of the same or higher level. */
  readonly range: Range;
  readonly headingRange?: Range;
  /** Parent section index, or -1. */
  readonly parent: number;
}

/** One prompt: a Markdown body, one prompt-bearing YAML string, a `.prompty` role block, a text file. */
export interface Prompt {
  /** Stable id within the file, e.g. `body`, `prompts[0].system`, `messages[1].content`. */
  readonly id: string;
  /** Human label (YAML key path, role name). */
  readonly label: string;
  /** Role when known (system, user, assistant). */
  readonly role?: string;
  /** Source range of the prompt's content (for YAML: the scalar's value, quotes/indicators excluded where possible). */
  readonly range: Range;
  /** The prompt text the model receives (YAML scalars decoded). Token counts are taken on this. */
  readonly text: string;
  /** Maps an offset in `text` to an offset in the source; `text.length` maps to the end. */
  readonly toSource: (textOffset: number) => number;
  readonly sections: readonly Section[];
  readonly units: readonly Unit[];
  /**
   * Why a prompt starts where it does: the whole file or body (`file`), a YAML prompt string
   * (`yaml`), a `.prompty` role (`role`), or, inside one body, a separator line that names a
   * template (`separator`), a block opening with an identity statement (`identity`), a
   * `<!-- prompt-lint-prompt -->` directive (`directive`). See server/src/parse/boundaries.ts.
   */
  readonly boundary?: string;
  /**
   * Set on prompts of which a call sends only one (promptfoo's `prompts:` list: the eval tries
   * each in turn): the prompts with the same value are alternatives, and one call costs the
   * largest of them, not their sum.
   */
  readonly alternatives?: string;
}

export interface FrontmatterField {
  readonly key: string;
  readonly value: unknown;
  readonly keyRange: Range;
  readonly valueRange: Range;
}

export interface Frontmatter {
  readonly range: Range;
  readonly data: unknown;
  readonly fields: readonly FrontmatterField[];
}

export type DirectiveKind = 'disable' | 'enable' | 'disable-next-line' | 'disable-line' | 'disable-file';

export interface Directive {
  readonly kind: DirectiveKind;
  /** Rule ids named; empty means all rules. */
  readonly rules: readonly string[];
  /** Source range of the whole comment. */
  readonly range: Range;
  /** Source ranges of each named rule id (for "unknown rule" reports). */
  readonly ruleRanges: readonly Range[];
}

export interface ParseProblem {
  readonly message: string;
  readonly range: Range;
  /** 'error' stops rules from trusting the structure; 'warning' is informational. */
  readonly severity: 'error' | 'warning';
}

export interface PromptDocument {
  readonly file: SourceFile;
  readonly kind: FileKind;
  readonly frontmatter?: Frontmatter;
  readonly prompts: readonly Prompt[];
  readonly directives: readonly Directive[];
  readonly problems: readonly ParseProblem[];
  /** Models the file names for itself, as written (promptfoo `providers:` ids), in order. */
  readonly providers?: readonly string[];
}
