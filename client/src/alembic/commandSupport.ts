// What the Alembic commands share: the project and its database state, revision pickers, and the
// upgrade/downgrade/stamp runs with their guard rails.
import * as vscode from 'vscode';
import type { Ctx, ProjectArg } from '../ctx';
import type { DatabaseStateResult, ProjectSummary, RevisionStateName } from '../../../server/src/protocol';
import { revisionChoices } from './revisionChoices';

/** A revision as the tree's item context menus pass it (a RevisionNode), or an id with its project. */
export type RevisionArg = { config: string; revision: string } | undefined;

export function stateOf(ctx: Ctx, project: ProjectSummary): DatabaseStateResult | undefined {
  const db = ctx.databaseState.snapshot.databases.get(project.config);
  return db?.status === 'ok' ? db.state : undefined;
}

/** Lets the user pick a revision of the project (heads first), among those `keep` accepts; `extra` items come first. */
export async function pickRevision(
  ctx: Ctx,
  project: ProjectSummary,
  title: string,
  keep: (state: RevisionStateName | undefined) => boolean = () => true,
  extra: { label: string; description?: string; id: string }[] = [],
): Promise<string> {
  const choices = [...extra, ...revisionChoices(project, stateOf(ctx, project), keep)];
  if (choices.length === 0) throw new Error('no revision to choose from');
  const picked = await ctx.ui.showQuickPick(choices, { title, placeHolder: 'Revision (message, id, state)', matchOnDescription: true });
  if (!picked) throw new vscode.CancellationError();
  return picked.id;
}

/** The project of a tree item, a config path, or the active/only/picked one. */
export function projectFor(ctx: Ctx, arg: ProjectArg | RevisionArg, title: string): Promise<ProjectSummary> {
  return ctx.pickProject(arg && typeof arg === 'object' ? { config: arg.config } : arg, title, true);
}

/** Upgrade to a target ('head', 'heads', '+1', an id); refreshes. Asks only where the guard rails say so. */
export async function upgrade(ctx: Ctx, project: ProjectSummary, title: string, target: string): Promise<void> {
  await ctx.alembic.run(project, { title, args: ['upgrade', target], change: { kind: 'upgrade', button: 'Upgrade', target } });
  const state = stateOf(ctx, project);
  void vscode.window.setStatusBarMessage(
    `$(check) Alembic: ${title} done${state ? ` — ${state.current.map((r) => r.slice(0, 12)).join(', ') || 'base'}` : ''}`,
    5000,
  );
}

/** Downgrade to a target (an id or 'base'); always asks, listing what it undoes. */
export async function downgrade(ctx: Ctx, project: ProjectSummary, title: string, target: string): Promise<void> {
  const state = stateOf(ctx, project);
  let undone: string[] = [];
  if (state) {
    const plan = await ctx.databaseStateFor(project, target);
    if (typeof plan?.undone === 'string') throw new Error(plan.undone);
    undone = plan?.undone ?? [];
    if (undone.length === 0) {
      void ctx.ui.showInformationMessage(`${title}: nothing to undo — the database is not above ${target}.`);
      return;
    }
  }
  const labels = undone.map((id) => {
    const revision = project.revisions.find((r) => r.id === id);
    return `${id.slice(0, 12)}  ${revision?.message ?? ''}`.trim();
  });
  await ctx.alembic.run(project, { title, args: ['downgrade', target], change: { kind: 'downgrade', button: 'Downgrade', target, undone: labels } });
}

/** Stamp a revision (writes the version table only); always asks. */
export async function stamp(ctx: Ctx, project: ProjectSummary, title: string, target: string): Promise<void> {
  await ctx.alembic.run(project, { title, args: ['stamp', target], change: { kind: 'stamp', button: 'Stamp', target } });
}

/** Opens a file with the cursor on a 0-based line (`beside`: in the editor group beside the active one, e.g. from the graph panel). */
export async function openAt(file: string, line: number, beside = false): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const position = new vscode.Position(Math.min(line, Math.max(0, document.lineCount - 1)), 0);
  const lineText = document.lineAt(position.line).text;
  const cursor = new vscode.Position(position.line, lineText.length - lineText.trimStart().length);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(cursor, cursor), ...(beside ? { viewColumn: vscode.ViewColumn.Beside } : {}) });
}
