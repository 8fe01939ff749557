// Where the database URL comes from: each source alone, first found wins in combination, SQLAlchemy
// URLs translated, other dialects refused, passwords lent by a source naming the same server, and
// no password in anything shown.
import * as assert from 'node:assert/strict';
import {
  displayUrl,
  resolveConnection,
  resolveConnectionDetailed,
  toPgUrl,
  type ConnectionInputs,
  type ConnectionTarget,
} from '../../server/src/engine/databaseUrl';

const resolve = (inputs: ConnectionInputs): ConnectionTarget => {
  const target = resolveConnection(inputs);
  assert.ok(target, `a target for ${JSON.stringify(inputs)}`);
  return target;
};
const envFile = (vars: Record<string, string>) => ({ path: '/p/.env', vars });

describe('database URL resolution', () => {
  describe('toPgUrl', () => {
    for (const scheme of ['postgresql', 'postgres', 'postgresql+psycopg2', 'postgresql+asyncpg', 'postgresql+psycopg', 'postgresql+pg8000']) {
      it(`translates ${scheme}://`, () => {
        assert.equal(toPgUrl(`${scheme}://app:pw@db:5433/shop?sslmode=require`), 'postgresql://app:pw@db:5433/shop?sslmode=require');
      });
    }
    it('refuses other dialects and the placeholder', () => {
      assert.equal(toPgUrl('sqlite:///app.db'), undefined);
      assert.equal(toPgUrl('mysql+pymysql://u:p@h/db'), undefined);
      assert.equal(toPgUrl('driver://user:pass@localhost/dbname'), undefined);
      assert.equal(toPgUrl('not a url'), undefined);
    });
  });

  describe('each source alone', () => {
    it('the setting', () => {
      const target = resolve({ setting: { url: 'postgresql://app@db.example:5432/shop', source: 'setting' }, env: {} });
      assert.deepEqual(
        { source: target.source, detail: target.sourceDetail, host: target.host, port: target.port, user: target.user, database: target.database },
        { source: 'setting', detail: 'setting alembic.databaseUrl', host: 'db.example', port: 5432, user: 'app', database: 'shop' },
      );
      assert.equal(target.hasPassword, false);
    });
    it('Connect Database…', () => {
      const target = resolve({ setting: { url: 'postgresql://app:pw@h/shop', source: 'connect' }, env: {} });
      assert.equal(target.source, 'connect');
      assert.equal(target.sourceDetail, 'Connect Database…');
      assert.equal(target.url, 'postgresql://app:pw@h:5432/shop');
    });
    it('sqlalchemy.url in the ini (a SQLAlchemy URL)', () => {
      const target = resolve({ iniUrl: 'postgresql+psycopg2://app:s3cret@db:6543/shop', iniFile: 'alembic.ini', env: {} });
      assert.equal(target.source, 'ini');
      assert.equal(target.sourceDetail, 'sqlalchemy.url in alembic.ini');
      assert.equal(target.url, 'postgresql://app:s3cret@db:6543/shop');
      assert.equal(target.displayUrl, 'postgresql://app@db:6543/shop');
      assert.equal(target.hasPassword, true);
    });
    it("Alembic's placeholder is no source", () => {
      assert.equal(resolveConnection({ iniUrl: 'driver://user:pass@localhost/dbname', env: {} }), undefined);
      assert.equal(resolveConnectionDetailed({ iniUrl: 'driver://user:pass@localhost/dbname', env: {} }).kind, 'none');
    });
    it('DATABASE_URL', () => {
      const target = resolve({ env: { DATABASE_URL: 'postgres://app:pw@db/shop' } });
      assert.equal(target.source, 'DATABASE_URL');
      assert.equal(target.url, 'postgresql://app:pw@db:5432/shop');
    });
    it('the PG* variables', () => {
      const target = resolve({ env: { PGHOST: 'db', PGPORT: '6000', PGUSER: 'app', PGPASSWORD: 'pw', PGDATABASE: 'shop' } });
      assert.equal(target.source, 'PG variables');
      assert.equal(target.url, 'postgresql://app:pw@db:6000/shop');
      assert.match(target.sourceDetail, /PGHOST, PGPORT, PGUSER, PGDATABASE in the environment/);
    });
    it('PGHOST may be a socket folder', () => {
      const target = resolve({ env: { PGHOST: '/var/run/postgresql', PGUSER: 'app', PGDATABASE: 'shop' } });
      assert.equal(target.host, '/var/run/postgresql');
      assert.equal(target.url, 'postgresql://app@/shop?host=%2Fvar%2Frun%2Fpostgresql&port=5432');
    });
    it('a database named by PGDATABASE alone is on localhost:5432', () => {
      const target = resolve({ env: { PGDATABASE: 'shop' } });
      assert.deepEqual([target.host, target.port, target.database, target.user], ['localhost', 5432, 'shop', undefined]);
    });
    it('PGPASSWORD or PGUSER alone name no database', () => {
      assert.equal(resolveConnection({ env: { PGPASSWORD: 'pw', PGUSER: 'app' } }), undefined);
    });
    it("the .env file's DATABASE_URL", () => {
      const target = resolve({ env: {}, envFile: envFile({ DATABASE_URL: 'postgresql+asyncpg://app:p%40ss@db/shop' }) });
      assert.equal(target.source, 'env file');
      assert.equal(target.sourceDetail, 'DATABASE_URL in /p/.env');
      assert.equal(target.url, 'postgresql://app:p%40ss@db:5432/shop');
    });
    it("the .env file's PG* variables", () => {
      const target = resolve({ env: {}, envFile: envFile({ PGHOST: 'db', PGUSER: 'app', PGPASSWORD: 'pw', PGDATABASE: 'shop' }) });
      assert.equal(target.source, 'env file');
      assert.equal(target.url, 'postgresql://app:pw@db:5432/shop');
    });
    it('nothing at all', () => {
      const resolution = resolveConnectionDetailed({ env: {} });
      assert.equal(resolution.kind, 'none');
      assert.equal(resolveConnection({ env: {}, envFile: envFile({ OTHER: 'x' }) }), undefined);
    });
  });

  describe('first found wins', () => {
    const all: ConnectionInputs = {
      setting: { url: 'postgresql://s@setting/db', source: 'setting' },
      iniUrl: 'postgresql://i@ini/db',
      env: { DATABASE_URL: 'postgresql://e@env/db', PGHOST: 'pghost', PGDATABASE: 'db' },
      envFile: envFile({ DATABASE_URL: 'postgresql://f@file/db', PGHOST: 'filehost', PGDATABASE: 'db' }),
    };
    it('in the order setting, ini, DATABASE_URL, PG*, .env DATABASE_URL, .env PG*', () => {
      const hosts: string[] = [];
      const inputs: ConnectionInputs = { ...all, env: { ...all.env }, envFile: { path: '/p/.env', vars: { ...all.envFile!.vars } } };
      const drop = [
        () => delete inputs.setting,
        () => delete inputs.iniUrl,
        () => delete (inputs.env as Record<string, string>).DATABASE_URL,
        () => {
          delete (inputs.env as Record<string, string>).PGHOST;
          delete (inputs.env as Record<string, string>).PGDATABASE;
        },
        () => delete (inputs.envFile!.vars as Record<string, string>).DATABASE_URL,
      ];
      for (const step of [() => undefined, ...drop]) {
        step();
        hosts.push(resolve(inputs).host);
      }
      assert.deepEqual(hosts, ['setting', 'ini', 'env', 'pghost', 'file', 'filehost']);
    });
    it('a non-PostgreSQL URL found first is not a target, and says so', () => {
      const resolution = resolveConnectionDetailed({ iniUrl: 'sqlite:///app.db', env: { DATABASE_URL: 'postgresql://a@h/d' } });
      assert.equal(resolution.kind, 'unsupported');
      assert.ok(resolution.kind === 'unsupported');
      assert.equal(resolution.dialect, 'sqlite');
      assert.match(resolution.message, /sqlalchemy\.url in alembic\.ini .*sqlite.*only PostgreSQL is supported/);
      const mysql = resolveConnectionDetailed({ env: { DATABASE_URL: 'mysql://u:secret@h/db' } });
      assert.ok(mysql.kind === 'unsupported');
      assert.doesNotMatch(mysql.message, /secret/);
    });
    it('missing parts of a URL come from the PG* variables, then the defaults', () => {
      const target = resolve({ iniUrl: 'postgresql:///shop', env: { PGHOST: 'db', PGUSER: 'app' } });
      assert.deepEqual([target.host, target.port, target.user, target.database], ['db', 5432, 'app', 'shop']);
      const bare = resolve({ iniUrl: 'postgresql://app@/shop', env: {} });
      assert.deepEqual([bare.host, bare.port], ['localhost', 5432]);
    });
  });

  describe('a URL without a password', () => {
    it("takes the .env DATABASE_URL's when it names the same server, user and database", () => {
      const target = resolve({ iniUrl: 'postgresql://app@db:5432/shop', env: {}, envFile: envFile({ DATABASE_URL: 'postgresql://app:pw@db/shop' }) });
      assert.equal(target.source, 'ini');
      assert.equal(target.url, 'postgresql://app:pw@db:5432/shop');
      assert.equal(target.passwordSource, 'DATABASE_URL in /p/.env');
      assert.equal(target.hasPassword, true);
    });
    for (const [what, url] of [
      ['host', 'postgresql://app:pw@other:5432/shop'],
      ['port', 'postgresql://app:pw@db:5433/shop'],
      ['user', 'postgresql://root:pw@db:5432/shop'],
      ['database', 'postgresql://app:pw@db:5432/other'],
    ]) {
      it(`not from a source naming another ${what}`, () => {
        const target = resolve({ iniUrl: 'postgresql://app@db:5432/shop', env: { DATABASE_URL: url } });
        assert.equal(target.hasPassword, false);
        assert.equal(target.url, 'postgresql://app@db:5432/shop');
      });
    }
    it('takes PGPASSWORD (libpq: for any server unless PGHOST… say otherwise)', () => {
      assert.equal(resolve({ iniUrl: 'postgresql://app@db/shop', env: { PGPASSWORD: 'pw' } }).url, 'postgresql://app:pw@db:5432/shop');
      assert.equal(resolve({ iniUrl: 'postgresql://app@db/shop', env: { PGPASSWORD: 'pw', PGHOST: 'elsewhere' } }).hasPassword, false);
      const fromFile = resolve({ env: { DATABASE_URL: 'postgresql://app@db/shop' }, envFile: envFile({ PGPASSWORD: 'pw' }) });
      assert.equal(fromFile.url, 'postgresql://app:pw@db:5432/shop');
      assert.equal(fromFile.passwordSource, 'PGPASSWORD in /p/.env');
    });
    it('the setting (never holding one) takes it from DATABASE_URL', () => {
      const target = resolve({
        setting: { url: 'postgresql://app@db/shop', source: 'setting' },
        env: { DATABASE_URL: 'postgresql+psycopg2://app:pw@db:5432/shop' },
      });
      assert.equal(target.source, 'setting');
      assert.equal(target.url, 'postgresql://app:pw@db:5432/shop');
    });
    it('keeps a password of its own', () => {
      assert.equal(resolve({ iniUrl: 'postgresql://app:mine@db/shop', env: { PGPASSWORD: 'other' } }).url, 'postgresql://app:mine@db:5432/shop');
    });
  });

  describe('shown without the password', () => {
    it('displayUrl of the target never holds it, and keeps the parameters', () => {
      const target = resolve({ env: { DATABASE_URL: 'postgresql://app:Sup3r%2Fsecret@db/shop?sslmode=require&application_name=x' } });
      assert.equal(target.displayUrl, 'postgresql://app@db:5432/shop?sslmode=require&application_name=x');
      assert.doesNotMatch(JSON.stringify({ ...target, url: undefined }), /Sup3r/);
    });
    it('displayUrl masks any dialect, a password parameter, and odd input', () => {
      assert.equal(displayUrl('mysql+pymysql://u:pw@h:3306/db?charset=utf8'), 'mysql+pymysql://u@h:3306/db?charset=utf8');
      assert.equal(displayUrl('postgresql://u@h/db?password=pw&sslmode=disable'), 'postgresql://u@h/db?sslmode=disable');
      assert.equal(displayUrl('postgresql://u:p@ss@h/db'), 'postgresql://u@h/db');
      assert.equal(displayUrl('sqlite:///app.db'), 'sqlite:///app.db');
      assert.doesNotMatch(displayUrl('user:pw@host'), /pw/);
    });
  });
});
