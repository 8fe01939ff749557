// The revision graph of one Alembic project, with Alembic's own semantics (alembic/script/revision.py):
// heads ignore depends_on children, "real" heads count them; bases have no down_revision; merge
// points have several down_revisions; branch points several down_revision children; branch labels
// spread to descendants and down the ancestor chain until a branch or merge point. It also keeps
// every fault Alembic would trip over (dangling targets, duplicates, invalid ids, cycles).
import type { MigrationFile, Range, StringLiteral } from './model';

export interface RevisionNode {
  id: string;
  file: MigrationFile;
  downRevisions: string[];
  dependsOn: string[];
  /** Labels declared in this file. */
  ownBranchLabels: string[];
  /** Labels in effect here after Alembic's propagation (own + inherited). */
  branchLabels: Set<string>;
  /** Children through down_revision (Alembic's nextrev). */
  children: string[];
  /** Children through down_revision or depends_on (Alembic's _all_nextrev). */
  allChildren: string[];
  /** depends_on targets resolved to revision ids (branch labels resolve to their revision). */
  resolvedDependsOn: string[];
}

export interface DanglingReference {
  from: RevisionNode;
  kind: 'down_revision' | 'depends_on';
  target: StringLiteral;
}

export interface DuplicateRevision {
  id: string;
  files: MigrationFile[];
}

export interface DuplicateLabel {
  label: string;
  /** Every file declaring the label, plus the revision whose id equals it, if any. */
  files: MigrationFile[];
  clashesWithRevisionId: boolean;
}

export interface RevisionGraph {
  /** Revision id → node (the first file wins when an id is duplicated). */
  nodes: Map<string, RevisionNode>;
  /** Alembic's `heads` (what `alembic heads` prints), in file order. */
  heads: string[];
  /** Heads that nothing depends on either (Alembic's _real_heads). */
  realHeads: string[];
  bases: string[];
  /** Branch label → the revision declaring it. */
  labels: Map<string, string>;
  /** Topological order from the bases up (down_revision and depends_on edges); revisions in cycles are left out. */
  upgradeOrder: string[];
  /** Every strongly connected component with a cycle, each in a stable order. */
  cycles: string[][];
  dangling: DanglingReference[];
  duplicates: DuplicateRevision[];
  duplicateLabels: DuplicateLabel[];
  /** Groups of heads (size ≥ 2) that share a branch: `alembic upgrade head` is ambiguous there. */
  headConflicts: string[][];
}

export const ILLEGAL_REVISION_CHARACTERS = ['@', '-', '+', ':'];

export function invalidCharacters(id: string): string[] {
  return ILLEGAL_REVISION_CHARACTERS.filter((c) => id.includes(c));
}

const literalValues = (literals: StringLiteral[] | null | undefined): StringLiteral[] => literals ?? [];

/** The revision id a file declares, when it is a plain string literal. */
export function revisionIdOf(file: MigrationFile): string | undefined {
  const assignment = file.identifiers.revision;
  if (!assignment || assignment.unresolved || !assignment.values || assignment.values.length !== 1) return undefined;
  return assignment.values[0].value;
}

/**
 * Most revisions have no children, no depends_on and no branch label: they share these empty,
 * frozen values until something is added (withItem, addLabel), so a graph of thousands of
 * revisions is cheap to rebuild on every keystroke that changes an identifier.
 */
const NO_IDS: string[] = Object.freeze([]) as unknown as string[];
const NO_LABELS: Set<string> = new Set();
Object.defineProperty(NO_LABELS, 'add', {
  value: () => {
    throw new TypeError('a revision without branch labels shares this empty set: use addLabel');
  },
});

/** `list` with `id` appended unless already there (the shared empty list is replaced, never changed). */
function withItem(list: string[], id: string): string[] {
  if (list === NO_IDS) return [id];
  if (!list.includes(id)) list.push(id);
  return list;
}

function addLabel(node: RevisionNode, label: string): void {
  if (node.branchLabels === NO_LABELS) node.branchLabels = new Set([label]);
  else node.branchLabels.add(label);
}

/** Range of the file's `revision = '…'` literal, else its first line: where revision-level findings point. */
export function revisionRange(file: MigrationFile): Range {
  return file.identifiers.revision?.values?.[0]?.range ?? file.headRange;
}

export function buildGraph(files: readonly MigrationFile[]): RevisionGraph {
  const nodes = new Map<string, RevisionNode>();
  /** Revision id → every file declaring it, for the ids declared more than once. */
  const repeated = new Map<string, MigrationFile[]>();
  for (const file of files) {
    const id = revisionIdOf(file);
    if (id === undefined || id === '') continue;
    const first = nodes.get(id);
    if (first) {
      const list = repeated.get(id);
      if (list) list.push(file);
      else repeated.set(id, [first.file, file]);
      continue;
    }
    nodes.set(id, {
      id,
      file,
      downRevisions: stringValues(file, 'down_revision'),
      dependsOn: stringValues(file, 'depends_on'),
      ownBranchLabels: stringValues(file, 'branch_labels'),
      branchLabels: NO_LABELS,
      children: NO_IDS,
      allChildren: NO_IDS,
      resolvedDependsOn: NO_IDS,
    });
  }
  // In the order the ids first appear, as Alembic lists them.
  const duplicates: DuplicateRevision[] = [];
  if (repeated.size) for (const id of nodes.keys()) if (repeated.has(id)) duplicates.push({ id, files: repeated.get(id)! });

  // Branch labels, checked the way Alembic does: a label may not repeat nor equal a revision id.
  const labels = new Map<string, string>();
  const labelFiles = new Map<string, MigrationFile[]>();
  for (const node of nodes.values()) {
    for (const label of node.ownBranchLabels) {
      if (!labels.has(label)) labels.set(label, node.id);
      const list = labelFiles.get(label) ?? [];
      list.push(node.file);
      labelFiles.set(label, list);
    }
  }
  const duplicateLabels: DuplicateLabel[] = [];
  for (const [label, list] of labelFiles) {
    const clash = nodes.get(label);
    if (list.length > 1 || clash) {
      duplicateLabels.push({ label, files: clash && !list.includes(clash.file) ? [...list, clash.file] : list, clashesWithRevisionId: !!clash });
    }
  }

  // Edges. depends_on may name a revision or a branch label (Alembic looks both up in one map).
  const dangling: DanglingReference[] = [];
  for (const node of nodes.values()) {
    for (const literal of literalValues(node.file.identifiers.down_revision?.values)) {
      const parent = nodes.get(literal.value);
      if (!parent) {
        dangling.push({ from: node, kind: 'down_revision', target: literal });
        continue;
      }
      parent.children = withItem(parent.children, node.id);
      parent.allChildren = withItem(parent.allChildren, node.id);
    }
    for (const literal of literalValues(node.file.identifiers.depends_on?.values)) {
      const target = nodes.get(literal.value) ?? nodes.get(labels.get(literal.value) ?? '');
      if (!target) {
        dangling.push({ from: node, kind: 'depends_on', target: literal });
        continue;
      }
      node.resolvedDependsOn = withItem(node.resolvedDependsOn, target.id);
      target.allChildren = withItem(target.allChildren, node.id);
    }
  }

  const heads: string[] = [];
  const realHeads: string[] = [];
  const bases: string[] = [];
  for (const node of nodes.values()) {
    if (node.children.length === 0) heads.push(node.id);
    if (node.allChildren.length === 0) realHeads.push(node.id);
    if (node.downRevisions.length === 0) bases.push(node.id);
  }

  propagateLabels(nodes);
  // Kahn's algorithm orders every revision exactly when there is no cycle: only then look for them.
  let upgradeOrder = topologicalOrder(nodes, new Set());
  let cycles: string[][] = [];
  if (upgradeOrder.length !== nodes.size) {
    cycles = findCycles(nodes);
    upgradeOrder = topologicalOrder(nodes, new Set(cycles.flat()));
  }
  return {
    nodes,
    heads,
    realHeads,
    bases,
    labels,
    upgradeOrder,
    cycles,
    dangling,
    duplicates,
    duplicateLabels,
    headConflicts: conflictingHeads(nodes, heads),
  };
}

function dedupe<T>(values: T[]): T[] {
  return values.length < 2 ? values : [...new Set(values)];
}

/** The distinct string values of an identifier; none when it is absent or unresolved. */
function stringValues(file: MigrationFile, name: 'down_revision' | 'depends_on' | 'branch_labels'): string[] {
  const assignment = file.identifiers[name];
  if (!assignment || assignment.unresolved || !assignment.values) return [];
  return dedupe(assignment.values.map((v) => v.value));
}

/**
 * Alembic's _add_branches: labels flow to every descendant (through down_revision), then down the
 * down_revision chain from the last descendant Alembic visited, stopping at a merge point or a
 * "real" branch point (two children counting depends_on). When the descendants fork, that walk
 * ends at the fork whichever tip Alembic visited last, so only a straight line of descendants
 * (no merge, no real branch point on it) lets the labels reach the ancestors.
 */
function propagateLabels(nodes: Map<string, RevisionNode>): void {
  for (const node of nodes.values()) {
    if (node.ownBranchLabels.length === 0) continue;
    const label = (target: RevisionNode) => {
      for (const name of node.ownBranchLabels) addLabel(target, name);
    };
    const stack = [node.id];
    const seen = new Set<string>();
    while (stack.length) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const current = nodes.get(id)!;
      label(current);
      stack.push(...current.children);
    }
    let tip = node;
    const line = new Set([node.id]);
    while (tip.children.length === 1 && !line.has(tip.children[0])) {
      tip = nodes.get(tip.children[0])!;
      line.add(tip.id);
    }
    if (tip.children.length > 1) continue;
    let parent: RevisionNode | undefined = tip;
    const walked = new Set<string>();
    while (parent && !walked.has(parent.id) && parent.allChildren.length <= 1 && parent.downRevisions.length <= 1) {
      walked.add(parent.id);
      label(parent);
      parent = parent.downRevisions.length ? nodes.get(parent.downRevisions[0]) : undefined;
    }
  }
}

/** Heads that share a branch label, or that carry no label at all, compete for `head`. */
function conflictingHeads(nodes: Map<string, RevisionNode>, heads: string[]): string[][] {
  if (heads.length < 2) return [];
  // Union-find over heads: join two heads when their label sets meet or are both empty.
  const parent = new Map(heads.map((h) => [h, h]));
  const find = (h: string): string => {
    let root = h;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(h, root);
    return root;
  };
  const byLabel = new Map<string, string>();
  let unlabeled: string | undefined;
  for (const head of heads) {
    const labelsHere = nodes.get(head)!.branchLabels;
    if (labelsHere.size === 0) {
      if (unlabeled) parent.set(find(head), find(unlabeled));
      else unlabeled = head;
    }
    for (const label of labelsHere) {
      const other = byLabel.get(label);
      if (other) parent.set(find(head), find(other));
      else byLabel.set(label, head);
    }
  }
  const groups = new Map<string, string[]>();
  for (const head of heads) {
    const root = find(head);
    const list = groups.get(root) ?? [];
    list.push(head);
    groups.set(root, list);
  }
  return [...groups.values()].filter((group) => group.length > 1);
}

/** Tarjan's strongly connected components, iterative (a 10,000-long chain must not overflow the stack). */
function findCycles(nodes: Map<string, RevisionNode>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  const edgesOf = (id: string): string[] => {
    const node = nodes.get(id)!;
    const edges = node.downRevisions.length === 1 && nodes.has(node.downRevisions[0]) ? [...node.downRevisions] : node.downRevisions.filter((d) => nodes.has(d));
    for (const target of node.resolvedDependsOn) edges.push(target);
    return edges;
  };
  for (const start of nodes.keys()) {
    if (index.has(start)) continue;
    const work: { id: string; edges: string[]; next: number }[] = [];
    const visit = (id: string) => {
      index.set(id, counter);
      low.set(id, counter);
      counter++;
      stack.push(id);
      onStack.add(id);
      work.push({ id, edges: edgesOf(id), next: 0 });
    };
    visit(start);
    while (work.length) {
      const frame = work[work.length - 1];
      if (frame.next < frame.edges.length) {
        const target = frame.edges[frame.next++];
        if (!index.has(target)) visit(target);
        else if (onStack.has(target)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(target)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const caller = work[work.length - 1].id;
        low.set(caller, Math.min(low.get(caller)!, low.get(frame.id)!));
      }
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        const selfLoop = component.length === 1 && frame.edges.includes(frame.id);
        if (component.length > 1 || selfLoop) cycles.push(component.reverse());
      }
    }
  }
  return cycles;
}

/** How many distinct revisions `node` comes after (existing down_revisions and resolved depends_on). */
function distinctParents(node: RevisionNode, nodes: Map<string, RevisionNode>): number {
  const { downRevisions, resolvedDependsOn } = node;
  if (resolvedDependsOn.length === 0 && downRevisions.length === 1) return nodes.has(downRevisions[0]) ? 1 : 0;
  return dedupe([...downRevisions.filter((d) => nodes.has(d)), ...resolvedDependsOn]).length;
}

/** Kahn's algorithm from the bases up, in file order among revisions that are ready together. */
function topologicalOrder(nodes: Map<string, RevisionNode>, excluded: Set<string>): string[] {
  const pending = new Map<string, number>();
  const ready: string[] = [];
  for (const node of nodes.values()) {
    if (excluded.has(node.id)) continue;
    const parents = distinctParents(node, nodes);
    pending.set(node.id, parents);
    if (parents === 0) ready.push(node.id);
  }
  const order: string[] = [];
  for (let i = 0; i < ready.length; i++) {
    const id = ready[i];
    order.push(id);
    for (const child of nodes.get(id)!.allChildren) {
      const left = pending.get(child);
      if (left === undefined) continue;
      pending.set(child, left - 1);
      if (left === 1) ready.push(child);
    }
  }
  // A revision downstream of a cycle never becomes ready; it is reported through the cycle.
  return order;
}

/**
 * Resolves what a user types where Alembic accepts a revision: a full id, a unique prefix of four
 * or more characters, a branch label, `label@head`, `head`/`heads`/`base`.
 */
export type Resolution = { ok: true; ids: string[] } | { ok: false; reason: string; candidates?: string[] };

export function resolveRevision(graph: RevisionGraph, text: string): Resolution {
  const ref = text.trim();
  if (ref === 'base') return { ok: true, ids: [] };
  if (ref === 'heads') return { ok: true, ids: [...graph.heads] };
  if (ref === 'head') {
    if (graph.heads.length === 1) return { ok: true, ids: [...graph.heads] };
    return { ok: false, reason: graph.heads.length ? `"head" is ambiguous: there are ${graph.heads.length} heads (${graph.heads.join(', ')}); name one, or use "heads"` : 'there are no revisions', candidates: [...graph.heads] };
  }
  const at = ref.indexOf('@');
  if (at > 0) {
    const branch = ref.slice(0, at);
    const target = ref.slice(at + 1);
    if (target !== 'head' && target !== 'base') return { ok: false, reason: `"${ref}": only label@head and label@base are understood here` };
    const labelled = [...graph.nodes.values()].filter((n) => n.branchLabels.has(branch));
    if (labelled.length === 0) {
      const byId = resolveRevision(graph, branch);
      if (!byId.ok || byId.ids.length !== 1) return { ok: false, reason: `no branch labelled "${branch}"` };
      // rev@head: the heads descending from that revision.
      const from = byId.ids[0];
      const heads = graph.heads.filter((h) => h === from || descends(graph, h, from));
      return heads.length === 1 ? { ok: true, ids: heads } : { ok: false, reason: `"${ref}" matches ${heads.length} heads`, candidates: heads };
    }
    if (target === 'base') return { ok: true, ids: labelled.filter((n) => n.downRevisions.every((d) => !graph.nodes.get(d)?.branchLabels.has(branch))).map((n) => n.id) };
    const heads = labelled.filter((n) => n.children.every((c) => !graph.nodes.get(c)?.branchLabels.has(branch))).map((n) => n.id);
    return heads.length === 1 ? { ok: true, ids: heads } : { ok: false, reason: `branch "${branch}" has ${heads.length} heads: ${heads.join(', ')}`, candidates: heads };
  }
  if (graph.nodes.has(ref)) return { ok: true, ids: [ref] };
  const labelled = graph.labels.get(ref);
  if (labelled) return { ok: true, ids: [labelled] };
  if (ref.length < 4) return { ok: false, reason: `"${ref}" is not a revision; a partial id needs at least 4 characters` };
  const matches = [...graph.nodes.keys()].filter((id) => id.startsWith(ref));
  if (matches.length === 1) return { ok: true, ids: matches };
  if (matches.length === 0) return { ok: false, reason: `no revision "${ref}"` };
  return { ok: false, reason: `"${ref}" is ambiguous: ${matches.join(', ')}`, candidates: matches };
}

/** True when `id` has `ancestor` somewhere below it (through down_revision and depends_on). */
export function descends(graph: RevisionGraph, id: string, ancestor: string): boolean {
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length) {
    const current = graph.nodes.get(stack.pop()!);
    if (!current || seen.has(current.id)) continue;
    seen.add(current.id);
    for (const parent of [...current.downRevisions, ...current.resolvedDependsOn]) {
      if (parent === ancestor) return true;
      stack.push(parent);
    }
  }
  return false;
}

/** The existing ids closest to a dangling reference: unique prefix/extension matches first, then small edit distance. */
export function closestRevisions(graph: RevisionGraph, target: string, limit = 3): string[] {
  const ids = [...graph.nodes.keys()];
  const prefixed = ids.filter((id) => id.startsWith(target) || (target.length >= 4 && target.startsWith(id)));
  if (prefixed.length) return prefixed.slice(0, limit);
  const scored = ids
    .map((id) => ({ id, distance: editDistance(id, target, Math.max(2, Math.floor(target.length / 3))) }))
    .filter((s) => s.distance <= Math.max(2, Math.floor(target.length / 3)))
    .sort((a, b) => a.distance - b.distance || a.id.localeCompare(b.id));
  return scored.slice(0, limit).map((s) => s.id);
}

/** Levenshtein distance, giving up (returning max + 1) once every path exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > max) return max + 1;
    previous = current;
  }
  return previous[b.length];
}
