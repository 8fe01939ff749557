// MigrationWorkspace.analyze is incremental (it reuses the graph and the graph findings when an
// edit leaves everything the graph rules read alone). Through a series of editor edits its answer
// must stay exactly what a fresh analyzeProject gives on the same files.
import * as assert from 'node:assert/strict';
import path from 'node:path';
import { analyzeProject } from '../../server/src/engine/check';
import type { DirEntry, EngineFileSystem } from '../../server/src/engine/fileSystem';
import { revisionIdOf } from '../../server/src/engine/graph';
import { MigrationWorkspace } from '../../server/src/engine/workspace';
import { generateDowngrade, generateDowngradeInProject } from '../../server/src/engine/operations/downgrade';
import { migrationSource } from './migrationBuilder';

/** An in-memory file system: path → text. */
function memoryFs(files: Map<string, string>): EngineFileSystem {
  return {
    readFile: (file) => files.get(file),
    readDirectory(dir) {
      const entries = new Map<string, DirEntry>();
      for (const file of files.keys()) {
        if (!file.startsWith(`${dir}/`)) continue;
        const [name, ...rest] = file.slice(dir.length + 1).split('/');
        entries.set(name, { name, isFile: rest.length === 0, isDirectory: rest.length > 0 });
      }
      return entries.size ? [...entries.values()] : undefined;
    },
    realPath: (file) => file,
  };
}

const ROOT = '/w';
const VERSIONS = `${ROOT}/migrations/versions`;
const fileOf = (id: string, message = `change ${id}`) => `${VERSIONS}/${id}_${message.replace(/\W+/g, '_')}.py`;

describe('MigrationWorkspace: incremental analysis', () => {
  let disk: Map<string, string>;
  let workspace: MigrationWorkspace;

  beforeEach(() => {
    disk = new Map([[`${ROOT}/alembic.ini`, '[alembic]\nscript_location = %(here)s/migrations\n']]);
    for (let i = 0; i < 30; i++) {
      const id = `r${String(i).padStart(3, '0')}`;
      const down = i === 0 ? null : i === 20 ? ['r018', 'r019'] : i === 19 ? 'r017' : `r${String(i - 1).padStart(3, '0')}`;
      const spec = {
        down,
        labels: i === 10 ? 'side' : undefined,
        dependsOn: i === 25 ? 'side' : undefined,
        downgrade: i % 7 === 3 ? ('    pass' as const) : i === 13 ? (false as const) : undefined,
      };
      disk.set(fileOf(id), migrationSource(id, spec));
    }
    workspace = new MigrationWorkspace(memoryFs(disk), [ROOT]);
    workspace.rescan();
  });

  /** The workspace's analysis must equal a fresh one of the same snapshot, and its graph must hold the current parses. */
  function assertFresh(what: string, severities?: Record<string, 'off' | 'info' | 'warning' | 'error'>): void {
    const project = workspace.allProjects[0];
    const incremental = workspace.analyze(project, { severities });
    const fresh = analyzeProject({ project, files: workspace.snapshot(project).files }, { severities });
    assert.deepEqual(incremental.findings, fresh.findings, what);
    assert.deepEqual([...incremental.graph.nodes.keys()], [...fresh.graph.nodes.keys()], what);
    assert.deepEqual(incremental.graph.heads, fresh.graph.heads, what);
    for (const file of incremental.files) {
      const node = incremental.graph.nodes.get(revisionIdOf(file) ?? '');
      if (node && fresh.graph.nodes.get(node.id)?.file.path === file.path)
        assert.equal(node.file, file, `${what}: the graph points at the current parse of ${file.path}`);
    }
  }

  it('stays equal to a fresh analysis through body edits, identifier edits, syntax errors and closes', () => {
    assertFresh('initial');
    const target = fileOf('r015');
    const original = disk.get(target)!;
    const edits: [string, string | undefined][] = [
      ['typing in downgrade()', original.replace("op.drop_table('t_r015')", "op.drop_table('t_r015')\n    op.drop_column('x', 'y')")],
      ['downgrade emptied', original.replace("    op.drop_table('t_r015')", '    pass')],
      ['a syntax error', original.replace('def downgrade() -> None:', 'def downgrade(:')],
      ['downgrade back', original],
      ['down_revision points nowhere', original.replace("= 'r014'", "= 'r0xx'")],
      ['a line added above the identifiers (ranges move)', `# a comment\n${original}`],
      ['the revision id changed: duplicate of another', original.replace("revision: str = 'r015'", "revision: str = 'r016'")],
      ['the docstring message changed', original.replace('"""change r015', '"""renamed r015')],
      ['a suppression added', original.replace('def downgrade', '# alembic-lint: disable=empty-downgrade\ndef downgrade')],
      ['closed', undefined],
    ];
    for (const [what, text] of edits) {
      workspace.setOverlay(target, text);
      assertFresh(what);
    }
  });

  it('follows severity changes, new files and edits to several files at once', () => {
    assertFresh('initial');
    assertFresh('severities changed', { 'missing-downgrade': 'error', 'empty-downgrade': 'off' });
    assertFresh('severities back');
    const added = fileOf('r100', 'new one');
    workspace.setOverlay(added, migrationSource('r100', { down: 'r029', message: 'new one' }));
    assertFresh('an unsaved new file');
    for (const id of ['r003', 'r004', 'r005'])
      workspace.setOverlay(fileOf(id), disk.get(fileOf(id))!.replace('def upgrade', 'def helper():\n    pass\n\n\ndef upgrade'));
    assertFresh('three files edited');
    workspace.setOverlay(added, undefined);
    assertFresh('the new file closed');
  });

  it('focus: the file being typed into gets its findings first; above it the analysis is partial and not kept, and the next one is whole', () => {
    const project = workspace.allProjects[0];
    const [r015, r016] = [fileOf('r015'), fileOf('r016')];
    const create = "    op.create_table('t_r015', sa.Column('id', sa.Integer(), primary_key=True))";
    const withColumn = disk.get(r015)!.replace(create, `${create}\n    op.add_column('t_r015', sa.Column('c', sa.Integer()))`);
    workspace.setOverlay(r015, withColumn);
    workspace.setOverlay(r016, disk.get(r016)!.replace("    op.create_table('t_r016'", "    op.drop_column('t_r015', 'c')\n    op.create_table('t_r016'"));
    const rulesOf = (analysis: { findings: { rule: string; file: string }[] }, file: string) =>
      analysis.findings.filter((f) => f.file === file).map((f) => f.rule);
    const before = rulesOf(workspace.analyze(project), r016);
    assert.ok(!before.includes('unknown-column'), before.join());
    // r015 no longer adds c (it adds a NOT NULL column to an older table instead): r016 drops a column that is not there.
    workspace.setOverlay(r015, disk.get(r015)!.replace(create, `${create}\n    op.add_column('t_r003', sa.Column('d', sa.Integer(), nullable=False))`));
    const focused = workspace.analyze(project, {}, new Set([r015]));
    assert.equal(focused.partial, true);
    assert.ok(rulesOf(focused, r015).includes('add-not-null-without-default'), rulesOf(focused, r015).join());
    assert.deepEqual(rulesOf(focused, r016), before, 'r016 as the last analysis left it');
    const whole = workspace.analyze(project);
    assert.equal(whole.partial, undefined);
    assert.deepEqual(rulesOf(whole, r016), [...before, 'unknown-column'].sort());
    assert.deepEqual(rulesOf(whole, r015), rulesOf(focused, r015));
    assert.equal(workspace.analyze(project, {}, new Set([r015])), whole, 'a focus on an analysis already whole changes nothing');
    assertFresh('after the focused analysis');
  });

  it('keeps the graph between body edits and rebuilds it when an identifier changes', () => {
    const project = workspace.allProjects[0];
    const target = fileOf('r007');
    const first = workspace.analyze(project).graph;
    workspace.setOverlay(target, disk.get(target)!.replace("op.drop_table('t_r007')", 'pass'));
    assert.equal(workspace.analyze(project).graph, first, 'a body edit reuses the graph');
    workspace.setOverlay(target, disk.get(target)!.replace("= 'r006'", "= 'r005'"));
    assert.notEqual(workspace.analyze(project).graph, first, 'a down_revision edit rebuilds it');
    assert.equal(path.basename(workspace.analyze(project).graph.nodes.get('r007')!.file.path), path.basename(target));
  });

  it('a duplicated id in a second version location: the later copy wins, and a body edit in it keeps the graph, which reads the new parse', () => {
    disk.set(
      `${ROOT}/alembic.ini`,
      '[alembic]\nscript_location = %(here)s/migrations\nversion_locations = %(here)s/migrations/versions %(here)s/migrations/legacy\n',
    );
    const copy = `${ROOT}/migrations/legacy/r015_old_copy.py`;
    disk.set(copy, migrationSource('r015', { down: 'r014', message: 'old copy' }));
    workspace.rescan();
    const project = workspace.allProjects[0];
    const first = workspace.analyze(project);
    assert.equal(first.graph.node('r015')!.path, copy, 'the legacy location loads last');
    assert.deepEqual(
      first.findings.filter((f) => f.rule === 'duplicate-revision').map((f) => path.basename(f.file)),
      ['r015_change_r015.py', 'r015_old_copy.py'],
    );
    assertFresh('a duplicate across locations');
    workspace.setOverlay(copy, disk.get(copy)!.replace("op.drop_table('t_r015')", 'pass'));
    const second = workspace.analyze(project);
    assert.equal(second.graph, first.graph, 'a body edit reuses the graph');
    assert.equal(second.graph.node('r015')!.file, workspace.file(copy), 'its node reads the current parse');
    assertFresh('a body edit in the kept copy');
  });

  it('forgets a deleted file after a rescan, and keeps one that is still open', () => {
    const gone = fileOf('r029');
    const open = fileOf('r028');
    workspace.analyze(workspace.allProjects[0]);
    workspace.setOverlay(open, disk.get(open)!);
    disk.delete(gone);
    disk.delete(open);
    workspace.invalidate(gone);
    workspace.invalidate(open);
    workspace.rescan();
    const cached = workspace as unknown as { parses: Map<string, unknown>; diskText: Map<string, string> };
    assert.equal(cached.parses.has(gone) || cached.diskText.has(gone), false, 'the deleted file is forgotten');
    const files = workspace.snapshot(workspace.allProjects[0]).files.map((f) => f.path);
    assert.ok(files.includes(open) && !files.includes(gone));
    assertFresh('after the delete');
  });

  it('schemaBefore: the schema the last analysis replayed for this very parse, which the generated downgrade reads as a fresh replay would', () => {
    const project = workspace.allProjects[0];
    const target = fileOf('r015');
    const text = disk.get(target)!.replace("    op.create_table('t_r015', sa.Column('id', sa.Integer(), primary_key=True))", "    op.drop_table('t_r010')");
    workspace.setOverlay(target, text);
    const parsed = workspace.file(target)!;
    assert.equal(workspace.schemaBefore(project, parsed), undefined, 'not analysed yet');
    const analysis = workspace.analyze(project);
    const before = workspace.schemaBefore(project, parsed);
    assert.ok(before, 'the analysis replayed it');
    const fromCache = generateDowngrade({ file: parsed, text, before });
    assert.deepEqual(fromCache, generateDowngradeInProject(analysis.graph, analysis.files, parsed, text));
    assert.match(fromCache.text, /op\.create_table\(\n {8}'t_r010',\n {8}sa\.Column\('id', sa\.Integer\(\), primary_key=True, nullable=False\),\n {4}\)/);
    // An edit makes a new parse: the old replay is not its schema.
    workspace.setOverlay(target, disk.get(target)!);
    assert.equal(workspace.schemaBefore(project, workspace.file(target)!), undefined);
  });
});
