import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { Ctx, ProjectArg } from '../ctx';
import { openAt, projectFor } from '../alembic/commandSupport';
import { generatedFile } from '../alembic/revisionChoices';
import type { ProjectSummary } from '../../../server/src/protocol';

/**
 * A new empty revision, rendered natively by the language server from the project's
 * script.py.mako (no Python: instant); `alembic revision -m` when the template needs Alembic itself.
 * Opens the file with the cursor in upgrade().
 */
export async function run(ctx: Ctx, arg?: ProjectArg): Promise<void> {
  const project = await projectFor(ctx, arg, 'New Revision…');
  const message = await askMessage(ctx, 'New Revision');
  const { parents, branchLabel } = await chooseParent(ctx, project);
  const plan = await ctx.planRevision({ config: project.config, message, ...(parents ? { parents } : {}), ...(branchLabel ? { branchLabel } : {}) });
  if ('error' in plan) {
    if (!plan.fallback) throw new Error(plan.error);
    ctx.logger.info(`New Revision: ${plan.error}; running alembic revision instead`);
    const args = ['revision', '-m', message, ...(parents?.length === 1 ? ['--head', parents[0]] : []), ...(branchLabel ? ['--branch-label', branchLabel] : [])];
    const result = await ctx.alembic.run(project, { title: 'New Revision', args });
    const file = generatedFile(result.stdout + '\n' + result.outputTail);
    if (file) await openAt(file, 0);
    return;
  }
  fs.writeFileSync(plan.path, plan.text, { flag: 'wx' }); // never over an existing file
  ctx.logger.info(`New Revision: wrote ${plan.path} (revision ${plan.revision})`);
  await openAt(plan.path, plan.upgradeLine);
}

export async function askMessage(ctx: Ctx, title: string): Promise<string> {
  const message = await ctx.ui.showInputBox({
    title,
    prompt: 'The revision message (it names the file and heads its docstring)',
    placeHolder: 'add email to users',
    validateInput: (value) => (value.trim() ? undefined : 'Enter a message'),
  });
  if (message === undefined) throw new vscode.CancellationError();
  return message.trim();
}

/** The single head by default; with several heads, the user picks the parent and may name a new branch. */
async function chooseParent(ctx: Ctx, project: ProjectSummary): Promise<{ parents?: string[]; branchLabel?: string }> {
  if (project.heads.length <= 1) return {};
  const items = project.heads.map((id) => {
    const revision = project.revisions.find((r) => r.id === id);
    return { label: revision?.message ?? id, description: [id.slice(0, 12), ...(revision?.branches.map((b) => `@${b}`) ?? [])].join(' · '), id };
  });
  const picked = await ctx.ui.showQuickPick(items, { title: 'New Revision: on top of which head?', placeHolder: 'The project has several heads' });
  if (!picked) throw new vscode.CancellationError();
  const branchLabel = await ctx.ui.showInputBox({ title: 'New Revision: branch label (optional)', prompt: 'A label for a new branch; leave empty for none' });
  if (branchLabel === undefined) throw new vscode.CancellationError();
  return { parents: [picked.id], branchLabel: branchLabel.trim() || undefined };
}
