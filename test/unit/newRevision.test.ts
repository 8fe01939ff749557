// planRevision: a new revision as `alembic revision -m` writes it (generic template, no I/O): the
// parent, a new base, a branch label, truncate_slug_length, the errors Alembic would raise too, and
// the cases that must fall back to Alembic (revision_environment, post-write hooks, multidb
// without its `databases` option).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildGraph } from '../../server/src/engine/graph';
import { NativeRevisionUnsupported, planRevision, RevisionPlanError } from '../../server/src/engine/newRevision';
import type { RevisionTimestamp } from '../../server/src/engine/revisionTimestamp';
import { migration, project } from './migrationBuilder';

const DATE: RevisionTimestamp = { year: 2024, month: 3, day: 1, hour: 12, minute: 30, second: 5, microsecond: 0, epoch: 1709296205 };
const chain = () => buildGraph([migration('aaaa0001', { down: null }), migration('bbbb0002', { down: 'aaaa0001' })]);
const files = (map: Record<string, string>) => (file: string) => map[file];

describe('new revision (planRevision)', () => {
  it('follows the given head with the generic template; the cursor line is upgrade()’s body', () => {
    const planned = planRevision(project(), chain(), {
      parents: ['bbbb0002'],
      message: 'add orders',
      id: 'abcdef012345',
      date: DATE,
      readFile: () => undefined,
    });
    assert.equal(planned.path, '/p/versions/abcdef012345_add_orders.py');
    assert.ok(planned.text.startsWith('"""add orders\n\nRevision ID: abcdef012345\nRevises: bbbb0002\nCreate Date: 2024-03-01 12:30:05\n'));
    assert.ok(planned.text.includes("revision = 'abcdef012345'\ndown_revision = 'bbbb0002'\nbranch_labels = None\n"));
    assert.equal(planned.text.split('\n')[planned.upgradeLine], '    pass');
    assert.equal(planned.text.split('\n')[planned.upgradeLine - 1], 'def upgrade() -> None:');
  });

  it('a new base, a branch label, a truncated slug', () => {
    const base = planRevision(project({ truncateSlugLength: 10 }), chain(), {
      parents: [],
      branchLabel: 'audit',
      message: 'start the audit branch here',
      id: 'abcdef012345',
      date: DATE,
      readFile: () => undefined,
    });
    assert.equal(base.path, '/p/versions/abcdef012345_start_the_.py');
    assert.ok(base.text.includes("down_revision = None\nbranch_labels = ('audit',)\n"));
    assert.ok(base.text.includes('Revises: \n'));
  });

  it('refuses what Alembic refuses: not a head, unknown parent, a used label, an existing id', () => {
    const graph = buildGraph([migration('aaaa0001', { down: null, labels: ['core'] }), migration('bbbb0002', { down: 'aaaa0001' })]);
    const plan = (options: Partial<Parameters<typeof planRevision>[2]>) => () =>
      planRevision(project(), graph, { parents: ['bbbb0002'], message: 'x', id: 'abcdef012345', date: DATE, readFile: () => undefined, ...options });
    assert.throws(plan({ parents: ['aaaa0001'] }), (e: Error) => e instanceof RevisionPlanError && /not a head/.test(e.message));
    assert.throws(plan({ parents: ['ffff0000'] }), /Can't locate revision identified by 'ffff0000'/);
    assert.throws(plan({ branchLabel: 'core' }), /Branch name 'core' is already used by revision aaaa0001/);
    assert.throws(plan({ id: 'aaaa0001' }), /already exists/);
  });

  it('falls back to Alembic for revision_environment, post-write hooks, and multidb without `databases`', () => {
    const plan = (readFile: (file: string) => string | undefined) => () =>
      planRevision(project(), chain(), { parents: ['bbbb0002'], message: 'x', id: 'abcdef012345', date: DATE, readFile });
    assert.throws(
      plan(files({ '/p/alembic.ini': '[alembic]\nrevision_environment = true\n' })),
      (e: Error) => e instanceof NativeRevisionUnsupported && /revision_environment/.test(e.message),
    );
    assert.throws(
      plan(files({ '/p/alembic.ini': '[alembic]\n[post_write_hooks]\nhooks = black\n' })),
      (e: Error) => e instanceof NativeRevisionUnsupported && /post_write_hooks \(black\)/.test(e.message),
    );
    const multidb = readFileSync('/usr/lib/python3/dist-packages/alembic/templates/multidb/script.py.mako', 'utf8');
    assert.throws(
      plan(files({ '/p/alembic.ini': '[alembic]\n', '/p/script.py.mako': multidb })),
      (e: Error) => e instanceof NativeRevisionUnsupported && /re\.split/.test(e.message),
    );
    const rendered = plan(files({ '/p/alembic.ini': '[alembic]\ndatabases = one, two\n', '/p/script.py.mako': multidb }))();
    assert.ok(rendered.text.includes('def upgrade_one() -> None:\n    pass\n') && rendered.text.includes('def downgrade_two() -> None:'));
    assert.match(rendered.text.split('\n')[rendered.upgradeLine], /globals\(\)\["upgrade_%s" % engine_name\]\(\)/);
  });
});
