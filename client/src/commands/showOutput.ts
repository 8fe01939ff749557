import type { Ctx } from '../ctx';

/** Shows the Alembic output channel. */
export function run(ctx: Ctx): void {
  ctx.logger.show();
}
