// What a user types where Alembic accepts a revision: a full id, a unique prefix of four or more
// characters, a branch label, `label@head` / `label@base`, `rev@head`, `head` / `heads` / `base`.
import type { RevisionGraph } from './revisionGraph';

/** Alembic resolves a partial id of at least this many characters. */
export const MIN_PREFIX_LENGTH = 4;

export type Resolution = { ok: true; ids: string[] } | { ok: false; reason: string; candidates?: string[] };

export function resolveRevision(graph: RevisionGraph, text: string): Resolution {
  const ref = text.trim();
  if (ref === 'base') return { ok: true, ids: [] };
  if (ref === 'heads') return { ok: true, ids: [...graph.heads] };
  if (ref === 'head') {
    if (graph.heads.length === 1) return { ok: true, ids: [...graph.heads] };
    return {
      ok: false,
      reason: graph.heads.length
        ? `"head" is ambiguous: there are ${graph.heads.length} heads (${graph.heads.join(', ')}); name one, or use "heads"`
        : 'there are no revisions',
      candidates: [...graph.heads],
    };
  }
  const at = ref.indexOf('@');
  if (at > 0) return resolveBranchTarget(graph, ref, ref.slice(0, at), ref.slice(at + 1));
  const node = graph.lookup(ref);
  if (node) return { ok: true, ids: [node.id] };
  if (ref.length < MIN_PREFIX_LENGTH) return { ok: false, reason: `"${ref}" is not a revision; a partial id needs at least ${MIN_PREFIX_LENGTH} characters` };
  const matches = graph.idsWithPrefix(ref);
  if (matches.length === 1) return { ok: true, ids: matches };
  if (matches.length === 0) return { ok: false, reason: `no revision "${ref}"` };
  return { ok: false, reason: `"${ref}" is ambiguous: ${matches.join(', ')}`, candidates: matches };
}

/** `branch@head` / `branch@base`, where `branch` is a branch label or else a revision. */
function resolveBranchTarget(graph: RevisionGraph, ref: string, branch: string, target: string): Resolution {
  if (target !== 'head' && target !== 'base') return { ok: false, reason: `"${ref}": only label@head and label@base are understood here` };
  const labelled = [...graph.nodes.values()].filter((n) => n.branchLabels.has(branch));
  if (labelled.length === 0) {
    const byId = resolveRevision(graph, branch);
    if (!byId.ok || byId.ids.length !== 1) return { ok: false, reason: `no branch labelled "${branch}"` };
    // rev@head: the heads descending from that revision.
    const from = byId.ids[0];
    const above = graph.descendants(from, { inclusive: true });
    const heads = graph.heads.filter((h) => above.has(h));
    return heads.length === 1 ? { ok: true, ids: heads } : { ok: false, reason: `"${ref}" matches ${heads.length} heads`, candidates: heads };
  }
  if (target === 'base')
    return { ok: true, ids: labelled.filter((n) => n.downRevisions.every((d) => !graph.nodes.get(d)?.branchLabels.has(branch))).map((n) => n.id) };
  const heads = labelled.filter((n) => n.children.every((c) => !graph.nodes.get(c)?.branchLabels.has(branch))).map((n) => n.id);
  return heads.length === 1
    ? { ok: true, ids: heads }
    : { ok: false, reason: `branch "${branch}" has ${heads.length} heads: ${heads.join(', ')}`, candidates: heads };
}
