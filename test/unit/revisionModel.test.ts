// The Revisions view as data (client/src/tree/revisionModel.ts, no vscode): which rows, in which
// order, with which state, contextValue, icon, ids and parents; the status bar's text. And the
// connection plan (client/src/db/connectionPlan.ts): trust, the password from another source.
import * as assert from 'node:assert/strict';
import type { ConnectionInputs, ConnectionTarget } from '../../server/src/engine/databaseUrl';
import type { DatabaseStateResult, ProjectSummary, WorkspaceGraph } from '../../server/src/protocol';
import { connectionInputs, passwordFromOtherSources, secretKey } from '../../client/src/db/connectionPlan';
import type { DatabaseAccess } from '../../client/src/db/databaseAccess';
import {
  activeProject,
  buildRevisionTree,
  statusBarModel,
  type ConnectionSummary,
  type ProjectDatabase,
  type RevisionNode,
  type TreeNode,
} from '../../client/src/tree/revisionModel';
import { revision } from './revisionSummaryBuilder';

// a1 (base) → b2 → c3 (head), upgrade order bases up.
const project: ProjectSummary = {
  config: '/w/app/alembic.ini',
  rootDir: '/w/app',
  versionLocations: ['/w/app/versions'],
  revisions: [
    revision('a1a1a1a1a1a1', [], { roles: ['base'] }),
    revision('b2b2b2b2b2b2', ['a1a1a1a1a1a1']),
    revision('c3c3c3c3c3c3', ['b2b2b2b2b2b2'], { roles: ['head'], branches: ['main'], createDate: '2024-03-25 10:51:08' }),
  ],
  heads: ['c3c3c3c3c3c3'],
  errors: 0,
};
const connection: ConnectionSummary = {
  displayUrl: 'postgresql://app@db.local:5433/app_dev',
  sourceDetail: 'DATABASE_URL in .env',
  host: 'db.local',
  port: 5433,
  database: 'app_dev',
  user: 'app',
};
const atB: DatabaseStateResult = {
  versionTableExists: true,
  current: ['b2b2b2b2b2b2'],
  states: { a1a1a1a1a1a1: 'applied', b2b2b2b2b2b2: 'current', c3c3c3c3c3c3: 'pending' },
  pending: ['c3c3c3c3c3c3'],
  unknownToFiles: [],
  atHead: false,
};
const ok = (state: DatabaseStateResult): ProjectDatabase => ({ status: 'ok', connection, table: { name: 'alembic_version' }, state });
const tree = (db: ProjectDatabase | undefined, projects: ProjectSummary[] = [project]) =>
  buildRevisionTree({ graph: { projects }, databases: new Map(db ? projects.map((p) => [p.config, db]) : []) });
const revisions = (nodes: TreeNode[]) => nodes.filter((n): n is RevisionNode => n.kind === 'revision');

describe('revision tree model', () => {
  it('one project: the database row, then the revisions newest first with state, roles and icon', () => {
    const { roots } = tree(ok(atB));
    assert.deepEqual(
      roots.map((n) => [n.kind, n.label, n.contextValue]),
      [
        ['database', 'app_dev', 'database.connected'],
        ['revision', 'message c3c3c3c3c3c3', 'revision.pending.head'],
        ['revision', 'message b2b2b2b2b2b2', 'revision.current'],
        ['revision', 'message a1a1a1a1a1a1', 'revision.applied.base'],
      ],
    );
    assert.equal(roots[0].description, 'b2b2b2b2 · 1 pending · db.local:5433');
    assert.match(roots[0].tooltip, /from DATABASE\\_URL in \.env/, 'the root says where the URL came from');
    const [c3, b2, a1] = revisions(roots);
    assert.deepEqual([c3.icon.id, b2.icon.id, a1.icon.id], ['circle-large-outline', 'debug-stackframe', 'pass']);
    assert.equal(c3.description, 'c3c3c3c3 @main head · pending · 2024-03-25');
    assert.equal(b2.description, 'b2b2b2b2 · current');
    assert.equal(a1.description, 'a1a1a1a1 base');
    assert.equal(b2.line, 14);
    assert.equal(b2.file, '/w/app/versions/b2b2b2b2b2b2_m.py');
    assert.match(b2.tooltip, /Revision `b2b2b2b2b2b2`/);
    assert.match(b2.tooltip, /Parents: `a1a1a1a1`/);
    assert.match(b2.tooltip, /Children: `c3c3c3c3`/);
    assert.match(b2.tooltip, /State: current/);
    assert.match(b2.tooltip, /b2b2b2b2b2b2\\_m\.py/, 'the file, Markdown-escaped');
    for (const node of roots) assert.equal(node.parentId, undefined);
  });

  it('ids are stable across refreshes and states; each id is unique', () => {
    const before = tree(ok(atB));
    const after = tree({ status: 'fault', connection, fault: { kind: 'refused', message: 'cannot connect to db.local:5433: connection refused' } });
    const revIds = (m: typeof before) => revisions(m.roots).map((n) => n.id);
    assert.deepEqual(revIds(before), revIds(after));
    assert.equal(new Set(before.byId.keys()).size, before.byId.size);
    assert.equal(before.roots[1].id, `revision:${project.config}:c3c3c3c3c3c3`);
  });

  it('a fault is one item with its kind in contextValue, and the files stay listed without a state', () => {
    const { roots } = tree({
      status: 'fault',
      connection,
      fault: { kind: 'authentication', message: 'password authentication failed for user app on db.local:5433' },
    });
    assert.deepEqual(
      roots.map((n) => n.contextValue),
      ['fault.authentication', 'revision.head', 'revision', 'revision.base'],
    );
    assert.equal(roots[0].label, 'Wrong password');
    assert.match(roots[0].tooltip, /Re-enter Password/);
    assert.equal(roots[0].description, 'password authentication failed for user app on db.local:5433');
    const refused = tree({ status: 'fault', connection, fault: { kind: 'refused', message: 'x' } }).roots[0];
    assert.equal(refused.contextValue, 'fault.refused');
    assert.doesNotMatch(refused.tooltip, /Re-enter/);
    assert.ok(revisions(roots).every((n) => n.state === undefined));
  });

  it('no database: a "No database connected" row that says why; loading keeps the rows', () => {
    const none = tree({ status: 'none' }).roots[0];
    assert.deepEqual([none.kind, none.label, none.contextValue], ['database', 'No database connected', 'database.none']);
    const untrusted = tree({ status: 'none', untrusted: true }).roots[0];
    assert.match(untrusted.tooltip, /not trusted/);
    const sqlite = tree({ status: 'none', problem: 'sqlalchemy.url in alembic.ini names sqlite, not PostgreSQL' }).roots[0];
    assert.match(sqlite.description!, /names sqlite, not PostgreSQL · Connect…/);
    assert.match(sqlite.tooltip, /PostgreSQL databases only/);
    assert.equal(tree(undefined).roots[0].contextValue, 'database.loading');
    assert.equal(revisions(tree(undefined).roots).length, 3);
  });

  it('a fresh database (no version table): everything pending, said so plainly', () => {
    const fresh: DatabaseStateResult = {
      versionTableExists: false,
      current: [],
      states: { a1a1a1a1a1a1: 'pending', b2b2b2b2b2b2: 'pending', c3c3c3c3c3c3: 'pending' },
      pending: ['a1a1a1a1a1a1', 'b2b2b2b2b2b2', 'c3c3c3c3c3c3'],
      unknownToFiles: [],
      atHead: false,
    };
    const { roots } = tree(ok(fresh));
    assert.equal(roots[0].description, 'no version table · 3 pending · db.local:5433');
    assert.match(roots[0].tooltip, /does not exist: a fresh database, every revision is pending/);
    assert.ok(revisions(roots).every((n) => n.contextValue.startsWith('revision.pending')));
  });

  it('a row no file defines is its own item; a parent no file defines is a ghost', () => {
    const broken: ProjectSummary = { ...project, revisions: [revision('d4d4d4d4d4d4', ['gone00000000'], { roles: ['base', 'head'] })] };
    const state: DatabaseStateResult = {
      versionTableExists: true,
      current: ['feedfacecafe'],
      states: { d4d4d4d4d4d4: 'pending' },
      pending: ['d4d4d4d4d4d4'],
      unknownToFiles: ['feedfacecafe'],
      atHead: false,
    };
    const { roots } = tree(ok(state), [broken]);
    assert.deepEqual(
      roots.map((n) => [n.kind, n.contextValue, n.label]),
      [
        ['database', 'database.connected', 'app_dev'],
        ['dbOnly', 'revision.dbOnly', 'feedfacecafe'],
        ['revision', 'revision.pending.base.head', 'message d4d4d4d4d4d4'],
        ['ghost', 'revision.ghost', 'gone00000000'],
      ],
    );
    assert.match(roots[3].tooltip, /named as `down_revision` by `d4d4d4d4`/);
  });

  it('several projects: one root each, rows under it, getParent through parentId', () => {
    const other: ProjectSummary = { ...project, config: '/w/other/alembic.ini', rootDir: '/w/other' };
    const model = buildRevisionTree({
      graph: { projects: [project, other] },
      databases: new Map<string, ProjectDatabase>([
        [project.config, ok(atB)],
        [other.config, { status: 'none' }],
      ]),
    });
    assert.deepEqual(
      model.roots.map((n) => [n.kind, n.label, n.description]),
      [
        ['project', 'app', 'alembic.ini · 1 pending'],
        ['project', 'other', 'alembic.ini'],
      ],
    );
    assert.ok(model.roots.every((n) => n.expandable));
    const rows = model.children.get(model.roots[1].id)!;
    assert.deepEqual(
      rows.map((n) => n.contextValue),
      ['database.none', 'revision.head', 'revision', 'revision.base'],
    );
    for (const row of rows) assert.equal(model.byId.get(row.parentId!), model.roots[1]);
    assert.notEqual(model.children.get(model.roots[0].id)![1].id, rows[1].id, 'the same revision id in two projects: two ids');
  });
});

describe('status bar model', () => {
  it('database name, current short id, pending count; tooltip with server, project and counts', () => {
    const model = statusBarModel(project, ok(atB));
    assert.equal(model.text, '$(database) app_dev b2b2b2b2 $(warning) 1 pending');
    assert.match(model.tooltip, /db\.local:5433/);
    assert.match(model.tooltip, /Project \*\*app\*\*/);
    assert.match(model.tooltip, /3 revisions: 1 pending, 0 in the database but not in the files/);
    assert.equal(model.warning, true);
  });

  it('at head: no warning; no database: "no database"; a fault names it', () => {
    const head = statusBarModel(project, ok({ ...atB, current: ['c3c3c3c3c3c3'], pending: [], atHead: true }));
    assert.equal(head.text, '$(database) app_dev c3c3c3c3');
    assert.equal(head.warning, false);
    assert.equal(statusBarModel(project, { status: 'none' }).text, '$(database) no database');
    assert.equal(
      statusBarModel(project, { status: 'fault', connection, fault: { kind: 'refused', message: 'cannot connect to db.local:5433: connection refused' } }).text,
      '$(error) app_dev: cannot connect: connection refused',
    );
  });

  it('the active project is the active file’s, else the first', () => {
    const other: ProjectSummary = { ...project, config: '/w/app/sub/alembic.ini', rootDir: '/w/app/sub', revisions: [] };
    const graph: WorkspaceGraph = { projects: [project, other] };
    assert.equal(activeProject(graph, '/w/app/sub/models.py'), other, 'the deepest folder');
    assert.equal(activeProject(graph, '/w/app/versions/b2b2b2b2b2b2_m.py'), project, 'a revision file belongs to its project');
    assert.equal(activeProject(graph, '/elsewhere/x.py'), project);
    assert.equal(activeProject(graph, undefined), project);
    assert.equal(activeProject({ projects: [] }, undefined), undefined);
  });
});

describe('connection plan', () => {
  const target = (over: Partial<ConnectionTarget>): ConnectionTarget => ({
    url: 'postgresql://app@db.local:5433/app_dev',
    displayUrl: 'postgresql://app@db.local:5433/app_dev',
    source: 'setting',
    sourceDetail: 'setting alembic.databaseUrl',
    host: 'db.local',
    port: 5433,
    database: 'app_dev',
    user: 'app',
    hasPassword: false,
    ...over,
  });
  /** A resolver that answers from the inputs it is given: DATABASE_URL of the env or the .env file. */
  const access: DatabaseAccess = {
    resolve(inputs: ConnectionInputs) {
      const url = inputs.env.DATABASE_URL ?? inputs.envFile?.vars.DATABASE_URL ?? inputs.iniUrl;
      if (!url) return { kind: 'none', message: 'no source' };
      const u = new URL(url);
      return {
        kind: 'target',
        target: target({ url, host: u.hostname, port: Number(u.port), database: u.pathname.slice(1), user: u.username, hasPassword: u.password !== '' }),
      };
    },
    read: () => Promise.reject(new Error('no database in unit tests')),
  };

  it('takes the password of another source naming the same server, user and database', () => {
    const inputs: ConnectionInputs = {
      setting: { url: 'postgresql://app@db.local:5433/app_dev', source: 'setting' },
      env: {},
      envFile: { path: '/w/app/.env', vars: { DATABASE_URL: 'postgresql://app:s3cret@db.local:5433/app_dev' } },
    };
    assert.equal(passwordFromOtherSources(access, inputs, target({})), 's3cret');
  });

  it('never takes a password meant for another database, user or port', () => {
    for (const other of ['postgresql://app:x@db.local:5433/other', 'postgresql://root:x@db.local:5433/app_dev', 'postgresql://app:x@db.local:5432/app_dev']) {
      const inputs: ConnectionInputs = { env: { DATABASE_URL: other }, iniUrl: undefined };
      assert.equal(passwordFromOtherSources(access, inputs, target({})), undefined, other);
    }
  });

  it('an untrusted workspace: no workspace setting, ini or .env; Connect and the user setting still count', () => {
    const sources = {
      connectUrl: undefined,
      workspaceSetting: 'postgresql://ws@h/db',
      userSetting: 'postgresql://me@h/db',
      iniUrl: 'postgresql://ini@h/db',
      env: { DATABASE_URL: 'postgresql://env@h/db' },
      envFile: { path: '/w/.env', vars: { DATABASE_URL: 'postgresql://file@h/db' } },
    };
    const untrusted = connectionInputs(sources, false);
    assert.deepEqual(untrusted.setting, { url: 'postgresql://me@h/db', source: 'setting' });
    assert.equal(untrusted.iniUrl, undefined);
    assert.equal(untrusted.envFile, undefined);
    const trusted = connectionInputs(sources, true);
    assert.deepEqual(trusted.setting, { url: 'postgresql://ws@h/db', source: 'setting' });
    assert.equal(trusted.iniUrl, 'postgresql://ini@h/db');
    assert.deepEqual(connectionInputs({ ...sources, connectUrl: 'postgresql://c@h/db' }, false).setting, { url: 'postgresql://c@h/db', source: 'connect' });
  });

  it('keys a stored password by user, host, port and database', () => {
    assert.equal(secretKey(target({})), 'alembic.password:app@db.local:5433/app_dev');
  });
});
