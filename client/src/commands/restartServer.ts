import type { Ctx } from '../ctx';

/** Stops the language server and starts a new one (diagnostics and the Revisions view come back from it). */
export function run(ctx: Ctx): Promise<void> {
  return ctx.restartServer();
}
