// Registers every command of the table (./table.ts), each through Ctx.registerCommand.
import type { Ctx } from '../ctx';
import { COMMAND_IDS, COMMAND_TABLE, type CommandArgs, type CommandId } from './table';

export function registerCommands(ctx: Ctx): void {
  for (const id of COMMAND_IDS) register(ctx, id);
}

function register<K extends CommandId>(ctx: Ctx, id: K): void {
  const spec = COMMAND_TABLE[id];
  // VS Code passes whatever the caller gave: the handlers check what comes from outside (the server).
  ctx.registerCommand(id, spec.title, async (...args: CommandArgs<K>) => (await spec.load()).run(ctx, ...args));
}
