// Bundles the extension client, the language server, the CLI and the extension-host test suite.
//   node esbuild.mjs               one development build (sourcemaps)
//   node esbuild.mjs --watch       rebuild on change
//   node esbuild.mjs --production  minified, no sourcemaps (what `npm run package` ships)
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
};

// `alembic-lint --version` prints the manifest's version, fixed into the bundle when it is built.
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const builds = [
  { ...common, entryPoints: { client: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...common, entryPoints: { server: 'server/src/server.ts' }, outdir: 'dist' },
  {
    ...common,
    entryPoints: { cli: 'server/src/cli.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
    define: { ALEMBIC_LINT_VERSION: JSON.stringify(version) },
  },
];
// The revision graph's webview: a browser bundle and its stylesheet; the codicons beside them
// (the webview loads nothing remote).
builds.push({
  ...common,
  platform: 'browser',
  target: 'chrome120',
  format: 'iife',
  entryPoints: { graph: 'client/webview/graph.ts', 'graph-style': 'client/webview/graph.css' },
  entryNames: '[name]',
  outdir: 'dist/webview',
});
mkdirSync('dist/webview', { recursive: true });
for (const file of ['codicon.css', 'codicon.ttf']) copyFileSync(`node_modules/@vscode/codicons/dist/${file}`, `dist/webview/${file}`);
if (!production && existsSync('test/vscode/index.ts')) {
  // The suite that runs inside a real extension host (code-server or @vscode/test-electron).
  builds.push({ ...common, entryPoints: { 'vscode-suite': 'test/vscode/index.ts' }, outdir: 'dist/test', external: ['vscode', 'mocha'] });
}

if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  chmodSync('dist/cli.js', 0o755);
}
