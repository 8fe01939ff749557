import * as assert from 'node:assert/strict';
import { analyzeProject } from '../../server/src/engine/check';
import { RULES } from '../../server/src/engine/rules/registry';
import { parseMigration } from '../../server/src/engine/parse';
import type { MigrationFile } from '../../server/src/engine/model';
import { migration, migrationSource, project } from './migrationBuilder';

const findings = (files: MigrationFile[], overrides = {}, severities = {}) => analyzeProject({ project: project(overrides), files }, { severities }).findings;
const summary = (files: MigrationFile[], overrides = {}, severities = {}) =>
  findings(files, overrides, severities)
    .map((f) => `${f.rule}@${f.file.slice(f.file.lastIndexOf('/') + 1)}:${f.range.start.line + 1}`)
    .sort();
const rulesOf = (files: MigrationFile[], overrides = {}) => [...new Set(findings(files, overrides).map((f) => f.rule))].sort();

describe('rules', () => {
  it('a clean linear history has no findings at all', () => {
    assert.deepEqual(summary([migration('aaaa0001', { down: null }), migration('bbbb0002', { down: 'aaaa0001' })]), []);
  });

  it('every rule id is documented in docs/rules.md', async () => {
    const { readFileSync } = await import('node:fs');
    const docs = readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8');
    for (const rule of RULES) assert.match(docs, new RegExp(`^## \`${rule.id}\``, 'm'), `docs/rules.md lacks a section for ${rule.id}`);
  });

  it("the snippets docs/rules.md points at (each rule's safe pattern) exist in snippets/alembic.json", async () => {
    const { readFileSync } = await import('node:fs');
    const docs = readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8');
    const snippets = JSON.parse(readFileSync(new URL('../../snippets/alembic.json', import.meta.url), 'utf8')) as Record<string, { prefix: string }>;
    const prefixes = new Set(Object.values(snippets).map((snippet) => snippet.prefix));
    const named = [...docs.matchAll(/^\*\*Snippet\.\*\*.*$/gm)].flatMap((line) => [...line[0].matchAll(/`(alembic-[a-z-]+)`/g)].map((m) => m[1]));
    assert.ok(named.length >= 7, `snippets named: ${named.join(', ')}`);
    for (const name of named) assert.ok(prefixes.has(name), `docs/rules.md names the snippet ${name}, which does not exist`);
  });

  it('unknown-down-revision and unknown-depends-on point at the literal and suggest the closest id', () => {
    const result = findings([migration('aaaa0001', { down: null }), migration('bbbb0002', { down: 'aaaa0011', dependsOn: 'zzzz' })]);
    const down = result.find((f) => f.rule === 'unknown-down-revision')!;
    assert.equal(down.range.start.line, 13);
    assert.match(down.message, /'aaaa0011'.*not a revision.*Did you mean 'aaaa0001'/s);
    assert.deepEqual(down.data?.candidates, ['aaaa0001']);
    const dep = result.find((f) => f.rule === 'unknown-depends-on')!;
    assert.match(dep.message, /'zzzz'/);
    assert.deepEqual(dep.data?.heads, ['aaaa0001']);
  });

  it('duplicate-revision is reported on every copy', () => {
    assert.deepEqual(summary([migration('aaaa0001', { down: null }), migration('aaaa0001', { down: null, fileName: 'aaaa0001_copy.py' })]), [
      'duplicate-revision@aaaa0001_change_aaaa0001.py:13',
      'duplicate-revision@aaaa0001_copy.py:13',
    ]);
  });

  it('duplicate-branch-label, including a label equal to a revision id', () => {
    const rules = summary([
      migration('aaaa0001', { down: null, labels: 'main' }),
      migration('bbbb0002', { down: 'aaaa0001', labels: 'main' }),
      migration('cccc0003', { down: 'bbbb0002', labels: 'aaaa0001' }),
    ]);
    assert.deepEqual(
      rules.filter((r) => r.startsWith('duplicate-branch-label')),
      [
        'duplicate-branch-label@aaaa0001_change_aaaa0001.py:13',
        'duplicate-branch-label@aaaa0001_change_aaaa0001.py:15',
        'duplicate-branch-label@bbbb0002_change_bbbb0002.py:15',
        'duplicate-branch-label@cccc0003_change_cccc0003.py:15',
      ],
    );
  });

  it('invalid-revision-id for @ - + : and whitespace, missing-revision-id for absent or None', () => {
    const bad = ['ab@c', 'ab-c', 'ab+c', 'ab:c', 'ab c'].map((id, i) => migration(id, { down: null, fileName: `${id}_x${i}.py` }));
    assert.equal(findings(bad).filter((f) => f.rule === 'invalid-revision-id').length, 5);
    const none = parseMigration('/p/versions/none_x.py', 'revision = None\ndown_revision = None\ndef upgrade():\n    pass\ndef downgrade():\n    pass\n');
    const absent = parseMigration('/p/versions/helpers.py', 'def helper():\n    return 1\n');
    assert.deepEqual(
      rulesOf([none, absent]).filter((r) => r.startsWith('missing-revision')),
      ['missing-revision-id'],
    );
    assert.equal(findings([none, absent]).filter((f) => f.rule === 'missing-revision-id').length, 2);
  });

  it('revision-cycle on every member, multiple-heads on every competing head', () => {
    const cycle = summary([migration('aaaa0001', { down: 'bbbb0002' }), migration('bbbb0002', { down: 'aaaa0001' })]);
    assert.deepEqual(cycle, ['revision-cycle@aaaa0001_change_aaaa0001.py:14', 'revision-cycle@bbbb0002_change_bbbb0002.py:14']);
    const heads = findings([migration('aaaa0001', { down: null }), migration('bbbb0002', { down: 'aaaa0001' }), migration('cccc0003', { down: 'aaaa0001' })]);
    const multiple = heads.filter((f) => f.rule === 'multiple-heads');
    assert.equal(multiple.length, 2);
    assert.deepEqual(multiple[0].data?.heads, ['bbbb0002', 'cccc0003']);
    assert.match(multiple[0].message, /alembic merge bbbb0002 cccc0003/);
  });

  it('multiple-heads is silent for heads on differently labelled branches', () => {
    const files = [
      migration('root0001', { down: null }),
      migration('expa0002', { down: 'root0001', labels: 'expand' }),
      migration('cont0002', { down: 'root0001', labels: 'contract' }),
    ];
    assert.deepEqual(rulesOf(files), []);
  });

  it('unresolved-identifier for computed values, once per identifier', () => {
    const file = parseMigration(
      '/p/versions/aaaa0001_x.py',
      "from x import cli\nrevision = 'aaaa0001'\ndown_revision = None\nbranch_labels = cli.EXPAND\ndepends_on = ('a' + 'b',)\ndef upgrade():\n    op.f()\ndef downgrade():\n    op.g()\n",
    );
    assert.deepEqual(summary([file]), ['unresolved-identifier@aaaa0001_x.py:4', 'unresolved-identifier@aaaa0001_x.py:5']);
  });

  it('filename-template and filename-revision-mismatch, with the name Alembic would use', () => {
    const template = '%(year)d_%(month).2d_%(day).2d-%(rev)s_%(slug)s';
    const good = migration('aaaa0001', { down: null, message: 'Add users', createDate: '2024-03-05 10:00:00', fileName: '2024_03_05-aaaa0001_add_users.py' });
    const wrongShape = migration('bbbb0002', { down: 'aaaa0001', message: 'Add posts', createDate: '2024-03-06 10:00:00', fileName: 'bbbb0002_add_posts.py' });
    const wrongRev = migration('cccc0003', {
      down: 'bbbb0002',
      message: 'Add tags',
      createDate: '2024-03-07 10:00:00',
      fileName: '2024_03_07-ffff9999_add_tags.py',
    });
    const result = findings([good, wrongShape, wrongRev], { fileTemplate: template, fileTemplateConfigured: true });
    assert.deepEqual(
      result.map((f) => [f.rule, f.data?.suggestedName]),
      [
        ['filename-template', '2024_03_06-bbbb0002_add_posts.py'],
        ['filename-revision-mismatch', '2024_03_07-cccc0003_add_tags.py'],
      ],
    );
    assert.match(result[0].message, /file_template of alembic\.ini/);
  });

  it('chronology (info) when a revision is dated before its parent', () => {
    const result = findings([
      migration('aaaa0001', { down: null, createDate: '2024-05-01 00:00:00' }),
      migration('bbbb0002', { down: 'aaaa0001', createDate: '2024-04-01 00:00:00' }),
    ]);
    assert.deepEqual(
      result.map((f) => [f.rule, f.severity, f.file.endsWith('bbbb0002_change_bbbb0002.py')]),
      [['chronology', 'info', true]],
    );
  });

  it('severity overrides and suppression comments apply to graph rules too', () => {
    const files = [migration('aaaa0001', { down: null }), migration('bbbb0002', { down: 'aaaa0001' }), migration('cccc0003', { down: 'aaaa0001' })];
    assert.deepEqual(
      findings(files, {}, { 'multiple-heads': 'error' }).map((f) => f.severity),
      ['error', 'error'],
    );
    assert.deepEqual(findings(files, {}, { 'multiple-heads': 'off' }), []);
    const suppressed = parseMigration(
      '/p/versions/cccc0003_change_cccc0003.py',
      `# alembic-lint: disable-file=multiple-heads\n${migrationSource('cccc0003', { down: 'aaaa0001' })}`,
    );
    assert.equal(findings([files[0], files[1], suppressed]).length, 1);
    const onLine = parseMigration(
      '/p/versions/bbbb0002_change_bbbb0002.py',
      migrationSource('bbbb0002', { down: 'aaaa0009' }).replace(
        "down_revision: Union[str, Sequence[str], None] = 'aaaa0009'",
        "down_revision: Union[str, Sequence[str], None] = 'aaaa0009'  # alembic-lint: disable=unknown-down-revision",
      ),
    );
    assert.deepEqual(
      findings([files[0], onLine]).map((f) => f.rule),
      ['multiple-heads', 'multiple-heads'],
      'only the suppressed rule is gone',
    );
  });
});

describe('rules: edge cases seen on real projects', () => {
  it('a merge revision with pass in both functions is not an empty downgrade, a raise-only one is', () => {
    const merge = parseMigration(
      '/p/versions/cccc0003_merge.py',
      "revision = 'cccc0003'\ndown_revision = ('aaaa0001', 'bbbb0002')\ndef upgrade() -> None:\n    pass\n\ndef downgrade() -> None:\n    pass\n",
    );
    const raising = parseMigration(
      '/p/versions/dddd0004_x.py',
      "revision = 'dddd0004'\ndown_revision = 'cccc0003'\ndef upgrade() -> None:\n    pass\n\ndef downgrade() -> None:\n    raise NotImplementedError\n",
    );
    const files = [migration('aaaa0001', { down: null }), migration('bbbb0002', { down: null }), merge, raising];
    assert.deepEqual(summary(files), ['empty-downgrade@dddd0004_x.py:6']);
  });

  it('a file named by its message only breaks the template, it does not claim another revision', () => {
    const plain = migration('aaaa0001', { down: null, fileName: 'add_email.py' });
    const other = migration('bbbb0002', { down: 'aaaa0001', fileName: 'aaaa0001_copy.py' });
    assert.deepEqual(
      findings([plain, other]).map((f) => f.rule),
      ['filename-template', 'filename-revision-mismatch'],
    );
  });
});
