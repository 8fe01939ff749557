// The one declaration of the extension's commands: id → title and handler module. No vscode import
// at run time (the handlers load lazily), so test/unit/commandTable.test.ts checks it against
// package.json's `contributes.commands` in plain Node.
//
// Adding a command: a file here exporting `run(ctx, ...typedArgs)`, one row below, and its entry
// in package.json (`category: "Alembic"`, the same title).
import type * as vscode from 'vscode';
import type { Ctx } from '../ctx';

/** A command's handler module: `run` gets the context, then the command's own (typed) arguments. */
export interface CommandModule<Args extends unknown[]> {
  run(ctx: Ctx, ...args: Args): unknown;
}

export interface CommandSpec<Args extends unknown[] = never[]> {
  /** The title in package.json (the palette shows "Alembic: <title>"; failures say "<title> failed: …"). */
  readonly title: string;
  /** The handler module, imported on first use (esbuild bundles it; the unit test never loads it). */
  readonly load: () => Promise<CommandModule<Args>>;
}

export const COMMANDS = {
  'alembic.showOutput': { title: 'Show Output', load: () => import('./showOutput') },
  'alembic.restartServer': { title: 'Restart Language Server', load: () => import('./restartServer') },
  'alembic.openRevision': { title: 'Open File', load: () => import('./openRevision') },
  'alembic.refresh': { title: 'Refresh Revisions', load: () => import('./refresh') },
  'alembic.connectDatabase': { title: 'Connect Database…', load: () => import('./connectDatabase') },
  'alembic.disconnectDatabase': { title: 'Disconnect Database', load: () => import('./disconnectDatabase') },
  'alembic.retryConnection': { title: 'Retry', load: () => import('./retryConnection') },
  'alembic.reenterPassword': { title: 'Re-enter Password', load: () => import('./reenterPassword') },
  'alembic.showDatabaseActions': { title: 'Database Actions…', load: () => import('./showDatabaseActions') },
  'alembic.newRevision': { title: 'New Revision…', load: () => import('./newRevision') },
  'alembic.autogenerateRevision': { title: 'Autogenerate Revision…', load: () => import('./autogenerateRevision') },
  'alembic.upgradeHead': { title: 'Upgrade to Head', load: () => import('./upgradeHead') },
  'alembic.upgradeOne': { title: 'Upgrade One', load: () => import('./upgradeOne') },
  'alembic.upgradeTo': { title: 'Upgrade to Revision…', load: () => import('./upgradeTo') },
  'alembic.downgradeOne': { title: 'Downgrade One', load: () => import('./downgradeOne') },
  'alembic.downgradeTo': { title: 'Downgrade to Revision…', load: () => import('./downgradeTo') },
  'alembic.downgradeBase': { title: 'Downgrade to Base', load: () => import('./downgradeBase') },
  'alembic.stamp': { title: 'Stamp Revision…', load: () => import('./stamp') },
  'alembic.mergeHeads': { title: 'Merge Heads…', load: () => import('./mergeHeads') },
  'alembic.showSql': { title: 'Show SQL…', load: () => import('./showSql') },
  'alembic.checkModels': { title: 'Check Models Against Database', load: () => import('./checkModels') },
  'alembic.selectInterpreter': { title: 'Select Python Interpreter', load: () => import('./selectInterpreter') },
  'alembic.upgradeToHere': { title: 'Upgrade to Here', load: () => import('./upgradeToHere') },
  'alembic.downgradeToHere': { title: 'Downgrade to Here', load: () => import('./downgradeToHere') },
  'alembic.stampHere': { title: 'Stamp Here', load: () => import('./stampHere') },
  'alembic.showSqlHere': { title: 'Show SQL', load: () => import('./showSqlHere') },
  'alembic.copyRevisionId': { title: 'Copy Revision Id', load: () => import('./copyRevisionId') },
  'alembic.initialize': { title: 'Initialize Alembic…', load: () => import('./initialize') },
  'alembic.showGraph': { title: 'Show Revision Graph', load: () => import('./showGraph') },
  'alembic.generateDowngrade': { title: 'Generate Downgrade from Upgrade', load: () => import('./generateDowngrade') },
} as const satisfies Record<`alembic.${string}`, CommandSpec<never[]>>;

export type CommandId = keyof typeof COMMANDS;

/** The arguments command `id` takes (after the context), from its handler's signature. */
export type CommandArgs<K extends CommandId> =
  Awaited<ReturnType<(typeof COMMANDS)[K]['load']>> extends { run(ctx: Ctx, ...args: infer A): unknown } ? A : never;

export const COMMAND_IDS = Object.keys(COMMANDS) as CommandId[];

/** The table seen through the argument types: `COMMAND_TABLE[id].load()` is typed for a generic id. */
export const COMMAND_TABLE: { readonly [K in CommandId]: CommandSpec<CommandArgs<K>> } = COMMANDS;

/** A `vscode.Command` (tree item, code lens, message link) whose arguments are checked against the handler. */
export function commandRef<K extends CommandId>(id: K, ...args: CommandArgs<K>): vscode.Command {
  return { command: id, title: COMMANDS[id].title, arguments: args };
}
