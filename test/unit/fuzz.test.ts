// Seeded fuzzing: realistic migrations (realisticMigrations.ts) mutated the ways editing goes wrong
// (truncation, junk tokens, swapped or lost lines, thousands of unclosed brackets typed into a body).
// No input may end in an internal error: every file gets findings, the others are still analysed,
// the CLI exits 0 or 1 with valid JSON and no stack trace. Replay a failure from its seed.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyzeGraph, analyzeProject } from '../../server/src/engine/check';
import { parseMigration, readIdentifiers } from '../../server/src/engine/parse';
import { project } from './migrationBuilder';
import { lezerBreakingMigration, REALISTIC_MIGRATIONS } from './realisticMigrations';
import { random } from './seededRandom';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
/** A hang, not a benchmark: `npm run bench` measures speed. */
const PER_FILE_LIMIT_MS = 2_000;

const JUNK = [
  ')',
  ']',
  '}',
  ':',
  'def',
  "'''",
  '"',
  '\\',
  'lambda',
  '@',
  '\t',
  '\u0000',
  '\u{1F642}',
  'f"{',
  'async',
  'yield',
  ':=',
  '=',
  ',',
  '#',
  'revision',
  '\r',
  '\n    ',
  'import',
];
const RUNS = ['(', '[', '{', '((', '(['];

type Mutation = (text: string, next: () => number) => string;

const pick = <T>(items: readonly T[], next: () => number): T => items[Math.floor(next() * items.length)];
const at = (text: string, next: () => number) => Math.floor(next() * (text.length + 1));
const lines = (text: string) => text.split('\n');

const MUTATIONS: Record<string, Mutation> = {
  truncate: (text, next) => text.slice(0, at(text, next)),
  junk: (text, next) => {
    const offset = at(text, next);
    return text.slice(0, offset) + pick(JUNK, next) + text.slice(offset);
  },
  deleteSpan: (text, next) => {
    const offset = at(text, next);
    return text.slice(0, offset) + text.slice(offset + 1 + Math.floor(next() * 40));
  },
  swapLines: (text, next) => {
    const all = lines(text);
    const a = Math.floor(next() * all.length);
    const b = Math.floor(next() * all.length);
    [all[a], all[b]] = [all[b], all[a]];
    return all.join('\n');
  },
  dropLine: (text, next) => {
    const all = lines(text);
    all.splice(Math.floor(next() * all.length), 1);
    return all.join('\n');
  },
  duplicateLine: (text, next) => {
    const all = lines(text);
    const i = Math.floor(next() * all.length);
    all.splice(i, 0, all[i]);
    return all.join('\n');
  },
  reindent: (text, next) => {
    const all = lines(text);
    const i = Math.floor(next() * all.length);
    all[i] = next() < 0.5 ? `  ${all[i]}` : all[i].trimStart();
    return all.join('\n');
  },
  /** What the lezer failure was first seen with: a long run of brackets typed inside a function body. */
  bracketRun: (text, next) => {
    const body = text.indexOf('def upgrade');
    const from = body === -1 ? 0 : body;
    const offset = from + Math.floor(next() * (text.length - from));
    return text.slice(0, offset) + pick(RUNS, next).repeat(500 + Math.floor(next() * 3500)) + text.slice(offset);
  },
};

interface FuzzCase {
  seed: number;
  name: string;
  text: string;
}

/** `count` mutated migrations from `seed`: a random style, one to three random mutations each. */
function fuzzCases(seed: number, count: number): FuzzCase[] {
  const next = random(seed);
  const styles = Object.entries(REALISTIC_MIGRATIONS);
  const mutations = Object.entries(MUTATIONS);
  const cases: FuzzCase[] = [];
  for (let i = 0; i < count; i++) {
    const [style, template] = pick(styles, next);
    const revision = `f${(seed + i).toString(16).padStart(11, '0')}`;
    let text = template(revision, i > 0 ? `f${(seed + i - 1).toString(16).padStart(11, '0')}` : null);
    const applied: string[] = [];
    for (let n = 1 + Math.floor(next() * 3); n > 0; n--) {
      const [name, mutate] = pick(mutations, next);
      text = mutate(text, next);
      applied.push(name);
    }
    // A third of the files carry a suppression comment: it sends the reader through every comment.
    if (next() < 0.33) text = `# alembic-lint: disable=chronology\n${text}`;
    cases.push({ seed: seed + i, name: `${revision}_${style}_${applied.join('_')}`, text });
  }
  return cases;
}

function timed<T>(what: string, fn: () => T): T {
  const t0 = performance.now();
  const result = fn();
  const ms = performance.now() - t0;
  assert.ok(ms < PER_FILE_LIMIT_MS, `${what} took ${ms.toFixed(0)} ms (limit ${PER_FILE_LIMIT_MS} ms)`);
  return result;
}

function cli(args: string[], cwd: string) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024 });
}

/** Exit 0 or 1 (2 would be a usage or internal failure), JSON on stdout, nothing like a stack trace. */
function assertCleanRun(run: ReturnType<typeof cli>, what: string, allowed: number[]): unknown {
  assert.ok(allowed.includes(run.status ?? -1), `${what} exited ${run.status} (signal ${run.signal}): ${run.stderr.slice(0, 2000)}`);
  assert.doesNotMatch(run.stderr, /internal error|\n\s+at /, `${what} printed a stack trace`);
  return JSON.parse(run.stdout);
}

describe('fuzz: mutated realistic migrations', function () {
  this.timeout(300_000);
  const SEED = 20261205;

  it('the engine reads and checks 400 mutated migrations, each alone, without throwing and in bounded time', () => {
    const config = project({ rootDir: '/fuzz', versionLocations: ['/fuzz/versions'] });
    for (const { seed, name, text } of fuzzCases(SEED, 400)) {
      const file = `/fuzz/versions/${name}.py`;
      const what = `seed ${seed} (${name})`;
      const parsed = timed(`parseMigration, ${what}`, () => parseMigration(file, text));
      const identifiers = timed(`readIdentifiers, ${what}`, () => readIdentifiers(file, text));
      const { findings } = timed(`analyzeProject, ${what}`, () => analyzeProject({ project: config, files: [parsed] }));
      timed(`analyzeGraph, ${what}`, () => analyzeGraph({ project: config, files: [identifiers] }));
      // Every finding is on this file, with a sane range: a crash half-way would leave garbage.
      for (const finding of findings) {
        assert.equal(finding.file, file, what);
        assert.ok(finding.range.start.line >= 0 && finding.range.end.line >= finding.range.start.line, `${what}: ${JSON.stringify(finding.range)}`);
      }
    }
  });

  it('alembic-lint check and graph on a project of 300 mutated migrations: exit 0/1, valid JSON, every file listed', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'alembic-fuzz-'));
    try {
      const versions = path.join(dir, 'migrations', 'versions');
      mkdirSync(versions, { recursive: true });
      writeFileSync(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = %(here)s/migrations\n');
      const cases = [...fuzzCases(SEED + 1_000, 299), { seed: 0, name: 'lezer_breaking', text: lezerBreakingMigration() }];
      for (const { name, text } of cases) writeFileSync(path.join(versions, `${name}.py`), text);

      const check = assertCleanRun(cli(['check', '--format', 'json'], dir), 'check', [0, 1]) as {
        findings: { file: string; rule: string }[];
        summary: { files: number };
      };
      assert.equal(check.summary.files, 300);
      const filesWithFindings = new Set(check.findings.map((finding) => path.basename(finding.file)));
      // Mutations rarely leave a file spotless, and the one lezer breaks on must be reported, not dropped.
      assert.ok(filesWithFindings.has('lezer_breaking.py'), 'the file lezer breaks on has no finding');
      assert.ok(filesWithFindings.size > 150, `only ${filesWithFindings.size} of 300 files have findings`);

      const graph = assertCleanRun(cli(['graph', '--format', 'json'], dir), 'graph', [0]) as { projects: { revisions: unknown[] }[] };
      assert.equal(graph.projects.length, 1);
      assert.ok(graph.projects[0].revisions.length > 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a file lezer breaks on (unrepaired) is reported and costs only its own findings', () => {
    const config = project({ rootDir: '/fuzz', versionLocations: ['/fuzz/versions'] });
    const broken = parseMigration('/fuzz/versions/3c4d5e6f7a8b_create_posts_table.py', lezerBreakingMigration());
    const neighbour = parseMigration(
      '/fuzz/versions/9f9f9f9f9f9f_next.py',
      "revision = '9f9f9f9f9f9f'\ndown_revision = '3c4d5e6f7a8b'\n\ndef upgrade():\n    op.add_column('posts', (\n\ndef downgrade():\n    pass\n",
    );
    const { findings } = analyzeProject({ project: config, files: [broken, neighbour] });
    const rulesOf = (file: string) => findings.filter((finding) => finding.file === file).map((finding) => finding.rule);
    assert.ok(
      rulesOf(broken.path).some((rule) => rule === 'parse-error' || rule === 'syntax-error'),
      `broken file: ${rulesOf(broken.path).join(', ')}`,
    );
    assert.ok(rulesOf(neighbour.path).includes('syntax-error'), `neighbour: ${rulesOf(neighbour.path).join(', ')}`);
  });
});
