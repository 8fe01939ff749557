import type { Ctx, ProjectArg } from '../ctx';

/** A fault item's Retry: reads the database again (every project's: one refresh never overlaps another). */
export async function run(ctx: Ctx, projectArg?: ProjectArg): Promise<void> {
  if (projectArg !== undefined) await ctx.pickProject(projectArg, 'Retry'); // an unknown project is an error, not a silent refresh
  await ctx.refresh();
}
