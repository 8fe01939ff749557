import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { expandSnippet } from '../../unit/snippetExpansion';
import { EXTENSION_ID, workspaceUri } from '../helpers';

/**
 * The authoring aids as VS Code loads them from the manifest: the alembic-mako language and its
 * grammar, the SQL injection into Python (with VS Code's own Python and SQL grammars), the
 * snippets. No API exposes a token's scopes, so the grammars are observed through what they
 * drive: Toggle Line Comment takes the comment of the language at the line, which the grammar's
 * embeddedLanguages give (`##` in the template, `#` in its Python blocks, `--` in an op.execute SQL
 * string, `#` in any other Python string).
 */

/** Retries `probe` until it returns `expected` (tokenization runs in the background), then returns the last value. */
async function until<T>(probe: () => Promise<T>, expected: T, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (last !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50)); // polling interval of the condition wait
    last = await probe();
  }
  return last;
}

/** The line as Toggle Line Comment leaves it; the edit is undone afterwards. */
async function toggledLine(editor: vscode.TextEditor, line: number): Promise<string> {
  const before = editor.document.getText();
  editor.selection = new vscode.Selection(line, 0, line, 0);
  await vscode.commands.executeCommand('editor.action.commentLine');
  const text = editor.document.lineAt(line).text;
  while (editor.document.getText() !== before) await vscode.commands.executeCommand('undo');
  return text;
}

async function untitled(language: string, content: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language, content });
  return vscode.window.showTextDocument(document);
}

async function inserted(name: string): Promise<string> {
  const editor = await untitled('python', '');
  await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'python', name });
  const text = editor.document.getText();
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  return text;
}

const trimLines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n');

export default function registerAuthoringSuite(): void {
  suite('authoring aids', () => {
    teardown(async () => {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });
    suiteTeardown(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    test('script.py.mako opens as the alembic-mako language', async () => {
      const document = await vscode.workspace.openTextDocument(workspaceUri('migrations', 'script.py.mako'));
      assert.strictEqual(document.languageId, 'alembic-mako');
    });

    test('the template: ## comments a template line, # a line of a <% %> Python block', async () => {
      const editor = await untitled('alembic-mako', ['<%', '    names = []', '%>', 'revision = ${repr(up_revision)}', ''].join('\n'));
      assert.strictEqual(await until(() => toggledLine(editor, 1), '    # names = []'), '    # names = []');
      assert.strictEqual(await toggledLine(editor, 3), '## revision = ${repr(up_revision)}');
    });

    test('Python: a line of an op.execute SQL string comments with --, the same line in another string with #', async () => {
      const source = [
        'def upgrade() -> None:',
        '    op.execute(',
        '        """',
        '        UPDATE account SET email = lower(email)',
        '        """',
        '    )',
        '    note = """',
        '        UPDATE account SET email = lower(email)',
        '    """',
        '',
      ].join('\n');
      // VS Code loads a language's configuration (its comment) once the language is used: the SQL
      // embedded in a Python file gets it when an SQL document has been open.
      await untitled('sql', 'SELECT 1;\n');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      const editor = await untitled('python', source);
      const sql = '        -- UPDATE account SET email = lower(email)';
      assert.strictEqual(await until(() => toggledLine(editor, 3), sql), sql);
      assert.strictEqual(await toggledLine(editor, 7), '        # UPDATE account SET email = lower(email)');
    });

    test('each pattern snippet inserts what its body says with the defaults accepted', async () => {
      const extension = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(extension, `${EXTENSION_ID} not found`);
      const file = path.join(extension.extensionPath, 'snippets', 'alembic.json');
      const snippets = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { prefix: string; body: string[] }>;
      for (const [name, snippet] of Object.entries(snippets)) {
        if (snippet.prefix === 'alembic-revision-header') continue;
        assert.strictEqual(trimLines(await inserted(name)), trimLines(expandSnippet(snippet.body.join('\n'))), name);
      }
    });

    test('the revision header: the same id (the time of insertion) in the docstring and in revision', async () => {
      const text = await inserted('Alembic: revision header');
      const id = /^Revision ID: (\d{14})$/m.exec(text)?.[1];
      assert.ok(id, text);
      assert.match(text, new RegExp(`^revision: str = "${id}"$`, 'm'));
      assert.match(text, /^Create Date: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/m);
    });
  });
}
