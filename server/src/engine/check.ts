// Runs every rule over one project and returns the graph and the findings.
import type { AlembicProject } from './config';
import { buildGraph, type RevisionGraph } from './graph';
import type { Finding, MigrationFile } from './model';
import { checkFileNames, checkChronology } from './rules/fileNames';
import { checkFunctions } from './rules/functions';
import { checkIdentifiers, checkIdentity } from './rules/identity';
import { checkReferences } from './rules/references';
import { severityOf, type SeverityOverrides } from './rules/registry';
import { createReporter } from './rules/reporter';

export interface ProjectSnapshot {
  project: AlembicProject;
  files: MigrationFile[];
}

export interface CheckOptions {
  severities?: SeverityOverrides;
}

export interface ProjectAnalysis {
  graph: RevisionGraph;
  findings: Finding[];
}

export function analyzeProject(snapshot: ProjectSnapshot, options: CheckOptions = {}, graph = buildGraph(snapshot.files)): ProjectAnalysis {
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
    checkIdentifiers(file, report);
    checkFunctions(file, report);
  }
  checkIdentity(graph, report);
  checkReferences(graph, report);
  checkFileNames(snapshot.project, graph, report);
  checkChronology(snapshot.project, graph, report);
  return { graph, findings };
}

export function checkProject(snapshot: ProjectSnapshot, options: CheckOptions = {}): Finding[] {
  return analyzeProject(snapshot, options).findings;
}
