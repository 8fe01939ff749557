// The revision graph's layout, shared by `alembic-lint graph --format svg` (Node) and the editor's
// graph panel (computed in the extension host, drawn on a canvas in the webview): one revision per
// row, newest (heads) at the top, bases at the bottom, and lanes for branches, as `git log --graph`
// and `alembic history` read. Lanes come from d3-dag's grid layout (laneGreedy: an edge leaves a
// revision sideways into the lane of its other end, then runs straight along that lane, so no edge
// crosses a revision): measured against elkjs layered, dagre and d3-dag sugiyama on 5,000
// revisions (test/bench/layout.mjs), it is the only one fast enough to lay out a long history
// (tens of ms where the others take seconds or overflow the stack).
//
// What the layout adds to the graph: a ghost node for each parent no file defines (its edge
// `dangling`), and `cycle` on every down_revision edge inside a cycle (only the edges closing a
// cycle are left out of the lane assignment, so the rest still lays out).
//
// Pure: no I/O, no DOM, no vscode; positions are in grid units (lane, row), graphGeometry.ts maps them.
import { graphStratify, grid, laneGreedy, type GraphNode } from 'd3-dag';
import { findStronglyConnectedCycles } from '../engine/graph/cycles';

/** What the layout needs of a revision (RevisionSummary and the CLI's GraphRevision both map onto it). */
export interface LayoutRevision {
  id: string;
  /** down_revision as written. */
  downRevisions: readonly string[];
  /** depends_on, resolved to revision ids where possible. */
  dependsOn?: readonly string[];
  /** Branch labels in effect on the revision. */
  branches?: readonly string[];
}

export interface LayoutNode {
  id: string;
  /** 0 = top (newest). */
  row: number;
  /** 0 = leftmost. */
  lane: number;
  /** A parent no revision file defines (a dangling down_revision or depends_on). */
  ghost: boolean;
  /** Index in the input, -1 for a ghost. */
  index: number;
}

export interface LayoutEdge {
  /** The newer revision (the one naming the other in down_revision / depends_on). */
  child: string;
  parent: string;
  kind: 'down' | 'dependsOn';
  /** Both ends in one cycle of down_revision / depends_on. */
  cycle: boolean;
  /** The parent is a ghost. */
  dangling: boolean;
  /** [lane, row] points from the child to the parent: straight runs along lanes and rows. */
  route: [number, number][];
}

export interface LaneTitle {
  label: string;
  lane: number;
  /** The row of the revision where the label first applies (the top of its stretch of lane). */
  row: number;
}

export interface GraphLayout {
  /** Sorted by row. */
  nodes: LayoutNode[];
  edges: LayoutEdge[];
  lanes: number;
  rows: number;
  laneTitles: LaneTitle[];
}

/**
 * Lays out the revisions, given in upgrade order (bases first; the order breaks ties between
 * revisions the graph does not order). Deterministic.
 */
export function layoutGraph(revisions: readonly LayoutRevision[]): GraphLayout {
  const byId = new Map<string, number>();
  revisions.forEach((revision, index) => {
    if (!byId.has(revision.id)) byId.set(revision.id, index);
  });
  // Ghosts: parents no file defines, each placed just below its first child.
  const ghostRank = new Map<string, number>();
  const parentsOf = new Map<string, { parent: string; kind: 'down' | 'dependsOn' }[]>();
  revisions.forEach((revision, index) => {
    if (parentsOf.has(revision.id)) return; // a duplicate id: the first file wins, as for the graph
    const parents: { parent: string; kind: 'down' | 'dependsOn' }[] = [];
    const seen = new Set<string>();
    const add = (parent: string, kind: 'down' | 'dependsOn') => {
      if (seen.has(parent) || parent === '') return;
      seen.add(parent);
      parents.push({ parent, kind });
      if (!byId.has(parent) && !ghostRank.has(parent)) ghostRank.set(parent, index - 0.5);
    };
    for (const parent of revision.downRevisions) add(parent, 'down');
    for (const parent of revision.dependsOn ?? []) add(parent, 'dependsOn');
    parentsOf.set(revision.id, parents);
  });

  const ids = [...byId.keys(), ...ghostRank.keys()];
  const rankOf = (id: string) => byId.get(id) ?? ghostRank.get(id)!;
  const inCycle = cycleMembers(ids, (id) => (parentsOf.get(id) ?? []).map((p) => p.parent));

  // The lane assignment sees the down_revision edges that do not close a cycle (a DFS from the
  // bases in input order: an edge to a revision still on the stack is a back edge).
  const layoutParents = acyclicDownParents(ids, parentsOf);
  const dag = graphStratify()(ids.map((id) => ({ id, parentIds: layoutParents.get(id) ?? [] })));
  grid()
    .lane(laneGreedy())
    .rank((node: GraphNode<{ id: string; parentIds: string[] }, undefined>) => rankOf(node.data.id))
    .nodeSize([1, 1])
    .gap([0, 0])(dag);

  const rows = ids.length;
  const place = new Map<string, { lane: number; row: number }>();
  for (const node of dag.nodes()) {
    // d3-dag puts the bases first (y = 0.5 at the top); rows count from the newest.
    place.set((node.data as { id: string }).id, { lane: Math.round(node.x - 0.5), row: rows - 1 - Math.round(node.y - 0.5) });
  }
  const routes = new Map<string, [number, number][]>();
  for (const link of dag.links()) {
    const parent = (link.source.data as { id: string }).id;
    const child = (link.target.data as { id: string }).id;
    const points = link.points.map(([x, y]): [number, number] => [Math.round(x - 0.5), rows - 1 - Math.round(y - 0.5)]);
    routes.set(`${child}\n${parent}`, points.reverse());
  }

  const nodes: LayoutNode[] = ids.map((id) => ({ id, ...place.get(id)!, ghost: !byId.has(id), index: byId.get(id) ?? -1 }));
  nodes.sort((a, b) => a.row - b.row);
  const edges: LayoutEdge[] = [];
  for (const id of byId.keys()) {
    for (const { parent, kind } of parentsOf.get(id) ?? []) {
      const from = place.get(id)!;
      const to = place.get(parent)!;
      // A depends_on edge is drawn as a dashed curve straight from one to the other.
      const route: [number, number][] =
        kind === 'down'
          ? (routes.get(`${id}\n${parent}`) ?? straightRoute(from, to))
          : [
              [from.lane, from.row],
              [to.lane, to.row],
            ];
      edges.push({ child: id, parent, kind, cycle: inCycle.has(id) && inCycle.get(id) === inCycle.get(parent), dangling: !byId.has(parent), route });
    }
  }
  const lanes = nodes.reduce((max, node) => Math.max(max, node.lane + 1), 0);
  return { nodes, edges, lanes, rows, laneTitles: laneTitles(revisions, byId, place) };
}

/** An edge the lane assignment did not route (one closing a cycle): sideways at the child's row, then along the parent's lane. */
function straightRoute(from: { lane: number; row: number }, to: { lane: number; row: number }): [number, number][] {
  if (from.lane === to.lane)
    return [
      [from.lane, from.row],
      [to.lane, to.row],
    ];
  return [
    [from.lane, from.row],
    [to.lane, from.row],
    [to.lane, to.row],
  ];
}

/** down_revision parents without the edges closing a cycle (iterative DFS from each node in order). */
function acyclicDownParents(ids: readonly string[], parentsOf: Map<string, { parent: string; kind: string }[]>): Map<string, string[]> {
  const downOf = (id: string) => (parentsOf.get(id) ?? []).filter((p) => p.kind === 'down').map((p) => p.parent);
  const state = new Map<string, 1 | 2>(); // 1 on the stack, 2 done
  const kept = new Map<string, string[]>();
  for (const start of ids) {
    if (state.has(start)) continue;
    const stack: { id: string; next: number; parents: string[] }[] = [{ id: start, next: 0, parents: downOf(start) }];
    state.set(start, 1);
    kept.set(start, []);
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (top.next >= top.parents.length) {
        state.set(top.id, 2);
        stack.pop();
        continue;
      }
      const parent = top.parents[top.next++];
      const seen = state.get(parent);
      if (seen === 1) continue; // closes a cycle: left out of the lanes
      kept.get(top.id)!.push(parent);
      if (seen === undefined) {
        state.set(parent, 1);
        kept.set(parent, []);
        stack.push({ id: parent, next: 0, parents: downOf(parent) });
      }
    }
  }
  return kept;
}

/** Revision → its strongly connected component's number, for the components of more than one revision (or a self-loop). */
function cycleMembers(ids: readonly string[], parents: (id: string) => string[]): Map<string, number> {
  const result = new Map<string, number>();
  findStronglyConnectedCycles(ids, parents).forEach((members, component) => {
    for (const id of members) result.set(id, component);
  });
  return result;
}

/** A label is titled where it starts: on the revision that has it while none of its down_revisions does. */
function laneTitles(revisions: readonly LayoutRevision[], byId: Map<string, number>, place: Map<string, { lane: number; row: number }>): LaneTitle[] {
  const titles: LaneTitle[] = [];
  for (const [id, index] of byId) {
    const revision = revisions[index];
    if (!revision.branches?.length) continue;
    const inherited = new Set<string>();
    for (const parent of revision.downRevisions) {
      const at = byId.get(parent);
      for (const label of at === undefined ? [] : (revisions[at].branches ?? [])) inherited.add(label);
    }
    const { lane, row } = place.get(id)!;
    for (const label of revision.branches) if (!inherited.has(label)) titles.push({ label, lane, row });
  }
  return titles.sort((a, b) => a.row - b.row || a.lane - b.lane || a.label.localeCompare(b.label));
}
