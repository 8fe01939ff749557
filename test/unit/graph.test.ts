import * as assert from 'node:assert/strict';
import { buildGraph, closestRevisions, descends, editDistance, resolveRevision, roleList } from '../../server/src/engine/graph';
import { migration, syntheticMigration } from './migrationBuilder';
import { random } from './seededRandom';

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
    assert.deepEqual(
      graph.cycles.map((c) => [...c].sort()),
      [['aaaa0001', 'bbbb0002', 'cccc0003'], ['self0005']],
    );
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
    assert.deepEqual(
      graph.duplicates.map((d) => [d.id, d.files.length]),
      [['aaaa0001', 2]],
    );
    assert.deepEqual(
      graph.dangling.map((d) => `${d.from.id}:${d.kind}:${d.target.value}`),
      ['bbbb0002:down_revision:aaaa0009', 'bbbb0002:depends_on:nope'],
    );
    assert.deepEqual(
      graph.duplicateLabels.map((d) => [d.label, d.files.length, d.clashesWithRevisionId]),
      [
        ['main', 2, false],
        ['bbbb0002', 2, true],
      ],
    );
    assert.deepEqual(closestRevisions(graph, 'aaaa0009'), ['aaaa0001']);
  });

  it('editDistance: Levenshtein within the bound (max + 1 beyond it), the same as the textbook table on random strings of any length', () => {
    const textbook = (a: string, b: string): number => {
      const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
      for (let i = 1; i <= a.length; i++)
        for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      return d[a.length][b.length];
    };
    const next = random(7);
    const word = () => Array.from({ length: Math.floor(next() * 90) }, () => 'ab01'[Math.floor(next() * 4)]).join('');
    for (let round = 0; round < 400; round++) {
      const [a, b, max] = [word(), word(), Math.floor(next() * 8)];
      const exact = textbook(a, b);
      assert.equal(editDistance(a, b, max), exact <= max ? exact : max + 1, `${a} / ${b} / ${max}`);
      assert.equal(editDistance(a, b, 200), exact, `${a} / ${b}`); // rows longer than the last call's
    }
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

describe('duplicate revision ids (checked against Alembic 1.8 RevisionMap._revision_map)', () => {
  // Alembic loads every file, warns "Revision … is present more than once" and keeps the last in
  // its map (at the position the id took first); the replaced revision stays in its heads.
  it("keeps the file loaded last: its parents and children, not the earlier copy's", () => {
    const graph = buildGraph([
      migration('aaaa0001', { down: null }),
      migration('bbbb0002', { down: 'aaaa0001' }),
      migration('cccc0003', { down: 'bbbb0002' }),
      migration('dddd0004', { down: null }),
      // legacy/ re-declares cccc0003 on top of dddd0004 and is loaded last.
      migration('cccc0003', { down: 'dddd0004', message: 'legacy copy' }, '/p/versions/legacy'),
    ]);
    const kept = graph.node('cccc0003')!;
    assert.equal(kept.path, '/p/versions/legacy/cccc0003_legacy_copy.py');
    assert.equal(kept.file.message, 'legacy copy');
    assert.deepEqual(kept.downRevisions, ['dddd0004']);
    assert.deepEqual(graph.node('dddd0004')!.children, ['cccc0003']);
    assert.deepEqual(graph.node('bbbb0002')!.children, [], 'the replaced copy revises nothing');
    assert.deepEqual([...graph.nodes.keys()], ['aaaa0001', 'bbbb0002', 'cccc0003', 'dddd0004'], 'the id keeps the position it first took');
    assert.deepEqual(graph.upgradeOrder, ['aaaa0001', 'dddd0004', 'bbbb0002', 'cccc0003']);
    // `alembic heads` on this project prints bbbb0002 and cccc0003 (the kept one is a head, and the replaced one is never discarded).
    assert.deepEqual([...graph.heads].sort(), ['bbbb0002', 'cccc0003']);
    assert.deepEqual(graph.bases, ['aaaa0001', 'dddd0004']);
    assert.deepEqual(
      graph.duplicates.map((d) => [d.id, d.paths.map((p) => p.slice('/p/versions/'.length))]),
      [['cccc0003', ['cccc0003_change_cccc0003.py', 'legacy/cccc0003_legacy_copy.py']]],
    );
    assert.deepEqual(graph.roles('cccc0003'), { isHead: true, isRealHead: true, isBase: false, isMergePoint: false, isBranchPoint: false });
  });

  it('lists a replaced middle revision among the heads, as Alembic does, without calling it a competing head', () => {
    const graph = buildGraph([
      migration('aaaa0001', { down: null }),
      migration('bbbb0002', { down: 'aaaa0001' }),
      migration('cccc0003', { down: 'bbbb0002' }),
      migration('bbbb0002', { down: 'aaaa0001', fileName: 'old_bbbb0002.py' }, '/p/versions/legacy'),
    ]);
    assert.deepEqual(graph.heads, ['bbbb0002', 'cccc0003']);
    assert.equal(graph.roles('bbbb0002')!.isHead, false, 'the kept bbbb0002 has a child');
    assert.deepEqual(graph.headConflicts, []);
    assert.equal(graph.node('bbbb0002')!.path, '/p/versions/legacy/old_bbbb0002.py');
  });

  it('counts the branch labels of a replaced file, as Alembic maps them before choosing', () => {
    const graph = buildGraph([
      migration('aaaa0001', { down: null, labels: 'main' }),
      migration('aaaa0001', { down: null, labels: 'main', fileName: 'copy.py' }),
    ]);
    assert.deepEqual(
      graph.duplicateLabels.map((d) => [d.label, d.paths]),
      [['main', ['/p/versions/aaaa0001_change_aaaa0001.py', '/p/versions/copy.py']]],
    );
    assert.equal(graph.lookup('main')?.path, '/p/versions/copy.py');
  });
});

describe('graph questions: lookup, prefixes, roles, ancestors, descendants', () => {
  const graph = buildGraph([
    migration('aaaa0001', { down: null }),
    migration('bbbb0002', { down: 'aaaa0001', labels: 'feature' }),
    migration('bbbb0003', { down: 'aaaa0001' }),
    migration('cccc0004', { down: ['bbbb0002', 'bbbb0003'] }),
    migration('dddd0005', { down: null, dependsOn: 'feature' }),
  ]);

  it('looks up an id, then a branch label; prefixes of four or more characters', () => {
    assert.equal(graph.lookup('aaaa0001')?.id, 'aaaa0001');
    assert.equal(graph.lookup('feature')?.id, 'bbbb0002');
    assert.equal(graph.lookup('bbbb'), undefined, 'lookup takes no prefixes');
    assert.deepEqual(graph.idsWithPrefix('bbbb'), ['bbbb0002', 'bbbb0003']);
    assert.equal(graph.uniquePrefix('bbbb'), undefined, 'two match');
    assert.equal(graph.uniquePrefix('bbbb0003')?.id, 'bbbb0003');
    assert.equal(graph.uniquePrefix('ccc'), undefined, 'three characters are not enough');
    assert.equal(graph.uniquePrefix('cccc')?.id, 'cccc0004');
    assert.deepEqual(graph.resolve('feature@head'), { ok: true, ids: ['cccc0004'] });
  });

  it('names the roles Alembic gives', () => {
    assert.deepEqual(roleList(graph.roles('aaaa0001')!), ['base', 'branchpoint']);
    assert.deepEqual(roleList(graph.roles('cccc0004')!), ['head', 'mergepoint']);
    assert.deepEqual(graph.roles('bbbb0002'), { isHead: false, isRealHead: false, isBase: false, isMergePoint: false, isBranchPoint: false });
    assert.deepEqual(graph.roles('dddd0005'), { isHead: true, isRealHead: true, isBase: true, isMergePoint: false, isBranchPoint: false });
    assert.equal(graph.roles('nope'), undefined);
  });

  it('walks ancestors and descendants, through depends_on unless asked not to, from one id or several in one pass', () => {
    assert.deepEqual([...graph.ancestors('cccc0004')].sort(), ['aaaa0001', 'bbbb0002', 'bbbb0003']);
    assert.deepEqual([...graph.ancestors('dddd0005')].sort(), ['aaaa0001', 'bbbb0002'], 'depends_on on a label reaches its revision');
    assert.deepEqual([...graph.ancestors('dddd0005', { via: 'down_revision' })], []);
    // What a version table holding these rows has applied.
    assert.deepEqual([...graph.ancestors(['bbbb0003', 'dddd0005'], { inclusive: true })].sort(), ['aaaa0001', 'bbbb0002', 'bbbb0003', 'dddd0005']);
    assert.deepEqual([...graph.descendants('bbbb0002')].sort(), ['cccc0004', 'dddd0005']);
    assert.deepEqual([...graph.descendants('bbbb0002', { via: 'down_revision', inclusive: true })].sort(), ['bbbb0002', 'cccc0004']);
    assert.deepEqual([...graph.descendants('nope')], []);
    assert.ok(graph.descends('dddd0005', 'aaaa0001'));
    assert.ok(!graph.descends('aaaa0001', 'dddd0005'));
  });
});
