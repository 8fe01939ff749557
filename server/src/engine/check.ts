// Runs every rule over one project and returns the findings.
import type { AlembicProject } from './config';
import type { Finding, MigrationFile } from './model';
import { checkFunctions } from './rules/functions';
import { severityOf, type SeverityOverrides } from './rules/registry';
import { createReporter } from './rules/reporter';

export interface ProjectSnapshot {
  project: AlembicProject;
  files: MigrationFile[];
}

export interface CheckOptions {
  severities?: SeverityOverrides;
}

export function checkProject(snapshot: ProjectSnapshot, options: CheckOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const report = createReporter(findings, options.severities);
  const configSeverity = severityOf('config-error', options.severities);
  if (configSeverity !== 'off') {
    for (const problem of snapshot.project.problems) {
      const position = { line: problem.line, character: 0 };
      findings.push({ rule: 'config-error', severity: configSeverity, file: problem.file, range: { start: position, end: position }, message: problem.message });
    }
  }
  for (const file of snapshot.files) {
    for (const problem of file.syntaxErrors) report('syntax-error', file, problem.range, `${problem.message}. Alembic will fail to load this file.`);
    checkFunctions(file, report);
  }
  return findings;
}
