// The snippets of snippets/alembic.json (contributes.snippets, language python): each body, with
// its placeholders filled as a user who accepts every default would leave them, is Python that
// parses without an error node (@lezer/python, the parser the engine reads migrations with); each
// pattern writes both upgrade() and downgrade(); and a chain of revisions written from them (the
// header snippet, then each pattern) passes the project's own checks with no finding.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Tree } from '@lezer/common';
import { analyzeProject } from '../../server/src/engine/check';
import { parseMigration, parsePythonTree } from '../../server/src/engine/parse';
import { migrationSource, project } from './migrationBuilder';
import { expandSnippet } from './snippetExpansion';

const ROOT = path.resolve(__dirname, '..', '..');

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}
const SNIPPET_FILE = path.join(ROOT, 'snippets', 'alembic.json');
const snippets = JSON.parse(readFileSync(SNIPPET_FILE, 'utf8')) as Record<string, Snippet>;
const entries = Object.entries(snippets);
const byPrefix = (prefix: string): Snippet => {
  const found = entries.find(([, s]) => s.prefix === prefix);
  assert.ok(found, `no snippet with prefix ${prefix}`);
  return found[1];
};

/** The error nodes of a lezer tree, each as `line:column: <text around it>`. */
function errorNodes(tree: Tree, text: string): string[] {
  const errors: string[] = [];
  tree.iterate({
    enter(node) {
      if (!node.type.isError) return;
      const line = text.slice(0, node.from).split('\n').length;
      const column = node.from - text.lastIndexOf('\n', node.from - 1);
      errors.push(`${line}:${column}: ${JSON.stringify(text.slice(Math.max(0, node.from - 20), node.to + 20))}`);
    },
  });
  return errors;
}

describe('snippets (snippets/alembic.json)', () => {
  it('holds the safe patterns, each with an alembic- prefix and a description', () => {
    assert.deepEqual(entries.map(([, s]) => s.prefix).sort(), [
      'alembic-add-column-nullable',
      'alembic-backfill-column',
      'alembic-batch-alter-table',
      'alembic-create-index-concurrently',
      'alembic-data-migration',
      'alembic-enum-create-drop',
      'alembic-revision-header',
      'alembic-set-not-null',
    ]);
    for (const [name, snippet] of entries) {
      assert.ok(snippet.description.length > 40, `${name}: the description says too little`);
      assert.ok(snippet.body.length > 3, `${name}: empty body`);
    }
  });

  for (const [name, snippet] of entries) {
    it(`${snippet.prefix}: the body parses as Python once its placeholders are filled`, () => {
      const text = expandSnippet(snippet.body.join('\n'));
      assert.doesNotMatch(text, /\$\{|\$\d/, `${name}: a placeholder survived the expansion`);
      assert.deepEqual(errorNodes(parsePythonTree(text), text), [], `${name} expands to Python with syntax errors:\n${text}`);
    });
  }

  it('no random variable in a mirrored tabstop (VS Code resolves it again in each mirror: two different ids)', () => {
    const randomDefault = /\$\{(\d+):(?:[^{}]|\{[^{}]*\})*?\$\{?(RANDOM_HEX|RANDOM|UUID)\b/g;
    const mirrored = (body: string) =>
      [...body.matchAll(randomDefault)].map((m) => m[1]).filter((n) => (body.match(new RegExp(`\\$\\{?${n}(?![0-9])`, 'g')) ?? []).length > 1);
    assert.deepEqual(mirrored('${2:${RANDOM_HEX}} and $2'), ['2']);
    for (const [name, snippet] of entries) assert.deepEqual(mirrored(snippet.body.join('\n')), [], name);
  });

  it('the parse check fails on a body that is not Python (the check is not vacuous)', () => {
    const broken = expandSnippet('def upgrade() -> None:\n    op.add_column("${1:table}", sa.Column("${2:column}", nullable=True)\n');
    assert.notDeepEqual(errorNodes(parsePythonTree(broken), broken), []);
  });

  it('expandSnippet: defaults, mirrors, choices, variables, escapes', () => {
    assert.equal(expandSnippet('${1:a} $1 ${1} ${2|x,y|} $2 $3 ${4:${RANDOM_HEX}b} \\$5 $0'), 'a a a x x name_3 a1b2c3b $5 ');
    assert.equal(expandSnippet('$1 then ${1:late}'), 'late then late');
    assert.equal(expandSnippet('${1:a}', { 1: 'given' }), 'given');
    assert.throws(() => expandSnippet('$UNKNOWN_VARIABLE'), /unknown snippet variable/);
    assert.throws(() => expandSnippet('${1/a/b/}'), /transform/);
  });

  it('every pattern writes both upgrade() and downgrade()', () => {
    for (const [name, snippet] of entries) {
      if (snippet.prefix === 'alembic-revision-header') continue;
      const file = parseMigration('/p/versions/x.py', expandSnippet(snippet.body.join('\n')));
      assert.ok(file.functions.upgrade, `${name}: no upgrade()`);
      assert.ok(file.functions.downgrade, `${name}: no downgrade()`);
    }
  });

  it('the header writes the identifiers the engine reads, mirrored in the docstring', () => {
    const file = parseMigration('/p/versions/x.py', expandSnippet(byPrefix('alembic-revision-header').body.join('\n')));
    assert.deepEqual(
      file.identifiers.revision?.values?.map((v) => v.value),
      ['20260131120000'],
    );
    assert.deepEqual(
      file.identifiers.down_revision?.values?.map((v) => v.value),
      ['previous_revision_id'],
    );
    assert.equal(file.identifiers.branch_labels?.values, null);
    assert.equal(file.identifiers.depends_on?.values, null);
    assert.equal(file.message, 'message');
    assert.equal(file.createDate, '2026-01-31 12:00:00');
  });

  it('a chain of revisions written with the snippets passes the project checks with no finding', () => {
    const header = byPrefix('alembic-revision-header').body.join('\n');
    // The base creates the table the snippets' placeholders name (a history from an empty database).
    const base = parseMigration(
      '/p/versions/000000000000_create_tables.py',
      migrationSource('000000000000', { message: 'create tables', downgrade: "    op.drop_table('table')" }).replace(
        "op.create_table('t_000000000000',",
        "op.create_table('table',",
      ),
    );
    const files = [base];
    let down = '000000000000';
    entries
      .filter(([, s]) => s.prefix !== 'alembic-revision-header')
      .forEach(([, snippet], i) => {
        const id = `${String(i + 1).padStart(2, '0')}${'ab'.repeat(5)}`;
        const message = snippet.prefix.replace(/^alembic-/, '').replace(/-/g, ' ');
        const source = `${expandSnippet(header, { 1: message, 2: id, 3: down })}\n\n${expandSnippet(snippet.body.join('\n'))}\n`;
        files.push(parseMigration(`/p/versions/${id}_${message.replace(/\W+/g, '_')}.py`, source));
        down = id;
      });
    const { findings } = analyzeProject({ project: project(), files });
    assert.deepEqual(
      findings.map((f) => `${path.basename(f.file)}:${f.range.start.line + 1} ${f.rule}: ${f.message}`),
      [],
    );
  });
});
