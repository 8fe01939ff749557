// The merge revision the multiple-heads quick fix writes: where, under which name, with what text,
// and that the engine then sees one head.
import * as assert from 'node:assert/strict';
import { analyzeProject } from '../../server/src/engine/check';
import { buildGraph } from '../../server/src/engine/graph';
import { planMergeRevision, versionLocationFor } from '../../server/src/engine/mergeRevision';
import { formatCreateDate, type RevisionTimestamp } from '../../server/src/engine/revisionTimestamp';
import { newRevisionId } from '../../server/src/revisionId';
import { parseMigration } from '../../server/src/engine/parse';
import { migration, project } from './migrationBuilder';

/** 2024-03-01 12:30:05.250 on a local clock (no timezone configured). */
const DATE: RevisionTimestamp = {
  year: 2024,
  month: 3,
  day: 1,
  hour: 12,
  minute: 30,
  second: 5,
  microsecond: 250_000,
  epoch: Date.UTC(2024, 2, 1, 12, 30, 5) / 1000,
};
const twoHeads = (dir = '/p/versions') => [
  migration('aaaa0001', { down: null }, dir),
  migration('bbbb0002', { down: 'aaaa0001' }, dir),
  migration('cccc0003', { down: 'aaaa0001' }, dir),
];
const noTemplate = () => undefined;

describe('merge revision', () => {
  it('renders a parseable migration whose down_revision is the heads, named by file_template', () => {
    const files = twoHeads();
    const planned = planMergeRevision(project(), buildGraph(files), ['bbbb0002', 'cccc0003'], { id: 'abcdef012345', date: DATE, readFile: noTemplate });
    assert.equal(planned.path, '/p/versions/abcdef012345_merge_bbbb0002_cccc0003.py');
    assert.equal(planned.templateFile, undefined, "Alembic's generic template");
    const parsed = parseMigration(planned.path, planned.text);
    assert.deepEqual(
      parsed.identifiers.down_revision?.values?.map((v) => v.value),
      ['bbbb0002', 'cccc0003'],
    );
    assert.equal(parsed.message, 'merge bbbb0002, cccc0003');
    assert.equal(parsed.createDate, '2024-03-01 12:30:05.250000');
    const before = analyzeProject({ project: project(), files }).findings.filter((f) => f.rule === 'multiple-heads');
    assert.equal(before.length, 2);
    const after = analyzeProject({ project: project(), files: [...files, parsed] }).findings;
    assert.deepEqual(
      after.filter((f) => f.rule !== 'empty-downgrade').map((f) => f.rule),
      [],
      'one head, a conforming name, no other finding',
    );
  });

  it("uses the project's script.py.mako and date tokens of its file_template", () => {
    const files = twoHeads();
    const templates: Record<string, string> = {
      '/p/script.py.mako': 'revision = ${repr(up_revision)}\ndown_revision = ${repr(down_revision)}\n# ${message}\ndef upgrade():\n    pass\n',
    };
    const custom = project({ fileTemplate: '%(year)d_%(month).2d_%(day).2d_%(hour).2d%(minute).2d-%(rev)s_%(slug)s', fileTemplateConfigured: true });
    const planned = planMergeRevision(custom, buildGraph(files), ['bbbb0002', 'cccc0003'], {
      id: 'abcdef012345',
      date: DATE,
      message: 'Merge heads!',
      readFile: (f) => templates[f],
    });
    assert.equal(planned.path, '/p/versions/2024_03_01_1230-abcdef012345_merge_heads.py');
    assert.equal(planned.templateFile, '/p/script.py.mako');
    assert.equal(planned.text, "revision = 'abcdef012345'\ndown_revision = ('bbbb0002', 'cccc0003')\n# Merge heads!\ndef upgrade():\n    pass\n");
  });

  it('refuses a template that does not declare the revision as literals', () => {
    const files = twoHeads();
    assert.throws(
      () =>
        planMergeRevision(project(), buildGraph(files), ['bbbb0002', 'cccc0003'], { id: 'abcdef012345', date: DATE, readFile: () => 'revision = make_id()\n' }),
      /does not render `revision = 'abcdef012345'`/,
    );
  });

  it('goes to the only version location, else to the one holding the first head (as Alembic does)', () => {
    const files = [
      migration('aaaa0001', { down: null }, '/p/a'),
      migration('bbbb0002', { down: 'aaaa0001' }, '/p/b'),
      migration('cccc0003', { down: 'aaaa0001' }, '/p/a'),
    ];
    const graph = buildGraph(files);
    assert.equal(versionLocationFor(project({ versionLocations: ['/p/a', '/p/b'] }), graph, ['bbbb0002', 'cccc0003']), '/p/b');
    assert.equal(versionLocationFor(project({ versionLocations: ['/p/a', '/p/b'] }), graph, ['cccc0003', 'bbbb0002']), '/p/a');
    assert.equal(versionLocationFor(project({ versionLocations: ['/p/only'] }), graph, ['bbbb0002']), '/p/only');
  });

  it('new ids are 12 hex characters, create dates microsecond-precise', () => {
    assert.match(newRevisionId(), /^[0-9a-f]{12}$/);
    assert.notEqual(newRevisionId(), newRevisionId());
    assert.equal(formatCreateDate({ year: 2024, month: 1, day: 2, hour: 3, minute: 4, second: 5, microsecond: 6000, epoch: 0 }), '2024-01-02 03:04:05.006000');
  });
});
