// The Mako subset against what the real Mako renders (expected texts produced by Mako 1.x with
// Alembic's format_as_comma) for Alembic's own templates and the fixture's.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { GENERIC_SCRIPT_TEMPLATE, MakoUnsupportedError, pyRepr, renderMako } from '../../server/src/engine/mako';

const ROOT = path.resolve(__dirname, '..', '..');
// Debian's python3-alembic (the unit layer's bootstrap installs it: test/support/run-tests.mjs).
const ALEMBIC_TEMPLATES = '/usr/lib/python3/dist-packages/alembic/templates';

/** One of Alembic's own templates; a missing package fails the test with what to install. */
function alembicTemplate(name: 'generic' | 'async' | 'multidb'): string {
  const file = path.join(ALEMBIC_TEMPLATES, name, 'script.py.mako');
  assert.ok(
    existsSync(file),
    `${file} is missing: install Debian's python3-alembic (\`node test/support/run-tests.mjs --layer unit\` does it when run as root)`,
  );
  return readFileSync(file, 'utf8');
}
const MERGE = {
  up_revision: 'abc123def456',
  down_revision: ['aaaa', 'bbbb'],
  branch_labels: null,
  depends_on: null,
  create_date: '2024-03-01 12:00:00.000000',
  message: "it's merged",
  imports: '',
  upgrades: '',
  downgrades: '',
} as const;

const GENERIC_OUTPUT = `"""it's merged

Revision ID: abc123def456
Revises: aaaa, bbbb
Create Date: 2024-03-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'abc123def456'
down_revision = ('aaaa', 'bbbb')
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
`;

/** Mako 1.x's rendering of Alembic 1.8's multidb template with MERGE and `databases = engine1, engine2`. */
const MULTIDB_OUTPUT = `"""it's merged

Revision ID: abc123def456
Revises: aaaa, bbbb
Create Date: 2024-03-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'abc123def456'
down_revision = ('aaaa', 'bbbb')
branch_labels = None
depends_on = None


def upgrade(engine_name: str) -> None:
    globals()["upgrade_%s" % engine_name]()


def downgrade(engine_name: str) -> None:
    globals()["downgrade_%s" % engine_name]()





def upgrade_engine1() -> None:
    pass


def downgrade_engine1() -> None:
    pass


def upgrade_engine2() -> None:
    pass


def downgrade_engine2() -> None:
    pass

`;

describe('Mako subset (script.py.mako)', () => {
  it("renders Alembic's generic template exactly as Mako does", () => {
    assert.equal(renderMako(GENERIC_SCRIPT_TEMPLATE, MERGE), GENERIC_OUTPUT);
  });

  it('the built-in generic template is the one Alembic ships (generic and async)', () => {
    assert.equal(alembicTemplate('generic'), GENERIC_SCRIPT_TEMPLATE);
    assert.equal(renderMako(alembicTemplate('async'), MERGE), GENERIC_OUTPUT);
  });

  it('renders the fixture’s annotated template', () => {
    const out = renderMako(readFileSync(path.join(ROOT, 'test/fixtures/basic/migrations/script.py.mako'), 'utf8'), MERGE);
    assert.ok(out.includes(`"""\nfrom typing import Sequence, Union\n\nfrom alembic import op\nimport sqlalchemy as sa\n\n\n# revision identifiers`), out);
    assert.ok(
      out.includes(
        `revision: str = 'abc123def456'\ndown_revision: Union[str, None] = ('aaaa', 'bbbb')\nbranch_labels: Union[str, Sequence[str], None] = None\n`,
      ),
      out,
    );
  });

  it('a single parent renders as a plain string, a one-element tuple with its comma', () => {
    const out = renderMako('${repr(down_revision)} ${down_revision | comma,n} ${repr(labels)}\n', { down_revision: 'aaaa', labels: ['x'] });
    assert.equal(out, "'aaaa' aaaa ('x',)\n");
  });

  it('control lines, comments, <%! %> blocks, %% escapes, line continuation and filters behave as in Mako', () => {
    const template = `## a comment
<%!
import re
%>\\
% if branch_labels:
labels = \${branch_labels | comma,n}
% elif depends_on:
deps = \${depends_on | comma}
% else:
none
% endif
%% literal
x = \${repr(message)} \${not imports} \${imports or "fallback"} \${trim_me | trim}
`;
    const base = { imports: '', trim_me: '  x  ' };
    // Without `n`, Mako applies str() before the named filters: comma then sees "('a',)".
    assert.equal(
      renderMako(template, { ...base, branch_labels: null, depends_on: ['a'], message: 'say "hi"' }),
      `deps = ('a',)\n% literal\nx = 'say "hi"' True fallback x\n`,
    );
    assert.equal(
      renderMako(template, { ...base, branch_labels: 'lbl', depends_on: null, message: "it's" }),
      `labels = lbl\n% literal\nx = "it's" True fallback x\n`,
    );
    assert.equal(renderMako(template, { ...base, branch_labels: null, depends_on: null, message: '' }), `none\n% literal\nx = '' True fallback x\n`);
  });

  it('nested conditions inside a false branch stay off', () => {
    const template = '% if a:\n% if b:\nab\n% else:\na\n% endif\n% else:\nnot a\n% endif\n';
    assert.equal(renderMako(template, { a: false, b: true }), 'not a\n');
    assert.equal(renderMako(template, { a: true, b: false }), 'a\n');
  });

  it("renders Alembic's multidb template as Mako does: <%! import re %>, <% name = … %>, % for, config.get_main_option, context.get, %-formatting", () => {
    const databases: Record<string, string> = { databases: 'engine1, engine2' };
    assert.equal(renderMako(alembicTemplate('multidb'), MERGE, { mainOption: (name) => databases[name] }), MULTIDB_OUTPUT);
  });

  it('loops over re.split results and tuples; UNDEFINED names are false in conditions', () => {
    const template =
      "<%!\nimport re\n%>\\\n<%\n    names = re.split(r',\\s*', spec)\n%>\\\n% for n in names:\n${n}:${'%s_x' % n}${' (has imports)' if imports else ''}\n% endfor\n% for p in down_revision:\n- ${p}\n% endfor\n";
    assert.equal(renderMako(template, { spec: 'a,  b', down_revision: ['x', 'y'] }), 'a:a_x\nb:b_x\n- x\n- y\n');
  });

  it('refuses what it cannot render faithfully: unknown names, other calls, filters, statements and loops over None', () => {
    const refuses = (template: string, pattern: RegExp, options = {}) =>
      assert.throws(
        () => renderMako(template, MERGE, options),
        (e: Error) => e instanceof MakoUnsupportedError && pattern.test(e.message),
      );
    refuses('% for x in y:\n${x}\n% endfor\n', /line 1: unknown name `y`/);
    refuses('% while x:\n% endwhile\n', /line 1: unsupported control line `% while x:`/);
    refuses('a\n${config.get_main_option("x")}\n', /line 2: unknown name `config`/);
    refuses('${config.set_main_option("x", "y")}', /unsupported call `config.set_main_option\(\)`/, { mainOption: () => 'v' });
    refuses('${undefined_name}', /unknown name `undefined_name`/);
    refuses('${message | h}', /unsupported filter `h`/);
    refuses('% if message:\nx\n', /% if without % endif/);
    refuses('% for a in down_revision:\nx\n', /% for without % endfor/);
    refuses('<%inherit file="base.mako"/>', /unsupported tag `<%inherit`/);
    refuses('<%!\nimport os\n%>', /unsupported module-level code `import os`/);
    refuses('<% print("x") %>', /unsupported code `print\("x"\)`/);
    refuses("<%!\nimport re\n%>${re.split(r'(,)', 'a,b')}", /unsupported regular expression/);
    refuses('${"%d" % message}', /unsupported format `%d`/);
    // multidb without a `databases` option: re.split(None) fails in Alembic too.
    refuses(alembicTemplate('multidb'), /line 3[0-9]: re.split\(pattern, text\) needs two strings/, { mainOption: () => undefined });
  });

  it('reads string literals as Python does: escapes, prefixes, triple quotes, | and } inside quotes', () => {
    const template = ['${"a|b}"}', "${'\\x41\\u00e9'}", "${r'\\d'}", "${'''t'''}", '${"\\q" | n}'].join(' ');
    assert.equal(renderMako(template, {}), ['a|b}', 'A\u00e9', '\\d', 't', '\\q'].join(' '));
    assert.throws(
      () => renderMako("${b'x'}", {}),
      (e: Error) => e instanceof MakoUnsupportedError && /unsupported string/.test(e.message),
    );
    assert.throws(
      () => renderMako('${"open}', {}),
      (e: Error) => e instanceof MakoUnsupportedError && /without a closing/.test(e.message),
    );
  });

  it("pyRepr quotes like Python's repr()", () => {
    assert.equal(pyRepr("it's"), `"it's"`);
    assert.equal(pyRepr(`both ' and "`), `'both \\' and "'`);
    assert.equal(pyRepr('tab\there\\'), "'tab\\there\\\\'");
    assert.equal(pyRepr(null), 'None');
    assert.equal(pyRepr(['a', 'b']), "('a', 'b')");
  });
});
