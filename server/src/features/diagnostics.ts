// Findings → LSP diagnostics, grouped by file.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Finding, Severity } from '../engine/model';
import { ruleDocUrl } from '../report/ruleDocs';

export { ruleDocUrl };

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toDiagnostic(finding: Finding): Diagnostic {
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    source: 'alembic',
    code: finding.rule,
    codeDescription: { href: ruleDocUrl(finding.rule) },
    message: finding.message,
  };
  if (finding.data) diagnostic.data = { rule: finding.rule, ...finding.data };
  return diagnostic;
}

export function groupByFile(findings: Finding[]): Map<string, Finding[]> {
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = byFile.get(finding.file);
    if (list) list.push(finding);
    else byFile.set(finding.file, [finding]);
  }
  return byFile;
}
