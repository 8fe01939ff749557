import * as vscode from 'vscode';
import type { Ctx } from '../ctx';

/** Opens a migration file at its `revision = …` line: the target of the server's code lenses and merge quick fix. */
export async function run(_ctx: Ctx, file: string): Promise<void> {
  // The server's code lenses and quick fixes send the argument: check it, whatever the type says.
  if (typeof file !== 'string' || file === '') throw new Error('no migration file was given');
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const line = document
    .getText()
    .split('\n')
    .findIndex((text) => /^revision\b/.test(text));
  const position = new vscode.Position(Math.max(0, line), 0);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position) });
}
