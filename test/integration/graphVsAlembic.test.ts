// `alembic-lint graph` against the real Alembic (Debian's python3-alembic 1.8): on generated
// projects our heads are the set `alembic heads` prints, and our bases, merge points, branch
// points and (propagated) branch labels are what Alembic's ScriptDirectory computes.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { GraphProject } from '../../server/src/report/graphData';
import { migrationSource, type MigrationSpec } from '../unit/migrationBuilder';
import { tempProject, type TempProject } from '../unit/tempProject';
import { random } from '../unit/seededRandom';
import { alembicOk, PYTHON } from './helpers';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

/** What Alembic's revision map says, printed as JSON by Python (argv[1] is the ini). */
const PROBE = `
import json, sys, warnings
warnings.simplefilter("ignore")
from alembic.config import Config
from alembic.script import ScriptDirectory
script = ScriptDirectory.from_config(Config(sys.argv[1]))
revision_map = script.revision_map
revisions = {}
for rev in script.walk_revisions():
    revisions[rev.revision] = {
        "isHead": rev.is_head,
        "isBase": rev.is_base,
        "isMergePoint": rev.is_merge_point,
        "isBranchPoint": rev.is_branch_point,
        "branches": sorted(rev.branch_labels),
        "parents": list(rev._all_down_revisions),
    }
print(json.dumps({"heads": list(revision_map.heads), "bases": list(revision_map.bases), "revisions": revisions}))
`;

interface AlembicView {
  heads: string[];
  bases: string[];
  revisions: Record<string, { isHead: boolean; isBase: boolean; isMergePoint: boolean; isBranchPoint: boolean; branches: string[]; parents: string[] }>;
}

function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { cwd, encoding: 'utf8', timeout: 60_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...env } },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${path.basename(file)} ${args.slice(-2).join(' ')} failed: ${error.message}\n${stderr}`));
        else resolve(stdout);
      },
    );
  });
}

async function compare(revisions: [string, MigrationSpec][]): Promise<void> {
  const project = tempProject(revisions);
  projects.push(project);
  const [ours, headsOutput, ...views] = await Promise.all([
    run(process.execPath, [CLI, 'graph', '--format', 'json'], project.dir).then((out) => (JSON.parse(out) as { projects: GraphProject[] }).projects[0]),
    alembicOk(project.ini, ['heads']).then((result) => result.stdout),
    // Alembic walks sets in hash order in places (label propagation): two seeds, one answer.
    ...['0', '12345'].map((seed) =>
      run(PYTHON, ['-c', PROBE, project.ini], project.dir, { PYTHONHASHSEED: seed }).then((out) => JSON.parse(out) as AlembicView),
    ),
  ]);
  // `alembic heads` prints `<rev> [(labels)] (head)` or `(effective head)`, one a line.
  const printedHeads = headsOutput
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => line.trim().split(' ')[0]);
  assert.deepEqual([...ours.heads].sort(), [...printedHeads].sort(), `heads; alembic heads printed:\n${headsOutput}`);
  for (const alembic of views) {
    assert.deepEqual([...ours.heads].sort(), [...alembic.heads].sort(), 'heads vs RevisionMap.heads');
    assert.deepEqual([...ours.bases].sort(), [...alembic.bases].sort(), 'bases vs RevisionMap.bases');
    assert.deepEqual(ours.revisions.map((r) => r.revision).sort(), Object.keys(alembic.revisions).sort(), 'the same revisions');
    for (const revision of ours.revisions) {
      const theirs = alembic.revisions[revision.revision];
      const { isHead, isBase, isMergePoint, isBranchPoint, branches } = revision;
      assert.deepEqual(
        { isHead, isBase, isMergePoint, isBranchPoint, branches },
        { isHead: theirs.isHead, isBase: theirs.isBase, isMergePoint: theirs.isMergePoint, isBranchPoint: theirs.isBranchPoint, branches: theirs.branches },
        `revision ${revision.revision}`,
      );
    }
  }
  // Our upgrade order puts every parent (down_revision or depends_on, as Alembic resolves them) first.
  const position = new Map(ours.upgradeOrder.map((id, index) => [id, index]));
  assert.equal(position.size, ours.revisions.length, 'no cycle: every revision is in the upgrade order');
  for (const [id, { parents }] of Object.entries(views[0].revisions)) {
    for (const parent of parents) assert.ok(position.get(parent)! < position.get(id)!, `${parent} before ${id} in ${ours.upgradeOrder.join(' ')}`);
  }
  assert.ok(!ours.findings.some((finding) => finding.severity === 'error'), `no errors: ${JSON.stringify(ours.findings)}`);
}

/** A DAG of `count` revisions with new bases, forks, merges of 2–3 parents, depends_on (on ids and labels) and labels. */
function randomProject(seed: number, count: number): [string, MigrationSpec][] {
  const next = random(seed);
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
  const revisions: [string, MigrationSpec][] = [];
  const labels: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = `s${seed}r${String(i).padStart(3, '0')}`;
    const earlier = revisions.map(([rev]) => rev);
    const spec: MigrationSpec = { down: null };
    const roll = next();
    if (i > 0 && roll > 0.08) {
      const parents = new Set([pick(earlier)]);
      if (roll > 0.8) for (let extra = roll > 0.93 ? 2 : 1; extra > 0; extra--) parents.add(pick(earlier));
      spec.down = parents.size === 1 ? [...parents][0] : [...parents];
    }
    if (i > 1 && next() < 0.15)
      spec.dependsOn = labels.length && next() < 0.3 ? pick(labels) : pick(earlier.filter((rev) => ![spec.down].flat().includes(rev)));
    if (next() < 0.12) {
      spec.labels = `lab${i}`;
      labels.push(`lab${i}`);
    }
    revisions.push([id, spec]);
  }
  return revisions;
}

/**
 * Alembic's map when an id is declared twice: walk_revisions fails there ("overlaps"), so this
 * reads RevisionMap directly: heads, bases, and each kept revision's file and roles.
 */
const DUPLICATES_PROBE = `
import json, sys, warnings
warnings.simplefilter("ignore")
from alembic.config import Config
from alembic.script import ScriptDirectory
script = ScriptDirectory.from_config(Config(sys.argv[1]))
revision_map = script.revision_map
revisions = {}
for key, rev in revision_map._revision_map.items():
    if rev is None or key != rev.revision:
        continue
    revisions[key] = {"path": rev.path, "isHead": rev.is_head, "isBase": rev.is_base, "isMergePoint": rev.is_merge_point, "isBranchPoint": rev.is_branch_point}
print(json.dumps({"heads": list(revision_map.heads), "bases": list(revision_map.bases), "revisions": revisions}))
`;

/**
 * A project whose versions/legacy subfolder re-declares ids, listed as a second version location
 * (Debian's Alembic 1.8 has no recursive_version_locations; with it, Alembic ≥ 1.10 loads the
 * subfolder at the same point: after every file of versions/).
 */
async function compareDuplicates(revisions: [string, MigrationSpec][], legacy: [string, MigrationSpec][]): Promise<void> {
  const project = tempProject(revisions);
  projects.push(project);
  const legacyDir = path.join(project.versions, 'legacy');
  mkdirSync(legacyDir);
  for (const [id, spec] of legacy) writeFileSync(path.join(legacyDir, `${id}_legacy.py`), migrationSource(id, spec));
  writeFileSync(
    project.ini,
    '[alembic]\nscript_location = %(here)s/migrations\nversion_locations = %(here)s/migrations/versions %(here)s/migrations/versions/legacy\n',
  );
  const [ours, headsOutput, alembic] = await Promise.all([
    run(process.execPath, [CLI, 'graph', '--format', 'json'], project.dir).then((out) => (JSON.parse(out) as { projects: GraphProject[] }).projects[0]),
    alembicOk(project.ini, ['heads']).then((result) => result.stdout),
    run(PYTHON, ['-c', DUPLICATES_PROBE, project.ini], project.dir).then(
      (out) =>
        JSON.parse(out) as {
          heads: string[];
          bases: string[];
          revisions: Record<string, { path: string; isHead: boolean; isBase: boolean; isMergePoint: boolean; isBranchPoint: boolean }>;
        },
    ),
  ]);
  const printedHeads = [
    ...new Set(
      headsOutput
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => line.trim().split(' ')[0]),
    ),
  ];
  assert.deepEqual([...ours.heads].sort(), printedHeads.sort(), `heads; alembic heads printed:\n${headsOutput}`);
  assert.deepEqual([...ours.heads].sort(), [...new Set(alembic.heads)].sort(), 'heads vs RevisionMap.heads');
  assert.deepEqual([...ours.bases].sort(), [...new Set(alembic.bases)].sort(), 'bases vs RevisionMap.bases');
  assert.deepEqual(ours.revisions.map((r) => r.revision).sort(), Object.keys(alembic.revisions).sort(), 'the same revisions');
  for (const revision of ours.revisions) {
    const theirs = alembic.revisions[revision.revision];
    const { isHead, isBase, isMergePoint, isBranchPoint } = revision;
    assert.deepEqual(
      { file: path.resolve(project.dir, revision.file), isHead, isBase, isMergePoint, isBranchPoint },
      { file: theirs.path, isHead: theirs.isHead, isBase: theirs.isBase, isMergePoint: theirs.isMergePoint, isBranchPoint: theirs.isBranchPoint },
      `revision ${revision.revision}: the file Alembic keeps`,
    );
  }
  // The duplicate-revision finding stays on every copy.
  for (const [id] of legacy) {
    const flagged = ours.findings
      .filter((finding) => finding.rule === 'duplicate-revision' && finding.message.includes(`'${id}'`))
      .map((finding) => path.basename(finding.file))
      .sort();
    assert.equal(flagged.length, 2, `duplicate-revision on both copies of ${id}: ${JSON.stringify(ours.findings)}`);
    assert.ok(flagged.includes(`${id}_legacy.py`), `${flagged}`);
  }
}

const projects: TempProject[] = [];

describe('integration: graph agrees with the real Alembic', function () {
  this.timeout(60_000);
  after(() => projects.forEach((project) => project.dispose()));

  it('a linear history and a merge of three parents', () =>
    compare([
      ['a0000001', { down: null }],
      ['a0000002', { down: 'a0000001' }],
      ['b0000001', { down: 'a0000002' }],
      ['b0000002', { down: 'a0000002' }],
      ['b0000003', { down: 'a0000002' }],
      ['c0000001', { down: ['b0000001', 'b0000002', 'b0000003'] }],
      ['c0000002', { down: 'c0000001' }],
    ]));

  it('depends_on: a revision only depended on stays a head; depends_on a label', () =>
    compare([
      ['root0001', { down: null }],
      ['schm0002', { down: 'root0001', labels: 'schema' }],
      ['data0003', { down: 'root0001', dependsOn: 'schm0002' }],
      ['seed0004', { down: null, dependsOn: 'schema' }],
    ]));

  it('two labelled branches, each with its own head', () =>
    compare([
      ['root0001', { down: null }],
      ['expa0002', { down: 'root0001', labels: 'expand' }],
      ['expa0003', { down: 'expa0002' }],
      ['cont0002', { down: 'root0001', labels: 'contract' }],
      ['cont0003', { down: 'cont0002' }],
      ['cont0004', { down: 'cont0003' }],
    ]));

  it('two labelled branches merged back into one head', () =>
    compare([
      ['root0001', { down: null }],
      ['pre00002', { down: 'root0001' }],
      ['expa0003', { down: 'pre00002', labels: 'expand' }],
      ['cont0003', { down: 'pre00002', labels: 'contract' }],
      ['cont0004', { down: 'cont0003' }],
      ['merg0005', { down: ['expa0003', 'cont0004'] }],
      ['post0006', { down: 'merg0005' }],
    ]));

  it('labels beside a merge and a real (depends_on) branch point do not reach the ancestors', () =>
    compare([
      ['base0001', { down: null }],
      ['mid00002', { down: 'base0001' }],
      ['labm0003', { down: 'mid00002', labels: 'merged' }],
      ['othr0004', { down: null }],
      ['merg0005', { down: ['labm0003', 'othr0004'] }],
      ['base1001', { down: null }],
      ['mid01002', { down: 'base1001' }],
      ['labd1003', { down: 'mid01002', labels: 'depended' }],
      ['next1004', { down: 'labd1003' }],
      ['deps1005', { down: null, dependsOn: 'labd1003' }],
      ['base2001', { down: null }],
      ['labl2002', { down: 'base2001', labels: 'straight' }],
      ['tip02003', { down: 'labl2002' }],
    ]));

  it('a legacy subfolder re-declares a middle revision: Alembic keeps the legacy copy and lists the id among its heads', () =>
    compareDuplicates(
      [
        ['a0000001', { down: null }],
        ['a0000002', { down: 'a0000001' }],
        ['a0000003', { down: 'a0000002' }],
      ],
      [['a0000002', { down: 'a0000001' }]],
    ));

  it('a legacy subfolder re-declares the head on another parent and a base: heads, bases and children follow the legacy copies', () =>
    compareDuplicates(
      [
        ['b0000001', { down: null }],
        ['b0000002', { down: 'b0000001' }],
        ['b0000003', { down: 'b0000002' }],
        ['b0000004', { down: 'b0000003' }],
        ['c0000001', { down: null }],
      ],
      [
        ['b0000004', { down: 'b0000002' }],
        ['c0000001', { down: 'b0000001' }],
      ],
    ));

  for (const seed of [1, 2, 3, 4]) {
    it(`a seeded random history (seed ${seed}: 40 revisions with forks, merges, depends_on and labels)`, () => compare(randomProject(seed, 40)));
  }
});
