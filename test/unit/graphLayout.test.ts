// The revision graph's layout (server/src/report/graphLayout.ts), without a browser: rows, lanes,
// routes, ghost nodes for dangling parents, cycle edges, lane titles.
import * as assert from 'node:assert/strict';
import { layoutGraph, type GraphLayout, type LayoutRevision } from '../../server/src/report/graphLayout';
import { branchyHistory } from '../bench/layoutGraph.mjs';

const rev = (id: string, downRevisions: string[] = [], extra: Partial<LayoutRevision> = {}): LayoutRevision => ({ id, downRevisions, ...extra });

const indexes = new WeakMap<GraphLayout, Map<string, GraphLayout['nodes'][number]>>();

function at(layout: GraphLayout, id: string) {
  let byId = indexes.get(layout);
  if (!byId) indexes.set(layout, (byId = new Map(layout.nodes.map((n) => [n.id, n]))));
  const node = byId.get(id);
  assert.ok(node, `no node ${id}`);
  return node;
}

function edge(layout: GraphLayout, child: string, parent: string) {
  const found = layout.edges.find((e) => e.child === child && e.parent === parent);
  assert.ok(found, `no edge ${child} -> ${parent}`);
  return found;
}

function edgeIndex(layout: GraphLayout) {
  const byEnds = new Map(layout.edges.map((e) => [`${e.child} ${e.parent}`, e]));
  return (child: string, parent: string) => {
    const found = byEnds.get(`${child} ${parent}`);
    assert.ok(found, `no edge ${child} -> ${parent}`);
    return found;
  };
}

/** Every revision below each of its parents, one per row, no two on one (lane, row). */
function assertWellFormed(layout: GraphLayout, revisions: LayoutRevision[]) {
  const rows = new Set(layout.nodes.map((n) => n.row));
  assert.equal(rows.size, layout.nodes.length, 'one revision per row');
  assert.deepEqual(
    layout.nodes.map((n) => n.row),
    layout.nodes.map((_, i) => i),
    'nodes sorted by row, rows 0..n-1',
  );
  for (const node of layout.nodes) assert.ok(node.lane >= 0 && node.lane < layout.lanes);
  const edgeOf = edgeIndex(layout);
  for (const revision of revisions) {
    for (const parent of revision.downRevisions) {
      const e = edgeOf(revision.id, parent);
      if (e.cycle) continue;
      assert.ok(at(layout, revision.id).row < at(layout, parent).row, `${revision.id} above its parent ${parent}`);
    }
  }
}

/** Every routed edge starts at its child, ends at its parent, and moves along one axis at a time. */
function assertRoutes(layout: GraphLayout) {
  for (const e of layout.edges) {
    const child = at(layout, e.child);
    const parent = at(layout, e.parent);
    assert.deepEqual(e.route[0], [child.lane, child.row], `${e.child} -> ${e.parent} starts at the child`);
    assert.deepEqual(e.route[e.route.length - 1], [parent.lane, parent.row], `${e.child} -> ${e.parent} ends at the parent`);
    if (e.kind !== 'down') continue;
    for (let i = 1; i < e.route.length; i++) {
      const [a, b] = [e.route[i - 1], e.route[i]];
      assert.ok(a[0] === b[0] || a[1] === b[1], `${e.child} -> ${e.parent}: segment ${i} is straight`);
    }
  }
}

describe('graph layout', () => {
  it('puts a straight history in one lane, heads on top, bases at the bottom', () => {
    const revisions = [rev('a'), rev('b', ['a']), rev('c', ['b'])];
    const layout = layoutGraph(revisions);
    assertWellFormed(layout, revisions);
    assert.deepEqual(
      layout.nodes.map((n) => [n.id, n.row, n.lane]),
      [
        ['c', 0, 0],
        ['b', 1, 0],
        ['a', 2, 0],
      ],
    );
    assert.equal(layout.lanes, 1);
    assert.deepEqual(edge(layout, 'c', 'b').route, [
      [0, 0],
      [0, 1],
    ]);
  });

  it('gives two branches from one branch point their own lanes, and the merge joins them', () => {
    const revisions = [rev('base'), rev('left', ['base']), rev('right', ['base']), rev('merge', ['left', 'right'])];
    const layout = layoutGraph(revisions);
    assertWellFormed(layout, revisions);
    assertRoutes(layout);
    assert.equal(layout.lanes, 2);
    assert.notEqual(at(layout, 'left').lane, at(layout, 'right').lane, 'the two branches in two lanes');
    // Upgrade order breaks the tie: 'left' came first, so it is lower (older) than 'right'.
    assert.ok(at(layout, 'right').row < at(layout, 'left').row);
    assert.equal(at(layout, 'merge').row, 0);
    // The edge to the other lane bends once: sideways, then along a lane.
    const crossing = layout.edges.find((e) => e.route.length === 3);
    assert.ok(crossing, 'one edge changes lane');
  });

  it('adds a ghost node for a parent no file defines, with a dangling edge', () => {
    const revisions = [rev('a'), rev('b', ['a', 'gone'])];
    const layout = layoutGraph(revisions);
    const ghost = at(layout, 'gone');
    assert.equal(ghost.ghost, true);
    assert.equal(ghost.index, -1);
    assert.equal(at(layout, 'b').ghost, false);
    assert.equal(at(layout, 'b').index, 1);
    const dangling = edge(layout, 'b', 'gone');
    assert.equal(dangling.dangling, true);
    assert.equal(edge(layout, 'b', 'a').dangling, false);
    assert.ok(at(layout, 'b').row < ghost.row, 'the ghost sits below the revision naming it');
    assertRoutes(layout);
  });

  it('marks the edges of a cycle and still lays every revision out', () => {
    const revisions = [rev('a'), rev('b', ['a']), rev('x', ['z']), rev('y', ['x']), rev('z', ['y']), rev('after', ['z'])];
    const layout = layoutGraph(revisions);
    assert.equal(layout.nodes.length, 6);
    assert.equal(new Set(layout.nodes.map((n) => n.row)).size, 6);
    for (const [child, parent] of [
      ['x', 'z'],
      ['y', 'x'],
      ['z', 'y'],
    ])
      assert.equal(edge(layout, child, parent).cycle, true, `${child} -> ${parent} is in the cycle`);
    assert.equal(edge(layout, 'after', 'z').cycle, false, 'an edge into the cycle is not part of it');
    assert.equal(edge(layout, 'b', 'a').cycle, false);
    assertRoutes(layout);
  });

  it('draws depends_on as its own edge kind, straight from one revision to the other', () => {
    const revisions = [rev('a'), rev('b', ['a']), rev('c', ['a']), rev('d', ['c'], { dependsOn: ['b'] })];
    const layout = layoutGraph(revisions);
    const dependency = edge(layout, 'd', 'b');
    assert.equal(dependency.kind, 'dependsOn');
    assert.equal(dependency.route.length, 2);
    assert.equal(edge(layout, 'd', 'c').kind, 'down');
    assertRoutes(layout);
  });

  it('titles a lane with a branch label where the label starts', () => {
    const revisions = [rev('a'), rev('b', ['a']), rev('s1', ['a'], { branches: ['shop'] }), rev('s2', ['s1'], { branches: ['shop'] }), rev('c', ['b'])];
    const layout = layoutGraph(revisions);
    assert.deepEqual(layout.laneTitles, [{ label: 'shop', lane: at(layout, 's1').lane, row: at(layout, 's1').row }]);
    assert.equal(at(layout, 's1').lane, at(layout, 's2').lane, 'the labelled branch stays in its lane');
    assert.notEqual(at(layout, 's1').lane, at(layout, 'b').lane);
  });

  it('lays out 5,000 revisions with a branch every 50 in a few lanes', () => {
    const revisions = (branchyHistory(5000) as { id: string; parents: string[] }[]).map((n) => rev(n.id, n.parents));
    const layout = layoutGraph(revisions);
    assert.equal(layout.nodes.length, 5000);
    assertWellFormed(layout, revisions);
    assertRoutes(layout);
    // One side branch open at a time: the trunk and one more lane.
    assert.equal(layout.lanes, 2);
  });

  it('is deterministic', () => {
    const revisions = [rev('a'), rev('b', ['a']), rev('c', ['a']), rev('d', ['b', 'c']), rev('e', ['d', 'missing'])];
    assert.deepEqual(layoutGraph(revisions), layoutGraph(revisions));
  });
});
