// extensionTestsPath module: VS Code calls run() inside the extension host, under code-server
// (test/support/run-vscode-suite.mjs) or under @vscode/test-electron (test/support/run-electron.mjs).
// esbuild bundles this file and the suites it imports into dist/test/vscode-suite.js (`vscode` and
// `mocha` stay external), so the suites are imported statically and registered on the Mocha
// instance through the tdd interface's globals instead of being loaded from files.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import registerExtensionSuite from './suites/extension.test';
import registerDiagnosticsSuite from './suites/diagnostics.test';
import registerNavigationSuite from './suites/navigation.test';
import registerDatabaseSuite from './suites/database.test';
import registerMigrateSuite from './suites/migrate.test';
import registerAlembicCommandsSuite from './suites/alembicCommands.test';
import registerRestrictedSuite from './suites/restricted.test';
import registerInitializeSuite from './suites/initialize.test';
import registerAuthoringSuite from './suites/authoring.test';
import registerGraphViewSuite from './suites/graphView.test';
import registerGenerateDowngradeSuite from './suites/generateDowngrade.test';

// A session opened in Restricted Mode (run-vscode-suite.mjs's second) runs the restricted suite only.
const SUITES: Array<() => void> = process.env.ALEMBIC_VSCODE_RESTRICTED
  ? [registerRestrictedSuite]
  : [
      registerExtensionSuite,
      registerDiagnosticsSuite,
      registerNavigationSuite,
      registerGraphViewSuite,
      registerMigrateSuite,
      registerAlembicCommandsSuite,
      registerDatabaseSuite,
      registerInitializeSuite,
      registerAuthoringSuite,
      registerGenerateDowngradeSuite,
    ];

interface TestRecord {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}
export interface SuiteResult {
  passes: number;
  failures: number;
  pending: number;
  tests: TestRecord[];
  durationMs: number;
  runner: string;
}

/** Where the result goes: $ALEMBIC_VSCODE_SUITE_RESULT, else <first workspace folder>/.test-output/vscode-suite.json. */
export function resultPath(): string | undefined {
  if (process.env.ALEMBIC_VSCODE_SUITE_RESULT) return process.env.ALEMBIC_VSCODE_SUITE_RESULT;
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.scheme === 'file' ? path.join(folder.uri.fsPath, '.test-output', 'vscode-suite.json') : undefined;
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    reporter: 'spec',
    timeout: Number(process.env.ALEMBIC_VSCODE_TEST_TIMEOUT_MS) || 60_000,
    grep: process.env.ALEMBIC_VSCODE_GREP || undefined,
  });
  // Install suite/test/setup/... on globalThis for this Mocha instance, then let the bundled suites register.
  mocha.suite.emit('pre-require', globalThis, 'vscode-suite', mocha);
  for (const register of SUITES) register();
  mocha.suite.emit('require', null, 'vscode-suite', mocha);
  mocha.suite.emit('post-require', globalThis, 'vscode-suite', mocha);

  const started = Date.now();
  const tests: TestRecord[] = [];
  return new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const result: SuiteResult = {
        passes: tests.filter((t) => t.state === 'passed').length,
        failures,
        pending: tests.filter((t) => t.state === 'pending').length,
        tests,
        durationMs: Date.now() - started,
        runner: `${vscode.env.appName} ${vscode.version} (${vscode.env.appHost}), node ${process.version}`,
      };
      const file = resultPath();
      try {
        if (file) {
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
        }
      } catch (e) {
        console.error(`[vscode-suite] could not write ${file}: ${e}`);
      }
      console.log(`[vscode-suite] ${result.passes} passing, ${failures} failing, ${result.pending} pending (${result.runner}); result: ${file}`);
      if (failures) reject(new Error(`${failures} of ${tests.length} extension-host tests failed.`));
      else if (result.passes === 0) reject(new Error('no extension-host test ran.'));
      else resolve();
    });
    runner.on('pass', (t) => tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
    runner.on('fail', (t, err: Error) => tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration, error: err?.stack || String(err) }));
    runner.on('pending', (t) => tests.push({ title: t.fullTitle(), state: 'pending' }));
  });
}
