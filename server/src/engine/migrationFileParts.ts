// The parts of a MigrationFile that both migration readers — the fast one over tokens
// (fastMigrationReader.ts) and the full lezer parse (parse.ts) — make the same way: the docstring
// header, suppression comments, the head range, and whether a function body is empty.
import type { LineIndex } from './lineIndex';
import type { EmptyReason, MigrationFile, Suppressions } from './model';

const SUPPRESSION = /alembic-lint:\s*(disable-file|disable)\s*=\s*([\w-]+(?:\s*,\s*[\w-]+)*)/;

/** Reads a suppression comment (`# alembic-lint: disable=a,b` / `disable-file=`) into `out`. */
export function addSuppression(out: Suppressions, comment: string, line: number): void {
  const match = SUPPRESSION.exec(comment);
  if (!match) return;
  const ids = match[2].split(',').map((id) => id.trim());
  if (match[1] === 'disable-file') out.file.push(...ids);
  else (out.lines[line] ??= []).push(...ids);
}

/**
 * The value of the first line reading `Create Date: <value>` (only blanks before the words), what
 * /^\s*Create Date:\s*(.+?)\s*$/m finds, without running a multi-line regex over every docstring.
 */
function createDateOf(docstring: string): string | undefined {
  for (let at = docstring.indexOf('Create Date:'); at !== -1; at = docstring.indexOf('Create Date:', at + 1)) {
    const lineStart = docstring.lastIndexOf('\n', at - 1) + 1;
    if (docstring.slice(lineStart, at).trim() !== '') continue;
    const lineEnd = docstring.indexOf('\n', at);
    const value = docstring.slice(at + 'Create Date:'.length, lineEnd === -1 ? docstring.length : lineEnd).trim();
    if (value) return value;
  }
  return undefined;
}

/** Message (first line, unless it is the `Revision ID:` line) and `Create Date:` of a docstring. */
export function readDocstringHeader(docstring: string): { message?: string; createDate?: string } {
  const out: { message?: string; createDate?: string } = {};
  // The first line (split at '\n') that is not blank.
  let firstLine: string | undefined;
  for (let at = 0; at <= docstring.length;) {
    const end = docstring.indexOf('\n', at);
    const line = docstring.slice(at, end === -1 ? docstring.length : end);
    if (line.trim() !== '') {
      firstLine = line;
      break;
    }
    if (end === -1) break;
    at = end + 1;
  }
  if (firstLine && !/^\s*Revision ID:/.test(firstLine)) out.message = detach(firstLine.trim());
  const date = createDateOf(docstring);
  if (date) out.createDate = detach(date);
  return out;
}

/** The range file-level findings are reported on: the first line. */
export function headRange(text: string, lines: LineIndex): MigrationFile['headRange'] {
  const newline = text.indexOf('\n');
  return lines.range(0, newline === -1 ? text.length : newline);
}

/**
 * A copy of `s` that does not keep the file's text alive: V8 makes a slice of 13 or more characters
 * a view into its parent string, and the thousands of file texts a CLI run would otherwise retain
 * through identifier values and docstring lines cost more garbage-collection time than reading them.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** What a statement directly in a function body amounts to, for `empty-downgrade`. */
export const enum BodyItem {
  Pass,
  Ellipsis,
  String,
  Raise,
  Other,
}

/** Whether a function body of these statements does nothing, and how (both readers decide here). */
export function emptyReason(items: BodyItem[]): EmptyReason | undefined {
  if (items.length === 0) return undefined;
  let reason: EmptyReason = 'docstring';
  for (const [index, item] of items.entries()) {
    if (item === BodyItem.Pass) reason = reason === 'raise' ? 'raise' : 'pass';
    else if (item === BodyItem.Ellipsis) reason = reason === 'raise' ? 'raise' : 'ellipsis';
    else if (item === BodyItem.String && index === 0) continue;
    else if (item === BodyItem.Raise) reason = 'raise';
    else return undefined;
  }
  return reason;
}
