// The graph panel's model (client/src/graph/graphModel.ts, no vscode) and the context menu's
// actions by state (client/src/graph/messages.ts): what the panel sends the webview.
import * as assert from 'node:assert/strict';
import type { DatabaseStateResult, ProjectSummary } from '../../server/src/protocol';
import { pictureInput, shapeKey } from '../../client/src/graph/graphModel';
import { actionsFor } from '../../client/src/graph/messages';
import { buildPicture } from '../../server/src/report/graphPicture';
import type { ProjectDatabase } from '../../client/src/tree/revisionModel';
import { revision } from './revisionSummaryBuilder';

const project: ProjectSummary = {
  config: '/w/app/alembic.ini',
  rootDir: '/w/app',
  versionLocations: ['/w/app/versions'],
  revisions: [
    revision('a1a1a1a1a1a1', [], { roles: ['base'] }),
    revision('b2b2b2b2b2b2', ['a1a1a1a1a1a1'], { warnings: 2 }),
    revision('c3c3c3c3c3c3', ['b2b2b2b2b2b2'], { roles: ['head'], branches: ['main'] }),
  ],
  heads: ['c3c3c3c3c3c3'],
  errors: 0,
};
const atB: DatabaseStateResult = {
  versionTableExists: true,
  current: ['b2b2b2b2b2b2', 'ffffffffffff'],
  states: { a1a1a1a1a1a1: 'applied', b2b2b2b2b2b2: 'current', c3c3c3c3c3c3: 'pending' },
  pending: ['c3c3c3c3c3c3'],
  unknownToFiles: ['ffffffffffff'],
  atHead: false,
};
const connection = { displayUrl: 'postgresql://app@localhost/app', sourceDetail: 'setting', host: 'localhost', port: 5432, database: 'app' };
const snapshot = (db: ProjectDatabase | undefined) => ({ graph: { projects: [project] }, databases: new Map(db ? [[project.config, db]] : []) });

describe('graph panel model', () => {
  it('carries each revision with its database state, roles, file and line; rows only the database has', () => {
    const input = pictureInput(project, snapshot({ status: 'ok', connection, table: { name: 'alembic_version' }, state: atB }));
    assert.equal(input.connected, true);
    assert.deepEqual(input.dbOnly, ['ffffffffffff']);
    assert.deepEqual(
      input.revisions.map((r) => [r.id, r.state, r.head, r.base]),
      [
        ['a1a1a1a1a1a1', 'applied', false, true],
        ['b2b2b2b2b2b2', 'current', false, false],
        ['c3c3c3c3c3c3', 'pending', true, false],
      ],
    );
    assert.equal(input.revisions[1].file, '/w/app/versions/b2b2b2b2b2b2_m.py');
    assert.equal(input.revisions[1].line, 14);
    const picture = buildPicture('app', input.revisions, input.dbOnly);
    const byId = new Map(picture.nodes.map((n) => [n.id, n]));
    assert.equal(byId.get('ffffffffffff')?.state, 'dbOnly');
    assert.equal(byId.get('c3c3c3c3c3c3')?.row, 1, 'the database-only row on top, then the head');
    assert.match(byId.get('b2b2b2b2b2b2')!.notes.join(' '), /2 warnings in the file/);
  });

  it('has no states without a connected database (a fault is not a state)', () => {
    for (const db of [
      undefined,
      { status: 'loading' } as const,
      { status: 'fault', connection, fault: { kind: 'refused', message: 'refused' } } as ProjectDatabase,
    ]) {
      const input = pictureInput(project, snapshot(db));
      assert.equal(input.connected, false);
      assert.deepEqual(input.dbOnly, []);
      assert.ok(input.revisions.every((r) => r.state === undefined));
    }
  });

  it('lays out again only when ids or edges change, not on a state or message change', () => {
    const a = pictureInput(project, snapshot(undefined));
    const b = pictureInput(
      { ...project, revisions: project.revisions.map((r) => ({ ...r, message: 'other', warnings: 5 })) },
      snapshot({ status: 'ok', connection, table: { name: 'alembic_version' }, state: { ...atB, unknownToFiles: [] } }),
    );
    assert.equal(shapeKey(a.revisions, a.dbOnly), shapeKey(b.revisions, b.dbOnly));
    const c = pictureInput({ ...project, revisions: [...project.revisions, revision('d4d4d4d4d4d4', ['c3c3c3c3c3c3'])] }, snapshot(undefined));
    assert.notEqual(shapeKey(a.revisions, a.dbOnly), shapeKey(c.revisions, c.dbOnly));
  });

  it("offers the tree's item actions by state", () => {
    const commands = (node: { ghost: boolean; state?: string }) => actionsFor(node).map((a) => a.command);
    assert.deepEqual(commands({ ghost: false, state: 'pending' }), [
      'alembic.upgradeToHere',
      'alembic.stampHere',
      'alembic.showSqlHere',
      'alembic.copyRevisionId',
      'alembic.openRevision',
    ]);
    assert.deepEqual(commands({ ghost: false, state: 'current' }), [
      'alembic.downgradeToHere',
      'alembic.stampHere',
      'alembic.copyRevisionId',
      'alembic.openRevision',
    ]);
    assert.deepEqual(commands({ ghost: false }), ['alembic.stampHere', 'alembic.copyRevisionId', 'alembic.openRevision']);
    assert.deepEqual(commands({ ghost: false, state: 'dbOnly' }), ['alembic.copyRevisionId']);
    assert.deepEqual(commands({ ghost: true }), []);
  });
});
