// Extension entry: builds the context, registers commands, starts the language server.
import * as vscode from 'vscode';
import { Ctx } from './ctx';
import { registerCommands } from './commands';

let ctx: Ctx | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  ctx = new Ctx(context);
  context.subscriptions.push({ dispose: () => void ctx?.dispose() });
  registerCommands(ctx);
  try {
    await ctx.startServer();
  } catch (error) {
    ctx.logger.error('The Alembic language server failed to start', error);
    void vscode.window.showErrorMessage(`Alembic: the language server failed to start: ${(error as Error).message}`, 'Open Output').then((choice) => {
      if (choice) ctx?.logger.show();
    });
  }
}

export async function deactivate(): Promise<void> {
  await ctx?.dispose();
  ctx = undefined;
}
