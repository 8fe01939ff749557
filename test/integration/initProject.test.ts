// Initialize Alembic's engine room with the real Alembic (Debian's) and the real runner: the
// templates offered are those `alembic list_templates` lists, `alembic init` through the runner puts
// alembic.ini in the folder and the scripts where asked, env.py's target_metadata is found, and the
// result is a project alembic-lint and Alembic both read.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  directoryProblem,
  existingConfig,
  initProject,
  listTemplates,
  offeredTemplates,
  OFFERED_TEMPLATES,
  targetMetadataAt,
} from '../../client/src/alembic/initProject';
import { AlembicRunner } from '../../client/src/alembic/runner';
import { PYTHON, runAlembic } from './helpers';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

describe('Initialize Alembic: alembic init through the runner (real Alembic)', function () {
  this.timeout(60_000);
  const runner = new AlembicRunner();
  const folders: string[] = [];
  const emptyFolder = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'alembic-init-'));
    folders.push(dir);
    return dir;
  };
  after(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('offers generic, async and pyproject exactly when the installed Alembic lists them', async () => {
    const folder = emptyFolder();
    const installed = await listTemplates(runner, { python: PYTHON, folder });
    const direct = spawnSync(PYTHON, ['-m', 'alembic', 'list_templates'], { cwd: folder, encoding: 'utf8' });
    assert.equal(direct.status, 0, direct.stderr);
    const listed = [...direct.stdout.matchAll(/^(\w+) - /gm)].map((m) => m[1]);
    assert.deepEqual(installed.map((t) => t.name).sort(), listed.sort());
    assert.deepEqual(
      offeredTemplates(installed).map((t) => t.name),
      OFFERED_TEMPLATES.filter((name) => listed.includes(name)),
    );
    assert.ok(listed.includes('generic') && listed.includes('async'), `Alembic lists ${listed.join(', ')}`);
    assert.match(installed.find((t) => t.name === 'async')!.description, /async/i);
    assert.equal(existsSync(path.join(folder, 'alembic.ini')), false, 'listing writes nothing');
  });

  for (const template of ['generic', 'async']) {
    it(`init --template ${template}: alembic.ini in the folder, the scripts where asked, env.py's target_metadata found; Alembic and alembic-lint read the project`, async () => {
      const folder = emptyFolder();
      assert.equal(existingConfig(folder), undefined);
      const lines: string[] = [];
      const done = await initProject(runner, { python: PYTHON, folder, template, directory: 'db/migrations', onLine: (line) => lines.push(line) });
      assert.equal(done.ini, path.join(folder, 'alembic.ini'));
      assert.equal(done.envPy, path.join(folder, 'db', 'migrations', 'env.py'));
      assert.ok(existsSync(path.join(folder, 'db', 'migrations', 'versions')));
      assert.ok(
        lines.some((line) => line.includes('Generating') && line.includes('env.py')),
        lines.join('\n'),
      );
      assert.equal(existingConfig(folder), done.ini);
      assert.match(readFileSync(done.ini, 'utf8'), /^script_location = .*db\/migrations$/m);
      if (template === 'async') assert.match(readFileSync(done.envPy, 'utf8'), /AsyncEngine|async_engine_from_config/);

      const envPy = readFileSync(done.envPy, 'utf8');
      const at = targetMetadataAt(envPy);
      assert.ok(at, 'target_metadata is assigned in env.py');
      const line = envPy.split('\n')[at.line];
      assert.match(line, /^target_metadata = /);
      assert.equal(line.slice(at.start, at.end), 'None');

      // A project both read: Alembic sees no revision yet, alembic-lint finds nothing to say.
      const heads = await runAlembic(done.ini, ['heads']);
      assert.equal(heads.code, 0, heads.stderr);
      assert.equal(heads.stdout.trim(), '');
      const check = spawnSync(process.execPath, [CLI, 'check', '--fail-on', 'info'], { cwd: folder, encoding: 'utf8' });
      assert.equal(check.status, 0, check.stdout + check.stderr);
      assert.match(check.stdout, /0 errors, 0 warnings, 0 infos in 0 files/);
    });
  }

  it("a non-empty scripts folder is refused before Alembic runs, and Alembic's own error comes back when it refuses", async () => {
    const folder = emptyFolder();
    mkdirSync(path.join(folder, 'migrations'));
    writeFileSync(path.join(folder, 'migrations', 'keep.txt'), 'x');
    assert.match(directoryProblem(folder, 'migrations') ?? '', /not empty/);
    assert.equal(directoryProblem(folder, 'other'), undefined);
    assert.match(directoryProblem(folder, '../outside') ?? '', /inside the workspace folder/);
    assert.match(directoryProblem(folder, '  ') ?? '', /Name the folder/);
    await assert.rejects(initProject(runner, { python: PYTHON, folder, template: 'generic', directory: 'migrations' }), (error: Error) =>
      /exists and is not empty/.test(error.message),
    );
    await assert.rejects(initProject(runner, { python: PYTHON, folder, template: 'no-such-template', directory: 'other' }), (error: Error) =>
      /No such template/i.test(error.message),
    );
  });
});
