// Runs every rule over one project and returns the graph and the findings.
import type { AlembicProject } from './config';
import { buildGraph, type RevisionGraph } from './graph';
import type { Finding, MigrationFile } from './model';
import { checkFileNames, checkChronology } from './rules/fileNames';
import { checkFunctions } from './rules/functions';
import { checkIdentifiers, checkIdentity } from './rules/identity';
import { checkReferences } from './rules/references';
import { SCHEMA_RULES, severityOf, type SeverityOverrides } from './rules/registry';
import { createReporter, type Reporter } from './rules/reporter';
import type { DowngradePolicy } from './rules/safety';
import { createReplayCache, isPostgres, replaySchema, type ReplayCache, type ReplayResult } from './schema/replay';

export interface ProjectSnapshot {
  project: AlembicProject;
  files: MigrationFile[];
}

export interface CheckOptions {
  severities?: SeverityOverrides;
  /** `alembic.downgradePolicy` / `--downgrade-policy`; default 'required'. */
  downgradePolicy?: DowngradePolicy;
}

export interface ProjectAnalysis {
  graph: RevisionGraph;
  findings: Finding[];
  /**
   * Set by an analysis with a focus (MigrationWorkspace.analyze) that left revisions above the
   * focused files as the last analysis had them; an analysis without a focus completes it.
   */
  partial?: boolean;
}

export function analyzeProject(snapshot: ProjectSnapshot, options: CheckOptions = {}, graph = buildGraph(snapshot.files)): ProjectAnalysis {
  const findings = configFindings(snapshot.project, options);
  const report = createReporter(findings, options.severities);
  for (const file of snapshot.files) checkFile(file, report, options);
  checkGraph(snapshot.project, graph, report);
  findings.push(...checkSchema(snapshot, graph, options).findings);
  return { graph, findings };
}

/**
 * The findings of the rules that read the replayed schema (schema/replay.ts), revision by revision
 * in upgrade order; they come last. `cache` makes a re-check after an edit replay only what the
 * edit changed (the workspace keeps one per project); `focus` (revision ids) replays only up to
 * those revisions, and `complete` says whether anything above them was left as it was.
 */
export function checkSchema(
  snapshot: ProjectSnapshot,
  graph: RevisionGraph,
  options: CheckOptions,
  cache: ReplayCache = createReplayCache({ retain: false }),
  focus?: ReadonlySet<string>,
): { findings: Finding[]; complete: boolean } {
  if (SCHEMA_RULES.every((rule) => severityOf(rule, options.severities) === 'off')) return { findings: [], complete: true };
  const pg = isPostgres(snapshot.project.sqlalchemyUrl, snapshot.files, cache);
  const { findings, complete } = replaySchema(graph, pg, cache, (out) => createReporter(out, options.severities), options.downgradePolicy ?? 'required', focus);
  return { findings, complete };
}

/**
 * What `alembic-lint graph` reports: config errors, syntax errors the reader found, and the
 * graph-level faults (identifier, identity and reference rules). The body rules (missing-upgrade,
 * missing-downgrade, empty-downgrade) and the file-name and chronology rules belong to `check`.
 */
export function analyzeGraph(snapshot: ProjectSnapshot, graph = buildGraph(snapshot.files)): ProjectAnalysis {
  const findings = configFindings(snapshot.project);
  const report = createReporter(findings, undefined);
  for (const file of snapshot.files) {
    checkSyntax(file, report);
    isolatedRules(file, report, () => checkIdentifiers(file, report));
  }
  checkIdentity(graph, report);
  checkReferences(graph, report);
  return { graph, findings };
}

/**
 * The replayed schema before and after each revision (no findings): what a downgrade generator
 * reads for what an upgrade alone does not say (a dropped column's type, an enum's values).
 */
export function replayProject(snapshot: ProjectSnapshot, graph: RevisionGraph): ReplayResult {
  const cache = createReplayCache(); // its own: entries replayed without findings must not serve checkSchema
  const pg = isPostgres(snapshot.project.sqlalchemyUrl, snapshot.files, cache);
  const { before, after, findings } = replaySchema(graph, pg, cache, undefined, 'required');
  return { before: new Map(before), after: new Map(after), findings, complete: true }; // the cache keeps updating its own maps
}

/** config-error findings: the project's config problems. They come first in analyzeProject. */
export function configFindings(project: AlembicProject, options: CheckOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const configSeverity = severityOf('config-error', options.severities);
  if (configSeverity !== 'off') {
    for (const problem of project.problems) {
      const position = { line: problem.line, character: 0 };
      findings.push({
        rule: 'config-error',
        severity: configSeverity,
        file: problem.file,
        range: { start: position, end: position },
        message: problem.message,
      });
    }
  }
  return findings;
}

/** The rules that read one file alone (syntax, identifiers, functions), in analyzeProject's order. */
export function checkFile(file: MigrationFile, report: Reporter, options: CheckOptions = {}): void {
  checkSyntax(file, report);
  isolatedRules(file, report, () => {
    checkIdentifiers(file, report);
    checkFunctions(file, report, options.downgradePolicy);
  });
}

/** Runs a file's rules; a rule that throws becomes a parse-error on that file instead of ending the analysis. */
function isolatedRules(file: MigrationFile, report: Reporter, rules: () => void): void {
  try {
    rules();
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    report(
      'parse-error',
      file,
      file.headRange,
      `alembic-lint could not analyse this file fully: a rule failed on it (${reason}). Its other findings may be incomplete.`,
    );
  }
}

function checkSyntax(file: MigrationFile, report: Reporter): void {
  for (const failure of file.failures ?? [])
    report('parse-error', file, file.headRange, `alembic-lint could not analyse this file fully: ${failure}. Its other findings may be incomplete.`);
  for (const problem of file.syntaxErrors) report('syntax-error', file, problem.range, `${problem.message}. Alembic will fail to load this file.`);
}

/** The rules that read the revision graph, in analyzeProject's order; they come after every file's own findings. */
export function checkGraph(project: AlembicProject, graph: RevisionGraph, report: Reporter): void {
  checkIdentity(graph, report);
  checkReferences(graph, report);
  checkFileNames(project, graph, report);
  checkChronology(project, graph, report);
}
