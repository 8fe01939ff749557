// Revision states from the version table's rows: current, applied (below a row through
// down_revision and depends_on), pending; rows no file defines; a missing table.
import * as assert from 'node:assert/strict';
import { databaseState } from '../../server/src/engine/databaseState';
import { buildGraph } from '../../server/src/engine/graph';
import { migration } from './migrationBuilder';

// base → a → b → c (head of the main line); a → x (expand, labelled) with y depending on b.
const graph = buildGraph([
  migration('base0001', { down: null }),
  migration('aaaa0002', { down: 'base0001' }),
  migration('bbbb0003', { down: 'aaaa0002' }),
  migration('cccc0004', { down: 'bbbb0003' }),
  migration('xxxx0005', { down: 'aaaa0002', labels: 'expand' }),
  migration('yyyy0006', { down: 'xxxx0005', dependsOn: 'bbbb0003' }),
]);
const stateOf = (rows: string[] | undefined) => Object.fromEntries(databaseState(graph, rows).states);

describe('database state', () => {
  it('a row is current, what lies below it applied, the rest pending in upgrade order', () => {
    const state = databaseState(graph, ['bbbb0003']);
    assert.deepEqual(stateOf(['bbbb0003']), {
      base0001: 'applied',
      aaaa0002: 'applied',
      bbbb0003: 'current',
      cccc0004: 'pending',
      xxxx0005: 'pending',
      yyyy0006: 'pending',
    });
    assert.deepEqual(
      state.pending,
      graph.upgradeOrder.filter((id) => ['cccc0004', 'xxxx0005', 'yyyy0006'].includes(id)),
    );
    assert.ok(state.pending.indexOf('xxxx0005') < state.pending.indexOf('yyyy0006'), 'upgrade order');
    assert.equal(state.atHead, false);
  });

  it('several rows (two heads applied); depends_on counts as below', () => {
    const state = databaseState(graph, ['yyyy0006', 'cccc0004']);
    assert.deepEqual(state.current, ['cccc0004', 'yyyy0006']);
    assert.equal(state.pending.length, 0);
    assert.equal(state.atHead, true);
    // y depends on b: with only y applied, b is applied too, c is not.
    assert.deepEqual(stateOf(['yyyy0006']), {
      base0001: 'applied',
      aaaa0002: 'applied',
      bbbb0003: 'applied',
      cccc0004: 'pending',
      xxxx0005: 'applied',
      yyyy0006: 'current',
    });
  });

  it('a row no file defines; an empty table; no table at all', () => {
    const unknown = databaseState(graph, ['cccc0004', 'yyyy0006', 'dead0000']);
    assert.deepEqual(unknown.unknownToFiles, ['dead0000']);
    assert.equal(unknown.atHead, false, 'an unknown row is not "at head"');
    const empty = databaseState(graph, []);
    assert.equal(empty.versionTableExists, true);
    assert.equal(empty.pending.length, 6);
    const absent = databaseState(graph, undefined);
    assert.equal(absent.versionTableExists, false);
    assert.deepEqual(absent.pending, empty.pending);
  });
});
