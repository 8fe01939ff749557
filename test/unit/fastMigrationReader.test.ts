// The fast migration reader (token level, fastMigrationReader.ts) against the reference (a full lezer
// parse, parseMigrationFull): whenever the fast path answers, its MigrationFile must be the very
// one the full parse gives, and the full parse must find no syntax error in that file.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseMigration, parseMigrationFull } from '../../server/src/engine/parse';
import { readIdentifiersFast, readMigrationFast } from '../../server/src/engine/fastMigrationReader';
import { migrationSource } from './migrationBuilder';
import { random } from './seededRandom';
// @ts-expect-error: plain ESM helper of the benchmark, no type declarations
import { migrationSource as benchSource, planRevisions } from '../bench/generate.mjs';

const FILE = '/p/versions/abc123_x.py';

/** Compares the readers on one text; returns whether the fast path answered. */
function same(text: string, what = JSON.stringify(text.slice(0, 80))): boolean {
  const full = parseMigrationFull(FILE, text);
  const fast = readMigrationFast(FILE, text);
  if (fast) {
    assert.deepEqual(full.syntaxErrors, [], `the fast path accepted a file lezer finds an error in: ${what}`);
    assert.deepEqual(fast, full, `fast and full readers differ on ${what}`);
    assert.deepEqual(Object.keys(fast), Object.keys(full), `key order differs on ${what}`);
  }
  assert.deepEqual(parseMigration(FILE, text), full, `parseMigration differs from the full parse on ${what}`);
  return !!fast;
}

const HEADER = `"""Add things\n\nRevision ID: abc123\nRevises: prev\nCreate Date: 2024-05-06 07:08:09.123456\n\n"""\nfrom alembic import op\nimport sqlalchemy as sa\n\n`;
const IDS = `revision = 'abc123'\ndown_revision = 'prev'\nbranch_labels = None\ndepends_on = None\n`;
const FUNCS = `\n\ndef upgrade():\n    op.add_column('t', sa.Column('c', sa.Integer()))\n\n\ndef downgrade():\n    op.drop_column('t', 'c')\n`;

/** Files that take the fast path and must read exactly as lezer reads them. */
const FAST_CASES: Record<string, string> = {
  'plain migration': HEADER + IDS + FUNCS,
  'annotated identifiers': `${HEADER}revision: str = 'abc123'\ndown_revision: Union[str, Sequence[str], None] = ('a', "b")\nbranch_labels: Union[str, Sequence[str], None] = ['x',]\ndepends_on: str | None = ()\n${FUNCS}`,
  'last assignment wins': `${HEADER}${IDS}revision = 'second'\nrevision: str\nrevision += 'x'\n${FUNCS}`,
  'identifiers inside functions, classes and if blocks do not count': `${HEADER}def helper():\n    revision = 'inner'\n\n\nclass Model:\n    revision = 'cls'\n\n\nif True:\n    revision = 'cond'\nelse:\n    down_revision = 'cond'\nfor revision in []:\n    pass\nwith op.batch_alter_table('t') as revision:\n    pass\ntry:\n    revision = 'try'\nexcept Exception as e:\n    revision = 'except'\nfinally:\n    depends_on = 'x'\n${IDS}${FUNCS}`,
  "strings containing 'revision = '": `"""revision = 'doc'\n\ndown_revision = 'doc'\n"""\nx = "revision = 'str'"\ny = '''\nrevision = 'long'\n'''\n# revision = 'comment'\n${IDS}${FUNCS}`,
  'values of every shape': `revision = ('abc' 'def')\ndown_revision = (('x'))\nbranch_labels = ('a' 'b', 'c',)\ndepends_on = [None]\n`,
  'unresolved values': `revision = cli.REV\ndown_revision = 'a' + 'b'\nbranch_labels = f(x=1)\ndepends_on = b'bytes'\n`,
  'more unresolved values': `revision = ('a', b'x')\ndown_revision = ['a'] + ['b']\nbranch_labels = 'a' if x else 'b'\ndepends_on = ('a' for a in b)\n`,
  'None in parentheses, empty tuple and list': `revision = 'r'\ndown_revision = (None)\nbranch_labels = []\ndepends_on = ()\n`,
  'raw, unicode and escaped strings': `revision = r'a\\d'\ndown_revision = u"b\\x41\\n"\nbranch_labels = '\\'q\\''\ndepends_on = """multi\nline"""\n`,
  'chained assignment is ignored': `revision = down_revision = 'a'\n`,
  'attribute, subscript and call targets are ignored': `revision.x = 'a'\nrevision[0] = 'b'\nrevision('c')\nrevision\nrevision == 'd'\n`,
  'decorated functions and async-free defs': `@decorator\ndef upgrade() -> None:\n    op.execute("SELECT 1")\n\n\n@a.b(1, key=2)\n@c\ndef downgrade(*args, x: int = 1, **kwargs) -> None:\n    pass\n`,
  'empty downgrade: pass': `def upgrade():\n    pass\ndef downgrade():\n    """Nothing."""\n    pass  # irreversible\n`,
  'empty downgrade: ellipsis and raise': `def upgrade(): ...\ndef downgrade():\n    raise NotImplementedError("no")\n    pass\n`,
  'not empty: docstring after a statement': `def downgrade():\n    pass\n    """late"""\n`,
  'not empty: a tuple statement': `def downgrade():\n    ..., 1\n`,
  'empty downgrade with trailing comments': `def downgrade():\n    """doc"""  # c\n    ...  # nothing\n`,
  'comments inside a parenthesized value': `revision = (  # the id\n    'a'  # really\n)\ndown_revision = (\n    # parents\n    'x',  # one\n    'y',\n)\n`,
  'nested blocks at the end of a function': `def upgrade():\n    if x:\n        for a in b:\n            op.f(a)\n\n\n# trailing comment\n\ndef downgrade():\n    with op.batch_alter_table('t') as batch:\n        batch.drop_column('c')\n`,
  'trailing comments and blank lines after a body at end of file': `def downgrade():\n    pass\n    # done\n\n# end\n`,
  'no final newline': `revision = 'a'\ndef downgrade():\n    pass`,
  'no final newline after a comment': `def downgrade():\n    pass  # c`,
  'comment line after the body at end of file without newline': `def downgrade():\n    pass\n# c`,
  'redefined function: the last one wins': `def upgrade():\n    op.f()\ndef upgrade():\n    pass\n`,
  'class methods named upgrade do not count': `class A:\n    def upgrade(self):\n        pass\n`,
  suppressions: `# alembic-lint: disable-file=missing-downgrade, chronology\nrevision = 'a'  # alembic-lint: disable=invalid-revision-id\nx = "# alembic-lint: disable=ignored"\ndef upgrade():\n    pass\n`,
  'CRLF line endings': HEADER.replace(/\n/g, '\r\n') + IDS.replace(/\n/g, '\r\n') + FUNCS.replace(/\n/g, '\r\n'),
  'CRLF with comments and brackets': `revision = (  # c\r\n    'a'\r\n)\r\n# comment\r\ndef downgrade():\r\n    pass\r\n`,
  'expressions of every kind': `x = [a for a in b if a if not c]\ny = {k: v for k, v in d.items()}\nz = {1, 2} if 0 else {**a, 'b': 1}\nw = x[1:2, ::3, :] + -y ** ~z // 2 @ m % 3 << 1 >> 2 & 3 | 4 ^ 5\nv = a < b <= c != d == e > f >= g is not h not in i in j is k\nu = not a and b or (c, (d,), ())\nt = f(*a, **k, key=1)(x)[0].attr\ns = 1_000 + 0x_1F + 0o17 + 0b1 + 1.5e-3j + .5 + 1e5\nr = ...\nglobal q\ndel a, b[0]\nassert a, 'message'\nimport a.b as c, d\nfrom . import x\nfrom ..y.z import (p, q as r,)\nfrom m import *\n`,
  'type and match used as names': `x = type(y)\nz = match(a, type=b)\n`,
  'class with bases and keywords': `class A(B, metaclass=M):\n    x: int = 1\n    def f(self, /, a, *, b):\n        return a, b\n`,
  'while/else and try/except/else': `while x:\n    break\nelse:\n    pass\ntry:\n    pass\nexcept (A, B) as e:\n    raise C from e\nexcept:\n    raise\nelse:\n    continue\n`,
  'empty file': '',
  'comments only': '# just a comment\n\n# another\n',
  'print as a function': `print("x")\nprint\n`,
};

/** Files the fast path must leave to lezer (it cannot vouch for them), yet read the same in the end. */
const SLOW_CASES: Record<string, string> = {
  'syntax error in a def': `revision = 'a'\ndef upgrade(:\n    pass\n`,
  'unterminated string (lezer tolerates it)': `revision = 'abc\ndown_revision = None\n`,
  'unterminated docstring': `"""doc\nrevision = 'a'\n`,
  'unclosed bracket': `revision = ('a',\ndef upgrade():\n    pass\n`,
  'f-string': `revision = 'a'\nx = f"{revision}"\n`,
  'backslash continuation': `revision = \\\n    'a'\n`,
  'tab indentation': `def downgrade():\n\tpass\n`,
  'inconsistent dedent': `def downgrade():\n    pass\n  x = 1\n`,
  'unexpected indent': `  revision = 'a'\n`,
  semicolons: `revision = 'a'; down_revision = None\n`,
  'tuple target': `revision, down_revision = 'a', 'b'\n`,
  'bare tuple value': `revision = 'a', 'b'\n`,
  'docstring of two strings': `"a" "b"\nrevision = 'x'\n`,
  'docstring followed by a comma': `"a", "b"\nrevision = 'x'\n`,
  lambda: `revision = 'a'\nf = lambda: 1\n`,
  walrus: `if (n := 1):\n    pass\n`,
  'python 2 print': `print "hi"\n`,
  'match statement': `match x:\n    case 1:\n        pass\n`,
  'number run into a dot': `x = 1.\n`,
  'lone carriage return': `revision = 'a'\rdown_revision = None\n`,
  'non-ASCII identifier': `révision = 'a'\n`,
  'async def': `async def upgrade():\n    pass\n`,
  'binary garbage': Array.from({ length: 500 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join(''),
  'stray closing bracket': `revision = 'a')\n`,
  'keyword as a function name': `def None():\n    pass\n`,
  'def without a body': `def downgrade():\n`,
  'annotated augmented assignment': `x: int += 1\n`,
};

describe('fast migration reader: agrees with the full lezer parse', () => {
  for (const [name, text] of Object.entries(FAST_CASES)) {
    it(`fast path: ${name}`, () => {
      assert.equal(same(text, name), true, `the fast path gave up on "${name}"`);
    });
  }

  for (const [name, text] of Object.entries(SLOW_CASES)) {
    it(`left to lezer: ${name}`, () => {
      assert.equal(same(text, name), false, `the fast path answered for "${name}"`);
    });
  }

  it('reads every file of the benchmark project and the test fixtures through the fast path', () => {
    const plan = planRevisions(400) as unknown[];
    for (const [style, revision] of plan.entries()) assert.equal(same(benchSource(revision, style) as string), true);
    const versions = path.resolve(__dirname, '..', 'fixtures', 'basic', 'migrations', 'versions');
    for (const name of readdirSync(versions)) assert.equal(same(readFileSync(path.join(versions, name), 'utf8'), name), true, name);
    assert.equal(same(migrationSource('abc', { down: ['x', 'y'], labels: 'l', dependsOn: 'd', downgrade: '    pass' })), true);
  });

  it('property: on randomly mutated migrations the fast path answers only what lezer says', function () {
    this.timeout(120_000);
    const seed = Number(process.env.PROPERTY_SEED) || 4242;
    const next = random(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    const plan = planRevisions(60) as unknown[];
    const bases = [...plan.map((revision, style) => benchSource(revision, style) as string), ...Object.values(FAST_CASES), HEADER + IDS + FUNCS];
    const snippets = [
      '(',
      ')',
      '[',
      ']',
      '{',
      '}',
      ',',
      ':',
      '"""',
      "'''",
      "'",
      '"',
      '\\',
      '\\\n',
      '\n',
      '\n    ',
      '\n        ',
      '\t',
      ' ',
      '#',
      '# alembic-lint: disable=x\n',
      'revision = ',
      "revision = 'zz'\n",
      'down_revision: str = ',
      '=',
      '==',
      '.',
      '...',
      '@',
      '*',
      '**',
      'lambda',
      'not ',
      ' in ',
      ' if ',
      ' else ',
      'def ',
      'class ',
      'pass',
      'raise',
      'return',
      'None',
      '1.',
      '0x',
      '1e',
      'f"',
      'b"',
      'r"',
      'u"',
      'rb"',
      '\r\n',
      '\r',
      ';',
      ':=',
      '->',
      'print ',
      'é',
      'async ',
      'yield',
      'type ',
      'match ',
    ];
    const mutations: ((text: string) => string)[] = [
      (t) => t.slice(0, Math.floor(next() * t.length)),
      (t) => {
        const lines = t.split('\n');
        lines.splice(Math.floor(next() * lines.length), 1 + Math.floor(next() * 2));
        return lines.join('\n');
      },
      (t) => {
        const lines = t.split('\n');
        const i = Math.floor(next() * lines.length);
        lines.splice(i, 0, lines[Math.floor(next() * lines.length)]);
        return lines.join('\n');
      },
      (t) => {
        const i = Math.floor(next() * t.length);
        return t.slice(0, i) + pick(snippets) + t.slice(i);
      },
      (t) => {
        const i = Math.floor(next() * t.length);
        return t.slice(0, i) + t.slice(i + 1 + Math.floor(next() * 8));
      },
      (t) => {
        const lines = t.split('\n');
        const i = Math.floor(next() * lines.length);
        lines[i] = lines[i].replace(/^ */, pick(['', '  ', '    ', '        ']));
        return lines.join('\n');
      },
    ];
    let fast = 0;
    const rounds = Number(process.env.PROPERTY_ROUNDS) || 1500;
    for (let round = 0; round < rounds; round++) {
      let text = pick(bases);
      const count = 1 + Math.floor(next() * 3);
      for (let m = 0; m < count; m++) text = pick(mutations)(text);
      try {
        if (same(text, `seed ${seed}, round ${round}: ${JSON.stringify(text)}`)) fast++;
      } catch (error) {
        throw new Error(`seed ${seed}, round ${round}: ${(error as Error).message}`);
      }
    }
    // Most mutations keep the file valid Python; the fast path must still take a good share.
    assert.ok(fast > rounds * 0.2, `the fast path answered only ${fast} of ${rounds} times`);
  });
});

describe('fast migration reader: deep nesting', () => {
  const DEEP = 5000;
  const nested = (open: string, inner: string, close: string, depth: number) => open.repeat(depth) + inner + close.repeat(depth);
  const blocks = (depth: number) => Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}if x:\n`).join('') + `${' '.repeat(depth)}pass\n`;
  // Each before the identifiers, so that the identifiers-only reader reads it too.
  const deep: Record<string, string> = {
    'closed parentheses': `x = ${nested('(', '1', ')', DEEP)}\n`,
    'unclosed parentheses': `x = ${'('.repeat(DEEP)}\n`,
    'nested calls': `x = ${nested('f(', '', ')', DEEP)}\n`,
    'nested subscripts': `x = ${nested('a[', '0', ']', DEEP)}\n`,
    'nested lists, sets and dicts': `x = ${nested('[{1: {', '2', '}}]', DEEP)}\n`,
    'nested blocks': blocks(1000),
  };

  for (const [name, body] of Object.entries(deep)) {
    it(`gives up, without overflowing the stack: ${name}`, () => {
      const text = `${body}revision = 'a'\ndown_revision = None\n`;
      assert.equal(readMigrationFast(FILE, text), undefined);
      assert.equal(readIdentifiersFast(FILE, text), undefined);
    });
  }

  it('still reads the nesting real files have', () => {
    assert.equal(same(`x = ${nested('(', '1', ')', 40)}\nrevision = 'a'\n`), true);
    assert.equal(same(`x = ${nested('f(', '', ')', 40)}\ny = ${nested('[{1: {', '2', '}}]', 10)}\n`), true);
    assert.equal(same(`${blocks(20)}revision = 'a'\n`), true);
  });
});
