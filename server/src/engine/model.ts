// Plain data shared by every part of the engine. No behaviour, no I/O.

/** Zero-based line and UTF-16 column, as LSP uses them. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export interface RelatedLocation {
  file: string;
  range: Range;
  message: string;
}

/** One problem found by a rule, located in one file. */
export interface Finding {
  rule: string;
  severity: Severity;
  /** Absolute path of the file the finding is reported on. */
  file: string;
  range: Range;
  message: string;
  related?: RelatedLocation[];
  /** Rule-specific payload the quick fixes read (e.g. the suggested revision). */
  data?: Record<string, unknown>;
}

/** The four module-level identifiers Alembic reads from a migration. */
export type IdentifierName = 'revision' | 'down_revision' | 'branch_labels' | 'depends_on';
export const IDENTIFIER_NAMES: readonly IdentifierName[] = ['revision', 'down_revision', 'branch_labels', 'depends_on'];

export interface StringLiteral {
  value: string;
  /** Range of the literal including its quotes. */
  range: Range;
}

/** The value of the last module-level assignment to one identifier. */
export interface IdentifierAssignment {
  name: IdentifierName;
  /** Range of the whole assignment statement. */
  range: Range;
  /** Range of the assigned value expression. */
  valueRange: Range;
  /** `null` when the value is `None`; the strings otherwise (a lone string gives one entry). */
  values: StringLiteral[] | null;
  /** True when the value is not a literal (a name, a call, an f-string...): treat as absent. */
  unresolved: boolean;
  /** Source text of the value, for messages. */
  valueText: string;
}

export type EmptyReason = 'pass' | 'ellipsis' | 'docstring' | 'raise';

export interface FunctionInfo {
  name: string;
  /** Range of the function name after `def`. */
  nameRange: Range;
  /** Range of the whole definition. */
  range: Range;
  /** Set when the body does nothing: only pass / ... / a docstring / only raises. */
  empty?: EmptyReason;
}

export interface SyntaxProblem {
  range: Range;
  message: string;
}

/** Everything the engine reads from one migration file. */
export interface MigrationFile {
  /** Absolute path. */
  path: string;
  identifiers: Partial<Record<IdentifierName, IdentifierAssignment>>;
  functions: Partial<Record<'upgrade' | 'downgrade', FunctionInfo>>;
  /** First line of the module docstring (Alembic puts the message there). Display only. */
  message?: string;
  /** `Create Date:` from the docstring header. Display only, never a source of truth. */
  createDate?: string;
  syntaxErrors: SyntaxProblem[];
  suppressions: Suppressions;
  /** Range to report file-level findings on (the first line). */
  headRange: Range;
  /**
   * Steps of reading this file that failed (the file could not be read, the parser broke on it):
   * each becomes a `parse-error` finding; whatever the other steps read is kept.
   */
  failures?: string[];
  /**
   * The file's text, when it was read whole: the safety analysis reads its operations from it on
   * demand (operations/extract.ts operationsOf) rather than keeping 5,000 files' operation models.
   */
  source?: string;
}

export interface Suppressions {
  /** Rule ids disabled for the whole file (`# alembic-lint: disable-file=<id>`). */
  file: string[];
  /** Zero-based line → rule ids disabled on that line (`# alembic-lint: disable=<id>`). */
  lines: Record<number, string[]>;
}

export function isSuppressed(file: MigrationFile, rule: string, line: number): boolean {
  const { suppressions } = file;
  const matches = (ids: string[] | undefined) => !!ids && (ids.includes(rule) || ids.includes('all'));
  return matches(suppressions.file) || matches(suppressions.lines[line]);
}
