import * as vscode from 'vscode';
import type { Ctx, ProjectArg } from '../ctx';
import type { CommandId } from './table';
import { isPasswordFault } from '../tree/revisionModel';

/** The status bar item's click: the main actions for the active project in a quick pick. */
export async function run(ctx: Ctx, projectArg?: ProjectArg): Promise<void> {
  const project = await ctx.pickProject(projectArg, 'Database Actions…', true);
  const database = ctx.databaseState.snapshot.databases.get(project.config);
  const connected = database !== undefined && database.status !== 'none';
  const actions: { label: string; detail?: string; command: CommandId }[] = [
    { label: '$(refresh) Refresh', detail: 'Read the migration files and the database again', command: 'alembic.refresh' },
  ];
  if (database?.status === 'fault' && isPasswordFault(database.fault.kind))
    actions.push({ label: '$(key) Re-enter Password', command: 'alembic.reenterPassword' });
  actions.push({
    label: '$(plug) Connect Database…',
    detail: connected ? `Now: ${database.connection?.displayUrl ?? ''}` : undefined,
    command: 'alembic.connectDatabase',
  });
  if (connected) actions.push({ label: '$(debug-disconnect) Disconnect Database', command: 'alembic.disconnectDatabase' });
  actions.push({ label: '$(output) Show Output', command: 'alembic.showOutput' });
  const picked = await ctx.ui.showQuickPick(actions, {
    title: `Alembic: ${vscode.workspace.asRelativePath(project.config)}`,
    placeHolder: 'Database actions',
  });
  if (!picked) return;
  await vscode.commands.executeCommand(
    picked.command,
    ...(picked.command === 'alembic.showOutput' || picked.command === 'alembic.refresh' ? [] : [project.config]),
  );
}
