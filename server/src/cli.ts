// alembic-lint: the engine, headless, for CI.
//   alembic-lint check [PATH...] [--config FILE] [--format text|json|sarif] [--rule ID=off|info|warning|error]...
//                                [--fail-on error|warning|info] [--downgrade-policy required|raise-ok|none]
//   alembic-lint graph [PATH]    [--config FILE] [--format text|json|dot|mermaid|svg] [--direction top-down|left-right]
//   alembic-lint status [PATH]   [--config FILE] [--database-url URL] [--version-table NAME]
//                                [--version-table-schema SCHEMA] [--format text|json] [--fail-if-pending] [--timeout SECONDS]
//   alembic-lint generate-downgrade FILE [--config FILE]
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeGraph, analyzeProject, type ProjectSnapshot } from './engine/check';
import type { AlembicProject } from './engine/config';
import { listMigrationFiles } from './engine/discovery';
import type { SeveritySetting } from './engine/model';
import { parseMigration, readIdentifiers, unreadableMigration } from './engine/parse';
import { RULE_IDS } from './engine/rules/registry';
import { DOWNGRADE_POLICIES, type DowngradePolicy } from './engine/rules/safety';
import { nodeFileSystem } from './nodeFileSystem';
import { formatCheckJson, formatCheckSarif, formatCheckText, summarize } from './report/checkReport';
import { graphProject, pictureRevisions, type AnalyzedProject } from './report/graphData';
import { buildPicture } from './report/graphPicture';
import { renderGraphSvg } from './report/graphSvg';
import { GRAPH_DIRECTIONS, type GraphDirection } from './report/graphGeometry';
import { formatGraphDot, formatGraphJson, formatGraphMermaid, formatGraphText } from './report/graphReport';
import { resolveTargets, UsageError } from './cli/targets';
import { ruleDocUrl } from './report/ruleDocs';
import { formatStatusJson, formatStatusText } from './report/statusReport';
import { generateDowngradeForFile } from './cli/generateDowngrade';

// package.json's version, put in by esbuild (`define`) when the bundle is built.
declare const ALEMBIC_LINT_VERSION: string;
const VERSION = typeof ALEMBIC_LINT_VERSION === 'string' ? ALEMBIC_LINT_VERSION : 'dev';
const USAGE = `Usage:
  alembic-lint check [PATH...] [--config FILE] [--format text|json|sarif] [--rule ID=off|info|warning|error]...
                               [--fail-on error|warning|info] [--downgrade-policy required|raise-ok|none]
  alembic-lint graph [PATH]    [--config FILE] [--format text|json|dot|mermaid|svg]
                               [--direction top-down|left-right]
  alembic-lint status [PATH]   [--config FILE] [--database-url URL]
                               [--version-table NAME] [--version-table-schema SCHEMA]
                               [--format text|json] [--fail-if-pending] [--timeout SECONDS]
  alembic-lint --version
  alembic-lint generate-downgrade FILE [--config FILE]

PATH is an alembic.ini, a pyproject.toml, a folder holding one, or a bare versions folder
(then --recursive and --file-template stand in for the config). Default: the current folder.
graph's findings are the graph-level faults only (identifiers, duplicates, unknown references,
cycles, multiple heads, config and syntax errors it meets); body, file-name and chronology rules
are check's. graph --direction (svg only): top-down (default, newest at the top) or left-right
(oldest at the left). --downgrade-policy: required (default) wants every upgrade undone by its
downgrade; raise-ok also accepts a downgrade that only raises NotImplementedError; none turns the
downgrade rules off.
status reads each project's version table (PostgreSQL) and says which revisions are current,
applied and pending. The URL: --database-url, else sqlalchemy.url in the config (unless Alembic's
placeholder), DATABASE_URL, the PG* variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE),
then DATABASE_URL or PG* variables in the .env file beside the config. SQLAlchemy URLs
(postgresql+psycopg2://…) are accepted. A URL without a password takes it from another of those
sources naming the same server, user and database, PGPASSWORD or ~/.pgpass. The version table:
the flags, else a literal version_table= / version_table_schema= passed to context.configure in
env.py, else alembic_version in the default schema. --timeout bounds connecting and reading
(default 10 seconds).
generate-downgrade prints a downgrade() that reverses FILE's upgrade() operation by operation, from
the schema the project's earlier revisions leave; what it cannot reverse is a # TODO line and a
raise NotImplementedError.
check --fail-on sets the lowest severity that fails the run: error (default), warning or info.
Exit codes: 0 ok, 1 check found findings at --fail-on or above (status --fail-if-pending: the
database is not at head; generate-downgrade: some operation could not be reversed), 2 usage,
configuration, parse or (status) connection failure.`;

const FORMATS: Record<string, string[]> = { check: ['text', 'json', 'sarif'], graph: ['text', 'json', 'dot', 'mermaid', 'svg'], status: ['text', 'json'] };

/** `check --fail-on`: the summary counts that fail the run, by the lowest severity that does. */
const FAIL_ON = { error: ['errors'], warning: ['errors', 'warnings'], info: ['errors', 'warnings', 'infos'] } as const;

function main(argv: string[]): number | Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE + '\n');
    return command ? 0 : 2;
  }
  if (command === '--version') {
    process.stdout.write(VERSION + '\n');
    return 0;
  }
  if (command === 'generate-downgrade') return generateDowngrade(rest);
  if (!Object.hasOwn(FORMATS, command)) throw new UsageError(`Unknown command '${command}'.\n${USAGE}`);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      format: { type: 'string', default: 'text' },
      rule: { type: 'string', multiple: true },
      'downgrade-policy': { type: 'string' },
      recursive: { type: 'boolean' },
      'file-template': { type: 'string' },
      'database-url': { type: 'string' },
      'version-table': { type: 'string' },
      'version-table-schema': { type: 'string' },
      'fail-if-pending': { type: 'boolean' },
      timeout: { type: 'string' },
      'fail-on': { type: 'string' },
      direction: { type: 'string' },
    },
  });
  const statusFlags = ['database-url', 'version-table', 'version-table-schema', 'fail-if-pending', 'timeout'] as const;
  if (command !== 'status') {
    const misplaced = statusFlags.find((flag) => values[flag] !== undefined);
    if (misplaced) throw new UsageError(`--${misplaced} applies to status only.`);
  }
  if (command !== 'check' && values['fail-on'] !== undefined) throw new UsageError('--fail-on applies to check only.');
  const failOn = values['fail-on'] ?? 'error';
  if (!Object.hasOwn(FAIL_ON, failOn)) throw new UsageError(`--fail-on expects error, warning or info, got '${failOn}'.`);
  const format = values.format!;
  if (!FORMATS[command].includes(format)) throw new UsageError(`Unknown --format '${format}' for ${command}: use ${FORMATS[command].join(', ')}.`);
  if (command === 'graph' && positionals.length > 1) throw new UsageError(`graph takes one PATH, got ${positionals.length}.`);
  if (command === 'graph' && values.rule?.length) throw new UsageError('--rule applies to check only.');
  const direction = (values.direction ?? 'top-down') as GraphDirection;
  if (values.direction !== undefined && (command !== 'graph' || format !== 'svg')) throw new UsageError('--direction applies to graph --format svg only.');
  if (!GRAPH_DIRECTIONS.includes(direction)) throw new UsageError(`Unknown --direction '${direction}': use ${GRAPH_DIRECTIONS.join(', ')}.`);
  if (command !== 'check' && values['downgrade-policy'] !== undefined) throw new UsageError('--downgrade-policy applies to check only.');
  const downgradePolicy = values['downgrade-policy'] as DowngradePolicy | undefined;
  if (downgradePolicy !== undefined && !DOWNGRADE_POLICIES.includes(downgradePolicy))
    throw new UsageError(`Unknown --downgrade-policy '${downgradePolicy}': use ${DOWNGRADE_POLICIES.join(', ')}.`);
  if (command === 'status') {
    if (positionals.length > 1) throw new UsageError(`status takes one PATH, got ${positionals.length}.`);
    if (values.rule?.length) throw new UsageError('--rule applies to check only.');
    let timeoutMs: number | undefined;
    if (values.timeout !== undefined) {
      const seconds = Number(values.timeout);
      if (!/^\s*\d+(\.\d+)?\s*$/.test(values.timeout) || !(seconds > 0))
        throw new UsageError(`--timeout expects a number of seconds above 0, got '${values.timeout}'.`);
      timeoutMs = Math.round(seconds * 1000);
    }
    for (const flag of ['database-url', 'version-table', 'version-table-schema'] as const) {
      if (values[flag] !== undefined && values[flag].trim() === '') throw new UsageError(`--${flag} is empty.`);
    }
    return status(positionals, values, format, timeoutMs);
  }
  const severities = parseRuleFlags(values.rule ?? []);
  const cwd = process.cwd();
  const projects = resolveTargets(
    positionals,
    { config: values.config, recursive: values.recursive, fileTemplate: values['file-template'] },
    nodeFileSystem,
    cwd,
  );
  const analyzed = projects.map((project) => (command === 'graph' ? analyzeGraphFromDisk(project) : analyzeFromDisk(project, severities, downgradePolicy)));
  if (command === 'graph') {
    const display = (file: string) => path.relative(cwd, file) || '.';
    const data = analyzed.map((analysis) => graphProject(analysis, display));
    if (format === 'json') process.stdout.write(formatGraphJson(data));
    else if (format === 'dot') process.stdout.write(formatGraphDot(data));
    else if (format === 'mermaid') process.stdout.write(formatGraphMermaid(data));
    else if (format === 'svg')
      process.stdout.write(
        renderGraphSvg(
          data.map((project) => buildPicture(project.config, pictureRevisions(project))),
          direction,
        ),
      );
    else process.stdout.write(formatGraphText(data));
    // Faults in the migrations are output; a config that finds no migrations is a failure.
    const failed = analyzed.filter((analysis) => analysis.project.problems.length > 0 && analysis.graph.nodes.size === 0);
    for (const { project } of failed) {
      for (const problem of project.problems) process.stderr.write(`alembic-lint: ${display(problem.file)}:${problem.line + 1}: ${problem.message}\n`);
    }
    return failed.length ? 2 : 0;
  }
  const findings = analyzed.flatMap((analysis) => analysis.findings);
  const files = analyzed.reduce((sum, analysis) => sum + analysis.files.length, 0);
  const revisions = analyzed.reduce((sum, analysis) => sum + analysis.files.filter((file) => file.identifiers.revision?.values?.length).length, 0);
  const summary = summarize(findings, files, revisions);
  if (format === 'json') process.stdout.write(formatCheckJson(findings, summary, cwd));
  else if (format === 'sarif') process.stdout.write(formatCheckSarif(findings, cwd, VERSION, ruleDocUrl));
  else process.stdout.write(formatCheckText(findings, summary, cwd));
  const configFailure = findings.some((finding) => finding.rule === 'config-error' && finding.severity === 'error');
  const failing = FAIL_ON[failOn as keyof typeof FAIL_ON].reduce((sum, severity) => sum + summary[severity], 0);
  return configFailure && revisions === 0 ? 2 : failing > 0 ? 1 : 0;
}

async function status(
  positionals: string[],
  values: {
    config?: string;
    recursive?: boolean;
    'file-template'?: string;
    'database-url'?: string;
    'version-table'?: string;
    'version-table-schema'?: string;
    'fail-if-pending'?: boolean;
  },
  format: string,
  timeoutMs: number | undefined,
): Promise<number> {
  const cwd = process.cwd();
  const display = (file: string) => path.relative(cwd, file) || '.';
  const projects = resolveTargets(
    positionals,
    { config: values.config, recursive: values.recursive, fileTemplate: values['file-template'] },
    nodeFileSystem,
    cwd,
  );
  const options = {
    databaseUrl: values['database-url'],
    versionTable: values['version-table'],
    versionTableSchema: values['version-table-schema'],
    timeoutMs,
  };
  // Loaded here, not at start: the PostgreSQL client (pg) costs the other commands ~30 ms of start-up.
  const { projectStatus } = await import('./cli/status');
  const results = await Promise.all(
    projects.map(async (project) => {
      const analysis = analyzeGraphFromDisk(project);
      // A config that finds no migrations is a configuration failure, as for graph.
      if (project.problems.length > 0 && analysis.graph.nodes.size === 0) {
        const problem = project.problems[0];
        return { ok: false as const, message: `${display(problem.file)}:${problem.line + 1}: ${problem.message}` };
      }
      return projectStatus(project, analysis.graph, options, process.env, display);
    }),
  );
  const done = results.filter((result) => result.ok);
  if (format === 'json') process.stdout.write(formatStatusJson(done.map((result) => result.project)));
  else if (done.length) process.stdout.write(formatStatusText(done));
  for (const result of results) if (!result.ok) process.stderr.write(`alembic-lint: ${result.message}\n`);
  if (done.length < results.length) return 2;
  return values['fail-if-pending'] && done.some((result) => !result.project.atHead) ? 1 : 0;
}

function generateDowngrade(args: string[]): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { config: { type: 'string' } } });
  if (positionals.length !== 1) throw new UsageError(`generate-downgrade takes one FILE, got ${positionals.length}.`);
  const generated = generateDowngradeForFile(positionals[0], values.config, process.cwd());
  process.stdout.write(generated.text);
  return generated.todos.length ? 1 : 0;
}

function readProject(project: AlembicProject, read: typeof parseMigration): ProjectSnapshot {
  const files = listMigrationFiles(project, nodeFileSystem).map((file) => {
    const text = nodeFileSystem.readFile(file);
    return text === undefined ? unreadableMigration(file) : read(file, text);
  });
  return { project, files };
}

/** `check`: every file read whole, every rule. */
function analyzeFromDisk(project: AlembicProject, severities: Record<string, SeveritySetting>, downgradePolicy: DowngradePolicy | undefined): AnalyzedProject {
  const snapshot = readProject(project, parseMigration);
  return { ...snapshot, ...analyzeProject(snapshot, { severities, downgradePolicy }) };
}

/** `graph`: the identifiers alone, the graph-level rules. */
function analyzeGraphFromDisk(project: AlembicProject): AnalyzedProject {
  const snapshot = readProject(project, readIdentifiers);
  return { ...snapshot, ...analyzeGraph(snapshot) };
}

function parseRuleFlags(flags: string[]): Record<string, SeveritySetting> {
  const out: Record<string, SeveritySetting> = {};
  for (const flag of flags) {
    const match = /^([\w-]+)=(off|info|warning|error)$/.exec(flag);
    if (!match) throw new UsageError(`--rule expects ID=off|info|warning|error, got '${flag}'.`);
    if (!RULE_IDS.has(match[1])) throw new UsageError(`Unknown rule '${match[1]}'. Known rules: ${[...RULE_IDS].join(', ')}.`);
    out[match[1]] = match[2] as SeveritySetting;
  }
  return out;
}

function fail(error: unknown): void {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`alembic-lint: ${(error as Error).message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`alembic-lint: internal error: ${(error as Error).stack ?? error}\n`);
    process.exitCode = 2;
  }
}

try {
  const code = main(process.argv.slice(2));
  if (typeof code === 'number') process.exitCode = code;
  else code.then((value) => (process.exitCode = value), fail);
} catch (error) {
  fail(error);
}
