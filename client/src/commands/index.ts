import type { Ctx } from '../ctx';
import { register as showOutput } from './showOutput';
import { register as restartServer } from './restartServer';
import { register as openRevision } from './openRevision';

export function registerCommands(ctx: Ctx): void {
  showOutput(ctx);
  restartServer(ctx);
  openRevision(ctx);
}
