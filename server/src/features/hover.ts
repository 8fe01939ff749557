// Hover on a revision id: what the revision is, where it lives and where it sits in the graph.
import { MarkupKind, type Hover } from 'vscode-languageserver';
import { closestRevisions, revisionRange, roleList, type RevisionGraph, type RevisionNode, type RoleName } from '../engine/graph';
import type { Position } from '../engine/model';
import { pathToUri } from '../uri';
import { relativePath, type Analysis, type DocumentContext } from './context';
import { revisionAt } from './revisionAt';

const MAX_LISTED = 8;

export function hover(ctx: DocumentContext, position: Position): Hover | null {
  const target = revisionAt(ctx, position);
  if (!target) return null;
  const { analysis } = ctx;
  if (!target.node) {
    if (target.source === 'revision' || target.source === 'branch_labels' || target.source === 'text') return null;
    const what = target.source === 'depends_on' ? 'a revision nor a branch label' : 'a revision';
    const closest = closestRevisions(analysis.graph, target.text);
    const lines = [`**Unknown revision** \`${target.text}\``, '', `Neither ${what} in any version location of this project.`];
    if (closest.length) lines.push('', `Closest: ${closest.map((id) => revisionSummary(analysis.graph, id)).join(', ')}`);
    return { range: target.range, contents: { kind: MarkupKind.Markdown, value: lines.join('\n') } };
  }
  const lead = target.label ? `Branch label \`${target.label}\` → ` : target.prefix ? `\`${target.text}\` is a prefix of ` : '';
  return { range: target.range, contents: { kind: MarkupKind.Markdown, value: describeRevision(analysis, target.node, lead) } };
}

/** The markdown card for one revision. */
export function describeRevision(analysis: Analysis, node: RevisionNode, lead = ''): string {
  const { graph } = analysis;
  const { file } = node;
  const lines = [`${lead}**Revision \`${node.id}\`**${file.message ? ` — ${escapeMarkdown(file.message)}` : ''}`, ''];
  const line = revisionRange(file).start.line + 1;
  lines.push(`- **File:** [${escapeMarkdown(relativePath(analysis, file.path))}](${pathToUri(file.path)}#L${line})`);
  if (file.createDate) lines.push(`- **Created:** ${escapeMarkdown(file.createDate)}`);
  lines.push(`- **Parents:** ${node.downRevisions.length ? list(graph, node.downRevisions) : 'none (base)'}`);
  if (node.dependsOn.length) lines.push(`- **Depends on:** ${list(graph, node.dependsOn)}`);
  lines.push(`- **Children:** ${node.children.length ? list(graph, node.children) : 'none (head)'}`);
  const dependents = node.allChildren.filter((id) => !node.children.includes(id));
  if (dependents.length) lines.push(`- **Needed by (depends_on):** ${list(graph, dependents)}`);
  if (node.branchLabels.size) lines.push(`- **Branch labels:** ${[...node.branchLabels].map((label) => `\`${label}\``).join(', ')}`);
  const status = statusOf(graph, node.id);
  if (status.length) lines.push(`- **Status:** ${status.join(' · ')}`);
  return lines.join('\n');
}

const ROLE_TEXT: Record<RoleName, string> = { head: 'head', base: 'base', mergepoint: 'merge point', branchpoint: 'branch point' };

/** head / base / merge point / branch point, as the graph says (Alembic's meaning), in words. */
export function statusOf(graph: RevisionGraph, id: string): string[] {
  const roles = graph.roles(id);
  return roles ? roleList(roles).map((role) => ROLE_TEXT[role]) : [];
}

function list(graph: RevisionGraph, ids: string[]): string {
  const shown = ids.slice(0, MAX_LISTED).map((id) => revisionSummary(graph, id));
  if (ids.length > MAX_LISTED) shown.push(`and ${ids.length - MAX_LISTED} more`);
  return shown.join(', ');
}

function revisionSummary(graph: RevisionGraph, id: string): string {
  const target = graph.lookup(id);
  if (!target) return `\`${id}\` (missing)`;
  const label = target.id === id ? '' : ` → \`${target.id}\``;
  return `\`${id}\`${label}${target.file.message ? ` (${escapeMarkdown(target.file.message)})` : ''}`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*[\]<>])/g, '\\$1');
}
