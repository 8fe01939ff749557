// Completion of revision ids inside down_revision / depends_on strings, including an empty ''
// and a string not closed yet. Heads come first, then the rest newest first; depends_on also
// offers branch labels. A revision is never offered to itself or to its descendants (a cycle).
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver';
import { revisionIdOf } from '../engine/graph';
import { LineIndex } from '../engine/lineIndex';
import type { Position, Range } from '../engine/model';
import { shortMessage, type DocumentContext } from './context';

export interface RevisionStringSite {
  identifier: 'down_revision' | 'depends_on';
  /** The string's content (quotes excluded), up to the closing quote or the end of the typed id. */
  contentRange: Range;
  /** What is typed before the cursor. */
  typed: string;
}

/** How far back to look for the start of the assignment. */
const LOOK_BACK = 4000;
const ASSIGNMENT = /^(down_revision|depends_on)\b[ \t]*(?::[^=\n]*)?=/gm;
const STRING_PREFIX = /[rRuU]/;
const PAD = 6;

/** The down_revision/depends_on string the cursor is in, if it is in one. */
export function revisionStringAt(text: string, position: Position): RevisionStringSite | undefined {
  const lines = new LineIndex(text);
  if (position.line >= lines.lineCount) return undefined;
  const offset = Math.min(lines.offset(position), text.length);
  const windowStart = Math.max(0, offset - LOOK_BACK);
  const before = text.slice(windowStart, offset);
  let statement: RegExpExecArray | undefined;
  ASSIGNMENT.lastIndex = 0;
  for (let match = ASSIGNMENT.exec(before); match; match = ASSIGNMENT.exec(before)) statement = match;
  if (!statement) return undefined;
  const open = openStringAt(text, windowStart + statement.index + statement[0].length, offset);
  if (!open) return undefined;
  let end = offset;
  while (end < text.length && !/[\s'",()[\]]/.test(text[end])) end++;
  return {
    identifier: statement[1] as RevisionStringSite['identifier'],
    contentRange: lines.range(open.contentStart, end),
    typed: text.slice(open.contentStart, offset),
  };
}

/** Scans an assignment's value from `from` to `to`; returns the string `to` falls in, if any. */
function openStringAt(text: string, from: number, to: number): { contentStart: number; quote: string; triple: boolean } | undefined {
  let depth = 0;
  let open: { contentStart: number; quote: string; triple: boolean } | undefined;
  let i = from;
  while (i < to) {
    const char = text[i];
    if (open) {
      if (char === '\\') i += 2;
      else if (open.triple ? text.startsWith(open.quote.repeat(3), i) : char === open.quote) {
        i += open.triple ? 3 : 1;
        open = undefined;
      } else if (char === '\n' && !open.triple) return undefined;
      else i++;
      continue;
    }
    if (char === ' ' || char === '\t' || char === ',' || char === '\r') i++;
    else if (char === '\\' && text[i + 1] === '\n') i += 2;
    else if (char === '\n') {
      if (depth === 0) return undefined;
      i++;
    } else if (char === '(' || char === '[') {
      depth++;
      i++;
    } else if (char === ')' || char === ']') {
      if (--depth < 0) return undefined;
      i++;
    } else if (char === '#') {
      const newline = text.indexOf('\n', i);
      if (newline < 0 || newline >= to) return undefined;
      i = newline;
    } else if (char === '"' || char === "'") {
      const triple = text.startsWith(char.repeat(3), i);
      open = { quote: char, triple, contentStart: i + (triple ? 3 : 1) };
      i = open.contentStart;
    } else if (STRING_PREFIX.test(char) && (text[i + 1] === '"' || text[i + 1] === "'")) i++;
    else return undefined;
  }
  return open;
}

export function completion(ctx: DocumentContext, position: Position): CompletionItem[] {
  const site = revisionStringAt(ctx.text, position);
  if (!site) return [];
  const { graph } = ctx.analysis;
  const own = revisionIdOf(ctx.file);
  // A revision is never offered to itself nor to those above it: that would make a cycle.
  const excluded = own ? graph.descendants(own, { inclusive: true }) : new Set<string>();
  const newestFirst = [...graph.upgradeOrder].reverse();
  const rank = new Map(newestFirst.map((id, index) => [id, index]));
  const heads = new Set(graph.heads);
  const items: CompletionItem[] = [];
  const pad = (n: number) => String(n).padStart(PAD, '0');
  for (const [index, id] of graph.heads.entries()) {
    if (!excluded.has(id)) items.push(revisionItem(ctx, id, site, `0${pad(index)}`, true));
  }
  for (const node of graph.nodes.values()) {
    if (heads.has(node.id) || excluded.has(node.id)) continue;
    items.push(revisionItem(ctx, node.id, site, `2${pad(rank.get(node.id) ?? graph.nodes.size)}`, false));
  }
  if (site.identifier === 'depends_on') {
    for (const [label, id] of graph.labels) {
      if (excluded.has(id)) continue;
      const message = shortMessage(graph.nodes.get(id)?.file.message);
      items.push({
        label,
        kind: CompletionItemKind.Constant,
        detail: `branch label of ${id}${message ? ` (${message})` : ''}`,
        labelDetails: { description: 'branch label' },
        sortText: `1${label}`,
        filterText: label,
        textEdit: { range: site.contentRange, newText: label },
      });
    }
  }
  return items;
}

function revisionItem(ctx: DocumentContext, id: string, site: RevisionStringSite, sortText: string, head: boolean): CompletionItem {
  const node = ctx.analysis.graph.nodes.get(id)!;
  const item: CompletionItem = {
    label: id,
    kind: CompletionItemKind.Reference,
    detail: node.file.message ?? '(no message)',
    sortText,
    filterText: id,
    textEdit: { range: site.contentRange, newText: id },
  };
  const description = [head ? 'head' : undefined, shortMessage(node.file.message, 40)].filter(Boolean).join(' · ');
  if (description) item.labelDetails = { description };
  return item;
}
