// The text-level logic of the editor features: where a revision string starts and ends for
// completion, where a downgrade() stub goes, how a dangling literal is rewritten.
import * as assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver';
import { analyzeProject } from '../../server/src/engine/check';
import { parseMigration } from '../../server/src/engine/parse';
import { codeActions, type CodeActionClient } from '../../server/src/features/codeActions';
import type { DocumentContext } from '../../server/src/features/context';
import { revisionStringAt } from '../../server/src/features/completion';
import { wordAt } from '../../server/src/features/revisionAt';
import { toDiagnostic } from '../../server/src/features/diagnostics';
import { migration, project } from './migrationBuilder';

/** Text with a `|` marking the cursor → [text, position]. */
function cursor(marked: string): [string, { line: number; character: number }] {
  const at = marked.indexOf('|');
  const before = marked.slice(0, at);
  return [marked.slice(0, at) + marked.slice(at + 1), { line: before.split('\n').length - 1, character: at - (before.lastIndexOf('\n') + 1) }];
}

const site = (marked: string) => {
  const [text, position] = cursor(marked);
  const found = revisionStringAt(text, position);
  if (!found) return undefined;
  const lines = text.split('\n');
  const { start, end } = found.contentRange;
  return {
    identifier: found.identifier,
    typed: found.typed,
    content: start.line === end.line ? lines[start.line].slice(start.character, end.character) : '<multi-line>',
  };
};

describe('editor features: text logic', () => {
  describe('the revision string under the cursor (completion)', () => {
    it('finds empty, partly typed, closed and unterminated strings of down_revision and depends_on', () => {
      assert.deepEqual(site("down_revision = '|'"), { identifier: 'down_revision', typed: '', content: '' });
      assert.deepEqual(site('down_revision: Union[str, None] = "ab|cd"  # note'), { identifier: 'down_revision', typed: 'ab', content: 'abcd' });
      assert.deepEqual(site("down_revision = '12|"), { identifier: 'down_revision', typed: '12', content: '12' });
      assert.deepEqual(site("depends_on = ('aaaa', 'bb|')"), { identifier: 'depends_on', typed: 'bb', content: 'bb' });
      assert.deepEqual(site("depends_on = [\n    'aaaa',  # first\n    r'|'\n]"), { identifier: 'depends_on', typed: '', content: '' });
      assert.deepEqual(site("depends_on = \\\n    '|'"), { identifier: 'depends_on', typed: '', content: '' });
    });

    it('is nothing outside those strings', () => {
      for (const marked of [
        "revision = '|'",
        "branch_labels = ('|',)",
        'down_revision = None|',
        "down_revision = 'aaaa'|",
        "down_revision = 'aaaa'\nx = '|'",
        "down_revision = 'aaaa' # '|'",
        "down_revision = 'aa\nbb = '|'",
        "def f():\n    down_revision = '|'",
        "down_revision = make('|')",
      ])
        assert.equal(site(marked), undefined, marked);
    });
  });

  it('wordAt takes the run of word characters around the cursor', () => {
    const [text, position] = cursor('Revises: 1a2b|3c, 4d5e');
    assert.deepEqual(wordAt(text, position), { text: '1a2b3c', range: { start: { line: 0, character: 9 }, end: { line: 0, character: 15 } } });
    assert.equal(wordAt('a = (  )', { line: 0, character: 6 }), undefined);
  });

  describe('quick fixes on the text', () => {
    const client: CodeActionClient = { documentChanges: true, resourceOperations: ['create', 'rename'], disabledSupport: true };
    const env = { readFile: () => undefined, newRevisionId: () => 'abcdef012345', now: () => new Date(0) };
    const contextFor = (path: string, text: string): { ctx: DocumentContext; diagnostics: Diagnostic[] } => {
      const file = parseMigration(path, text);
      const snapshot = { project: project(), files: [migration('aaaa0001', { down: null }), migration('aaaa0002', { down: 'aaaa0001' }), file] };
      const analysis = { ...snapshot, ...analyzeProject(snapshot) };
      return { ctx: { analysis, file, text }, diagnostics: analysis.findings.filter((f) => f.file === path).map(toDiagnostic) };
    };
    const fixed = (text: string, rule: string) => {
      const { ctx, diagnostics } = contextFor('/p/versions/bbbb0003_x.py', text);
      const [action] = codeActions(
        ctx,
        'file:///p/versions/bbbb0003_x.py',
        diagnostics.filter((d) => d.code === rule),
        client,
        env,
      );
      assert.ok(action, `a fix for ${rule}`);
      const [edit] = action.edit!.changes!['file:///p/versions/bbbb0003_x.py'];
      const lines = text.split('\n');
      const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
      return text.slice(0, offset(edit.range.start)) + edit.newText + text.slice(offset(edit.range.end));
    };
    const HEAD = "revision = 'bbbb0003'\ndown_revision = 'aaaa0002'\n";

    it('the downgrade() stub follows upgrade() and its indented trailing comments, keeping two blank lines around it', () => {
      assert.equal(
        fixed(`${HEAD}\n\ndef upgrade():\n    op.x()\n    # done\n\n\n# tail\nX = 1\n`, 'missing-downgrade'),
        `${HEAD}\n\ndef upgrade():\n    op.x()\n    # done\n\n\ndef downgrade():\n    pass  # TODO: reverse upgrade()\n\n\n# tail\nX = 1\n`,
      );
      assert.equal(
        fixed(`${HEAD}def upgrade() -> None:\n    op.x()`, 'missing-downgrade'),
        `${HEAD}def upgrade() -> None:\n    op.x()\n\n\ndef downgrade() -> None:\n    pass  # TODO: reverse upgrade()\n`,
      );
      const stubbed = parseMigration('/p/x.py', fixed(`${HEAD}def upgrade():\n    op.x()\n`, 'missing-downgrade'));
      assert.equal(stubbed.functions.downgrade?.empty, 'pass', 'empty-downgrade flags the stub until it is written');
    });

    it('a dangling reference is rewritten with its own quotes and string prefix', () => {
      assert.equal(
        fixed('revision = \'bbbb0003\'\ndown_revision = r"aaaa0012"\ndef upgrade():\n    pass\ndef downgrade():\n    pass\n', 'unknown-down-revision'),
        'revision = \'bbbb0003\'\ndown_revision = r"aaaa0002"\ndef upgrade():\n    pass\ndef downgrade():\n    pass\n',
      );
      assert.equal(
        fixed(
          "revision = 'bbbb0003'\ndown_revision = 'aaaa0002'\ndepends_on = ('''aaaa0011''',)\ndef upgrade():\n    pass\ndef downgrade():\n    pass\n",
          'unknown-depends-on',
        ),
        "revision = 'bbbb0003'\ndown_revision = 'aaaa0002'\ndepends_on = ('''aaaa0001''',)\ndef upgrade():\n    pass\ndef downgrade():\n    pass\n",
      );
    });
  });
});
