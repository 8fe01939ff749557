// The Alembic language server. This file only wires LSP handlers to the engine and features.
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  createConnection,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisCache } from './analysisCache';
import { MigrationWorkspace } from './engine/workspace';
import { nodeFileSystem } from './nodeFileSystem';
import { newRevisionId } from './revisionId';
import { codeActions, type CodeActionClient } from './features/codeActions';
import { codeLenses } from './features/codeLens';
import { completion } from './features/completion';
import type { DocumentContext } from './features/context';
import { definition } from './features/definition';
import { groupByFile, toDiagnostic } from './features/diagnostics';
import { hover } from './features/hover';
import { references } from './features/references';
import { documentSymbols, workspaceSymbols } from './features/symbols';
import type { Finding } from './engine/model';
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
let canRefreshCodeLens = false;
let codeActionClient: CodeActionClient = { documentChanges: false, resourceOperations: [], disabledSupport: false };
const settings = new SettingsCache(connection, () => canAskConfiguration);
const analyses = new AnalysisCache(workspace);
/** What each file was last sent: a file is published again only when its diagnostics change. */
let published = new Map<string, PublishedDiagnostics>();

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

connection.onRequest(GraphRequest.type, async () => {
  // The analyses diagnostics use (same severities), so a tree refresh costs no re-analysis.
  const { rules } = await settings.get();
  return graphResult(workspace.allProjects.map((project) => analyses.get(project, rules)));
});

/** The document at `uri` with its project's current analysis, when it is a migration file. */
async function documentContext(uri: string): Promise<DocumentContext | undefined> {
  // Settings first: edits that arrive while they are fetched must not split text from analysis.
  const { rules } = await settings.get();
  const file = uriToPath(uri);
  const project = file && workspace.projectOf(file);
  if (!file || !project) return undefined;
  const parsed = workspace.file(file);
  const text = documents.get(uri)?.getText() ?? nodeFileSystem.readFile(file);
  if (!parsed || text === undefined) return undefined;
  return { analysis: analyses.get(project, rules), file: parsed, text };
}

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

connection.onWorkspaceSymbol(async ({ query }) => {
  const { rules } = await settings.get();
  return workspaceSymbols(workspace.allProjects.map((project) => analyses.get(project, rules)), query);
});

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

let publishQueued = false;
function schedulePublish(): void {
  analyses.clear();
  if (publishQueued) return;
  publishQueued = true;
  setImmediate(() => {
    publishQueued = false;
    void publishDiagnostics().catch((error) => connection.console.error(`Publishing diagnostics failed: ${(error as Error).stack ?? error}`));
  });
}

interface PublishedDiagnostics {
  /** The findings behind them (the analysis reuses unchanged findings, so equal lists are cheap to spot). */
  findings: Finding[];
  /** The diagnostics as JSON, to compare findings rebuilt with the same content. */
  json: string;
}

/** The graph of each project at the last publish, and whether anything was published yet. */
let publishedGraphs: unknown[] = [];
let publishedOnce = false;

async function publishDiagnostics(): Promise<void> {
  const { rules } = await settings.get();
  const current = workspace.allProjects.map((project) => analyses.get(project, rules));
  const byFile = groupByFile(current.flatMap((analysis) => analysis.findings));
  const next = new Map<string, PublishedDiagnostics>();
  let changed = false;
  for (const [file, findings] of byFile) {
    const before = published.get(file);
    if (before && before.findings.length === findings.length && before.findings.every((finding, i) => finding === findings[i])) {
      next.set(file, { findings, json: before.json });
      continue;
    }
    const diagnostics = findings.map(toDiagnostic);
    const json = JSON.stringify(diagnostics);
    next.set(file, { findings, json });
    if (before?.json === json) continue;
    changed = true;
    void connection.sendDiagnostics({ uri: pathToUri(file), diagnostics });
  }
  for (const file of published.keys()) {
    if (next.has(file)) continue;
    changed = true;
    void connection.sendDiagnostics({ uri: pathToUri(file), diagnostics: [] });
  }
  published = next;
  // Tell the client when the graph or the findings it carries changed (and once at the start).
  const graphs = current.map((analysis) => analysis.graph);
  if (!publishedOnce || changed || graphs.length !== publishedGraphs.length || graphs.some((graph, i) => graph !== publishedGraphs[i])) {
    void connection.sendNotification(GraphChangedNotification.type);
    if (canRefreshCodeLens) connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }
  publishedGraphs = graphs;
  publishedOnce = true;
}

documents.listen(connection);
connection.listen();
