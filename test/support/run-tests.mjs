// npm test: installs npm dependencies when missing or stale, builds, type-checks, runs the test layers.
// (Interim runner: only the unit layer exists so far; the other layers land with issue 2's remaining work.)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const run = (cmd, args) => {
  const result = spawnSync(cmd, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${cmd} ${args.join(' ')} failed (exit ${result.status})`);
    process.exit(1);
  }
};
const lockHash = createHash('sha256').update(readFileSync('package-lock.json')).digest('hex');
const marker = 'node_modules/.lock-hash';
if (!existsSync(marker) || readFileSync(marker, 'utf8') !== lockHash) {
  run('npm', ['ci']);
  writeFileSync(marker, lockHash);
}
run('node', ['esbuild.mjs']);
run('npx', ['tsc', '--noEmit', '-p', '.']);
const result = spawnSync('npx', ['mocha', '--import=tsx', 'test/unit/**/*.test.ts'], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
process.stdout.write(result.stdout);
const passed = Number(/(\d+) passing/.exec(result.stdout)?.[1] ?? 0);
const failed = Number(/(\d+) failing/.exec(result.stdout)?.[1] ?? 0);
console.log(`unit: ${passed} passed, ${failed} failed`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(result.status === 0 && passed > 0 ? 0 : 1);
