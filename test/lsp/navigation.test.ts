// Hover, go to definition, find references, completion, symbols and code lenses, as an editor
// asks for them over stdio against the bundled server.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CompletionItem, Location, MarkupContent } from 'vscode-languageserver-protocol';
import { migrationSource } from '../unit/migrationBuilder';
import { BASIC, BasicProject, LspSession, positionOf, textAt, uriOf } from './harness';

const { USERS, EMAIL, POSTS } = BASIC;

describe('language server over stdio: navigation', () => {
  let project: BasicProject;
  let session: LspSession;
  let versions: string;
  let users: string;
  let email: string;
  let posts: string;
  const text = (file: string) => readFileSync(file, 'utf8');

  beforeEach(async () => {
    project = await BasicProject.start();
    ({ session, versions, users, email, posts } = project);
  });
  afterEach(() => project.dispose());

  /** Opens a new migration (unsaved) in the versions folder. */
  const openMigration = (id: string, spec: Parameters<typeof migrationSource>[1], name = `${id}_new.py`) => {
    const file = path.join(versions, name);
    const source = migrationSource(id, spec);
    session.open(file, source);
    return { file, source };
  };

  const markdown = (hover: Awaited<ReturnType<LspSession['hover']>>) => {
    assert.ok(hover, 'a hover');
    const contents = hover.contents as MarkupContent;
    assert.equal(contents.kind, 'markdown');
    return contents.value;
  };

  describe('hover', () => {
    it('on a down_revision literal describes the parent: message, file link, date, children, status', async () => {
      const at = positionOf(text(email), `'${USERS}'`, 3);
      const hover = await session.hover(email, at);
      const value = markdown(hover);
      assert.match(value, new RegExp(`Revision \`${USERS}\`\\*\\* — create users table`));
      assert.ok(value.includes(`[migrations/versions/${USERS}_create_users_table.py](${uriOf(users)}#L15)`), value);
      assert.match(value, /\*\*Created:\*\* 2024-01-15 10:00:00/);
      assert.match(value, /\*\*Parents:\*\* none \(base\)/);
      assert.match(value, new RegExp(`\\*\\*Children:\\*\\* \`${EMAIL}\` \\(add email to users\\)`));
      assert.match(value, /\*\*Status:\*\* base$/m);
      assert.equal(textAt(text(email), hover!.range!), `'${USERS}'`, 'the hover covers the literal');
    });

    it('on the docstring "Revises:" line and on a 4+ character prefix in a comment', async () => {
      const source = text(posts).replace('# revision identifiers', `# follows ${EMAIL.slice(0, 6)} closely\n# revision identifiers`);
      session.open(posts, source);
      const revises = markdown(await session.hover(posts, positionOf(source, `Revises: ${EMAIL}`, 12)));
      assert.match(revises, new RegExp(`Revision \`${EMAIL}\`\\*\\* — add email to users`));
      assert.match(revises, new RegExp(`\\*\\*Parents:\\*\\* \`${USERS}\` \\(create users table\\)`));
      const prefix = markdown(await session.hover(posts, positionOf(source, `follows ${EMAIL.slice(0, 6)}`, 10)));
      assert.match(prefix, new RegExp(`^\`${EMAIL.slice(0, 6)}\` is a prefix of \\*\\*Revision \`${EMAIL}\``));
      // A word that is no revision gets no hover.
      assert.equal(await session.hover(posts, positionOf(source, 'sqlalchemy', 2)), null);
    });

    it('on the revision itself shows head, merge and branch status', async () => {
      openMigration('4d5e6f7a8b9c', { down: EMAIL, message: 'branch off email' });
      const { file, source } = openMigration('5e6f7a8b9c0d', { down: [POSTS, '4d5e6f7a8b9c'], message: 'merge both' });
      const merge = markdown(await session.hover(file, positionOf(source, "'5e6f7a8b9c0d'", 1)));
      assert.match(merge, /\*\*Status:\*\* head · merge point$/m);
      const branch = markdown(await session.hover(email, positionOf(text(email), `revision: str = '${EMAIL}'`, 17)));
      assert.match(branch, /\*\*Status:\*\* branch point$/m);
      assert.match(branch, /\*\*Children:\*\* `3c4d5e6f7a8b` \(create posts table\), `4d5e6f7a8b9c` \(branch off email\)/);
    });

    it('on a dangling down_revision says it is unknown and names the closest revision', async () => {
      const source = text(posts).replace(`'${EMAIL}'`, "'2b3c4d5e6f7b'");
      session.open(posts, source);
      const value = markdown(await session.hover(posts, positionOf(source, "'2b3c4d5e6f7b'", 2)));
      assert.match(value, /Unknown revision\*\* `2b3c4d5e6f7b`/);
      assert.match(value, /Closest: `2b3c4d5e6f7a` \(add email to users\)/);
    });
  });

  describe('go to definition', () => {
    it('jumps from down_revision to the parent file’s revision literal', async () => {
      const result = (await session.definition(email, positionOf(text(email), `'${USERS}'`, 5))) as Location;
      assert.equal(result.uri, uriOf(users));
      assert.equal(textAt(text(users), result.range), `'${USERS}'`);
      assert.equal(result.range.start.line, 14);
    });

    it('follows depends_on through a branch label and a docstring mention; nothing on the own id', async () => {
      openMigration('4d5e6f7a8b9c', { down: POSTS, labels: 'reports', message: 'reports' });
      const { file, source } = openMigration('5e6f7a8b9c0d', { down: '4d5e6f7a8b9c', dependsOn: 'reports', message: 'needs reports' });
      const result = (await session.definition(file, positionOf(source, "= 'reports'", 4))) as Location;
      assert.equal(result.uri, uriOf(path.join(versions, '4d5e6f7a8b9c_new.py')));
      const fromDocstring = (await session.definition(posts, positionOf(text(posts), `Revises: ${EMAIL}`, 10))) as Location;
      assert.equal(fromDocstring.uri, uriOf(email));
      assert.equal(await session.definition(posts, positionOf(text(posts), `'${POSTS}'`, 3)), null);
    });
  });

  describe('find references', () => {
    it('lists the down_revision and depends_on literals that name the revision, plus the declaration on request', async () => {
      const added = openMigration('4d5e6f7a8b9c', { down: EMAIL, dependsOn: USERS, message: 'side branch' });
      const at = positionOf(text(users), `'${USERS}'`, 2);
      const shown = (locations: Location[] | null) => (locations ?? []).map((l) => `${path.basename(l.uri)}:${l.range.start.line}`).sort();
      const without = (await session.references(users, at, false)) ?? [];
      assert.deepEqual(shown(without), [`${EMAIL}_add_email_to_users.py:15`, '4d5e6f7a8b9c_new.py:15']);
      const sources = new Map([
        [uriOf(email), text(email)],
        [uriOf(added.file), added.source],
      ]);
      for (const location of without) assert.equal(textAt(sources.get(location.uri)!, location.range), `'${USERS}'`);
      const withDeclaration = await session.references(users, at, true);
      assert.deepEqual(shown(withDeclaration), [`${USERS}_create_users_table.py:14`, `${EMAIL}_add_email_to_users.py:15`, '4d5e6f7a8b9c_new.py:15'].sort());
      // From a child's down_revision literal, the same list.
      assert.deepEqual(shown(await session.references(email, positionOf(text(email), `'${USERS}'`, 1), false)), shown(without));
    });
  });

  describe('completion', () => {
    const byOrder = (items: CompletionItem[]) => [...items].sort((a, b) => a.sortText!.localeCompare(b.sortText!));

    it("offers every other revision inside an empty down_revision '', heads first, with the message as detail", async () => {
      openMigration('4d5e6f7a8b9c', { down: USERS, message: 'side branch' });
      const source = text(posts).replace(`down_revision: Union[str, None] = '${EMAIL}'`, "down_revision: Union[str, None] = ''");
      session.open(posts, source);
      const at = positionOf(source, "= ''", 3);
      const items = byOrder(await session.completion(posts, at));
      // POSTS is the file itself; heads (EMAIL lost its child, 4d5e is new) come first.
      assert.deepEqual(
        items.map((i) => i.label),
        [EMAIL, '4d5e6f7a8b9c', USERS],
      );
      assert.deepEqual(
        items.map((i) => i.detail),
        ['add email to users', 'side branch', 'create users table'],
      );
      assert.equal(items[0].labelDetails?.description, 'head · add email to users');
      const edit = items[0].textEdit as { range: { start: unknown; end: unknown }; newText: string };
      assert.deepEqual(edit.range, { start: at, end: at }, 'replaces the empty content between the quotes');
      assert.equal(edit.newText, EMAIL);
    });

    it('works in an unterminated string and replaces what is typed; never offers descendants', async () => {
      const source = text(users).replace('down_revision: Union[str, None] = None', "down_revision: Union[str, None] = '3c4");
      session.open(users, source);
      const at = positionOf(source, "'3c4", 4);
      const items = await session.completion(users, at);
      // Every other revision descends from USERS: pointing at one would close a cycle.
      assert.deepEqual(
        items.map((i) => i.label),
        [],
      );
      const posts4 = text(posts).replace(`down_revision: Union[str, None] = '${EMAIL}'`, "down_revision: Union[str, None] = '1a2");
      session.open(posts, posts4);
      const cursor = positionOf(posts4, "'1a2", 4);
      const offered = await session.completion(posts, cursor);
      assert.deepEqual(offered.map((i) => i.label).sort(), [USERS, EMAIL].sort());
      const edit = offered[0].textEdit as { range: { start: { line: number; character: number }; end: unknown } };
      assert.deepEqual(edit.range, { start: { line: cursor.line, character: cursor.character - 3 }, end: cursor });
    });

    it('offers branch labels in depends_on (a tuple spread over lines), nothing outside a revision string', async () => {
      openMigration('4d5e6f7a8b9c', { down: POSTS, labels: 'reports', message: 'reports' });
      const later = migrationSource('5e6f7a8b9c0d', { down: '4d5e6f7a8b9c', message: 'later' }).replace(
        'depends_on: Union[str, Sequence[str], None] = None',
        `depends_on: Union[str, Sequence[str], None] = (\n    '${USERS}',\n    "\n)`,
      );
      const file = path.join(versions, '5e6f7a8b9c0d_later.py');
      session.open(file, later);
      const items = await session.completion(file, positionOf(later, '    "', 5));
      assert.deepEqual(items.map((i) => i.label).sort(), [USERS, EMAIL, POSTS, '4d5e6f7a8b9c', 'reports'].sort());
      const label = items.find((i) => i.label === 'reports')!;
      assert.equal(label.detail, 'branch label of 4d5e6f7a8b9c (reports)');
      assert.equal(label.labelDetails?.description, 'branch label');
      assert.deepEqual(await session.completion(file, positionOf(later, 'import sqlalchemy', 3)), []);
      assert.deepEqual(await session.completion(file, positionOf(later, '= None', 4)), []);
    });
  });

  describe('symbols', () => {
    it('document symbols: the revision with its message, upgrade() and downgrade()', async () => {
      const symbols = (await session.documentSymbols(email))!;
      assert.deepEqual(
        symbols.map((s) => [s.name, s.detail ?? '', s.range.start.line]),
        [
          [EMAIL, 'add email to users', 14],
          ['upgrade()', '', 20],
          ['downgrade()', '', 25],
        ],
      );
      assert.equal(textAt(text(email), symbols[0].selectionRange), `'${EMAIL}'`);
    });

    it('workspace symbols: every revision with its message, filtered by the query words', async () => {
      const all = (await session.workspaceSymbols(''))!;
      assert.deepEqual(all.map((s) => s.name).sort(), [`${USERS} create users table`, `${EMAIL} add email to users`, `${POSTS} create posts table`]);
      const found = (await session.workspaceSymbols('POSTS create'))!;
      assert.deepEqual(
        found.map((s) => s.name),
        [`${POSTS} create posts table`],
      );
      assert.equal(found[0].location.uri, uriOf(posts));
      assert.equal(found[0].location.range.start.line, 14);
      assert.deepEqual(
        (await session.workspaceSymbols(EMAIL))!.map((s) => s.name),
        [`${EMAIL} add email to users`],
      );
      assert.deepEqual(
        (await session.workspaceSymbols('2b3c'))!.map((s) => s.name).sort(),
        [`${USERS} create users table`, `${EMAIL} add email to users`],
        'a substring of two ids',
      );
      assert.deepEqual(await session.workspaceSymbols('no such revision'), []);
    });
  });

  describe('code lens', () => {
    const lensesOf = async (file: string) =>
      ((await session.codeLenses(file)) ?? []).map((l) => ({
        title: l.command!.title,
        command: l.command!.command,
        args: l.command!.arguments,
        line: l.range.start.line,
      }));

    it('shows parent, status and children over def upgrade, each opening the related file', async () => {
      assert.deepEqual(await lensesOf(email), [
        { title: '↓ 1a2b3c4d (create users table)', command: 'alembic.openRevision', args: [users], line: 20 },
        { title: '↑ 3c4d5e6f (create posts table)', command: 'alembic.openRevision', args: [posts], line: 20 },
      ]);
      assert.deepEqual(
        (await lensesOf(users)).map((l) => [l.title, l.command]),
        [
          ['base', ''],
          ['↑ 2b3c4d5e (add email to users)', 'alembic.openRevision'],
        ],
      );
      assert.deepEqual(
        (await lensesOf(posts)).map((l) => [l.title, l.command]),
        [
          ['↓ 2b3c4d5e (add email to users)', 'alembic.openRevision'],
          ['head', ''],
        ],
      );
    });

    it('asks the editor to refresh lenses when another file changes the graph', async () => {
      const before = session.codeLensRefreshes;
      openMigration('4d5e6f7a8b9c', { down: POSTS, dependsOn: USERS, message: 'comments' });
      await session.waitFor('a code lens refresh', () => session.codeLensRefreshes > before);
      assert.deepEqual(
        (await lensesOf(posts)).map((l) => l.title),
        ['↓ 2b3c4d5e (add email to users)', '↑ 4d5e6f7a (comments)'],
      );
      const added = await lensesOf(path.join(versions, '4d5e6f7a8b9c_new.py'));
      assert.deepEqual(
        added.map((l) => l.title),
        ['↓ 3c4d5e6f (create posts table)', '⤷ depends on 1a2b3c4d (create users table)', 'head'],
      );
      assert.deepEqual(added[1].args, [users]);
    });
  });
});
