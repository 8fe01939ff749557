// The identifiers-only reader of `alembic-lint graph` (parse.ts readIdentifiers, fastMigrationReader.ts
// readIdentifiersFast) against the reference, a full lezer parse (parseMigrationFull): the four
// identifiers, the message and the Create Date must be the very ones, however the file goes on
// after the point where the reader stops.
import * as assert from 'node:assert/strict';
import { parseMigration, parseMigrationFull, readIdentifiers } from '../../server/src/engine/parse';
import { readIdentifiersFast } from '../../server/src/engine/fastMigrationReader';
import { random } from './seededRandom';
// @ts-expect-error: plain ESM helper of the benchmark, no type declarations
import { migrationSource as benchSource, planRevisions } from '../bench/generate.mjs';

const FILE = '/p/versions/abc123_x.py';

/** Compares readIdentifiers with the full parse; returns whether it stopped early (answered without a full read). */
function same(text: string, what = JSON.stringify(text.slice(0, 80))): boolean {
  const full = parseMigrationFull(FILE, text);
  const read = readIdentifiers(FILE, text);
  assert.deepEqual(read.identifiers, full.identifiers, `identifiers differ on ${what}`);
  assert.equal(read.message, full.message, `message differs on ${what}`);
  assert.equal(read.createDate, full.createDate, `Create Date differs on ${what}`);
  const fast = readIdentifiersFast(FILE, text);
  if (!fast) assert.deepEqual(read, parseMigration(FILE, text), `a full read must be parseMigration's on ${what}`);
  else assert.deepEqual(fast.syntaxErrors, [], what);
  return !!fast;
}

const HEADER = `"""Add things\n\nRevision ID: abc123\nRevises: prev\nCreate Date: 2024-05-06 07:08:09.123456\n\n"""\nfrom alembic import op\nimport sqlalchemy as sa\n\n`;
const IDS = `revision = 'abc123'\ndown_revision = 'prev'\nbranch_labels = None\ndepends_on = None\n`;
const FUNCS = `\n\ndef upgrade():\n    op.add_column('t', sa.Column('c', sa.Integer()))\n\n\ndef downgrade():\n    op.drop_column('t', 'c')\n`;

/** Files read up to their identifiers only, whatever follows. */
const EARLY_CASES: Record<string, string> = {
  'plain migration': HEADER + IDS + FUNCS,
  'a syntax error after the identifiers': `${HEADER}${IDS}\ndef upgrade(:\n    pass\n`,
  'an f-string, a lambda and a semicolon after the identifiers': `${HEADER}${IDS}${FUNCS}x = f"{a}"; y = lambda: 1\n`,
  'an unterminated string after the identifiers': `${HEADER}${IDS}x = 'abc\n`,
  'names inside functions only': `${HEADER}${IDS}\ndef helper():\n    revision = 'inner'\n    down_revision = 'inner'\n`,
  'names in strings after the identifiers': `${HEADER}${IDS}x = "revision = 'str'"\ny = '''\ndepends_on = 'long'\n'''\n# branch_labels = 'comment'\n`,
  'identifiers missing (depends_on never set)': `${HEADER}revision = 'abc123'\ndown_revision = None\n${FUNCS}x = f"{a}"\n`,
  'a value over several lines': `${HEADER}revision = 'abc123'\ndown_revision = (\n    'a',\n    'b',\n)\n${FUNCS}\ndef f(:\n`,
  CRLF: (HEADER + IDS + FUNCS + 'x = f"{a}"\n').replace(/\n/g, '\r\n'),
  'the bench migrations': benchSource((planRevisions(3) as unknown[])[1], 1) as string,
};

/** Files whose identifiers need (part of) the rest of the file: read further or in full, yet the same. */
const OTHER_CASES: Record<string, string> = {
  'reassignment at the end of the file': `${HEADER}${IDS}${FUNCS}revision = 'late'\n`,
  'annotated reassignment at the end without a newline': `${HEADER}${IDS}${FUNCS}down_revision: str = 'late'`,
  'reassignment after a syntax error': `${HEADER}${IDS}\ndef upgrade(:\n    pass\nrevision = 'late'\n`,
  'reassignment inside if / def / class at the end': `${HEADER}${IDS}${FUNCS}if x:\n    revision = 'cond'\ndef f():\n    depends_on = 'x'\nclass A:\n    branch_labels = 'y'\n`,
  'semicolon-joined identifiers': `${HEADER}revision = 'abc123'; down_revision = None\nbranch_labels = None; depends_on = None\n${FUNCS}`,
  'semicolon reassignment at the end': `${HEADER}${IDS}${FUNCS}x = 1; revision = 'late'\n`,
  'a syntax error before the identifiers': `def upgrade(:\n    pass\n\n${IDS}`,
  'no revision, syntax error further down': `"""doc"""\nx = 1\ndef upgrade(:\n`,
  'no revision, clean': `"""doc"""\nx = 1\n`,
  'unterminated docstring': `"""doc\n${IDS}`,
  'suppression comment at the end': `${HEADER}${IDS}${FUNCS}# alembic-lint: disable-file=multiple-heads\n`,
  'tuple target at the end': `${HEADER}${IDS}${FUNCS}revision, down_revision = 'a', 'b'\n`,
  'name of an identifier in an f-string at the end': `${HEADER}${IDS}${FUNCS}x = f"{revision}"\n`,
  'empty file': '',
};

describe('readIdentifiers: what graph reads agrees with the full parse', () => {
  for (const [name, text] of Object.entries(EARLY_CASES)) {
    it(`stops early: ${name}`, () => {
      assert.equal(same(text, name), true, `the identifiers reader read all of "${name}"`);
    });
  }

  for (const [name, text] of Object.entries(OTHER_CASES)) {
    it(`reads on: ${name}`, () => same(text, name));
  }

  it('stops before text it cannot read, yet gives the late reassignment', () => {
    assert.equal(readIdentifiers(FILE, `${HEADER}${IDS}${FUNCS}revision = 'late'\n`).identifiers.revision?.values?.[0].value, 'late');
    assert.equal(readIdentifiers(FILE, `${HEADER}${IDS}${FUNCS}x = f"{a}"\n`).identifiers.revision?.values?.[0].value, 'abc123');
  });

  it("property: on randomly mutated migrations the identifiers are the full parse's", function () {
    this.timeout(120_000);
    const seed = Number(process.env.PROPERTY_SEED) || 2424;
    const next = random(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    const bases = [...Object.values(EARLY_CASES), ...Object.values(OTHER_CASES), HEADER + IDS + FUNCS];
    const snippets = [
      '(',
      ')',
      ',',
      ':',
      '"""',
      "'",
      '\\\n',
      '\n',
      '\n    ',
      '#',
      'revision = ',
      "revision = 'zz'\n",
      "depends_on = ('q',)\n",
      ';',
      'f"',
      'def ',
      'é',
      '\r',
    ];
    let early = 0;
    const rounds = Number(process.env.PROPERTY_ROUNDS) || 800;
    for (let round = 0; round < rounds; round++) {
      let text = pick(bases);
      for (let m = 1 + Math.floor(next() * 2); m > 0; m--) {
        const i = Math.floor(next() * text.length);
        text = next() < 0.7 ? text.slice(0, i) + pick(snippets) + text.slice(i) : text.slice(0, i) + text.slice(i + 1 + Math.floor(next() * 8));
      }
      try {
        if (same(text, `seed ${seed}, round ${round}: ${JSON.stringify(text)}`)) early++;
      } catch (error) {
        throw new Error(`seed ${seed}, round ${round}: ${(error as Error).message}`);
      }
    }
    assert.ok(early > rounds * 0.2, `the reader stopped early only ${early} of ${rounds} times`);
  });
});
