// The revision graph of one project and the questions features ask it. Revision logic lives here
// once: roles (head, base, merge point, branch point), id-or-label lookup, partial ids, and walks
// up (descendants) and down (ancestors). Features, rules and reports ask the graph; they do not
// re-derive any of it from down_revision lists.
//
// A graph holds no MigrationFile of its own: nodes keep their file's path and read the file from
// a table (path → current parse). The language server's workspace owns that table and updates it
// when an edit leaves everything the graph reads unchanged (a function body), so the graph is
// kept as it is, not rebuilt nor patched.
import type { MigrationFile, StringLiteral } from '../model';
import { resolveRevision, MIN_PREFIX_LENGTH, type Resolution } from './resolution';
import type { RevisionRoles } from './roles';

/** Path → the file's current parse. */
export type FileTable = ReadonlyMap<string, MigrationFile>;

/**
 * One revision, as the file Alembic keeps for its id (the one it loads last) declares it. The
 * id lists are shared and must not be changed.
 */
export interface RevisionNode {
  readonly id: string;
  /** Absolute path of the file declaring the revision. */
  readonly path: string;
  /** The file's current parse (looked up by path in the graph's file table). */
  readonly file: MigrationFile;
  readonly downRevisions: string[];
  readonly dependsOn: string[];
  /** Labels declared in this file. */
  readonly ownBranchLabels: string[];
  /** Labels in effect here after Alembic's propagation (own + inherited). */
  readonly branchLabels: ReadonlySet<string>;
  /** Children through down_revision (Alembic's nextrev), in node order. */
  readonly children: string[];
  /** Children through down_revision or depends_on (Alembic's _all_nextrev). */
  readonly allChildren: string[];
  /** depends_on targets resolved to revision ids (branch labels resolve to their revision). */
  readonly resolvedDependsOn: string[];
}

export interface DanglingReference {
  from: RevisionNode;
  kind: 'down_revision' | 'depends_on';
  target: StringLiteral;
}

export interface DuplicateRevision {
  id: string;
  /** Every file declaring the id, in Alembic's load order: the last one is the one Alembic keeps. */
  paths: string[];
  /** The files of `paths`, as currently parsed. */
  readonly files: MigrationFile[];
}

export interface DuplicateLabel {
  label: string;
  /** Every file declaring the label, plus the revision whose id equals it, if any. */
  paths: string[];
  readonly files: MigrationFile[];
  clashesWithRevisionId: boolean;
}

/** Which way a walk follows the graph: down_revision edges only, or depends_on edges too. */
export type WalkEdges = 'down_revision' | 'all';

export interface WalkOptions {
  /** Include the starting revisions themselves (default false). */
  inclusive?: boolean;
  /** Default 'all': down_revision and depends_on, as Alembic orders upgrades. */
  via?: WalkEdges;
}

export interface GraphParts {
  nodes: Map<string, RevisionNode>;
  heads: string[];
  realHeads: string[];
  bases: string[];
  labels: Map<string, string>;
  upgradeOrder: string[];
  cycles: string[][];
  dangling: DanglingReference[];
  duplicates: DuplicateRevision[];
  duplicateLabels: DuplicateLabel[];
  headConflicts: string[][];
}

export class RevisionGraph {
  /** Revision id → node, in the order the ids first load (Alembic's OrderedDict); a duplicated id maps to the file loaded last. */
  readonly nodes: ReadonlyMap<string, RevisionNode>;
  /**
   * What `alembic heads` prints (RevisionMap.heads), each id once, in load order. Besides the
   * revisions without down_revision children it holds every id declared more than once: Alembic
   * keeps the earlier files' revisions among its heads though they are no longer in its map.
   */
  readonly heads: string[];
  /** Heads that nothing depends on either (Alembic's _real_heads), duplicated ids included as in `heads`. */
  readonly realHeads: string[];
  /** Revisions without down_revision (RevisionMap.bases), an id declared more than once included when an earlier file of it has none. */
  readonly bases: string[];
  /** Branch label → the revision declaring it (the first file in load order). */
  readonly labels: ReadonlyMap<string, string>;
  /** Topological order from the bases up (down_revision and depends_on edges); revisions in cycles are left out. */
  readonly upgradeOrder: string[];
  /** Every strongly connected component with a cycle, each in a stable order. */
  readonly cycles: string[][];
  readonly dangling: DanglingReference[];
  readonly duplicates: DuplicateRevision[];
  readonly duplicateLabels: DuplicateLabel[];
  /** Groups of heads (size ≥ 2) that share a branch: `alembic upgrade head` is ambiguous there. */
  readonly headConflicts: string[][];

  constructor(parts: GraphParts) {
    this.nodes = parts.nodes;
    this.heads = parts.heads;
    this.realHeads = parts.realHeads;
    this.bases = parts.bases;
    this.labels = parts.labels;
    this.upgradeOrder = parts.upgradeOrder;
    this.cycles = parts.cycles;
    this.dangling = parts.dangling;
    this.duplicates = parts.duplicates;
    this.duplicateLabels = parts.duplicateLabels;
    this.headConflicts = parts.headConflicts;
  }

  // ---- lookup --------------------------------------------------------------------------------

  /** The revision with this exact id. */
  node(id: string): RevisionNode | undefined {
    return this.nodes.get(id);
  }

  /**
   * The revision an id or a branch label names, as Alembic's map answers it (depends_on, `label`
   * arguments): the id first, then the label. No prefixes: see resolve() and uniquePrefix().
   */
  lookup(idOrLabel: string): RevisionNode | undefined {
    const node = this.nodes.get(idOrLabel);
    if (node) return node;
    const labelled = this.labels.get(idOrLabel);
    return labelled === undefined ? undefined : this.nodes.get(labelled);
  }

  /** Every id starting with `prefix`, in node order. */
  idsWithPrefix(prefix: string): string[] {
    const ids: string[] = [];
    for (const id of this.nodes.keys()) if (id.startsWith(prefix)) ids.push(id);
    return ids;
  }

  /** The one revision whose id starts with `prefix` (of at least MIN_PREFIX_LENGTH characters, as Alembic asks), if exactly one does. */
  uniquePrefix(prefix: string): RevisionNode | undefined {
    if (prefix.length < MIN_PREFIX_LENGTH) return undefined;
    let found: RevisionNode | undefined;
    for (const [id, node] of this.nodes) {
      if (!id.startsWith(prefix)) continue;
      if (found) return undefined;
      found = node;
    }
    return found;
  }

  /** Resolves what Alembic accepts as a revision argument: id, unique prefix, label, label@head, head(s), base. */
  resolve(text: string): Resolution {
    return resolveRevision(this, text);
  }

  // ---- roles -----------------------------------------------------------------------------------

  /** The roles of a revision as Alembic's Revision computes them; undefined for an unknown id. */
  roles(id: string): RevisionRoles | undefined {
    const node = this.nodes.get(id);
    if (!node) return undefined;
    return {
      isHead: node.children.length === 0,
      isRealHead: node.allChildren.length === 0,
      isBase: node.downRevisions.length === 0,
      isMergePoint: node.downRevisions.length > 1,
      isBranchPoint: node.children.length > 1,
    };
  }

  /** Every revision id, bases up (upgrade order), then those a cycle keeps out of that order, in file order. */
  orderedIds(): string[] {
    const ordered = new Set(this.upgradeOrder);
    return [...this.upgradeOrder, ...[...this.nodes.keys()].filter((id) => !ordered.has(id))];
  }

  // ---- walks -----------------------------------------------------------------------------------

  /**
   * Every revision below `from` (one id or several): their down_revisions and, by default, their
   * resolved depends_on, transitively. One pass however many starting ids (each revision is
   * visited once), so "what is applied" is `ancestors(versionTableRows, { inclusive: true })`.
   * Unknown ids are skipped; a cycle does not loop.
   */
  ancestors(from: string | Iterable<string>, options: WalkOptions = {}): Set<string> {
    const all = (options.via ?? 'all') === 'all';
    return this.walk(from, options.inclusive ?? false, (node) =>
      all && node.resolvedDependsOn.length ? [...node.downRevisions, ...node.resolvedDependsOn] : node.downRevisions,
    );
  }

  /** Every revision above `from` (one id or several), through children and, by default, depends_on dependents. */
  descendants(from: string | Iterable<string>, options: WalkOptions = {}): Set<string> {
    const all = (options.via ?? 'all') === 'all';
    return this.walk(from, options.inclusive ?? false, (node) => (all ? node.allChildren : node.children));
  }

  /** True when `ancestor` is below `id` (through down_revision and depends_on); a revision is not its own ancestor unless in a cycle. */
  descends(id: string, ancestor: string): boolean {
    const seen = new Set<string>();
    const stack = [id];
    while (stack.length) {
      const current = this.nodes.get(stack.pop()!);
      if (!current || seen.has(current.id)) continue;
      seen.add(current.id);
      for (const parent of current.downRevisions) {
        if (parent === ancestor) return true;
        stack.push(parent);
      }
      for (const parent of current.resolvedDependsOn) {
        if (parent === ancestor) return true;
        stack.push(parent);
      }
    }
    return false;
  }

  private walk(from: string | Iterable<string>, inclusive: boolean, next: (node: RevisionNode) => readonly string[]): Set<string> {
    const starts = typeof from === 'string' ? [from] : [...from];
    const seen = new Set<string>();
    const stack: string[] = [];
    for (const id of starts) {
      const node = this.nodes.get(id);
      if (!node) continue;
      if (inclusive) seen.add(id);
      stack.push(...next(node));
    }
    while (stack.length) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      const node = this.nodes.get(id);
      if (!node) continue;
      seen.add(id);
      for (const target of next(node)) if (!seen.has(target)) stack.push(target);
    }
    return seen;
  }
}
