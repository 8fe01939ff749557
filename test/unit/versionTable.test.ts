// The version table: read statically from env.py (literal keywords of context.configure), the
// precedence explicit > env.py > config > default, identifiers quoted, and every database fault one
// line naming the server and never the password.
import * as assert from 'node:assert/strict';
import { readEnvPyVersionTable, resolveVersionTable } from '../../server/src/engine/versionTable';
import { classifyFault, qualifiedName, quoteIdentifier } from '../../server/src/database/versionTable';
import { loadProject } from '../../server/src/engine/config';
import { workspaceGraph } from '../../server/src/features/graph';
import { buildGraph } from '../../server/src/engine/graph';
import type { EngineFileSystem } from '../../server/src/engine/fileSystem';

/** Files by absolute path; a folder exists when a file lies under it. */
function memoryFileSystem(files: Record<string, string>): EngineFileSystem {
  const readDirectory = (dir: string) => {
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    const names = new Map<string, boolean>();
    for (const file of Object.keys(files)) {
      if (!file.startsWith(prefix)) continue;
      const [name, ...rest] = file.slice(prefix.length).split('/');
      names.set(name, rest.length > 0 || names.get(name) === true);
    }
    if (names.size === 0) return undefined;
    return [...names].map(([name, isDirectory]) => ({ name, isFile: !isDirectory, isDirectory }));
  };
  return { readFile: (file) => files[file], readDirectory, realPath: (file) => file };
}

const ENV_PY = (online: string, offline = 'url=url') => `from alembic import context

def run_migrations_offline():
    context.configure(${offline})

def run_migrations_online():
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            ${online}
        )
`;

describe('version table', () => {
  describe('read from env.py', () => {
    it('literal version_table= and version_table_schema= in context.configure', () => {
      assert.deepEqual(readEnvPyVersionTable(ENV_PY(`version_table="my_versions", version_table_schema='audit',`)), { name: 'my_versions', schema: 'audit' });
    });
    it('adjacent literals are one string; prefixes and escapes are Python’s', () => {
      assert.deepEqual(readEnvPyVersionTable(ENV_PY(`version_table='ver' "sions", version_table_schema=r'a\\b'`)), { name: 'versions', schema: 'a\\b' });
    });
    it('a non-literal value (a name, an f-string, a call) is not known statically', () => {
      assert.deepEqual(readEnvPyVersionTable(ENV_PY(`version_table=TABLE, version_table_schema=f"{x}"`)), {});
      assert.deepEqual(readEnvPyVersionTable(ENV_PY(`version_table=os.environ["T"]`)), {});
    });
    it('only context.configure counts: other calls, comments and strings do not', () => {
      const text = `# context.configure(version_table="comment")\nother.configure(version_table="other")\nx = "context.configure(version_table='string')"\n`;
      assert.deepEqual(readEnvPyVersionTable(text), {});
    });
    it('run_migrations_online wins over the offline call when they disagree', () => {
      assert.deepEqual(readEnvPyVersionTable(ENV_PY(`version_table="online"`, `url=url, version_table="offline"`)), { name: 'online' });
      assert.deepEqual(readEnvPyVersionTable(ENV_PY(`target_metadata=None`, `url=url, version_table="offline"`)), { name: 'offline' });
    });
    it('a broken env.py gives what it can', () => {
      assert.deepEqual(readEnvPyVersionTable('def (:\n  context.configure(version_table="v"'), { name: 'v' });
      assert.deepEqual(readEnvPyVersionTable(''), {});
    });
  });

  describe('precedence', () => {
    it('explicit > env.py > config > default, field by field', () => {
      assert.deepEqual(resolveVersionTable({}, undefined), { name: 'alembic_version', nameSource: 'default', schemaSource: 'default' });
      assert.deepEqual(resolveVersionTable({}, {}, { name: 'cfg', schema: 'cs' }), { name: 'cfg', schema: 'cs', nameSource: 'config', schemaSource: 'config' });
      assert.deepEqual(resolveVersionTable({}, { name: 'env' }, { name: 'cfg', schema: 'cs' }), {
        name: 'env',
        schema: 'cs',
        nameSource: 'env.py',
        schemaSource: 'config',
      });
      assert.deepEqual(resolveVersionTable({ schema: 'flag' }, { name: 'env', schema: 'es' }), {
        name: 'env',
        schema: 'flag',
        nameSource: 'env.py',
        schemaSource: 'explicit',
      });
    });
    it('the graph request carries what env.py says (ProjectSummary.versionTable)', () => {
      const files = memoryFileSystem({
        '/p/alembic.ini': '[alembic]\nscript_location = migrations\n',
        '/p/migrations/env.py': ENV_PY(`version_table="ver", version_table_schema="meta"`),
        '/p/migrations/versions/.keep': '',
      });
      const project = loadProject('/p/alembic.ini', files)!;
      assert.deepEqual(project.envPy, { file: '/p/migrations/env.py', versionTable: { name: 'ver', schema: 'meta' } });
      const summary = workspaceGraph([{ project, files: [], graph: buildGraph([]), findings: [] }]).projects[0];
      assert.deepEqual(summary.versionTable, { name: 'ver', schema: 'meta', source: 'env.py' });
      const plain = loadProject('/p/alembic.ini', memoryFileSystem({ '/p/alembic.ini': '[alembic]\nscript_location = m\n', '/p/m/versions/.keep': '' }))!;
      assert.equal(workspaceGraph([{ project: plain, files: [], graph: buildGraph([]), findings: [] }]).projects[0].versionTable, undefined);
    });
  });

  describe('identifiers', () => {
    it('are quoted, quotes doubled', () => {
      assert.equal(quoteIdentifier('alembic_version'), '"alembic_version"');
      assert.equal(quoteIdentifier('we"ird'), '"we""ird"');
      assert.equal(qualifiedName({ name: 'V t', schema: 'My "S' }), '"My ""S"."V t"');
      assert.equal(qualifiedName({ name: 'alembic_version' }), '"alembic_version"');
    });
  });

  describe('faults', () => {
    const server = { host: 'db.example', port: 5432, user: 'app', database: 'shop' };
    const table = { name: 'alembic_version' };
    const cases: [unknown, string, RegExp][] = [
      [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'refused', /db\.example:5432.*refused/],
      [Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' }), 'timeout', /db\.example:5432.*10 s/],
      [new Error('Connection terminated due to connection timeout'), 'timeout', /db\.example:5432/],
      [Object.assign(new Error('getaddrinfo ENOTFOUND db.example'), { code: 'ENOTFOUND' }), 'host-unknown', /db\.example:5432.*not found/],
      [Object.assign(new Error('password authentication failed for user "app"'), { code: '28P01' }), 'authentication', /user "app" on db\.example:5432/],
      [Object.assign(new Error('no pg_hba.conf entry for host "1.2.3.4"'), { code: '28000' }), 'authentication', /db\.example:5432.*pg_hba/],
      [new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string'), 'password-missing', /db\.example:5432.*user "app"/],
      [Object.assign(new Error('database "shop" does not exist'), { code: '3D000' }), 'database-missing', /database "shop" does not exist on db\.example:5432/],
      [Object.assign(new Error('permission denied for table alembic_version'), { code: '42501' }), 'permission', /"alembic_version".*db\.example:5432/],
    ];
    for (const [error, kind, message] of cases) {
      it(`${(error as Error).message} → ${kind}`, () => {
        const fault = classifyFault(error, server, table, 'connect', 10_000, ['s3cret']);
        assert.equal(fault.kind, kind);
        assert.match(fault.message, message);
        assert.doesNotMatch(fault.message, /\n/);
      });
    }
    it('a socket folder is named by its socket file', () => {
      const fault = classifyFault(Object.assign(new Error('x'), { code: 'ENOENT' }), { host: '/run/pg', port: 5433 }, table, 'connect', 10_000);
      assert.equal(fault.kind, 'refused');
      assert.match(fault.message, /\/run\/pg\/\.s\.PGSQL\.5433/);
    });
    it('never quotes a password, whatever the driver said', () => {
      const fault = classifyFault(new Error('weird failure with s3cret inside\nsecond line'), server, table, 'query', 10_000, ['s3cret']);
      assert.equal(fault.kind, 'other');
      assert.doesNotMatch(fault.message, /s3cret|second line/);
    });
  });
});
