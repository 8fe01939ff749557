// One file the parser breaks on must cost only its own diagnostics: the server keeps publishing
// every other file's, and follows edits to them, whether the broken file is on disk or being typed.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { lezerBreakingMigration } from '../unit/realisticMigrations';
import { copyFixture, LspSession } from './harness';

describe('language server over stdio: a file the parser breaks on', () => {
  let fixture: ReturnType<typeof copyFixture>;
  let session: LspSession;
  let versions: string;
  let posts: string;
  let email: string;
  let users: string;

  beforeEach(() => {
    fixture = copyFixture('basic');
    versions = path.join(fixture.dir, 'migrations', 'versions');
    posts = path.join(versions, '3c4d5e6f7a8b_create_posts_table.py');
    email = path.join(versions, '2b3c4d5e6f7a_add_email_to_users.py');
    users = path.join(versions, '1a2b3c4d5e6f_create_users_table.py');
  });

  afterEach(async () => {
    await session.stop();
    fixture.dispose();
  });

  it('on disk: its neighbours still get their diagnostics, including a plain syntax error next door', async () => {
    writeFileSync(posts, lezerBreakingMigration());
    writeFileSync(email, readFileSync(email, 'utf8').replace('def downgrade() -> None:', 'def downgrade( -> None:'));
    session = await LspSession.start(fixture.dir);
    await session.waitFor('the neighbour syntax error', () => session.codes(email).includes('syntax-error'));
    await session.waitFor('the broken file reported', () => session.codes(posts).some((code) => code === 'parse-error' || code === 'syntax-error'));
    const parseError = session.diagnosticsOf(posts).find((d) => d.code === 'parse-error');
    if (parseError) assert.match(String(parseError.message), /could not analyse this file fully/);
    assert.equal(session.stderr.join('').includes('Publishing diagnostics failed'), false, session.stderr.join(''));
  });

  it('typed into an open editor: the other files keep following their edits', async () => {
    session = await LspSession.start(fixture.dir);
    await session.waitFor('initial warning', () => session.codes(posts).includes('missing-downgrade'));
    session.open(posts, readFileSync(posts, 'utf8'));
    session.replace(posts, lezerBreakingMigration());
    await session.waitFor('the broken file reported', () => session.codes(posts).some((code) => code === 'parse-error' || code === 'syntax-error'));
    // An edit to another file after that is still analysed and published.
    const text = readFileSync(users, 'utf8');
    session.open(users, text);
    session.replace(users, text.replace('def downgrade() -> None:', 'def downgrade(:'));
    await session.waitFor('syntax error in the other file', () => session.codes(users).includes('syntax-error'));
    session.replace(users, text);
    await session.waitFor('the other file clean again', () => session.codes(users).length === 0);
  });
});
