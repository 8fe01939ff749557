// maskSecrets on the lines the extension really logs: connection URLs, env dumps, libpq strings.
// Each case gives the exact masked text (the host and database stay readable) and checks that no
// piece of the secret survives.
import * as assert from 'node:assert/strict';
import { maskSecrets } from '../../client/src/maskSecrets';

/** Every run of 3+ characters of the secret that does not also occur in the expected output. */
function leakedPieces(secret: string, masked: string, expected: string): string[] {
  const pieces: string[] = [];
  for (let i = 0; i + 3 <= secret.length; i++) {
    const piece = secret.slice(i, i + 3);
    if (masked.includes(piece) && !expected.includes(piece)) pieces.push(piece);
  }
  return pieces;
}

function masks(input: string, expected: string, secrets: string[]): void {
  const masked = maskSecrets(input);
  assert.equal(masked, expected, `maskSecrets(${JSON.stringify(input)})`);
  for (const secret of secrets) {
    assert.ok(!masked.includes(secret), `the secret ${JSON.stringify(secret)} survives in ${JSON.stringify(masked)}`);
    assert.deepEqual(leakedPieces(secret, masked, expected), [], `pieces of ${JSON.stringify(secret)} survive`);
  }
}

describe('maskSecrets', () => {
  it('hides a percent-encoded password and keeps user, host, port and database', () => {
    masks('postgresql://app:s3cr%40t@db:5432/x', 'postgresql://app:***@db:5432/x', ['s3cr%40t', 's3cr']);
  });

  it('hides a password holding a literal `:` and a password query parameter', () => {
    masks('postgresql+psycopg2://user:pa:ss@host/db?sslmode=require&password=hunter2', 'postgresql+psycopg2://user:***@host/db?sslmode=require&password=***', [
      'pa:ss',
      ':ss@',
      'hunter2',
    ]);
  });

  it('hides the whole of a password holding a literal `@` (the user info ends at the last `@` before the path)', () => {
    masks('postgresql://u:p@ss@h/db', 'postgresql://u:***@h/db', ['p@ss', 'ss@']);
    masks('engine: postgresql://u:p@ss@w@h:5432', 'engine: postgresql://u:***@h:5432', ['p@ss@w']);
    // An `@` after the path (a query value) is not the end of the user info.
    masks('postgresql://u:pw@h/db?application_name=me@laptop', 'postgresql://u:***@h/db?application_name=me@laptop', ['pw@']);
  });

  it('hides a password holding a literal `/`', () => {
    masks('url = "postgresql://u:pa/ss@h/db"', 'url = "postgresql://u:***@h/db"', ['pa/ss']);
  });

  it('masks every URL of a line, separated by blanks or glued by commas', () => {
    masks(
      'tried postgresql://a:one1@h1/db, mysql+pymysql://b:two2@h2/db,postgresql://c:three3@h3:5433/db then gave up',
      'tried postgresql://a:***@h1/db, mysql+pymysql://b:***@h2/db,postgresql://c:***@h3:5433/db then gave up',
      ['one1', 'two2', 'three3'],
    );
  });

  it('leaves URLs without a password untouched', () => {
    for (const line of [
      'postgresql://app@localhost:5432/app_dev',
      'postgresql+psycopg2://localhost/app_dev?sslmode=require',
      'see https://alembic.sqlalchemy.org/en/latest/tutorial.html#running-our-first-migration',
      'http://127.0.0.1:8080/path?q=1',
      'connecting to postgresql:///app (socket)',
    ]) {
      assert.equal(maskSecrets(line), line);
    }
  });

  it('hides an empty-user password (redis://:secret@host)', () => {
    masks('redis://:tok3n@cache:6379/0', 'redis://:***@cache:6379/0', ['tok3n']);
  });

  it('masks DATABASE_URL and password variables in an environment dump line', () => {
    masks(
      'env: DATABASE_URL=postgresql://app:hunter2@db.internal:5432/app PGPASSWORD=s3cret DB_PASSWORD=other1 PGHOST=db.internal',
      'env: DATABASE_URL=postgresql://app:***@db.internal:5432/app PGPASSWORD=*** DB_PASSWORD=*** PGHOST=db.internal',
      ['hunter2', 's3cret', 'other1'],
    );
    masks('DATABASE_URL=postgresql://app:hunter2@db/app\nPGPASSWORD=s3cret\n', 'DATABASE_URL=postgresql://app:***@db/app\nPGPASSWORD=***\n', [
      'hunter2',
      's3cret',
    ]);
  });

  it('masks libpq key/value connection strings, quoted values included', () => {
    masks('host=x password=secret dbname=y', 'host=x password=*** dbname=y', ['secret']);
    masks("host=x password='se cr\\'et' dbname=y", 'host=x password=*** dbname=y', ["se cr\\'et", 'cr\\', "'et"]);
    masks('host=x sslpassword = k3y&more port=5432', 'host=x sslpassword = *** port=5432', ['k3y&more']);
    // libpq skips blanks after `=`: `password= dbname=y` sets the password to "dbname=y".
    masks('host=x password= dbname=y', 'host=x password= ***', ['dbname=y']);
    masks('host=x password=', 'host=x password=', []); // nothing to hide, nothing changed
  });

  it('masks password fields of JSON', () => {
    masks('{"url": "postgresql://u@h/db", "password": "p\\"w:d"}', '{"url": "postgresql://u@h/db", "password": "***"}', ['p\\"w:d', 'w:d']);
  });

  it('leaves lines without secrets alone', () => {
    for (const line of ['Alembic language server started.', 'revision = 1a2b3c4d5e6f', 'x == y and a:b@c', 'passwords differ']) {
      assert.equal(maskSecrets(line), line);
    }
  });
});
