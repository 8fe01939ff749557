// npm test / npm start install npm dependencies only when node_modules does not match the lock:
// a checkout whose node_modules came from a plain `npm ci` is not reinstalled.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const load = () => import('../support/bootstrap.mjs');

const LOCKED = {
  '': { name: 'x', version: '1.0.0' },
  'node_modules/pg': { version: '8.23.1', integrity: 'sha512-pg' },
  'node_modules/@esbuild/aix-ppc64': { version: '0.28.2', integrity: 'sha512-aix', optional: true, os: ['aix'] },
  'node_modules/@esbuild/linux-x64': { version: '0.28.2', integrity: 'sha512-linux', optional: true, os: ['linux'] },
};

describe('npm dependencies: is node_modules what the lock pins?', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'alembic-bootstrap-'));
    mkdirSync(path.join(root, 'node_modules'));
    writeFileSync(path.join(root, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: LOCKED }));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const installed = (packages: Record<string, unknown>) =>
    writeFileSync(path.join(root, 'node_modules', '.package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages }));

  it('a plain npm ci (other platforms’ optional binaries left out) counts as installed', async () => {
    const { installedFromLock } = await load();
    installed({ 'node_modules/pg': LOCKED['node_modules/pg'], 'node_modules/@esbuild/linux-x64': LOCKED['node_modules/@esbuild/linux-x64'] });
    assert.equal(installedFromLock(root), true);
  });

  it('a different version, a missing package, an extra one, or no record at all do not', async () => {
    const { installedFromLock } = await load();
    assert.equal(installedFromLock(root), false, 'no node_modules/.package-lock.json');
    installed({ 'node_modules/pg': { version: '8.0.0', integrity: 'sha512-old' } });
    assert.equal(installedFromLock(root), false, 'other version');
    installed({});
    assert.equal(installedFromLock(root), false, 'pg missing');
    installed({ 'node_modules/pg': LOCKED['node_modules/pg'], 'node_modules/left-pad': { version: '1.0.0' } });
    assert.equal(installedFromLock(root), false, 'an extra package');
  });
});
