import type { Ctx, ProjectArg } from '../ctx';

/** The project's revision graph in a panel (reused when open). */
export async function run(ctx: Ctx, project?: ProjectArg): Promise<void> {
  const requestedAt = Date.now(); // the first-paint figure starts here (a project pick, when one is asked, counts)
  const picked = await ctx.pickProject(project, 'Show Revision Graph', true);
  ctx.graphs.show(picked, requestedAt);
}
