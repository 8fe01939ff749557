// The Alembic language server. This file only wires LSP handlers to the engine and features.
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  createConnection,
  DidChangeWatchedFilesNotification,
  WatchKind,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as path from 'node:path';
import { MigrationWorkspace } from './engine/workspace';
import { nodeFileSystem } from './nodeFileSystem';
import { newRevisionId } from './revisionId';
import { codeActions, generateDowngradeResult, type CodeActionClient } from './features/codeActions';
import { codeLenses } from './features/codeLens';
import { completion } from './features/completion';
import type { DocumentContext } from './features/context';
import { definition } from './features/definition';
import { DiagnosticsPublisher } from './features/publishDiagnostics';
import { hover } from './features/hover';
import { references } from './features/references';
import { documentSymbols, workspaceSymbols } from './features/symbols';
import { DatabaseStateRequest, GenerateDowngradeRequest, GraphChangedNotification, GraphRequest, PlanRevisionRequest } from './protocol';
import { SettingsCache } from './settings';
import { pathToUri, uriToPath } from './uri';
import { workspaceGraph } from './features/graph';
import { databaseStateResult } from './features/databaseState';
import { planRevisionResult } from './features/planRevision';
import { ProjectAnalyses } from './projectAnalyses';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const workspace = new MigrationWorkspace(nodeFileSystem, []);
let canAskConfiguration = false;
let canWatchFiles = false;
let supportsWorkspaceFolders = false;
let canRefreshCodeLens = false;
let codeActionClient: CodeActionClient = { documentChanges: false, resourceOperations: [], disabledSupport: false };
const settings = new SettingsCache(connection, () => canAskConfiguration);
const logError = (message: string) => connection.console.error(message);
const analyses = new ProjectAnalyses(workspace, settings, logError);
const publisher = new DiagnosticsPublisher({
  analyses: (focus) => analyses.all(focus),
  sendDiagnostics: (file, diagnostics) => void connection.sendDiagnostics({ uri: pathToUri(file), diagnostics }),
  graphChanged: () => {
    void connection.sendNotification(GraphChangedNotification.type, { projects: workspace.allProjects.map((project) => project.configFile) });
    if (canRefreshCodeLens) connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  },
  logError,
});
const schedulePublish = () => publisher.schedule();

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
  canRefreshCodeLens = !!params.capabilities.workspace?.codeLens?.refreshSupport;
  const workspaceEdit = params.capabilities.workspace?.workspaceEdit;
  codeActionClient = {
    documentChanges: !!workspaceEdit?.documentChanges,
    resourceOperations: workspaceEdit?.resourceOperations ?? [],
    disabledSupport: !!params.capabilities.textDocument?.codeAction?.disabledSupport,
  };
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      completionProvider: { triggerCharacters: ["'", '"'] },
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
      codeLensProvider: { resolveProvider: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'alembic-language-server' },
  };
});

connection.onInitialized(() => {
  if (canWatchFiles) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [
        { globPattern: '**/*.py' },
        { globPattern: '**/alembic.ini' },
        { globPattern: '**/pyproject.toml' },
        // A deleted folder is one event for the folder, none for the files in it: every deletion rescans.
        { globPattern: '**/*', kind: WatchKind.Delete },
      ],
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
  publisher.schedule(file);
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
    // env.py is read with the config (the version table it names): a change there is a rescan.
    if (change.type !== FileChangeType.Changed || !file.endsWith('.py') || path.basename(file) === 'env.py') structural = true;
  }
  if (structural) workspace.rescan();
  schedulePublish();
});

// The analyses diagnostics use (same settings, same cache): a tree refresh costs no re-analysis.
connection.onRequest(GraphRequest.type, async () => workspaceGraph(await analyses.all()));
connection.onRequest(DatabaseStateRequest.type, async (params) => databaseStateResult(await analyses.all(), params));
connection.onRequest(PlanRevisionRequest.type, async (params) =>
  planRevisionResult(await analyses.all(), params, { readFile: (file) => nodeFileSystem.readFile(file), newRevisionId, now: () => new Date() }),
);

/** The document at `uri` with its project's current analysis, when it is a migration file. */
async function documentContext(uri: string): Promise<DocumentContext | undefined> {
  const file = uriToPath(uri);
  const project = file && workspace.projectOf(file);
  if (!file || !project) return undefined;
  // Settings (and so the analysis) first: edits that arrive meanwhile must not split text from analysis.
  const analysis = await analyses.of(project);
  const parsed = workspace.file(file);
  const text = documents.get(uri)?.getText() ?? nodeFileSystem.readFile(file);
  if (!parsed || text === undefined) return undefined;
  return { analysis, file: parsed, text, schemaBefore: () => workspace.schemaBefore(project, parsed) };
}

connection.onRequest(GenerateDowngradeRequest.type, async ({ uri }) => generateDowngradeResult(await documentContext(uri)));

connection.onHover(async ({ textDocument, position }) => {
  const ctx = await documentContext(textDocument.uri);
  return ctx ? hover(ctx, position) : null;
});

connection.onDefinition(async ({ textDocument, position }) => {
  const ctx = await documentContext(textDocument.uri);
  return ctx ? definition(ctx, position) : null;
});

connection.onReferences(async ({ textDocument, position, context }) => {
  const ctx = await documentContext(textDocument.uri);
  return ctx ? references(ctx, position, context.includeDeclaration) : [];
});

connection.onCompletion(async ({ textDocument, position }) => {
  const ctx = await documentContext(textDocument.uri);
  return ctx ? completion(ctx, position) : [];
});

connection.onDocumentSymbol(async ({ textDocument }) => {
  const ctx = await documentContext(textDocument.uri);
  return ctx ? documentSymbols(ctx.file) : [];
});

connection.onWorkspaceSymbol(async ({ query }) => workspaceSymbols(await analyses.all(), query));

connection.onCodeLens(async ({ textDocument }) => {
  const ctx = await documentContext(textDocument.uri);
  return ctx ? codeLenses(ctx.analysis, ctx.file) : [];
});

connection.onCodeAction(async ({ textDocument, context }) => {
  const ctx = await documentContext(textDocument.uri);
  if (!ctx) return [];
  return codeActions(ctx, textDocument.uri, context.diagnostics, codeActionClient, {
    readFile: (file) => nodeFileSystem.readFile(file),
    newRevisionId,
    now: () => new Date(),
  });
});

documents.listen(connection);
connection.listen();
