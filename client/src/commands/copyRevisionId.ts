import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { RevisionArg } from '../alembic/commandSupport';

/** Item menu: the full revision id to the clipboard. */
export async function run(_ctx: Ctx, node: RevisionArg): Promise<void> {
  if (!node) throw new Error('choose a revision in the Revisions view');
  await vscode.env.clipboard.writeText(node.revision);
  void vscode.window.setStatusBarMessage(`Copied ${node.revision}`, 3000);
}
