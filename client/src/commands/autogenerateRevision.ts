import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { Ctx, ProjectArg } from '../ctx';
import { openAt, projectFor } from '../alembic/commandSupport';
import { generatedFile } from '../alembic/revisionChoices';
import { parseMigration } from '../../../server/src/engine/parse';
import { askMessage } from './newRevision';

/** `alembic revision --autogenerate -m`; opens the file; an empty one ("no changes detected") may be deleted. */
export async function run(ctx: Ctx, arg?: ProjectArg): Promise<void> {
  const project = await projectFor(ctx, arg, 'Autogenerate Revision…');
  const message = await askMessage(ctx, 'Autogenerate Revision');
  const result = await ctx.alembic.run(project, {
    title: 'Autogenerate Revision',
    args: ['revision', '--autogenerate', '-m', message],
    change: { kind: 'revision', button: 'Autogenerate', target: message },
  });
  const file = generatedFile(result.stdout + '\n' + result.outputTail);
  if (!file || !fs.existsSync(file)) throw new Error('Alembic did not say which file it wrote (see the Alembic output)');
  const parsed = parseMigration(file, fs.readFileSync(file, 'utf8'));
  await openAt(file, parsed.functions.upgrade?.nameRange.start.line ?? 0);
  if (parsed.functions.upgrade?.empty === 'pass') {
    const choice = await ctx.ui.showInformationMessage(
      'Autogenerate: no changes detected between the models and the database.',
      'Delete the Empty Revision',
      'Keep It',
    );
    if (choice === 'Delete the Empty Revision') {
      // A workspace edit, as the Explorer deletes: the open document goes with it (and Undo can bring it back).
      const edit = new vscode.WorkspaceEdit();
      edit.deleteFile(vscode.Uri.file(file));
      if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not delete ${file}`);
      if (vscode.window.activeTextEditor?.document.uri.fsPath === file) await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  }
}
