// alembic-lint: the engine, headless, for CI.
//   alembic-lint check [PATH...] [--config FILE] [--format text|json|sarif] [--rule ID=off|info|warning|error]...
//   alembic-lint graph [PATH]    [--config FILE] [--format text|json|dot|mermaid]
import { parseArgs } from 'node:util';
import { checkProject } from './engine/check';
import { listMigrationFiles } from './engine/discovery';
import { nodeFileSystem } from './engine/fileSystem';
import type { Finding, SeveritySetting } from './engine/model';
import { parseMigration } from './engine/parse';
import { RULE_IDS } from './engine/rules/registry';
import { formatCheckJson, formatCheckSarif, formatCheckText, summarize } from './report/checkReport';
import { resolveTargets, UsageError } from './cli/targets';
import { ruleDocUrl } from './features/diagnostics';

const VERSION = '0.1.0';
const USAGE = `Usage:
  alembic-lint check [PATH...] [--config FILE] [--format text|json|sarif] [--rule ID=off|info|warning|error]...
  alembic-lint graph [PATH]    [--config FILE] [--format text|json|dot|mermaid]

PATH is an alembic.ini, a pyproject.toml, a folder holding one, or a bare versions folder
(then --recursive and --file-template stand in for the config). Default: the current folder.
Exit codes (check): 0 no errors, 1 errors found, 2 usage or configuration failure.`;

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
  const cwd = process.cwd();
  const projects = resolveTargets(positionals, { config: values.config, recursive: values.recursive, fileTemplate: values['file-template'] }, nodeFileSystem, cwd);
  if (command === 'check') {
    const formats = ['text', 'json', 'sarif'];
    if (!formats.includes(values.format!)) throw new UsageError(`Unknown --format '${values.format}' for check: use ${formats.join(', ')}.`);
    const severities = parseRuleFlags(values.rule ?? []);
    const findings: Finding[] = [];
    let files = 0;
    let revisions = 0;
    for (const project of projects) {
      const parsed = listMigrationFiles(project, nodeFileSystem).map((file) => parseMigration(file, nodeFileSystem.readFile(file) ?? ''));
      files += parsed.length;
      revisions += parsed.filter((file) => file.identifiers.revision?.values?.length).length;
      findings.push(...checkProject({ project, files: parsed }, { severities }));
    }
    const summary = summarize(findings, files, revisions);
    const docsUrl = (rule: string) => ruleDocUrl(rule);
    if (values.format === 'json') process.stdout.write(formatCheckJson(findings, summary, cwd));
    else if (values.format === 'sarif') process.stdout.write(formatCheckSarif(findings, cwd, VERSION, docsUrl));
    else process.stdout.write(formatCheckText(findings, summary, cwd));
    const configFailure = findings.some((finding) => finding.rule === 'config-error' && finding.severity === 'error');
    return configFailure && revisions === 0 ? 2 : summary.errors > 0 ? 1 : 0;
  }
  throw new UsageError(`Unknown command '${command}'.\n${USAGE}`);
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
