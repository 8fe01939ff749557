import * as vscode from 'vscode';
import type { Ctx } from '../ctx';

/**
 * Alembic: Generate Downgrade from Upgrade: the active editor's migration gets the downgrade() the
 * language server generates from its upgrade() (replacing the one there, or after upgrade()). What
 * could not be reversed is left as `# TODO` lines that raise, and the user is told how many.
 */
export async function run(ctx: Ctx): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'python') throw new Error('open a migration file in the editor first');
  const document = editor.document;
  const version = document.version;
  const result = await ctx.generateDowngrade({ uri: document.uri.toString() });
  if ('error' in result) throw new Error(result.error);
  if (document.version !== version) throw new Error('the file changed while the downgrade was generated; run the command again');
  const { start, end } = result.edit.range;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(start.line, start.character, end.line, end.character), result.edit.newText);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error('the editor did not apply the edit');
  const line = document
    .getText()
    .split('\n')
    .findIndex((text) => /^def\s+downgrade\s*\(/.test(text));
  if (line >= 0) editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  const left = result.todos.length;
  if (left)
    void ctx.ui.showWarningMessage(
      `Generate Downgrade: ${left} operation${left === 1 ? '' : 's'} could not be reversed and ${left === 1 ? 'is' : 'are'} left as # TODO lines that raise NotImplementedError.`,
      {},
    );
  else ctx.logger.info(`Generate Downgrade: ${result.replaces ? 'replaced' : 'added'} downgrade() in ${document.uri.fsPath}`);
}
