#!/usr/bin/env node
// Runs the SAME extension-host suite as run-vscode-suite.mjs (dist/test/vscode-suite.js) in desktop
// VS Code through @vscode/test-electron, for machines that can download VS Code. Where it cannot be
// downloaded (this project's machines and CI have no internet), it fails with a clear message:
// `npm test` runs the same suite under code-server.
//
//   node test/support/run-electron.mjs [--no-build]
//
// Env: VSCODE_VERSION (default "stable"), VSCODE_EXECUTABLE (use an installed VS Code instead of
// downloading), ALEMBIC_VSCODE_GREP (mocha grep).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheRoot, isolatedEnv } from './code-server.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const extTests = path.join(repo, 'dist/test/vscode-suite.js');
const fixture = path.join(repo, 'test/fixtures/basic');
const summary = (passes, failures) => console.log(`vscode-electron: ${passes} passed, ${failures} failed`);
const log = (msg) => console.log(`[vscode-electron] ${msg}`);

function build() {
  const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`node esbuild.mjs failed (exit ${r.status})`);
}

// Desktop VS Code needs a display: re-run this script under xvfb-run when there is none.
function needsXvfb() {
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.ALEMBIC_UNDER_XVFB) return false;
  return spawnSync('sh', ['-c', 'command -v xvfb-run'], { stdio: 'ignore' }).status === 0;
}

async function main() {
  if (!args.includes('--no-build')) {
    log('building (node esbuild.mjs)');
    build();
  }
  if (!fs.existsSync(extTests)) throw new Error(`${extTests} is missing (build with \`node esbuild.mjs\`)`);
  const { downloadAndUnzipVSCode, runTests } = await import('@vscode/test-electron');

  let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE;
  if (!vscodeExecutablePath) {
    const version = process.env.VSCODE_VERSION || 'stable';
    try {
      vscodeExecutablePath = await downloadAndUnzipVSCode({ version, cachePath: path.join(cacheRoot(), 'vscode-test'), timeout: 30_000 });
    } catch (e) {
      throw Object.assign(
        new Error(
          `could not download VS Code (${version}): ${e.message || e}. ` +
            'This machine cannot reach the VS Code download servers; use npm test, which runs the same suite under code-server ' +
            '(or set VSCODE_EXECUTABLE to an installed VS Code).',
        ),
        { quiet: true },
      );
    }
  }
  if (needsXvfb()) {
    log('no DISPLAY: re-running under xvfb-run');
    const r = spawnSync('xvfb-run', ['-a', process.execPath, fileURLToPath(import.meta.url), '--no-build', ...args.filter((a) => a !== '--no-build')], {
      stdio: 'inherit',
      env: { ...process.env, ALEMBIC_UNDER_XVFB: '1', VSCODE_EXECUTABLE: vscodeExecutablePath },
    });
    return r.status ?? 1;
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'alembic-electron-'));
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(fixture, workspace, { recursive: true });
  const resultFile = path.join(tmp, 'vscode-suite.json');
  let exitCode;
  try {
    exitCode = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: repo,
      extensionTestsPath: extTests,
      extensionTestsEnv: { ...isolatedEnv(path.join(tmp, 'env')), ALEMBIC_VSCODE_SUITE_RESULT: resultFile },
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--disable-gpu',
        '--user-data-dir',
        path.join(tmp, 'ud'),
        '--extensions-dir',
        path.join(tmp, 'ext'),
      ],
    });
  } catch (e) {
    log(`VS Code exited with a failure: ${e.message || e}`);
    exitCode = 1;
  }
  let result = null;
  try {
    result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  } catch {
    /* none */
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  const passes = result?.passes ?? 0;
  const failures = Math.max(result?.failures ?? 0, exitCode === 0 && result ? 0 : 1);
  summary(passes, failures);
  return failures ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`[vscode-electron] ${e.quiet ? e.message : e.stack || e}`);
    summary(0, 1);
    process.exit(1);
  },
);
