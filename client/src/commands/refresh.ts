import type { Ctx } from '../ctx';

/** Reads the revision graph and every project's database again (the Revisions view and the status bar). */
export function run(ctx: Ctx): Promise<void> {
  return ctx.refresh();
}
