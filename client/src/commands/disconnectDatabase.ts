import type { Ctx, ProjectArg } from '../ctx';

/** Forgets the URL Connect Database… gave and the stored password; the project shows no database until the next Connect. */
export async function run(ctx: Ctx, projectArg?: ProjectArg): Promise<void> {
  const project = await ctx.pickProject(projectArg, 'Disconnect Database', true);
  await ctx.connections.disconnect(project);
  await ctx.refresh();
}
