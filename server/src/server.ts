// The Alembic language server. This file only wires LSP handlers to the engine and features.
import {
  createConnection,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { nodeFileSystem } from './engine/fileSystem';
import { MigrationWorkspace } from './engine/workspace';
import { groupByFile, toDiagnostic } from './features/diagnostics';
import { GraphChangedNotification, GraphRequest } from './protocol';
import { SettingsCache } from './settings';
import { pathToUri, uriToPath } from './uri';
import { graphResult } from './features/graph';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const workspace = new MigrationWorkspace(nodeFileSystem, []);
let canAskConfiguration = false;
let canWatchFiles = false;
let supportsWorkspaceFolders = false;
const settings = new SettingsCache(connection, () => canAskConfiguration);
/** Files that currently carry diagnostics, so a fixed file gets its list cleared. */
let published = new Set<string>();

connection.onInitialize((params) => {
  const roots = (params.workspaceFolders ?? []).map((folder) => uriToPath(folder.uri)).filter((p): p is string => !!p);
  if (roots.length === 0 && params.rootUri) {
    const root = uriToPath(params.rootUri);
    if (root) roots.push(root);
  }
  workspace.setRoots(roots);
  canAskConfiguration = !!params.capabilities.workspace?.configuration;
  supportsWorkspaceFolders = !!params.capabilities.workspace?.workspaceFolders;
  canWatchFiles = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'alembic-language-server' },
  };
});

connection.onInitialized(() => {
  if (canWatchFiles) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/*.py' }, { globPattern: '**/alembic.ini' }, { globPattern: '**/pyproject.toml' }],
    });
  }
  if (supportsWorkspaceFolders) {
    // Registering this before initialize throws; only clients that announce the capability send it.
    connection.workspace.onDidChangeWorkspaceFolders(() => {
      void connection.workspace.getWorkspaceFolders().then((folders) => {
        workspace.setRoots((folders ?? []).map((folder) => uriToPath(folder.uri)).filter((p): p is string => !!p));
        workspace.rescan();
        schedulePublish();
      });
    });
  }
  workspace.rescan();
  schedulePublish();
});


connection.onDidChangeConfiguration(() => {
  settings.clear();
  schedulePublish();
});

documents.onDidChangeContent((event) => {
  const file = uriToPath(event.document.uri);
  if (!file || !event.document.uri.endsWith('.py')) return;
  workspace.setOverlay(file, event.document.getText());
  schedulePublish();
});

documents.onDidClose((event) => {
  const file = uriToPath(event.document.uri);
  if (!file) return;
  workspace.setOverlay(file, undefined);
  schedulePublish();
});

connection.onDidChangeWatchedFiles((params) => {
  let structural = false;
  for (const change of params.changes) {
    const file = uriToPath(change.uri);
    if (!file) continue;
    workspace.invalidate(file);
    if (change.type !== FileChangeType.Changed || !file.endsWith('.py')) structural = true;
  }
  if (structural) workspace.rescan();
  schedulePublish();
});

connection.onRequest(GraphRequest.type, () => graphResult(workspace));

let publishQueued = false;
function schedulePublish(): void {
  if (publishQueued) return;
  publishQueued = true;
  setImmediate(() => {
    publishQueued = false;
    void publishDiagnostics().catch((error) => connection.console.error(`Publishing diagnostics failed: ${(error as Error).stack ?? error}`));
  });
}

async function publishDiagnostics(): Promise<void> {
  const { rules } = await settings.get();
  const byFile = groupByFile(workspace.check({ severities: rules }));
  const next = new Set<string>();
  for (const [file, findings] of byFile) {
    next.add(file);
    void connection.sendDiagnostics({ uri: pathToUri(file), diagnostics: findings.map(toDiagnostic) });
  }
  for (const file of published) {
    if (!next.has(file)) void connection.sendDiagnostics({ uri: pathToUri(file), diagnostics: [] });
  }
  published = next;
  void connection.sendNotification(GraphChangedNotification.type);
}

documents.listen(connection);
connection.listen();
