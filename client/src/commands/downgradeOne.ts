import * as vscode from 'vscode';
import type { Ctx, ProjectArg } from '../ctx';
import { downgrade, projectFor, stateOf } from '../alembic/commandSupport';
import { parentOf } from '../alembic/revisionChoices';

/** `alembic downgrade` one step below the current revision; asks first, naming the revision it undoes. */
export async function run(ctx: Ctx, arg?: ProjectArg): Promise<void> {
  const project = await projectFor(ctx, arg, 'Downgrade One');
  const state = stateOf(ctx, project);
  if (!state) {
    await downgrade(ctx, project, 'Downgrade One', '-1');
    return;
  }
  if (state.current.length === 0) {
    void ctx.ui.showInformationMessage('Downgrade One: the database has no revision applied.');
    return;
  }
  let current = state.current[0];
  if (state.current.length > 1) {
    const picked = await ctx.ui.showQuickPick(
      state.current.map((id) => ({ label: id })),
      { title: 'Downgrade One: which current revision?' },
    );
    if (!picked) throw new vscode.CancellationError();
    current = picked.label;
  }
  const parent = parentOf(project, current);
  if (!parent) throw new Error(`${current} is a merge point (or unknown to the files): use Downgrade to Revision… to say which branch goes down`);
  await downgrade(ctx, project, 'Downgrade One', parent);
}
