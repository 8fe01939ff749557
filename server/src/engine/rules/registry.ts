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
  { id: 'config-error', defaultSeverity: 'error', summary: 'alembic.ini / pyproject.toml cannot be used to find the migrations' },
];

export const RULE_IDS = new Set(RULES.map((rule) => rule.id));

export type SeverityOverrides = Readonly<Record<string, SeveritySetting>>;

export function severityOf(ruleId: string, overrides: SeverityOverrides | undefined): SeveritySetting {
  return overrides?.[ruleId] ?? RULES.find((rule) => rule.id === ruleId)?.defaultSeverity ?? 'warning';
}
