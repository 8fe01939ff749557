import * as vscode from 'vscode';
import type { Ctx, ProjectArg } from '../ctx';

/** A wrong-password item's action: asks for the password again, stores it in SecretStorage, reads again. */
export async function run(ctx: Ctx, projectArg?: ProjectArg): Promise<void> {
  const project = await ctx.pickProject(projectArg, 'Re-enter Password', true);
  const { target } = ctx.connections.resolve(project);
  if (!target) throw new Error('no database is connected for this project');
  if (!(await ctx.connections.askPassword(target, { force: true }))) throw new vscode.CancellationError();
  await ctx.refresh();
}
