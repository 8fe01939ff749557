// The one object that owns the extension's long-lived parts: language client, logger, tree, disposables.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './languageClient';
import type { CommandId } from './commands/table';
import { Logger } from './logger';
import { RevisionTreeProvider } from './tree/revisionTree';
import { GraphChangedNotification, GraphRequest, type WorkspaceGraph } from '../../server/src/protocol';

export class Ctx implements vscode.Disposable {
  readonly logger = new Logger();
  readonly tree: RevisionTreeProvider;
  private client: LanguageClient | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly extension: vscode.ExtensionContext) {
    this.tree = new RevisionTreeProvider(() => this.fetchGraph());
    this.disposables.push(this.logger, vscode.window.registerTreeDataProvider('alembic.revisions', this.tree));
  }

  async startServer(): Promise<void> {
    const client = createLanguageClient(this.extension, this.logger.channel);
    this.client = client;
    await client.start();
    this.disposables.push(client.onNotification(GraphChangedNotification.type, () => this.tree.refresh()));
    this.logger.info('Alembic language server started.');
  }

  async restartServer(): Promise<void> {
    if (this.client) await this.client.stop();
    await this.startServer();
  }

  async fetchGraph(): Promise<WorkspaceGraph | undefined> {
    if (!this.client?.isRunning()) return undefined;
    return this.client.sendRequest(GraphRequest.type);
  }

  /**
   * Registers a command of the table (commands/table.ts) whose failures show "<title> failed: <reason>"
   * with an Open Output button; a cancellation is not a failure.
   */
  registerCommand<Args extends unknown[]>(id: CommandId, title: string, run: (...args: Args) => unknown): void {
    this.disposables.push(
      vscode.commands.registerCommand(id, async (...args: Args) => {
        try {
          return await run(...args);
        } catch (error) {
          if (error instanceof vscode.CancellationError) return undefined;
          const reason = error instanceof Error ? error.message : String(error);
          this.logger.error(`${title} failed`, error);
          const choice = await vscode.window.showErrorMessage(`${title} failed: ${reason}`, 'Open Output');
          if (choice === 'Open Output') this.logger.show();
          return undefined;
        }
      }),
    );
  }

  async dispose(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.stop().catch(() => undefined);
    for (const disposable of this.disposables.splice(0).reverse()) disposable.dispose();
  }
}
