// The TextMate grammars of syntaxes/ (contributes.languages / grammars in package.json):
//  - test/grammar/*.test.* hold scope assertions (vscode-tmgrammar-test's format) that the CLI
//    checks with vscode-textmate, the tokenizer VS Code runs, the grammars loaded as the manifest
//    contributes them, plus VS Code's own Python and SQL grammars (test/fixtures/grammars/);
//  - the CLI is shown to fail when an assertion is wrong and when our injection grammar is absent,
//    so its exit 0 means the scopes are there;
//  - every path the manifest names exists and parses, and the package ships it.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const GRAMMAR_TESTS = 'test/grammar/*.test.*';
const EMBEDDED_GRAMMARS = ['MagicPython.tmLanguage.json', 'MagicRegExp.tmLanguage.json', 'sql.tmLanguage.json'].map((name) =>
  path.join('test', 'fixtures', 'grammars', name),
);

interface GrammarContribution {
  language?: string;
  scopeName: string;
  path: string;
  injectTo?: string[];
  embeddedLanguages?: Record<string, string>;
}
interface Manifest {
  contributes: {
    languages: Array<{ id: string; configuration?: string; filenames?: string[]; filenamePatterns?: string[] }>;
    grammars: GrammarContribution[];
    snippets: Array<{ language: string; path: string }>;
  };
}
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

/** The CLI's script, resolved when a test runs (a missing devDependency fails these tests, not the layer). */
function cliPath(): string {
  let packageJson: string;
  try {
    packageJson = require.resolve('vscode-tmgrammar-test/package.json');
  } catch {
    throw new Error('vscode-tmgrammar-test is not installed: run `npm install` (it is a devDependency)');
  }
  const bin = (JSON.parse(readFileSync(packageJson, 'utf8')) as { bin: Record<string, string> }).bin['vscode-tmgrammar-test'];
  return path.join(path.dirname(packageJson), bin);
}

/** Runs vscode-tmgrammar-test (compact output) on `tests` with the grammars of `config`. */
function runGrammarTests(tests: string[], config = path.join(ROOT, 'package.json')): { status: number | null; output: string } {
  const args = [cliPath(), '--compact', '--config', config, ...EMBEDDED_GRAMMARS.flatMap((g) => ['-g', g]), ...tests];
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('grammars (syntaxes/, vscode-tmgrammar-test)', function () {
  this.timeout(60_000);
  let scratch: string;
  before(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'alembic-grammars-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('test/grammar/*: every scope assertion holds', () => {
    const { status, output } = runGrammarTests([GRAMMAR_TESTS]);
    assert.equal(status, 0, output);
    for (const file of ['script.test.mako', 'sql-injection.test.py']) assert.ok(output.includes(`✓ test/grammar/${file} run successfuly`), output);
    assert.doesNotMatch(output, /grammar not found/, output);
  });

  it('fails on a wrong assertion, naming the missing scope', () => {
    const wrong = path.join(scratch, 'wrong.test.py');
    writeFileSync(
      wrong,
      [
        '# SYNTAX TEST "source.python" "a deliberately wrong assertion"',
        'op.execute("SELECT 1")',
        '#           ^^^^^^ meta.embedded.line.sql keyword.other.DML.sql',
        '#                  ^ meta.embedded.line.sql keyword.other.DML.sql',
        '',
      ].join('\n'),
    );
    const { status, output } = runGrammarTests([wrong]);
    assert.notEqual(status, 0, output);
    // Only the second assertion is wrong (the `1`, line 2, columns 20-21): the SELECT one holds.
    assert.match(output, /wrong\.test\.py:2:20:21 Missing required scopes: \[ keyword\.other\.DML\.sql \]/, output);
    assert.doesNotMatch(output, /wrong\.test\.py:2:13:/, output);
  });

  it('fails without the SQL injection grammar: the SQL assertions depend on it', () => {
    const withoutInjection = path.join(scratch, 'package.json');
    // Copies: the CLI joins a grammar's path to the config's folder, and the shared manifest must keep
    // its own paths for the tests after this one (a mutation here once broke them in a deeper checkout).
    const grammars = manifest.contributes.grammars.filter((g) => !g.injectTo).map((g) => ({ ...g, path: path.relative(scratch, path.join(ROOT, g.path)) }));
    const contributes = { ...manifest.contributes, grammars };
    writeFileSync(withoutInjection, JSON.stringify({ contributes }));
    const { status, output } = runGrammarTests(['test/grammar/sql-injection.test.py'], withoutInjection);
    assert.notEqual(status, 0, output);
    assert.match(output, /Missing required scopes: \[[^\]]*meta\.embedded\.line\.sql/, output);
  });

  it('the manifest: each grammar file exists, parses and declares the contributed scope', () => {
    assert.ok(manifest.contributes.grammars.length >= 2);
    for (const contribution of manifest.contributes.grammars) {
      const file = path.join(ROOT, contribution.path);
      assert.ok(existsSync(file), `${contribution.path} is missing`);
      const grammar = JSON.parse(readFileSync(file, 'utf8')) as { scopeName: string; injectionSelector?: string };
      assert.equal(grammar.scopeName, contribution.scopeName, contribution.path);
      if (contribution.injectTo) assert.ok(grammar.injectionSelector, `${contribution.path}: an injection grammar needs an injectionSelector`);
      // Each embedded-language scope is one the grammar writes (a rename would silently drop it).
      const text = readFileSync(file, 'utf8');
      for (const scope of Object.keys(contribution.embeddedLanguages ?? {}))
        assert.ok(text.includes(`"${scope}"`), `${contribution.path} never writes ${scope}`);
    }
  });

  it('the manifest: the alembic-mako language covers script.py.mako and its configuration parses', () => {
    const language = manifest.contributes.languages.find((l) => l.id === 'alembic-mako');
    assert.ok(language?.configuration, 'no alembic-mako language with a configuration');
    assert.deepEqual(language.filenames, ['script.py.mako']);
    assert.deepEqual(language.filenamePatterns, ['*.py.mako']);
    const configuration = JSON.parse(readFileSync(path.join(ROOT, language.configuration), 'utf8')) as { comments: { lineComment: string } };
    assert.equal(configuration.comments.lineComment, '##');
    assert.ok(manifest.contributes.grammars.some((g) => g.language === 'alembic-mako' && g.scopeName === 'source.alembic-mako'));
  });

  it('the manifest: the python snippets file exists and parses', () => {
    assert.deepEqual(
      manifest.contributes.snippets.map((s) => s.language),
      ['python'],
    );
    for (const { path: file } of manifest.contributes.snippets) {
      assert.ok(existsSync(path.join(ROOT, file)), `${file} is missing`);
      assert.doesNotThrow(() => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')), file);
    }
  });

  it('.vscodeignore ships syntaxes/ and snippets/ in the .vsix', () => {
    const lines = readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n');
    for (const folder of ['syntaxes', 'snippets']) assert.ok(lines.includes(`!${folder}/**`), `.vscodeignore does not re-include ${folder}/`);
  });
});
