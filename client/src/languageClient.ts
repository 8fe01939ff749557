// Starts the bundled language server (dist/server.js) over IPC.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { maskedChannel } from './maskedChannel';

/** `channel` receives the server's log and, with `alembic.trace.server`, the message trace: both masked. */
export function createLanguageClient(context: vscode.ExtensionContext, channel: vscode.LogOutputChannel): LanguageClient {
  const outputChannel = maskedChannel(channel);
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'python' }],
    synchronize: { configurationSection: 'alembic' },
    outputChannel,
    traceOutputChannel: outputChannel,
  };
  return new LanguageClient('alembic', 'Alembic Language Server', serverOptions, clientOptions);
}
