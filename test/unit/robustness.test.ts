// No input crashes or hangs the engine or the CLI. Times are generous bounds (a hang, not a
// benchmark: `npm run bench` measures speed).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyzeProject } from '../../server/src/engine/check';
import { parseMigration } from '../../server/src/engine/parse';
import type { MigrationFile } from '../../server/src/engine/model';
import { migrationSource, project, syntheticMigration } from './migrationBuilder';
import { random } from './seededRandom';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

function timed<T>(limitMs: number, what: string, fn: () => T): T {
  const t0 = performance.now();
  const result = fn();
  const ms = performance.now() - t0;
  assert.ok(ms < limitMs, `${what} took ${ms.toFixed(0)} ms (limit ${limitMs} ms)`);
  return result;
}

function tempProject(): { dir: string; versions: string; dispose(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'alembic-robust-'));
  const versions = path.join(dir, 'migrations', 'versions');
  mkdirSync(versions, { recursive: true });
  writeFileSync(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = %(here)s/migrations\nrecursive_version_locations = true\n');
  return { dir, versions, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

function cli(args: string[], cwd: string) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
}

describe('robustness', function () {
  this.timeout(120_000);

  it('parses a 10 MB file without throwing', () => {
    const body = Array.from({ length: 190_000 }, (_, i) => `    op.add_column('t', sa.Column('c${i}', sa.Integer()))`).join('\n');
    const text = `revision = 'big'\ndown_revision = None\ndef upgrade():\n${body}\ndef downgrade():\n    pass\n`;
    assert.ok(text.length > 10_000_000, `${text.length} characters`);
    const file = timed(30_000, 'a 10 MB parse', () => parseMigration('/p/versions/big_x.py', text));
    assert.equal(file.identifiers.revision?.values?.[0].value, 'big');
    assert.equal(file.functions.downgrade?.empty, 'pass');
  });

  it('survives binary bytes, NUL characters and replacement characters', () => {
    const bytes = Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('');
    for (const text of [bytes, `revision = 'a\u0000b'\n${bytes}`, '\uFFFD\uFFFD revision = \uFFFD', '\\', '"""', "'''unterminated", 'def', '(((((((((((((((']) {
      const file = parseMigration('/p/versions/x.py', text);
      analyzeProject({ project: project(), files: [file] });
    }
  });

  it('the CLI reads invalid UTF-8 and a symlink loop in a versions folder without hanging', () => {
    const p = tempProject();
    try {
      writeFileSync(
        path.join(p.versions, 'aaaa0001_first.py'),
        Buffer.concat([Buffer.from(migrationSource('aaaa0001', { down: null, message: 'first' })), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x0a])]),
      );
      writeFileSync(path.join(p.versions, 'bbbb0002_second.py'), Buffer.from([0x80, 0x81, 0xff, 0x00, 0x01]));
      symlinkSync(p.versions, path.join(p.versions, 'loop'));
      symlinkSync(path.join(p.versions, 'b'), path.join(p.versions, 'a'));
      symlinkSync(path.join(p.versions, 'a'), path.join(p.versions, 'b'));
      const result = cli(['check', '--format', 'json'], p.dir);
      assert.equal(result.error, undefined);
      const report = JSON.parse(result.stdout) as { findings: { rule: string; file: string }[]; summary: { files: number } };
      assert.equal(report.summary.files, 2, 'the loop is not followed twice');
      assert.ok(report.findings.some((f) => f.file.endsWith('bbbb0002_second.py') && (f.rule === 'syntax-error' || f.rule === 'missing-revision-id')));
      assert.ok([0, 1].includes(result.status!), `exit ${result.status}: ${result.stderr}`);
    } finally {
      p.dispose();
    }
  });

  it('the CLI checks 10,000 files', () => {
    const p = tempProject();
    try {
      for (let i = 0; i < 10_000; i++) {
        const id = `r${String(i).padStart(5, '0')}`;
        writeFileSync(path.join(p.versions, `${id}_step.py`), migrationSource(id, { down: i ? `r${String(i - 1).padStart(5, '0')}` : null, message: 'step' }));
      }
      const result = cli(['check', '--format', 'json'], p.dir);
      assert.equal(result.status, 0, result.stderr);
      const report = JSON.parse(result.stdout) as { findings: unknown[]; summary: { files: number; revisions: number } };
      assert.deepEqual([report.summary.files, report.summary.revisions, report.findings.length], [10_000, 10_000, 0]);
    } finally {
      p.dispose();
    }
  });

  it('a 1,000-deep merge chain and a 500-revision cycle are analysed in bounded time', () => {
    const merges: MigrationFile[] = [syntheticMigration('m0', null)];
    for (let i = 1; i <= 1000; i++) {
      merges.push(syntheticMigration(`side${i}`, `m${i - 1}`));
      merges.push(syntheticMigration(`m${i}`, [`m${i - 1}`, `side${i}`]));
    }
    const merged = timed(10_000, '1,000 merges', () => analyzeProject({ project: project(), files: merges }));
    assert.deepEqual(merged.graph.heads, ['m1000']);
    assert.equal(merged.graph.upgradeOrder.length, 2001);
    const cycle = Array.from({ length: 500 }, (_, i) => syntheticMigration(`c${i}`, `c${(i + 1) % 500}`));
    const looped = timed(10_000, 'a 500-cycle', () => analyzeProject({ project: project(), files: cycle }));
    assert.equal(looped.findings.filter((f) => f.rule === 'revision-cycle').length, 500);
  });

  it('property: randomly mutated real-looking migrations never throw and stay fast', () => {
    const seed = Number(process.env.PROPERTY_SEED) || 20261124;
    const next = random(seed);
    const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
    const base = Array.from({ length: 12 }, (_, i) =>
      migrationSource(`rev${i}`, {
        down: i === 0 ? null : i === 6 ? ['rev4', 'rev5'] : `rev${i - 1}`,
        labels: i === 3 ? 'side' : undefined,
        dependsOn: i === 9 ? 'side' : undefined,
      }),
    );
    const mutations: ((text: string) => string)[] = [
      (t) => t.slice(0, Math.floor(next() * t.length)), // truncate
      (t) => {
        const lines = t.split('\n');
        lines.splice(Math.floor(next() * lines.length), 1 + Math.floor(next() * 3));
        return lines.join('\n');
      }, // delete lines
      (t) => {
        const lines = t.split('\n');
        const i = Math.floor(next() * lines.length);
        lines.splice(i, 0, lines[i]);
        return lines.join('\n');
      }, // duplicate a line
      (t) => t.replace(/rev\d+/, `rev${Math.floor(next() * 14)}`), // swap an id
      (t) => t.replace(/rev\d+/g, (m) => (next() < 0.3 ? pick(['rev0', 'rev11', 'x@y', '']) : m)), // scramble ids
      (t) => {
        const i = Math.floor(next() * t.length);
        return t.slice(0, i) + pick(['(', ')', '"""', "'", '\\', '\n    ', '\t', '#', ':', '\u0000']) + t.slice(i);
      }, // insert a token
      (t) => {
        const i = Math.floor(next() * t.length);
        return t.slice(0, i) + t.slice(i + 1 + Math.floor(next() * 40));
      }, // delete characters
    ];
    let slowest = 0;
    for (let round = 0; round < 300; round++) {
      const files = base.map((text, i) => {
        let mutated = text;
        const count = Math.floor(next() * 3);
        for (let m = 0; m < count; m++) mutated = pick(mutations)(mutated);
        if (next() < 0.1) return parseMigration(`/p/versions/dup${i}_x.py`, text);
        return parseMigration(`/p/versions/rev${i}_x.py`, mutated);
      });
      const t0 = performance.now();
      try {
        analyzeProject({ project: project(), files });
      } catch (error) {
        assert.fail(`seed ${seed}, round ${round}: ${(error as Error).stack}`);
      }
      slowest = Math.max(slowest, performance.now() - t0);
    }
    // A guard against a blow-up (quadratic or worse), not a benchmark: a round takes ~3 ms.
    assert.ok(slowest < 5000, `slowest round took ${slowest.toFixed(0)} ms`);
  });
});
