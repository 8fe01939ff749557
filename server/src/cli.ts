// alembic-lint: the engine, headless, for CI.
//   alembic-lint check [PATH...] [--config FILE] [--format text|json|sarif] [--rule ID=off|info|warning|error]...
//   alembic-lint graph [PATH]    [--config FILE] [--format text|json|dot|mermaid]
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeGraph, analyzeProject, type ProjectSnapshot } from './engine/check';
import type { AlembicProject } from './engine/config';
import { listMigrationFiles } from './engine/discovery';
import type { SeveritySetting } from './engine/model';
import { parseMigration, readIdentifiers, unreadableMigration } from './engine/parse';
import { RULE_IDS } from './engine/rules/registry';
import { nodeFileSystem } from './nodeFileSystem';
import { formatCheckJson, formatCheckSarif, formatCheckText, summarize } from './report/checkReport';
import { graphProject, type AnalyzedProject } from './report/graphData';
import { formatGraphDot, formatGraphJson, formatGraphMermaid, formatGraphText } from './report/graphReport';
import { resolveTargets, UsageError } from './cli/targets';
import { ruleDocUrl } from './report/ruleDocs';

const VERSION = '0.1.0';
const USAGE = `Usage:
  alembic-lint check [PATH...] [--config FILE] [--format text|json|sarif] [--rule ID=off|info|warning|error]...
  alembic-lint graph [PATH]    [--config FILE] [--format text|json|dot|mermaid]

PATH is an alembic.ini, a pyproject.toml, a folder holding one, or a bare versions folder
(then --recursive and --file-template stand in for the config). Default: the current folder.
graph's findings are the graph-level faults only (identifiers, duplicates, unknown references,
cycles, multiple heads, config and syntax errors it meets); body, file-name and chronology rules
are check's.
Exit codes: 0 ok, 1 check found errors, 2 usage or configuration failure.`;

const FORMATS: Record<string, string[]> = { check: ['text', 'json', 'sarif'], graph: ['text', 'json', 'dot', 'mermaid'] };

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE + '\n');
    return command ? 0 : 2;
  }
  if (command === '--version') {
    process.stdout.write(VERSION + '\n');
    return 0;
  }
  if (!Object.hasOwn(FORMATS, command)) throw new UsageError(`Unknown command '${command}'.\n${USAGE}`);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      format: { type: 'string', default: 'text' },
      rule: { type: 'string', multiple: true },
      recursive: { type: 'boolean' },
      'file-template': { type: 'string' },
    },
  });
  const format = values.format!;
  if (!FORMATS[command].includes(format)) throw new UsageError(`Unknown --format '${format}' for ${command}: use ${FORMATS[command].join(', ')}.`);
  if (command === 'graph' && positionals.length > 1) throw new UsageError(`graph takes one PATH, got ${positionals.length}.`);
  if (command === 'graph' && values.rule?.length) throw new UsageError('--rule applies to check only.');
  const severities = parseRuleFlags(values.rule ?? []);
  const cwd = process.cwd();
  const projects = resolveTargets(
    positionals,
    { config: values.config, recursive: values.recursive, fileTemplate: values['file-template'] },
    nodeFileSystem,
    cwd,
  );
  const analyzed = projects.map((project) => (command === 'graph' ? analyzeGraphFromDisk(project) : analyzeFromDisk(project, severities)));
  if (command === 'graph') {
    const display = (file: string) => path.relative(cwd, file) || '.';
    const data = analyzed.map((analysis) => graphProject(analysis, display));
    if (format === 'json') process.stdout.write(formatGraphJson(data));
    else if (format === 'dot') process.stdout.write(formatGraphDot(data));
    else if (format === 'mermaid') process.stdout.write(formatGraphMermaid(data));
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
  return configFailure && revisions === 0 ? 2 : summary.errors > 0 ? 1 : 0;
}

function readProject(project: AlembicProject, read: typeof parseMigration): ProjectSnapshot {
  const files = listMigrationFiles(project, nodeFileSystem).map((file) => {
    const text = nodeFileSystem.readFile(file);
    return text === undefined ? unreadableMigration(file) : read(file, text);
  });
  return { project, files };
}

/** `check`: every file read whole, every rule. */
function analyzeFromDisk(project: AlembicProject, severities: Record<string, SeveritySetting>): AnalyzedProject {
  const snapshot = readProject(project, parseMigration);
  return { ...snapshot, ...analyzeProject(snapshot, { severities }) };
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

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`alembic-lint: ${(error as Error).message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`alembic-lint: internal error: ${(error as Error).stack ?? error}\n`);
    process.exitCode = 2;
  }
}
