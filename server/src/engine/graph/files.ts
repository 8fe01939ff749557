// What the graph reads from one migration file: its revision id, where revision-level findings
// point, and which characters Alembic refuses in an id.
import type { MigrationFile, Range } from '../model';

export const ILLEGAL_REVISION_CHARACTERS = ['@', '-', '+', ':'];

export function invalidCharacters(id: string): string[] {
  return ILLEGAL_REVISION_CHARACTERS.filter((c) => id.includes(c));
}

/** The revision id a file declares, when it is a plain string literal. */
export function revisionIdOf(file: MigrationFile): string | undefined {
  const assignment = file.identifiers.revision;
  if (!assignment || assignment.unresolved || !assignment.values || assignment.values.length !== 1) return undefined;
  return assignment.values[0].value;
}

/** Range of the file's `revision = '…'` literal, else its first line: where revision-level findings point. */
export function revisionRange(file: MigrationFile): Range {
  return file.identifiers.revision?.values?.[0]?.range ?? file.headRange;
}

function dedupe<T>(values: T[]): T[] {
  return values.length < 2 ? values : [...new Set(values)];
}

/** The distinct string values of an identifier; none when it is absent or unresolved. */
export function stringValues(file: MigrationFile, name: 'down_revision' | 'depends_on' | 'branch_labels'): string[] {
  const assignment = file.identifiers[name];
  if (!assignment || assignment.unresolved || !assignment.values) return [];
  return dedupe(assignment.values.map((v) => v.value));
}
