import * as assert from 'node:assert/strict';
import { parseMigration } from '../../server/src/engine/parse';
import { analyzeProject } from '../../server/src/engine/check';
import { DEFAULT_FILE_TEMPLATE } from '../../server/src/engine/config';

const project = {
  configFile: '/p/alembic.ini',
  rootDir: '/p',
  versionLocations: ['/p/v'],
  recursiveVersionLocations: false,
  fileTemplate: DEFAULT_FILE_TEMPLATE,
  fileTemplateConfigured: false,
  truncateSlugLength: 40,
  problems: [],
};

describe('parseMigration', () => {
  it('reads annotated identifiers, tuples and None', () => {
    const file = parseMigration(
      '/p/v/a.py',
      `"""Add users\n\nCreate Date: 2024-01-02\n"""\nrevision: str = 'abc'\ndown_revision: Union[str, None] = ('x', "y")\nbranch_labels = None\ndepends_on = cli.X\ndef upgrade():\n    pass\n`,
    );
    assert.equal(file.identifiers.revision?.values?.[0].value, 'abc');
    assert.deepEqual(
      file.identifiers.down_revision?.values?.map((v) => v.value),
      ['x', 'y'],
    );
    assert.equal(file.identifiers.branch_labels?.values, null);
    assert.equal(file.identifiers.depends_on?.unresolved, true);
    assert.equal(file.message, 'Add users');
    assert.equal(file.createDate, '2024-01-02');
  });

  it('flags a missing downgrade and an empty one', () => {
    const missing = parseMigration('/p/v/a.py', `revision = 'a'\ndown_revision = None\ndef upgrade():\n    op.create_table('t')\n`);
    const empty = parseMigration(
      '/p/v/b.py',
      `revision = 'b'\ndown_revision = 'a'\ndef upgrade():\n    op.create_table('t')\ndef downgrade():\n    """nothing"""\n    pass\n`,
    );
    const rules = analyzeProject({ project, files: [missing, empty] })
      .findings.filter((f) => f.rule.includes('grade'))
      .map((f) => `${f.rule}:${f.file}`);
    assert.deepEqual(rules, ['missing-downgrade:/p/v/a.py', 'empty-downgrade:/p/v/b.py']);
  });

  it('reports a syntax error without throwing and honours suppressions', () => {
    const broken = parseMigration('/p/v/c.py', `# alembic-lint: disable-file=missing-downgrade\nrevision = 'c'\ndef upgrade(:\n    pass\n`);
    const rules = analyzeProject({ project, files: [broken] })
      .findings.map((f) => f.rule)
      .filter((rule) => rule !== 'filename-template');
    assert.deepEqual(rules, ['syntax-error']);
  });
});
