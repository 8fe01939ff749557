import * as assert from 'node:assert/strict';
import { buildGraph, closestRevisions, descends, resolveRevision } from '../../server/src/engine/graph';
import { migration, syntheticMigration } from './migrationBuilder';

describe('revision graph', () => {
  it('finds heads, bases, merge and branch points like Alembic', () => {
    const graph = buildGraph([
      migration('aaaa0001', { down: null }),
      migration('bbbb0002', { down: 'aaaa0001' }),
      migration('cccc0003', { down: 'aaaa0001' }),
      migration('dddd0004', { down: 'aaaa0001' }),
      migration('eeee0005', { down: ['bbbb0002', 'cccc0003', 'dddd0004'] }),
    ]);
    assert.deepEqual(graph.heads, ['eeee0005']);
    assert.deepEqual(graph.bases, ['aaaa0001']);
    assert.deepEqual(graph.nodes.get('aaaa0001')!.children, ['bbbb0002', 'cccc0003', 'dddd0004']);
    assert.deepEqual(graph.nodes.get('eeee0005')!.downRevisions, ['bbbb0002', 'cccc0003', 'dddd0004']);
    assert.equal(graph.upgradeOrder[0], 'aaaa0001');
    assert.equal(graph.upgradeOrder.at(-1), 'eeee0005');
    assert.deepEqual(graph.cycles, []);
    assert.deepEqual(graph.headConflicts, []);
  });

  it('keeps a revision that others only depend on as a head, but not as a real head', () => {
    const graph = buildGraph([
      migration('aaaa0001', { down: null }),
      migration('bbbb0002', { down: null, labels: 'other' }),
      migration('cccc0003', { down: 'aaaa0001', dependsOn: 'bbbb0002' }),
    ]);
    assert.deepEqual(graph.heads.sort(), ['bbbb0002', 'cccc0003']);
    assert.deepEqual(graph.realHeads, ['cccc0003']);
    assert.deepEqual(graph.bases, ['aaaa0001', 'bbbb0002']);
    // depends_on orders the upgrade: bbbb0002 before cccc0003.
    assert.ok(graph.upgradeOrder.indexOf('bbbb0002') < graph.upgradeOrder.indexOf('cccc0003'));
    assert.ok(descends(graph, 'cccc0003', 'bbbb0002'));
  });

  it('resolves depends_on through a branch label', () => {
    const graph = buildGraph([migration('aaaa0001', { down: null, labels: 'schema' }), migration('bbbb0002', { down: null, dependsOn: 'schema' })]);
    assert.deepEqual(graph.dangling, []);
    assert.deepEqual(graph.nodes.get('bbbb0002')!.resolvedDependsOn, ['aaaa0001']);
  });

  it('spreads branch labels to descendants, and treats heads on different labelled branches as by design', () => {
    const graph = buildGraph([
      migration('root0001', { down: null }),
      migration('expa0002', { down: 'root0001', labels: 'expand' }),
      migration('expa0003', { down: 'expa0002' }),
      migration('cont0002', { down: 'root0001', labels: 'contract' }),
      migration('cont0003', { down: 'cont0002' }),
    ]);
    assert.deepEqual([...graph.nodes.get('expa0003')!.branchLabels], ['expand']);
    assert.deepEqual([...graph.nodes.get('root0001')!.branchLabels], [], 'a branch point stops the downward spread');
    assert.deepEqual(graph.heads.sort(), ['cont0003', 'expa0003']);
    assert.deepEqual(graph.headConflicts, []);
    assert.deepEqual(resolveRevision(graph, 'expand@head'), { ok: true, ids: ['expa0003'] });
    assert.deepEqual(resolveRevision(graph, 'contract@base'), { ok: true, ids: ['cont0002'] });
  });

  it('reports two unlabelled heads as competing for head', () => {
    const graph = buildGraph([migration('aaaa0001', { down: null }), migration('bbbb0002', { down: 'aaaa0001' }), migration('cccc0003', { down: 'aaaa0001' })]);
    assert.deepEqual(graph.headConflicts, [['bbbb0002', 'cccc0003']]);
    const head = resolveRevision(graph, 'head');
    assert.equal(head.ok, false);
  });

  it('resolves unique prefixes of four or more characters only', () => {
    const graph = buildGraph([migration('ae10f00d1234', { down: null }), migration('ae1b00000000', { down: 'ae10f00d1234' })]);
    assert.deepEqual(resolveRevision(graph, 'ae10'), { ok: true, ids: ['ae10f00d1234'] });
    assert.equal(resolveRevision(graph, 'ae1').ok, false);
    const ambiguous = resolveRevision(graph, 'ae1');
    assert.match(!ambiguous.ok ? ambiguous.reason : '', /at least 4/);
    const two = resolveRevision(graph, 'ae1b0');
    assert.deepEqual(two, { ok: true, ids: ['ae1b00000000'] });
    assert.equal(resolveRevision(graph, 'heads').ok, true);
  });

  it('finds every cycle, including one still reachable from a head and a base', () => {
    // base → a → b → c → a (cycle), c → head: Alembic's reachability test misses this one.
    const graph = buildGraph([
      migration('base0000', { down: null }),
      migration('aaaa0001', { down: ['base0000', 'cccc0003'] }),
      migration('bbbb0002', { down: 'aaaa0001' }),
      migration('cccc0003', { down: 'bbbb0002' }),
      migration('head0004', { down: 'cccc0003' }),
      migration('self0005', { down: 'self0005' }),
    ]);
    assert.deepEqual(graph.cycles.map((c) => [...c].sort()), [['aaaa0001', 'bbbb0002', 'cccc0003'], ['self0005']]);
    assert.ok(!graph.upgradeOrder.includes('aaaa0001'));
    assert.ok(graph.upgradeOrder.includes('base0000'));
  });

  it('handles a 10,000-long chain and a 500-cycle without recursion limits', () => {
    const chain = Array.from({ length: 10_000 }, (_, i) => syntheticMigration(`r${i}`, i ? `r${i - 1}` : null));
    const graph = buildGraph(chain);
    assert.deepEqual(graph.heads, ['r9999']);
    assert.equal(graph.upgradeOrder.length, 10_000);
    const cycle = buildGraph(Array.from({ length: 500 }, (_, i) => syntheticMigration(`c${i}`, `c${(i + 1) % 500}`)));
    assert.equal(cycle.cycles.length, 1);
    assert.equal(cycle.cycles[0].length, 500);
    assert.deepEqual(cycle.bases, []);
  });

  it('collects dangling references, duplicate ids and duplicate labels', () => {
    const graph = buildGraph([
      migration('aaaa0001', { down: null, labels: 'main' }),
      migration('aaaa0001', { down: null, fileName: 'copy.py' }),
      migration('bbbb0002', { down: 'aaaa0009', dependsOn: 'nope' }),
      migration('cccc0003', { down: 'aaaa0001', labels: ['main'] }),
      migration('dddd0004', { down: 'cccc0003', labels: 'bbbb0002' }),
    ]);
    assert.deepEqual(graph.duplicates.map((d) => [d.id, d.files.length]), [['aaaa0001', 2]]);
    assert.deepEqual(graph.dangling.map((d) => `${d.from.id}:${d.kind}:${d.target.value}`), ['bbbb0002:down_revision:aaaa0009', 'bbbb0002:depends_on:nope']);
    assert.deepEqual(graph.duplicateLabels.map((d) => [d.label, d.files.length, d.clashesWithRevisionId]), [['main', 2, false], ['bbbb0002', 2, true]]);
    assert.deepEqual(closestRevisions(graph, 'aaaa0009'), ['aaaa0001']);
  });

  it('ignores files whose revision it cannot read', () => {
    const graph = buildGraph([migration('aaaa0001', { down: null }), { ...migration('x'), identifiers: {} }]);
    assert.deepEqual([...graph.nodes.keys()], ['aaaa0001']);
  });
});

describe('branch label propagation (checked against Alembic 1.8 _add_branches)', () => {
  const labelsOf = (graph: ReturnType<typeof buildGraph>) => Object.fromEntries([...graph.nodes.values()].map((n) => [n.id, [...n.branchLabels].sort()]));

  it('spreads down to the ancestors only along a straight line of descendants', () => {
    const graph = buildGraph([
      migration('base0000', { down: null }),
      migration('mid00001', { down: 'base0000' }),
      migration('lab00002', { down: 'mid00001', labels: 'x' }),
      migration('tip00003', { down: 'lab00002' }),
    ]);
    assert.deepEqual(labelsOf(graph), { base0000: ['x'], mid00001: ['x'], lab00002: ['x'], tip00003: ['x'] });
  });

  it('stops at a merge among the descendants: the ancestors keep no label', () => {
    // Alembic walks down from its last descendant (the merge) and stops there at once.
    const graph = buildGraph([
      migration('base0000', { down: null }),
      migration('mid00001', { down: 'base0000' }),
      migration('lab00002', { down: 'mid00001', labels: 'x' }),
      migration('othr0003', { down: null }),
      migration('merg0004', { down: ['lab00002', 'othr0003'] }),
    ]);
    assert.deepEqual(labelsOf(graph), { base0000: [], mid00001: [], lab00002: ['x'], othr0003: [], merg0004: ['x'] });
  });

  it('stops at a real branch point, one whose second child only depends_on it', () => {
    const graph = buildGraph([
      migration('base0000', { down: null }),
      migration('mid00001', { down: 'base0000' }),
      migration('lab00002', { down: 'mid00001', labels: 'x' }),
      migration('next0003', { down: 'lab00002' }),
      migration('deps0004', { down: null, dependsOn: 'lab00002' }),
    ]);
    assert.deepEqual(labelsOf(graph), { base0000: [], mid00001: [], lab00002: ['x'], next0003: ['x'], deps0004: [] });
    assert.deepEqual(resolveRevision(graph, 'x@base'), { ok: true, ids: ['lab00002'] });
  });

  it('stops at a fork among the descendants', () => {
    const graph = buildGraph([
      migration('base0000', { down: null }),
      migration('lab00001', { down: 'base0000', labels: 'x' }),
      migration('left0002', { down: 'lab00001' }),
      migration('rght0003', { down: 'lab00001' }),
    ]);
    assert.deepEqual(labelsOf(graph), { base0000: [], lab00001: ['x'], left0002: ['x'], rght0003: ['x'] });
  });
});
