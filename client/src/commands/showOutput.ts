import type { Ctx } from '../ctx';

export function register(ctx: Ctx): void {
  ctx.registerCommand('alembic.showOutput', 'Show Output', () => ctx.logger.show());
}
