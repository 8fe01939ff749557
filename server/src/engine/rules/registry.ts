// Every rule the engine knows: stable id, default severity, one-line summary.
// docs/rules.md documents each id; keep the two in step.
import type { Severity, SeveritySetting } from '../model';

export interface RuleInfo {
  id: string;
  defaultSeverity: Severity;
  summary: string;
}

export const RULES: readonly RuleInfo[] = [
  { id: 'missing-upgrade', defaultSeverity: 'error', summary: 'the migration has no upgrade() function' },
  { id: 'missing-downgrade', defaultSeverity: 'warning', summary: 'the migration has no downgrade() function' },
  { id: 'empty-downgrade', defaultSeverity: 'warning', summary: 'downgrade() does nothing (pass, ..., a docstring, or only raises)' },
  { id: 'syntax-error', defaultSeverity: 'error', summary: 'the file is not valid Python' },
  { id: 'parse-error', defaultSeverity: 'error', summary: 'the file could not be read or analysed; its other findings may be incomplete' },
  { id: 'config-error', defaultSeverity: 'error', summary: 'alembic.ini / pyproject.toml cannot be used to find the migrations' },
  { id: 'missing-revision-id', defaultSeverity: 'error', summary: 'a .py file in a versions folder declares no revision id' },
  { id: 'invalid-revision-id', defaultSeverity: 'error', summary: 'the revision id holds a character Alembic forbids (@ - + : or whitespace)' },
  { id: 'duplicate-revision', defaultSeverity: 'error', summary: 'two files declare the same revision id' },
  { id: 'duplicate-branch-label', defaultSeverity: 'error', summary: 'a branch label is declared twice, or equals a revision id' },
  { id: 'unknown-down-revision', defaultSeverity: 'error', summary: 'down_revision names a revision that does not exist' },
  { id: 'unknown-depends-on', defaultSeverity: 'error', summary: 'depends_on names neither a revision nor a branch label' },
  { id: 'revision-cycle', defaultSeverity: 'error', summary: 'revisions revise each other in a loop' },
  { id: 'multiple-heads', defaultSeverity: 'warning', summary: 'a branch has more than one head, so `alembic upgrade head` fails' },
  { id: 'unresolved-identifier', defaultSeverity: 'warning', summary: 'revision / down_revision / branch_labels / depends_on is not a literal' },
  { id: 'filename-template', defaultSeverity: 'warning', summary: "the file name does not follow the project's file_template" },
  { id: 'filename-revision-mismatch', defaultSeverity: 'warning', summary: 'the revision in the file name is not the revision the file declares' },
  { id: 'chronology', defaultSeverity: 'info', summary: 'a revision is dated earlier than its parent' },
];

export const RULE_IDS = new Set(RULES.map((rule) => rule.id));

export type SeverityOverrides = Readonly<Record<string, SeveritySetting>>;

export function severityOf(ruleId: string, overrides: SeverityOverrides | undefined): SeveritySetting {
  return overrides?.[ruleId] ?? RULES.find((rule) => rule.id === ruleId)?.defaultSeverity ?? 'warning';
}
