// Builds the revision graph with Alembic's own semantics (alembic/script/revision.py
// RevisionMap._revision_map): heads ignore depends_on children, "real" heads count them; bases
// have no down_revision; branch labels spread to descendants and down the ancestor chain until a
// branch or merge point. It also keeps every fault Alembic would trip over (dangling targets,
// duplicate ids and labels, invalid ids, cycles).
//
// Files come in Alembic's load order (discovery.listMigrationFiles). When several declare one id,
// Alembic warns and its map keeps the file loaded last, at the position the id first took; the
// earlier files' revisions stay among its heads (and bases) and their labels still count.
import type { MigrationFile } from '../model';
import { orderAndCycles } from './cycles';
import { revisionIdOf, stringValues } from './files';
import { RevisionGraph, type DanglingReference, type DuplicateLabel, type DuplicateRevision, type FileTable, type RevisionNode } from './revisionGraph';

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

/** A node under construction; the graph hands it out as a read-only RevisionNode. */
class Node implements RevisionNode {
  branchLabels: Set<string> = NO_LABELS;
  children: string[] = NO_IDS;
  allChildren: string[] = NO_IDS;
  resolvedDependsOn: string[] = NO_IDS;
  readonly path: string;
  readonly downRevisions: string[];
  readonly dependsOn: string[];
  readonly ownBranchLabels: string[];

  constructor(
    readonly id: string,
    source: MigrationFile,
    private readonly table: FileTable,
  ) {
    this.downRevisions = stringValues(source, 'down_revision');
    this.dependsOn = stringValues(source, 'depends_on');
    this.ownBranchLabels = stringValues(source, 'branch_labels');
    this.path = source.path;
  }

  get file(): MigrationFile {
    return this.table.get(this.path)!;
  }
}

/** `list` with `id` appended unless already there (the shared empty list is replaced, never changed). */
function withItem(list: string[], id: string): string[] {
  if (list === NO_IDS) return [id];
  if (!list.includes(id)) list.push(id);
  return list;
}

function addLabel(node: Node, label: string): void {
  if (node.branchLabels === NO_LABELS) node.branchLabels = new Set([label]);
  else node.branchLabels.add(label);
}

/** Path → file, for a graph built without a table of its own. */
export function fileTableOf(files: readonly MigrationFile[]): Map<string, MigrationFile> {
  return new Map(files.map((file) => [file.path, file]));
}

/**
 * The graph of `files`, given in Alembic's load order. Nodes read their files through `table`
 * (by path); the caller may later point a path at a newer parse that declares the same things.
 */
export function buildGraph(files: readonly MigrationFile[], table: FileTable = fileTableOf(files)): RevisionGraph {
  const nodes = new Map<string, Node>();
  /** Files with a revision id, in load order; `kept` is false for those a later file of the same id replaces. */
  const loaded: { id: string; file: MigrationFile; kept: boolean }[] = [];
  /** Id → its entries of `loaded`, for the ids declared more than once. */
  const repeated = new Map<string, { id: string; file: MigrationFile; kept: boolean }[]>();
  const first = new Map<string, (typeof loaded)[number]>();
  /** Id → the file Alembic keeps for it. */
  const keptFile = new Map<string, MigrationFile>();
  for (const file of files) {
    const id = revisionIdOf(file);
    if (id === undefined || id === '') continue;
    const entry = { id, file, kept: true };
    loaded.push(entry);
    const earlier = first.get(id);
    if (earlier) {
      const list = repeated.get(id) ?? [earlier];
      list[list.length - 1].kept = false;
      list.push(entry);
      repeated.set(id, list);
    } else first.set(id, entry);
    // Last loaded wins; a Map keeps the position the id took first, as Alembic's OrderedDict does.
    nodes.set(id, new Node(id, file, table));
    keptFile.set(id, file);
  }
  // In the order the ids first appear, as Alembic warns about them.
  const duplicates: DuplicateRevision[] = [];
  if (repeated.size)
    for (const id of nodes.keys()) {
      const entries = repeated.get(id);
      if (!entries) continue;
      const paths = entries.map((entry) => entry.file.path);
      duplicates.push({
        id,
        paths,
        get files() {
          return paths.map((p) => table.get(p)!);
        },
      });
    }

  // Branch labels, checked the way Alembic does (_map_branch_labels, over every loaded revision,
  // a replaced one included): a label may not repeat nor equal a revision id.
  const labels = new Map<string, string>();
  const labelPaths = new Map<string, string[]>();
  for (const { id, file, kept: isKept } of loaded) {
    const own = isKept ? nodes.get(id)!.ownBranchLabels : stringValues(file, 'branch_labels');
    for (const label of own) {
      if (!labels.has(label)) labels.set(label, id);
      const list = labelPaths.get(label);
      if (list) list.push(file.path);
      else labelPaths.set(label, [file.path]);
    }
  }
  const duplicateLabels: DuplicateLabel[] = [];
  for (const [label, list] of labelPaths) {
    const clash = nodes.get(label);
    if (list.length > 1 || clash) {
      const paths = clash && !list.includes(clash.path) ? [...list, clash.path] : list;
      duplicateLabels.push({
        label,
        paths,
        get files() {
          return paths.map((p) => table.get(p)!);
        },
        clashesWithRevisionId: !!clash,
      });
    }
  }

  // Edges, from the kept revisions only, in node order. depends_on may name a revision or a
  // branch label (Alembic looks both up in one map).
  const dangling: DanglingReference[] = [];
  for (const node of nodes.values()) {
    const file = keptFile.get(node.id)!;
    for (const literal of file.identifiers.down_revision?.values ?? []) {
      const parent = nodes.get(literal.value);
      if (!parent) {
        dangling.push({ from: node, kind: 'down_revision', target: literal });
        continue;
      }
      parent.children = withItem(parent.children, node.id);
      parent.allChildren = withItem(parent.allChildren, node.id);
    }
    for (const literal of file.identifiers.depends_on?.values ?? []) {
      const target = nodes.get(literal.value) ?? nodes.get(labels.get(literal.value) ?? '');
      if (!target) {
        dangling.push({ from: node, kind: 'depends_on', target: literal });
        continue;
      }
      node.resolvedDependsOn = withItem(node.resolvedDependsOn, target.id);
      target.allChildren = withItem(target.allChildren, node.id);
    }
  }

  // Alembic adds every loaded revision to its heads and discards those the map's revisions revise:
  // a replaced revision is never discarded.
  const heads = new Set<string>();
  const realHeads = new Set<string>();
  const bases = new Set<string>();
  for (const entry of loaded) {
    const node = nodes.get(entry.id)!;
    if (!entry.kept || node.children.length === 0) heads.add(entry.id);
    if (!entry.kept || node.allChildren.length === 0) realHeads.add(entry.id);
    if (entry.kept ? node.downRevisions.length === 0 : stringValues(entry.file, 'down_revision').length === 0) bases.add(entry.id);
  }

  propagateLabels(nodes);
  const { upgradeOrder, cycles } = orderAndCycles(nodes);
  // A replaced revision listed among the heads is reported as a duplicate, not as a competing head.
  const keptHeads = [...heads].filter((id) => nodes.get(id)!.children.length === 0);
  return new RevisionGraph({
    nodes,
    heads: [...heads],
    realHeads: [...realHeads],
    bases: [...bases],
    labels,
    upgradeOrder,
    cycles,
    dangling,
    duplicates,
    duplicateLabels,
    headConflicts: conflictingHeads(nodes, keptHeads),
  });
}

/**
 * Alembic's _add_branches: labels flow to every descendant (through down_revision), then down the
 * down_revision chain from the last descendant Alembic visited, stopping at a merge point or a
 * "real" branch point (two children counting depends_on). When the descendants fork, that walk
 * ends at the fork whichever tip Alembic visited last, so only a straight line of descendants
 * (no merge, no real branch point on it) lets the labels reach the ancestors.
 */
function propagateLabels(nodes: Map<string, Node>): void {
  for (const node of nodes.values()) {
    if (node.ownBranchLabels.length === 0) continue;
    const label = (target: Node) => {
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
    let parent: Node | undefined = tip;
    const walked = new Set<string>();
    while (parent && !walked.has(parent.id) && parent.allChildren.length <= 1 && parent.downRevisions.length <= 1) {
      walked.add(parent.id);
      label(parent);
      parent = parent.downRevisions.length ? nodes.get(parent.downRevisions[0]) : undefined;
    }
  }
}

/** Heads that share a branch label, or that carry no label at all, compete for `head`. */
function conflictingHeads(nodes: Map<string, Node>, heads: string[]): string[][] {
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
