// Quick fixes for the engine's diagnostics: add a downgrade() stub, rename a misnamed file, point
// a dangling down_revision/depends_on at an existing revision, create a merge revision for
// competing heads. Each fix is tied to its diagnostic; what the client cannot apply is not offered.
import * as path from 'node:path';
import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic,
  type TextDocumentEdit,
  type TextEdit,
  type CreateFile,
  type RenameFile,
} from 'vscode-languageserver';
import { editDistance } from '../engine/graph';
import { LineIndex } from '../engine/lineIndex';
import { planMergeRevision } from '../engine/mergeRevision';
import { fileOperations, generateDowngrade, generateDowngradeInProject, type GeneratedDowngrade } from '../engine/operations/downgrade';
import { revisionTimestamp } from '../engine/revisionTimestamp';
import type { Range } from '../engine/model';
import type { GenerateDowngradeResult } from '../protocol';
import { pathToUri } from '../uri';
import { OPEN_REVISION_COMMAND } from './codeLens';
import { shortMessage, type DocumentContext } from './context';

/** What the client said it can apply (initialize capabilities). */
export interface CodeActionClient {
  documentChanges: boolean;
  /** workspace.workspaceEdit.resourceOperations: 'create' | 'rename' | 'delete'. */
  resourceOperations: readonly string[];
  /** textDocument.codeAction.disabledSupport: show a fix that cannot be made, with the reason. */
  disabledSupport: boolean;
}

/** What a fix may need from outside: the disk (script.py.mako), a fresh id, the clock. */
export interface CodeActionEnvironment {
  readFile(file: string): string | undefined;
  newRevisionId(): string;
  now(): Date;
}

type Fixer = (ctx: DocumentContext, uri: string, diagnostic: Diagnostic, client: CodeActionClient, env: CodeActionEnvironment) => CodeAction[];

const FIXERS: Record<string, Fixer> = {
  'missing-downgrade': (ctx, uri, diagnostic) => [...addDowngradeStub(ctx, uri, diagnostic), ...generatedDowngrade(ctx, uri, diagnostic)],
  'empty-downgrade': generatedDowngrade,
  'downgrade-asymmetry': generatedDowngrade,
  'filename-template': renameFile,
  'filename-revision-mismatch': renameFile,
  'unknown-down-revision': replaceDanglingTarget,
  'unknown-depends-on': replaceDanglingTarget,
  'multiple-heads': createMergeRevision,
};

export function codeActions(
  ctx: DocumentContext,
  uri: string,
  diagnostics: readonly Diagnostic[],
  client: CodeActionClient,
  env: CodeActionEnvironment,
): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== 'alembic') continue;
    const fixer = FIXERS[String(diagnostic.code)];
    if (fixer) actions.push(...fixer(ctx, uri, diagnostic, client, env));
  }
  return actions;
}

const dataOf = (diagnostic: Diagnostic): Record<string, unknown> =>
  diagnostic.data && typeof diagnostic.data === 'object' ? (diagnostic.data as Record<string, unknown>) : {};
const stringsOf = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const sameRange = (a: Range, b: Range) =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

function quickFix(title: string, diagnostic: Diagnostic, rest: Partial<CodeAction>): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], ...rest };
}

// ---- missing-downgrade ----------------------------------------------------------------------------

/** Inserts `def downgrade()` after upgrade(); its `pass` body is flagged by empty-downgrade until written. */
function addDowngradeStub(ctx: DocumentContext, uri: string, diagnostic: Diagnostic): CodeAction[] {
  if (ctx.file.functions.downgrade) return [];
  const { position, lead, trail, annotated } = downgradeInsertion(ctx);
  const stub = `${lead}def downgrade()${annotated ? ' -> None' : ''}:\n    pass  # TODO: reverse upgrade()\n${trail}`;
  return [
    quickFix('Add a downgrade() stub (then write the reverse of upgrade())', diagnostic, {
      isPreferred: true,
      edit: { changes: { [uri]: [{ range: { start: position, end: position }, newText: stub }] } },
    }),
  ];
}

/** Where a new downgrade() goes: after upgrade()'s block (or at the end), with the blank lines around it. */
function downgradeInsertion(ctx: DocumentContext) {
  const lines = new LineIndex(ctx.text);
  const upgrade = ctx.file.functions.upgrade;
  let insertAt = ctx.text.length;
  let annotated = true;
  if (upgrade) {
    const start = lines.offset(upgrade.range.start);
    annotated = !!/^def\s+upgrade\s*\([^)]*\)\s*->/.exec(ctx.text.slice(start, start + 200));
    // After the last non-blank line of upgrade()'s block (its body and any indented comments).
    let offset = lines.offset(upgrade.range.end);
    let blockEnd = offset;
    while (offset < ctx.text.length) {
      const newline = ctx.text.indexOf('\n', offset);
      const line = ctx.text.slice(offset, newline < 0 ? ctx.text.length : newline);
      if (line.trim() !== '' && !/^\s/.test(line)) break;
      offset = newline < 0 ? ctx.text.length : newline + 1;
      if (line.trim() !== '') blockEnd = offset;
    }
    insertAt = blockEnd;
  }
  const before = ctx.text.slice(0, insertAt);
  const after = ctx.text.slice(insertAt);
  const lead = before === '' ? '' : before.endsWith('\n') ? '\n\n' : '\n\n\n';
  const trail = after.trim() === '' ? '' : '\n'.repeat(Math.max(0, 2 - (/^\n*/.exec(after)?.[0].length ?? 0)));
  return { position: lines.position(insertAt), lead, trail, annotated };
}

// ---- missing-downgrade, empty-downgrade, downgrade-asymmetry ------------------------------------------

/** The edit that puts the generated downgrade() in the document: replacing the one there, or after upgrade(). */
export function generatedDowngradeEdit(ctx: DocumentContext): { edit: TextEdit; generated: GeneratedDowngrade } | undefined {
  if (!fileOperations(ctx.file, ctx.text)?.upgrade) return undefined;
  // The schema the analysis replayed (no replay of its own: a code action must be quick on 5,000 revisions).
  const before = ctx.schemaBefore?.();
  const generated = before
    ? generateDowngrade({ file: ctx.file, text: ctx.text, before })
    : generateDowngradeInProject(ctx.analysis.graph, ctx.analysis.files, ctx.file, ctx.text, ctx.analysis.project.sqlalchemyUrl);
  const existing = ctx.file.functions.downgrade;
  if (existing) {
    const lines = new LineIndex(ctx.text);
    const start = lines.offset(existing.range.start);
    const end = lines.offset(existing.range.end);
    // Keep what follows the definition as it is: its range may or may not take the last line's newline.
    const text = ctx.text.slice(start, end).endsWith('\n') ? generated.text : generated.text.replace(/\n$/, '');
    return { edit: { range: { start: lines.position(start), end: lines.position(end) }, newText: text }, generated };
  }
  const { position, lead, trail } = downgradeInsertion(ctx);
  return { edit: { range: { start: position, end: position }, newText: `${lead}${generated.text}${trail}` }, generated };
}

function generatedDowngrade(ctx: DocumentContext, uri: string, diagnostic: Diagnostic): CodeAction[] {
  const result = generatedDowngradeEdit(ctx);
  if (!result) return [];
  const { edit, generated } = result;
  const left = generated.todos.length;
  const verb = ctx.file.functions.downgrade ? 'Replace downgrade() with one generated' : 'Generate downgrade()';
  const title = `${verb} from upgrade()${left ? ` (${left} operation${left === 1 ? '' : 's'} left as TODO)` : ''}`;
  return [quickFix(title, diagnostic, { isPreferred: left === 0 && diagnostic.code !== 'missing-downgrade', edit: { changes: { [uri]: [edit] } } })];
}

// ---- filename-template, filename-revision-mismatch -------------------------------------------------

function renameFile(ctx: DocumentContext, uri: string, diagnostic: Diagnostic, client: CodeActionClient): CodeAction[] {
  const suggested = dataOf(diagnostic).suggestedName;
  if (typeof suggested !== 'string' || !client.documentChanges || !client.resourceOperations.includes('rename')) return [];
  const name = path.basename(suggested);
  const target = path.join(path.dirname(ctx.file.path), name);
  if (target === ctx.file.path || ctx.analysis.files.some((file) => file.path === target)) return [];
  const rename: RenameFile = { kind: 'rename', oldUri: uri, newUri: pathToUri(target), options: { overwrite: false, ignoreIfExists: false } };
  return [quickFix(`Rename the file to ${name}`, diagnostic, { isPreferred: true, edit: { documentChanges: [rename] } })];
}

// ---- unknown-down-revision, unknown-depends-on ------------------------------------------------------

function replaceDanglingTarget(ctx: DocumentContext, uri: string, diagnostic: Diagnostic): CodeAction[] {
  const identifier = diagnostic.code === 'unknown-depends-on' ? 'depends_on' : 'down_revision';
  const literal = ctx.file.identifiers[identifier]?.values?.find((value) => sameRange(value.range, diagnostic.range));
  if (!literal) return []; // the document moved on since the diagnostic
  const { graph } = ctx.analysis;
  const data = dataOf(diagnostic);
  const own = ctx.file.identifiers.revision?.values?.[0]?.value;
  // Never offer the revision itself or one above it: that would close a cycle.
  const above = own ? graph.descendants(own, { inclusive: true }) : new Set<string>();
  const usable = (id: string) => graph.nodes.has(id) && !above.has(id);
  const candidates = stringsOf(data.candidates).filter(usable);
  const heads = stringsOf(data.heads).filter((id) => usable(id) && !candidates.includes(id));
  const lines = new LineIndex(ctx.text);
  const source = ctx.text.slice(lines.offset(literal.range.start), lines.offset(literal.range.end));
  const quoteAt = source.search(/['"]/);
  if (quoteAt < 0) return [];
  const quote = source.startsWith(source[quoteAt].repeat(3), quoteAt) ? source[quoteAt].repeat(3) : source[quoteAt];
  const replaceWith = (id: string, title: string, isPreferred: boolean): CodeAction =>
    quickFix(title, diagnostic, {
      isPreferred,
      edit: { changes: { [uri]: [{ range: literal.range, newText: `${source.slice(0, quoteAt)}${quote}${id}${quote}` }] } },
    });
  const described = (id: string) => {
    const message = shortMessage(graph.nodes.get(id)?.file.message);
    return `'${id}'${message ? ` (${message})` : ''}`;
  };
  // The closest candidate is the obvious fix when it is closer than the runner-up.
  const distance = (id: string) => editDistance(id, literal.value, Math.max(id.length, literal.value.length));
  const obvious = candidates.length === 1 || (candidates.length > 1 && distance(candidates[0]) < distance(candidates[1]));
  return [
    ...candidates.map((id, index) => replaceWith(id, `Change to ${described(id)}`, obvious && index === 0)),
    ...heads.map((id) => replaceWith(id, `Change to the current head ${described(id)}`, candidates.length === 0 && heads.length === 1)),
  ];
}

// ---- multiple-heads ---------------------------------------------------------------------------------

function createMergeRevision(ctx: DocumentContext, _uri: string, diagnostic: Diagnostic, client: CodeActionClient, env: CodeActionEnvironment): CodeAction[] {
  const { graph, project } = ctx.analysis;
  const heads = stringsOf(dataOf(diagnostic).heads).filter((id) => graph.heads.includes(id));
  if (heads.length < 2 || !client.documentChanges || !client.resourceOperations.includes('create')) return [];
  const title = `Create a merge revision for ${heads.join(', ')}`;
  let planned;
  try {
    planned = planMergeRevision(project, graph, heads, {
      id: env.newRevisionId(),
      date: revisionTimestamp(env.now(), project.timezone),
      readFile: env.readFile,
    });
  } catch (error) {
    return client.disabledSupport
      ? [quickFix(title, diagnostic, { disabled: { reason: `Cannot render the merge revision: ${(error as Error).message}` } })]
      : [];
  }
  const newUri = pathToUri(planned.path);
  const create: CreateFile = { kind: 'create', uri: newUri, options: { overwrite: false, ignoreIfExists: false } };
  const write: TextDocumentEdit = {
    textDocument: { uri: newUri, version: null },
    edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: planned.text }],
  };
  return [
    quickFix(title, diagnostic, {
      isPreferred: true,
      edit: { documentChanges: [create, write] },
      command: { title: 'Open the merge revision', command: OPEN_REVISION_COMMAND, arguments: [planned.path] },
    }),
  ];
}

/** The answer to alembic/generateDowngrade: the edit for the document, or why there is none. */
export function generateDowngradeResult(ctx: DocumentContext | undefined): GenerateDowngradeResult {
  if (!ctx) return { error: 'the file is not a migration of an Alembic project in this workspace' };
  if (!ctx.file.functions.upgrade) return { error: `${path.basename(ctx.file.path)} has no upgrade() function` };
  const result = generatedDowngradeEdit(ctx);
  if (!result) return { error: `the operations of upgrade() in ${path.basename(ctx.file.path)} could not be read` };
  return { edit: result.edit, text: result.generated.text, replaces: !!ctx.file.functions.downgrade, todos: result.generated.todos };
}
