import type { Ctx } from '../ctx';

export function register(ctx: Ctx): void {
  ctx.registerCommand('alembic.restartServer', 'Restart Language Server', () => ctx.restartServer());
}
