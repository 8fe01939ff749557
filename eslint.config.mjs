// ESLint (flat config): ESLint's and typescript-eslint's `recommended` rules over the TypeScript
// sources and tests (syntactic, not type-checked: it stays fast), plus the import boundaries of
// DESIGN.md. Formatting is Prettier's job (.prettierrc.json); `npm run lint` runs both.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const IO_MODULES = ['fs', 'fs/promises', 'child_process', 'net', 'os', 'crypto'];
const ENGINE_MESSAGE =
  'The engine is pure and deterministic (DESIGN.md, convention 14): no `vscode`, no I/O module. Take what it needs as a parameter (EngineFileSystem, an id, a date) and implement it at the server/CLI edge.';
const SERVER_MESSAGE = 'The server and the CLI run outside VS Code: no `vscode` import (DESIGN.md).';

/** `import … from`, `export … from` and `import x = require()`, each module with its message. */
function restrictedImports(modules) {
  return ['error', { paths: modules.map(([name, message]) => ({ name, message })) }];
}

/** `require('fs')` and `import('fs')`, which no-restricted-imports does not see. */
function restrictedCalls(modules, message) {
  const pattern = `/^(${modules.map((m) => m.replace('/', '\\/')).join('|')})$/`;
  return [
    'error',
    { selector: `CallExpression[callee.name='require'][arguments.0.value=${pattern}]`, message },
    { selector: `ImportExpression[source.value=${pattern}]`, message },
  ];
}

const engineModules = ['vscode', ...IO_MODULES, ...IO_MODULES.map((name) => `node:${name}`)];

export default defineConfig(
  globalIgnores(['dist/', 'out/', '.test-output/', '.cache/', 'test/fixtures/']),
  {
    files: ['client/src/**/*.ts', 'client/webview/**/*.ts', 'server/src/**/*.ts', 'test/**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
  },
  {
    // The graph webview runs in a browser frame: no `vscode` module there (it talks through messages).
    files: ['client/webview/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrictedImports([
        ['vscode', 'The webview runs in a browser: use postMessage (client/src/graph/messages.ts).'],
      ]),
    },
  },
  {
    files: ['server/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrictedImports([['vscode', SERVER_MESSAGE]]),
      'no-restricted-syntax': restrictedCalls(['vscode'], SERVER_MESSAGE),
    },
  },
  {
    // A later block's options replace the earlier ones for these files: `vscode` is listed again.
    files: ['server/src/engine/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrictedImports(engineModules.map((name) => [name, ENGINE_MESSAGE])),
      'no-restricted-syntax': restrictedCalls(engineModules, ENGINE_MESSAGE),
    },
  },
);
