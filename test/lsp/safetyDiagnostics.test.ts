// The safety rules over LSP: a finding appears when an edit makes a migration unsafe and goes away
// when the edit is undone, also when the edit is in another file (the schema replay follows it).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { copyFixture, LspSession, uriOf } from './harness';

describe('language server over stdio: safety rules', () => {
  let fixture: ReturnType<typeof copyFixture>;
  let session: LspSession;
  const versions = () => path.join(fixture.dir, 'migrations', 'versions');

  beforeEach(async () => {
    fixture = copyFixture('safety/greenfield');
    session = await LspSession.start(fixture.dir);
  });

  afterEach(async () => {
    await session.stop();
    fixture.dispose();
  });

  it('add-not-null-without-default appears on an edit and disappears when it is undone', async () => {
    const file = path.join(versions(), 'c3d2e4f5a6b7_add_display_name_nullable.py');
    await session.waitFor('first diagnostics', () => session.diagnostics.size > 0);
    assert.deepEqual(session.codes(file), []);
    const text = readFileSync(file, 'utf8');
    session.open(file, text);
    session.replace(file, text.replace('sa.String(length=100), nullable=True)', 'sa.String(length=100), nullable=False)'));
    await session.waitFor('the finding', () => session.codes(file).includes('add-not-null-without-default'));
    const diagnostic = session.diagnostics.get(uriOf(file))!.diagnostics.find((d) => d.code === 'add-not-null-without-default')!;
    assert.match(String(diagnostic.message), /nullable=True.*backfill/s);
    session.replace(file, text);
    await session.waitFor('the finding gone', () => session.diagnostics.has(uriOf(file)) && session.codes(file).length === 0);
  });

  it('unknown-column follows an edit in an earlier revision: renaming the added column breaks the revisions that use it', async () => {
    const adding = path.join(versions(), 'c3d2e4f5a6b7_add_display_name_nullable.py');
    const using = path.join(versions(), 'e5f4a6b7c8d9_display_name_not_null.py');
    await session.waitFor('first diagnostics', () => session.diagnostics.size > 0);
    assert.deepEqual(session.codes(using), []);
    const text = readFileSync(adding, 'utf8');
    session.open(adding, text);
    session.replace(adding, text.replace("sa.Column('display_name'", "sa.Column('nickname'"));
    await session.waitFor('unknown-column on the later revision', () => session.codes(using).includes('unknown-column'));
    session.replace(adding, text);
    await session.waitFor('cleared again', () => !session.codes(using).includes('unknown-column'));
  });

  it('the file being typed into comes first: its findings at once, the later revisions and the tree notification once typing pauses', async () => {
    const adding = path.join(versions(), 'c3d2e4f5a6b7_add_display_name_nullable.py');
    const using = path.join(versions(), 'e5f4a6b7c8d9_display_name_not_null.py');
    await session.waitFor('first diagnostics', () => session.diagnostics.size > 0 && session.graphChanges > 0);
    const text = readFileSync(adding, 'utf8');
    session.open(adding, text); // the text on disk: nothing to publish
    const from = session.events.length;
    // The column renamed and NOT NULL: a finding on the edited file, and unknown-column two revisions up.
    session.replace(
      adding,
      text.replace("sa.Column('display_name', sa.String(length=100), nullable=True)", "sa.Column('nickname', sa.String(length=100), nullable=False)"),
    );
    await session.waitFor('unknown-column on the later revision', () => session.codes(using).includes('unknown-column'));
    await session.waitFor('the tree told', () => session.events.slice(from).includes('graphChanged'));
    const events = session.events.slice(from);
    assert.ok(session.codes(adding).includes('add-not-null-without-default'), session.codes(adding).join());
    assert.equal(events[0], `publish ${path.basename(adding)}`, events.join('\n'));
    assert.ok(events.indexOf(`publish ${path.basename(using)}`) > 0, events.join('\n'));
    assert.ok(events.indexOf('graphChanged') > events.indexOf(`publish ${path.basename(using)}`), events.join('\n'));
    // The rest waited for typing to pause (the server's FOLLOW_UP_MS, 150 ms): one publish would send them together.
    const gap = session.eventTimes[from + events.indexOf(`publish ${path.basename(using)}`)] - session.eventTimes[from];
    assert.ok(gap >= 100, `the later revision came ${gap.toFixed(1)} ms after the edited file`);
  });
});
