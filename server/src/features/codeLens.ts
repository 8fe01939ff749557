// Code lenses over `def upgrade`: the parents (↓), the revision's status in the graph (head,
// base, merge point, branch point) and the children (↑); a click opens the related file.
import type { CodeLens, Command } from 'vscode-languageserver';
import { revisionIdOf, type RevisionGraph } from '../engine/graph';
import type { MigrationFile, Range } from '../engine/model';
import { shortMessage, type Analysis } from './context';
import { statusOf } from './hover';

/** The client command that opens a migration file: arguments [absolute path]. */
export const OPEN_REVISION_COMMAND = 'alembic.openRevision';
const SHORT_ID = 8;
const MAX_CHILD_LENSES = 3;

export function codeLenses(analysis: Analysis, file: MigrationFile): CodeLens[] {
  const id = revisionIdOf(file);
  const node = id === undefined ? undefined : analysis.graph.nodes.get(id);
  if (!node || node.path !== file.path) return [];
  const range: Range = file.functions.upgrade?.nameRange ?? file.headRange;
  const { graph } = analysis;
  const lens = (command: Command): CodeLens => ({ range, command });
  const lenses: CodeLens[] = node.downRevisions.map((parent) => lens(link(graph, '↓', parent)));
  lenses.push(...node.dependsOn.map((target) => lens(link(graph, '⤷ depends on', target))));
  const status = statusOf(graph, node.id);
  if (status.length) lenses.push(lens({ title: status.join(' · '), command: '' }));
  if (node.children.length <= MAX_CHILD_LENSES) lenses.push(...node.children.map((child) => lens(link(graph, '↑', child))));
  else lenses.push(lens({ title: `↑ ${node.children.length} children: ${node.children.map((child) => child.slice(0, SHORT_ID)).join(', ')}`, command: '' }));
  return lenses;
}

/** "↓ 1a2b3c4d (create users table)", opening that revision's file; a missing one cannot be opened. */
function link(graph: RevisionGraph, arrow: string, id: string): Command {
  const node = graph.lookup(id);
  if (!node) return { title: `${arrow} ${id} (missing)`, command: '' };
  const message = shortMessage(node.file.message, 40);
  const name = node.id === id ? id.slice(0, SHORT_ID) : `${id} → ${node.id.slice(0, SHORT_ID)}`;
  return { title: `${arrow} ${name}${message ? ` (${message})` : ''}`, command: OPEN_REVISION_COMMAND, arguments: [node.path] };
}
