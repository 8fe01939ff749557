// The CLI as an npm package: `npm pack` of a clean tree (no dist/) builds the bundle in `prepare`
// and ships only what .npmignore whitelists (vsce refuses a `files` field beside .vscodeignore);
// `npm install -g` of the tarball, offline (the package has no dependencies: everything is
// bundled), gives an `alembic-lint` that checks a fixture project and prints package.json's
// version, with no VS Code package and no node_modules beside it.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyFixture } from './helpers';
import { npmEnv, REPO_ROOT, snapshotRepository, type RepoSnapshot } from './repoSnapshot';

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
}

describe('alembic-lint as an npm package', function () {
  this.timeout(240_000);
  let snapshot: RepoSnapshot;
  let work: string;
  let tarball: string;
  let prefix: string;
  const version = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const cleanups: (() => void)[] = [];

  before(() => {
    snapshot = snapshotRepository();
    work = mkdtempSync(path.join(os.tmpdir(), 'alembic-lint-npm-'));
    prefix = path.join(work, 'global');
    cleanups.push(
      () => snapshot.dispose(),
      () => rmSync(work, { recursive: true, force: true }),
    );
  });
  after(() => cleanups.forEach((cleanup) => cleanup()));

  it('npm pack builds the bundle in prepare and ships only the bundle, package.json, README and LICENSE', () => {
    assert.equal(existsSync(path.join(snapshot.dir, 'dist')), false, 'the snapshot must start without dist/');
    // The build tools: this checkout's node_modules (pre-commit's test installs them for real).
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(snapshot.dir, 'node_modules'));
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: snapshot.dir, env: npmEnv(), encoding: 'utf8' });
    const [packed] = JSON.parse(out.slice(out.indexOf('['))) as PackResult[];
    assert.deepEqual(packed.files.map((file) => file.path).sort(), ['LICENSE', 'README.md', 'dist/cli.js', 'package.json']);
    tarball = path.join(work, packed.filename);
    assert.equal(statSync(tarball).size, packed.size);
    console.log(`      tarball ${packed.filename}: ${(packed.size / 1024).toFixed(1)} KiB (unpacked ${(packed.unpackedSize / 1024).toFixed(1)} KiB)`);
  });

  it('npm install -g of the tarball works offline and installs no dependency', () => {
    assert.ok(tarball, 'needs the tarball of the previous test');
    execFileSync('npm', ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], {
      cwd: work,
      env: npmEnv(),
      encoding: 'utf8',
    });
    const installed = path.join(prefix, 'lib', 'node_modules', 'alembic-migrations');
    assert.ok(existsSync(path.join(prefix, 'bin', 'alembic-lint')));
    assert.equal(existsSync(path.join(installed, 'node_modules')), false, 'the bundle needs no dependency');
    const bundle = readFileSync(path.join(installed, 'dist', 'cli.js'), 'utf8');
    assert.ok(bundle.startsWith('#!/usr/bin/env node\n'));
    assert.doesNotMatch(bundle, /require\(["']vscode["']\)/);
  });

  it('alembic-lint check runs on a fixture project from PATH; --fail-on warning refuses its missing downgrade', () => {
    const fixture = copyFixture('basic');
    cleanups.push(fixture.cleanup);
    // No NODE_PATH and a cwd outside any node_modules: only what the package installed is there.
    const env = npmEnv({ PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH}`, NODE_PATH: '' });
    const run = (args: string[]) => spawnSync('alembic-lint', args, { cwd: fixture.dir, env, encoding: 'utf8', timeout: 60_000 });
    const check = run(['check']);
    assert.equal(check.status, 0, check.stderr);
    assert.match(check.stdout, /3c4d5e6f7a8b_create_posts_table\.py:\d+:\d+: warning .*\[missing-downgrade\]/);
    assert.match(check.stdout, /0 errors, 1 warning, 0 infos in 3 files \(3 revisions\)/);
    const strict = run(['check', '--fail-on', 'warning']);
    assert.equal(strict.status, 1);
    assert.match(strict.stdout, /\[missing-downgrade\]/);
    const printed = run(['--version']);
    assert.equal(printed.status, 0, printed.stderr);
    assert.equal(printed.stdout, `${version}\n`);
  });

  it('npx -p of the git repository itself (git+file://, as github:…) builds the bundle in prepare and runs it', () => {
    // npm clones, installs the build tools in the clone, runs prepare, packs. (npm install --global of a
    // git URL is not tested: npm 11 runs that inner install with --global too, so it cannot build.)
    const printed = spawnSync('npx', ['--yes', '--prefer-offline', '-p', `git+file://${snapshot.dir}#${snapshot.rev}`, 'alembic-lint', '--version'], {
      cwd: work,
      env: npmEnv(),
      encoding: 'utf8',
      timeout: 200_000,
    });
    assert.equal(printed.status, 0, printed.stderr);
    assert.equal(printed.stdout, `${version}\n`);
  });
});
