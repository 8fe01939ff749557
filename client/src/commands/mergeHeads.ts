import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { Ctx, ProjectArg } from '../ctx';
import { openAt, projectFor } from '../alembic/commandSupport';
import { askMessage } from './newRevision';

/** A merge revision of the heads picked (all by default): the same file the multiple-heads quick fix writes. */
export async function run(ctx: Ctx, arg?: ProjectArg): Promise<void> {
  const project = await projectFor(ctx, arg, 'Merge Heads…');
  if (project.heads.length < 2) {
    void ctx.ui.showInformationMessage(`Merge Heads: the project has ${project.heads.length} head${project.heads.length === 1 ? '' : 's'}: nothing to merge.`);
    return;
  }
  const items = project.heads.map((id) => ({ label: project.revisions.find((r) => r.id === id)?.message ?? id, description: id, id, picked: true }));
  const picked = await ctx.ui.showQuickPickMany(items, { title: 'Merge Heads: which heads?' });
  if (!picked || picked.length < 2) throw new vscode.CancellationError();
  const heads = picked.map((item) => item.id);
  const message = await askMessage(ctx, 'Merge Heads');
  const plan = await ctx.planRevision({ config: project.config, message, parents: heads });
  if ('error' in plan) {
    if (!plan.fallback) throw new Error(plan.error);
    await ctx.alembic.run(project, { title: 'Merge Heads', args: ['merge', '-m', message, ...heads] });
    return;
  }
  fs.writeFileSync(plan.path, plan.text, { flag: 'wx' });
  await openAt(plan.path, plan.upgradeLine);
}
