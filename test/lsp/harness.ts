// Drives the bundled language server (dist/server.js) over stdio, the way an editor does.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type CodeLens,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type DocumentSymbol,
  type Hover,
  type Location,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type SymbolInformation,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';

export const ROOT = path.resolve(__dirname, '..', '..');
export const SERVER = path.join(ROOT, 'dist', 'server.js');

export const uriOf = (file: string): string => pathToFileURL(file).toString();
export const pathOf = (uri: string): string => fileURLToPath(uri);

/** The position of the `occurrence`-th `needle` in `text`, `offset` characters into it. */
export function positionOf(text: string, needle: string, offset = 0, occurrence = 1): Position {
  let index = -1;
  for (let n = 0; n < occurrence; n++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`'${needle}' (occurrence ${occurrence}) not in the text`);
  }
  const before = text.slice(0, index + offset);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - (before.lastIndexOf('\n') + 1) };
}

/** The offset of an LSP position in `text`. */
function offsetIn(text: string, position: Position): number {
  return (
    text
      .split('\n')
      .slice(0, position.line)
      .reduce((sum, line) => sum + line.length + 1, 0) + position.character
  );
}

/** The text a range covers. */
export function textAt(text: string, range: Range): string {
  return text.slice(offsetIn(text, range.start), offsetIn(text, range.end));
}

/** Applies LSP text edits to a text (edits do not overlap, as LSP requires). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetIn(text, b.range.start) - offsetIn(text, a.range.start));
  let out = text;
  for (const edit of sorted) out = out.slice(0, offsetIn(text, edit.range.start)) + edit.newText + out.slice(offsetIn(text, edit.range.end));
  return out;
}

/**
 * Applies a workspace edit to the disk the way an editor does (create, rename, delete, text
 * edits, in order); returns the watched-file changes an editor would then report.
 */
export function applyWorkspaceEdit(edit: WorkspaceEdit): { uri: string; type: 1 | 2 | 3 }[] {
  const changes: { uri: string; type: 1 | 2 | 3 }[] = [];
  const editFile = (uri: string, edits: readonly TextEdit[]) => {
    const file = pathOf(uri);
    writeFileSync(file, applyTextEdits(readFileSync(file, 'utf8'), edits));
    if (!changes.some((c) => c.uri === uri)) changes.push({ uri, type: 2 });
  };
  for (const change of edit.documentChanges ?? []) {
    if ('textDocument' in change) editFile(change.textDocument.uri, change.edits as TextEdit[]);
    else if (change.kind === 'create') {
      const file = pathOf(change.uri);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, '', { flag: change.options?.overwrite ? 'w' : 'wx' });
      changes.push({ uri: change.uri, type: 1 });
    } else if (change.kind === 'rename') {
      const to = pathOf(change.newUri);
      mkdirSync(path.dirname(to), { recursive: true });
      renameSync(pathOf(change.oldUri), to);
      changes.push({ uri: change.oldUri, type: 3 }, { uri: change.newUri, type: 1 });
    } else if (change.kind === 'delete') {
      rmSync(pathOf(change.uri), { recursive: !!change.options?.recursive });
      changes.push({ uri: change.uri, type: 3 });
    }
  }
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) editFile(uri, edits);
  return changes;
}

/** Copies a fixture project into a temp folder that the test may change freely. */
export function copyFixture(name: string): { dir: string; dispose(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), `alembic-lsp-${name.replace(/\W/g, '-')}-`));
  cpSync(path.join(ROOT, 'test', 'fixtures', name), dir, { recursive: true });
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export class LspSession {
  readonly connection: ProtocolConnection;
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly stderr: string[] = [];
  private readonly listeners = new Set<() => void>();
  private versions = new Map<string, number>();
  graphChanges = 0;
  codeLensRefreshes = 0;
  /** What the server sent, in order: `publish <file name>` and `graphChanged`, with when it arrived (performance.now()). */
  readonly events: string[] = [];
  readonly eventTimes: number[] = [];

  private constructor(private readonly child: ChildProcess) {
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    child.stderr!.on('data', (d) => this.stderr.push(String(d)));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params);
      this.events.push(`publish ${path.basename(pathOf(params.uri))}`);
      this.eventTimes.push(performance.now());
      this.notify();
    });
    this.connection.onNotification('alembic/graphChanged', () => {
      this.graphChanges++;
      this.events.push('graphChanged');
      this.eventTimes.push(performance.now());
      this.notify();
    });
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/codeLens/refresh', () => {
      this.codeLensRefreshes++;
      this.notify();
      return null;
    });
    this.connection.listen();
  }

  static async start(rootDir: string, capabilities: Record<string, unknown> = {}): Promise<LspSession> {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const session = new LspSession(child);
    await session.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uriOf(rootDir),
      workspaceFolders: [{ uri: uriOf(rootDir), name: path.basename(rootDir) }],
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
          codeLens: { refreshSupport: true },
        },
        textDocument: {
          publishDiagnostics: { relatedInformation: true },
          codeAction: { disabledSupport: true, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
          completion: { completionItem: { snippetSupport: false, labelDetailsSupport: true } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        },
        ...capabilities,
      },
    });
    await session.connection.sendNotification('initialized', {});
    return session;
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Resolves once `predicate` holds after some server notification (or already holds); rejects after `ms`. */
  waitFor<T>(what: string, predicate: () => T | undefined | false, ms = 10_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const value = predicate();
        if (value) {
          cleanup();
          resolve(value);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${ms} ms waiting for ${what}; server stderr: ${this.stderr.join('')}`));
      }, ms);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Diagnostics' codes currently published for a file. */
  codes(file: string): string[] {
    return (this.diagnostics.get(uriOf(file))?.diagnostics ?? []).map((d) => String(d.code)).sort();
  }

  open(file: string, text: string): void {
    this.versions.set(file, 1);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(file), languageId: 'python', version: 1, text } });
  }

  replace(file: string, text: string): void {
    const version = (this.versions.get(file) ?? 1) + 1;
    this.versions.set(file, version);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf(file), version }, contentChanges: [{ text }] });
  }

  /** The diagnostics currently published for a file. */
  diagnosticsOf(file: string): Diagnostic[] {
    return this.diagnostics.get(uriOf(file))?.diagnostics ?? [];
  }

  /** Tells the server files changed on disk (1 created, 2 changed, 3 deleted), as an editor's watcher does. */
  filesChanged(changes: { uri: string; type: 1 | 2 | 3 }[]): void {
    void this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
  }

  hover(file: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri: uriOf(file) }, position });
  }

  definition(file: string, position: Position): Promise<Location | Location[] | null> {
    return this.connection.sendRequest('textDocument/definition', { textDocument: { uri: uriOf(file) }, position });
  }

  references(file: string, position: Position, includeDeclaration: boolean): Promise<Location[] | null> {
    return this.connection.sendRequest('textDocument/references', { textDocument: { uri: uriOf(file) }, position, context: { includeDeclaration } });
  }

  async completion(file: string, position: Position): Promise<CompletionItem[]> {
    const result = (await this.connection.sendRequest('textDocument/completion', { textDocument: { uri: uriOf(file) }, position })) as
      CompletionItem[] | CompletionList | null;
    return Array.isArray(result) ? result : (result?.items ?? []);
  }

  documentSymbols(file: string): Promise<DocumentSymbol[] | null> {
    return this.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: uriOf(file) } });
  }

  workspaceSymbols(query: string): Promise<SymbolInformation[] | null> {
    return this.connection.sendRequest('workspace/symbol', { query });
  }

  codeLenses(file: string): Promise<CodeLens[] | null> {
    return this.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: uriOf(file) } });
  }

  /** The code actions for the diagnostics published on `file` (all of them, or those `which` selects). */
  codeActions(file: string, which: (d: Diagnostic) => boolean = () => true): Promise<CodeAction[] | null> {
    const diagnostics = this.diagnosticsOf(file).filter(which);
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return this.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: uriOf(file) }, range, context: { diagnostics } });
  }

  close(file: string): void {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(file) } });
  }

  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      this.child.kill('SIGKILL');
    }
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}

/** The basic fixture's revisions: a straight line, the last one without downgrade(). */
export const BASIC = { USERS: '1a2b3c4d5e6f', EMAIL: '2b3c4d5e6f7a', POSTS: '3c4d5e6f7a8b' } as const;

/** A fresh copy of the basic fixture with a language server on it, started once its first diagnostics are in. */
export class BasicProject {
  readonly versions: string;
  readonly users: string;
  readonly email: string;
  readonly posts: string;

  private constructor(
    private readonly fixture: ReturnType<typeof copyFixture>,
    public session: LspSession,
  ) {
    this.versions = path.join(fixture.dir, 'migrations', 'versions');
    this.users = path.join(this.versions, `${BASIC.USERS}_create_users_table.py`);
    this.email = path.join(this.versions, `${BASIC.EMAIL}_add_email_to_users.py`);
    this.posts = path.join(this.versions, `${BASIC.POSTS}_create_posts_table.py`);
  }

  get dir(): string {
    return this.fixture.dir;
  }

  static async start(capabilities?: Record<string, unknown>): Promise<BasicProject> {
    const fixture = copyFixture('basic');
    const project = new BasicProject(fixture, await LspSession.start(fixture.dir, capabilities));
    await project.ready();
    return project;
  }

  /** A new server on the same folder (say, for other client capabilities). */
  async restart(capabilities?: Record<string, unknown>): Promise<LspSession> {
    await this.session.stop();
    this.session = await LspSession.start(this.fixture.dir, capabilities);
    return this.session;
  }

  async dispose(): Promise<void> {
    await this.session.stop();
    this.fixture.dispose();
  }

  private ready(): Promise<unknown> {
    return this.session.waitFor('first diagnostics', () => this.session.codes(this.posts).includes('missing-downgrade'));
  }
}
