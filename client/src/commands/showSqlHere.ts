import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { projectFor, stateOf, type RevisionArg } from '../alembic/commandSupport';
import type { ProjectSummary } from '../../../server/src/protocol';

/** Item menu: the SQL of upgrading from the current revision to this one (offline mode: nothing runs against the database). */
export async function run(ctx: Ctx, node: RevisionArg): Promise<void> {
  if (!node) throw new Error('choose a revision in the Revisions view');
  const project = await projectFor(ctx, node, 'Show SQL');
  await showUpgradeSql(ctx, project, node.revision);
}

export async function showUpgradeSql(ctx: Ctx, project: ProjectSummary, target: string): Promise<void> {
  const current = stateOf(ctx, project)?.current ?? [];
  // Offline mode cannot read the database: the range starts at the one current revision, else at base.
  const range = current.length === 1 && current[0] !== target ? `${current[0]}:${target}` : target;
  const result = await ctx.alembic.run(project, { title: 'Show SQL', args: ['upgrade', range, '--sql'] });
  const document = await vscode.workspace.openTextDocument({ language: 'sql', content: result.stdout });
  await vscode.window.showTextDocument(document);
}
