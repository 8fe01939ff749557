// Extension entry: builds the context, registers commands, starts the language server.
import * as vscode from 'vscode';
import { Ctx } from './ctx';
import { registerCommands } from './commands';

let ctx: Ctx | undefined;

/** The context is the extension's exports: the extension-host tests read the Revisions view's rows through it. */
export async function activate(context: vscode.ExtensionContext): Promise<Ctx> {
  const created = new Ctx(context);
  ctx = created;
  context.subscriptions.push({ dispose: () => void ctx?.dispose() });
  registerCommands(created);
  try {
    await created.startServer();
  } catch (error) {
    created.logger.error('The Alembic language server failed to start', error);
    void vscode.window.showErrorMessage(`Alembic: the language server failed to start: ${(error as Error).message}`, 'Open Output').then((choice) => {
      if (choice) created.logger.show();
    });
  }
  return created;
}

export async function deactivate(): Promise<void> {
  await ctx?.dispose();
  ctx = undefined;
}
