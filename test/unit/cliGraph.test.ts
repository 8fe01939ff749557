// `alembic-lint graph` as a user runs it: node dist/cli.js on real projects in temp folders.
import * as assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { GraphProject, GraphRevision } from '../../server/src/report/graphData';
import type { MigrationSpec } from './migrationBuilder';
import { tempProject, type TempProject } from './tempProject';
import { allElements, parseXml, textOf, type XmlElement } from './xmlCheck';

/** The SVG parsed (it must be well-formed XML with an <svg> root) and its node groups by data-id. */
function svgNodes(svg: string): Map<string, XmlElement> {
  const root = parseXml(svg);
  assert.equal(root.name, 'svg');
  assert.equal(root.attributes.xmlns, 'http://www.w3.org/2000/svg');
  return new Map(
    allElements(root)
      .filter((e) => e.name === 'g' && e.attributes['data-id'])
      .map((e) => [e.attributes['data-id'], e]),
  );
}

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

function cli(args: string[], cwd: string) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
}

/** Runs `graph` in every format (at once) on a new project; each must exit 0 and print nothing on stderr. */
async function graphOf(revisions: [string, MigrationSpec][], extraFiles: Record<string, string> = {}) {
  const project = tempProject(revisions, extraFiles);
  projects.push(project);
  const run = (format: string) =>
    new Promise<string>((resolve, reject) => {
      execFile(process.execPath, [CLI, 'graph', '--format', format], { cwd: project.dir, encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`graph --format ${format} failed (${error.code}): ${stderr}`));
        else if (stderr) reject(new Error(`graph --format ${format} wrote to stderr: ${stderr}`));
        else resolve(stdout);
      });
    });
  const [json, text, dot, mermaid, svg] = await Promise.all(['json', 'text', 'dot', 'mermaid', 'svg'].map(run));
  const parsed = JSON.parse(json) as { projects: GraphProject[] };
  assert.equal(parsed.projects.length, 1);
  const data = parsed.projects[0];
  const revision = (id: string): GraphRevision => {
    const found = data.revisions.find((r) => r.revision === id);
    assert.ok(found, `no revision ${id} in ${data.revisions.map((r) => r.revision).join(', ')}`);
    return found;
  };
  return { project, data, revision, text, dot, mermaid, svg };
}

const projects: TempProject[] = [];
after(() => projects.forEach((project) => project.dispose()));

const flags = (r: GraphRevision) => ({ isHead: r.isHead, isBase: r.isBase, isMergePoint: r.isMergePoint, isBranchPoint: r.isBranchPoint });
const rules = (data: GraphProject) => data.findings.map((finding) => finding.rule);

describe('alembic-lint graph', () => {
  it('prints a linear history with relative paths, in upgrade order', async () => {
    const { data, revision, text, dot, mermaid, svg } = await graphOf([
      ['aaaa0001', { down: null, message: 'create users' }],
      ['bbbb0002', { down: 'aaaa0001', message: 'add email' }],
      ['cccc0003', { down: 'bbbb0002', message: 'add index' }],
    ]);
    assert.equal(data.config, 'alembic.ini');
    assert.equal(data.scriptLocation, 'migrations');
    assert.deepEqual(data.versionLocations, [path.join('migrations', 'versions')]);
    assert.deepEqual(data.heads, ['cccc0003']);
    assert.deepEqual(data.bases, ['aaaa0001']);
    assert.deepEqual(data.upgradeOrder, ['aaaa0001', 'bbbb0002', 'cccc0003']);
    assert.deepEqual(data.findings, []);
    assert.deepEqual(revision('bbbb0002'), {
      revision: 'bbbb0002',
      downRevisions: ['aaaa0001'],
      dependsOn: [],
      branchLabels: [],
      branches: [],
      file: path.join('migrations', 'versions', 'bbbb0002_add_email.py'),
      message: 'add email',
      createDate: '2024-01-01 00:00:00.000000',
      isHead: false,
      isBase: false,
      isMergePoint: false,
      isBranchPoint: false,
    });
    assert.deepEqual(flags(revision('aaaa0001')), { isHead: false, isBase: true, isMergePoint: false, isBranchPoint: false });
    assert.deepEqual(flags(revision('cccc0003')), { isHead: true, isBase: false, isMergePoint: false, isBranchPoint: false });
    assert.deepEqual(text.split('\n').slice(0, 5), [
      'alembic.ini: 3 revisions, 1 head, 1 base',
      '  bbbb0002 -> cccc0003 (head), add index',
      '  aaaa0001 -> bbbb0002, add email',
      '  <base> -> aaaa0001, create users',
      'heads: cccc0003',
    ]);
    assert.match(text, /^faults: none$/m);
    assert.match(dot, /^digraph alembic \{$/m);
    assert.match(dot, /^ {2}"cccc0003" -> "bbbb0002";$/m);
    assert.match(dot, /^ {2}"bbbb0002" -> "aaaa0001";$/m);
    assert.match(dot, /^ {2}"cccc0003" \[label="cccc0003\\nadd index", style="rounded,filled,bold"/m);
    assert.ok(dot.trimEnd().endsWith('}'));
    assert.match(mermaid, /^flowchart TD$/m);
    assert.match(mermaid, /^ {2}r_cccc0003 --> r_bbbb0002$/m);
    assert.match(mermaid, /^ {2}r_bbbb0002 --> r_aaaa0001$/m);
    assert.match(mermaid, /^ {2}class r_cccc0003 head;$/m);
    // SVG: one node group per revision, each showing its short id and message, none a ghost.
    const nodes = svgNodes(svg);
    assert.deepEqual([...nodes.keys()].sort(), ['aaaa0001', 'bbbb0002', 'cccc0003']);
    for (const [id, message] of [
      ['aaaa0001', 'create users'],
      ['bbbb0002', 'add email'],
      ['cccc0003', 'add index'],
    ]) {
      const text = allElements(nodes.get(id)!).find((e) => e.name === 'text');
      assert.ok(text && textOf(text).startsWith(`${id} ${message}`), `${id}'s row reads ${text && textOf(text)}`);
      assert.equal(nodes.get(id)!.attributes['data-ghost'], undefined);
    }
    assert.match(textOf(allElements(nodes.get('cccc0003')!).find((e) => e.name === 'text')!), /\[head\]/);
  });

  it('marks a merge of three parents and the branch point they share', async () => {
    const { data, revision, text, dot, mermaid } = await graphOf([
      ['base0000', { down: null }],
      ['left0001', { down: 'base0000' }],
      ['midl0002', { down: 'base0000' }],
      ['rght0003', { down: 'base0000' }],
      ['merg0004', { down: ['left0001', 'midl0002', 'rght0003'], message: 'merge heads' }],
    ]);
    assert.deepEqual(data.heads, ['merg0004']);
    assert.deepEqual(data.bases, ['base0000']);
    assert.deepEqual(revision('merg0004').downRevisions, ['left0001', 'midl0002', 'rght0003']);
    assert.deepEqual(flags(revision('merg0004')), { isHead: true, isBase: false, isMergePoint: true, isBranchPoint: false });
    assert.deepEqual(flags(revision('base0000')), { isHead: false, isBase: true, isMergePoint: false, isBranchPoint: true });
    assert.equal(data.upgradeOrder[0], 'base0000');
    assert.equal(data.upgradeOrder.at(-1), 'merg0004');
    assert.match(text, /^ {2}left0001, midl0002, rght0003 -> merg0004 \(head\) \(mergepoint\), merge heads$/m);
    assert.match(text, /^ {2}<base> -> base0000 \(branchpoint\), change base0000$/m);
    for (const parent of ['left0001', 'midl0002', 'rght0003']) {
      assert.match(dot, new RegExp(`^ {2}"merg0004" -> "${parent}";$`, 'm'));
      assert.match(dot, new RegExp(`^ {2}"${parent}" -> "base0000";$`, 'm'));
      assert.match(mermaid, new RegExp(`^ {2}r_merg0004 --> r_${parent}$`, 'm'));
    }
  });

  it('reports two unlabelled heads after a branch point as a fault, still exiting 0', async () => {
    const { project, data, revision, text } = await graphOf([
      ['base0000', { down: null }],
      ['left0001', { down: 'base0000' }],
      ['rght0002', { down: 'base0000' }],
    ]);
    assert.deepEqual(data.heads, ['left0001', 'rght0002']);
    assert.ok(revision('base0000').isBranchPoint);
    const finding = data.findings.find((f) => f.rule === 'multiple-heads');
    assert.ok(finding, `findings: ${rules(data)}`);
    assert.deepEqual(Object.keys(finding), ['rule', 'severity', 'file', 'line', 'column', 'endLine', 'endColumn', 'message']);
    assert.ok(!path.isAbsolute(finding.file) && finding.line >= 1 && finding.column >= 1, JSON.stringify(finding));
    // The same finding, in the same shape, as `check --format json` prints it.
    const check = JSON.parse(cli(['check', '--format', 'json'], project.dir).stdout) as { findings: unknown[] };
    assert.deepEqual(check.findings, data.findings);
    assert.match(text, /^heads: left0001, rght0002$/m);
    assert.match(text, /^faults: \d+$/m);
    assert.match(text, /\[multiple-heads\]$/m);
  });

  it('keeps a revision that another only depends_on as a head', async () => {
    const { data, revision, dot, mermaid, text } = await graphOf([
      ['base0000', { down: null }],
      ['schm0001', { down: 'base0000' }],
      ['data0002', { down: 'base0000', dependsOn: 'schm0001' }],
    ]);
    assert.deepEqual([...data.heads].sort(), ['data0002', 'schm0001']);
    assert.ok(revision('schm0001').isHead, 'alembic heads lists a revision only depended on');
    assert.deepEqual(revision('data0002').dependsOn, ['schm0001']);
    assert.ok(data.upgradeOrder.indexOf('schm0001') < data.upgradeOrder.indexOf('data0002'));
    assert.match(dot, /^ {2}"data0002" -> "schm0001" \[style=dashed, label="depends_on"\];$/m);
    assert.match(dot, /^ {2}"data0002" -> "base0000";$/m);
    assert.match(mermaid, /^ {2}r_data0002 -\. depends_on \.-> r_schm0001$/m);
    assert.match(text, /^ {2}base0000 \(schm0001\) -> data0002 \(head\), change data0002$/m);
  });

  it('carries branch labels to the branch heads (label@head), with no multiple-heads fault', async () => {
    const { data, revision, text, dot } = await graphOf([
      ['root0000', { down: null }],
      ['expa0001', { down: 'root0000', labels: 'expand' }],
      ['expa0002', { down: 'expa0001' }],
      ['cont0001', { down: 'root0000', labels: 'contract' }],
      ['cont0002', { down: 'cont0001' }],
      ['data0003', { down: null, dependsOn: 'expand' }],
    ]);
    assert.deepEqual([...data.heads].sort(), ['cont0002', 'data0003', 'expa0002']);
    assert.deepEqual(revision('expa0001').branchLabels, ['expand']);
    assert.deepEqual(revision('expa0002').branchLabels, [], 'branchLabels are what the file declares');
    assert.deepEqual(revision('expa0002').branches, ['expand']);
    assert.deepEqual(revision('root0000').branches, [], 'a branch point stops the labels');
    const labelHead = (label: string) => data.heads.filter((head) => revision(head).branches.includes(label));
    assert.deepEqual(labelHead('expand'), ['expa0002']);
    assert.deepEqual(labelHead('contract'), ['cont0002']);
    assert.ok(!rules(data).includes('multiple-heads'), `findings: ${rules(data)}`);
    assert.deepEqual(revision('data0003').dependsOn, ['expand']);
    assert.match(dot, /^ {2}"data0003" -> "expa0001" \[style=dashed/m, 'depends_on a label points at the labelled revision');
    assert.match(text, /^ {2}expa0001 -> expa0002 \(expand\) \(head\), change expa0002$/m);
    assert.match(text, /^heads: .*expa0002 \(expand\)/m);
  });

  it('shows a dangling down_revision as a missing node and a finding', async () => {
    const { data, revision, dot, mermaid, svg } = await graphOf([
      ['aaaa0001', { down: null }],
      ['bbbb0002', { down: 'gone9999' }],
    ]);
    // SVG: a ghost node for the missing parent, saying so on hover, and a red (dangling) edge to it.
    const nodes = svgNodes(svg);
    assert.equal(nodes.get('gone9999')?.attributes['data-ghost'], 'true');
    assert.match(textOf(nodes.get('gone9999')!.children.find((e) => e.name === 'title')!), /No revision file defines 'gone9999', named by bbbb0002/);
    assert.equal(nodes.get('bbbb0002')?.attributes['data-ghost'], undefined);
    const dangling = allElements(parseXml(svg)).filter((e) => e.name === 'path' && /\bdangling\b/.test(e.attributes.class ?? ''));
    assert.equal(dangling.length, 1);
    assert.deepEqual(revision('bbbb0002').downRevisions, ['gone9999']);
    assert.equal(revision('bbbb0002').isBase, false);
    assert.deepEqual(data.bases, ['aaaa0001']);
    assert.ok(rules(data).includes('unknown-down-revision'), `findings: ${rules(data)}`);
    assert.match(dot, /^ {2}"gone9999" \[label="gone9999\\n\(missing\)", style=dashed/m);
    assert.match(dot, /^ {2}"bbbb0002" -> "gone9999";$/m);
    assert.match(mermaid, /^ {2}r_bbbb0002 --> r_gone9999$/m);
    assert.match(mermaid, /^ {2}class r_gone9999 missing;$/m);
  });

  it('reports a cycle, leaves it out of the upgrade order, and still lists its revisions', async () => {
    const { data, revision, text, mermaid, svg } = await graphOf([
      ['base0000', { down: null }],
      ['aaaa0001', { down: ['base0000', 'cccc0003'] }],
      ['bbbb0002', { down: 'aaaa0001' }],
      ['cccc0003', { down: 'bbbb0002' }],
    ]);
    assert.deepEqual(data.upgradeOrder, ['base0000']);
    assert.deepEqual(
      data.revisions.map((r) => r.revision),
      ['base0000', 'aaaa0001', 'bbbb0002', 'cccc0003'],
    );
    assert.ok(revision('aaaa0001').isMergePoint);
    assert.deepEqual(data.heads, [], 'every revision of the cycle has a child');
    assert.ok(rules(data).includes('revision-cycle'), `findings: ${rules(data)}`);
    assert.match(text, /^ {2}bbbb0002 -> cccc0003 \(cycle\)/m);
    assert.match(mermaid, /^ {2}r_aaaa0001 --> r_cccc0003$/m);
    assert.match(mermaid, /^ {2}class .*r_cccc0003.* cycle;$/m);
    // SVG: the three edges of the cycle red, the edge to the base not.
    const cyclic = allElements(parseXml(svg)).filter((e) => e.name === 'path' && /\bcycle\b/.test(e.attributes.class ?? ''));
    assert.equal(cyclic.length, 3);
    assert.equal(svgNodes(svg).size, 4);
  });

  it('turns a syntax error it meets into a finding and an unresolved value into an absent one', async () => {
    const { data, revision } = await graphOf([['aaaa0001', { down: null }]], {
      // The syntax error comes after the identifiers: graph reads no further (check reports it).
      'bbbb0002_broken.py': "revision = 'bbbb0002'\ndown_revision = 'aaaa0001'\n\ndef upgrade(:\n    pass\n",
      // Before them: the whole file is read, and the error is a graph finding.
      'dddd0004_broken_early.py': "def upgrade(:\n    pass\n\nrevision = 'dddd0004'\ndown_revision = 'aaaa0001'\n",
      'cccc0003_computed.py':
        "from app import cli\n\nrevision = 'cccc0003'\ndown_revision = cli.PARENT\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    raise NotImplementedError\n",
    });
    const syntax = data.findings.filter((f) => f.rule === 'syntax-error');
    assert.deepEqual(
      syntax.map((f) => [f.file, f.line]),
      [[path.join('migrations', 'versions', 'dddd0004_broken_early.py'), 1]],
      `findings: ${rules(data)}`,
    );
    assert.deepEqual(revision('bbbb0002').downRevisions, ['aaaa0001']);
    assert.ok(
      !rules(data).some((rule) => rule === 'missing-downgrade' || rule === 'empty-downgrade' || rule === 'missing-upgrade'),
      `body rules are check's: ${rules(data)}`,
    );
    assert.ok(rules(data).includes('unresolved-identifier'), `findings: ${rules(data)}`);
    assert.deepEqual(revision('cccc0003').downRevisions, []);
    assert.ok(!('message' in revision('cccc0003')), 'no docstring: the message is absent, not empty');
  });

  it('escapes quotes, backslashes and markup in DOT and Mermaid', async () => {
    const { dot, mermaid } = await graphOf([
      ['aaaa0001', { down: null, message: 'say "hi" <b> & #1 \\o/' }],
      ['bbbb0002', { down: 'aaaa0001' }],
    ]);
    assert.match(dot, /^ {2}"aaaa0001" \[label="aaaa0001\\nsay \\"hi\\" <b> & #1 \\\\o\/"/m);
    assert.match(mermaid, /^ {2}r_aaaa0001\["aaaa0001<br\/>say #34;hi#34; #60;b#62; #38; #35;1 \\o\/"\]$/m);
  });

  it('quotes revision ids with characters DOT and Mermaid would misread', async () => {
    const { dot, mermaid } = await graphOf([], {
      'a_first.py': "revision = 'a-b:c'\ndown_revision = None\n\ndef upgrade():\n    pass\n\ndef downgrade():\n    pass\n",
      'b_second.py': "revision = 'end'\ndown_revision = 'a-b:c'\n\ndef upgrade():\n    pass\n\ndef downgrade():\n    pass\n",
    });
    assert.match(dot, /^ {2}"end" -> "a-b:c";$/m);
    assert.match(mermaid, /^ {2}r_end --> r_a_2d_b_3a_c$/m);
  });

  it('fails with exit 2 and a clear message on a bad PATH, a missing config or a config without migrations', () => {
    const project = tempProject([['aaaa0001', { down: null }]]);
    projects.push(project);
    const missing = cli(['graph', 'no/such/place'], project.dir);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^alembic-lint: No such file or folder: no\/such\/place$/m);
    const noConfig = cli(['graph', '--config', 'other.ini'], project.dir);
    assert.equal(noConfig.status, 2);
    assert.match(noConfig.stderr, /Config file not found: .*other\.ini/);
    const twoPaths = cli(['graph', '.', 'migrations'], project.dir);
    assert.equal(twoPaths.status, 2);
    assert.match(twoPaths.stderr, /graph takes one PATH/);
    const badFormat = cli(['graph', '--format', 'png'], project.dir);
    assert.equal(badFormat.status, 2);
    assert.match(badFormat.stderr, /Unknown --format 'png' for graph: use text, json, dot, mermaid, svg/);
    writeFileSync(project.ini, '[alembic]\nsqlalchemy.url = postgresql://localhost/app\n');
    const noLocation = cli(['graph', '--format', 'json'], project.dir);
    assert.equal(noLocation.status, 2);
    assert.match(noLocation.stderr, /^alembic-lint: alembic\.ini:1: No script_location is set/m);
    assert.doesNotMatch(noLocation.stderr, /internal error/);
    assert.deepEqual(JSON.parse(noLocation.stdout).projects[0].revisions, []);
  });

  it('draws the SVG left-right with --direction, and refuses a bad direction with exit 2', () => {
    const project = tempProject([
      ['aaaa0001', { down: null, message: 'create users' }],
      ['bbbb0002', { down: 'aaaa0001', message: 'add email' }],
      ['cccc0003', { down: 'bbbb0002', message: 'add index' }],
    ]);
    projects.push(project);
    const cx = (svg: string) => {
      const nodes = svgNodes(svg);
      return ['aaaa0001', 'bbbb0002', 'cccc0003'].map((id) => Number(nodes.get(id)!.children.find((e) => e.name === 'circle')!.attributes.cx));
    };
    const cy = (svg: string) => {
      const nodes = svgNodes(svg);
      return ['aaaa0001', 'bbbb0002', 'cccc0003'].map((id) => Number(nodes.get(id)!.children.find((e) => e.name === 'circle')!.attributes.cy));
    };
    const leftRight = cli(['graph', '--format', 'svg', '--direction', 'left-right'], project.dir);
    assert.equal(leftRight.status, 0, leftRight.stderr);
    const [a, b, c] = cx(leftRight.stdout);
    assert.ok(a < b && b < c, `upgrade order left to right: ${a}, ${b}, ${c}`);
    assert.equal(new Set(cy(leftRight.stdout)).size, 1);
    const topDown = cli(['graph', '--format', 'svg', '--direction', 'top-down'], project.dir);
    assert.equal(topDown.status, 0, topDown.stderr);
    assert.equal(topDown.stdout, cli(['graph', '--format', 'svg'], project.dir).stdout, 'top-down is the default');
    assert.equal(new Set(cx(topDown.stdout)).size, 1);
    const bad = cli(['graph', '--format', 'svg', '--direction', 'diagonal'], project.dir);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /Unknown --direction 'diagonal': use top-down, left-right/);
    const notSvg = cli(['graph', '--format', 'json', '--direction', 'left-right'], project.dir);
    assert.equal(notSvg.status, 2);
    assert.match(notSvg.stderr, /--direction applies to graph --format svg only/);
    assert.match(cli(['--help'], project.dir).stdout, /--direction top-down\|left-right/);
  });

  it('reads a bare versions folder given as PATH', () => {
    const project = tempProject([
      ['aaaa0001', { down: null }],
      ['bbbb0002', { down: 'aaaa0001' }],
    ]);
    projects.push(project);
    const result = cli(['graph', path.join('migrations', 'versions'), '--format', 'json'], project.dir);
    assert.equal(result.status, 0, result.stderr);
    const data = (JSON.parse(result.stdout) as { projects: GraphProject[] }).projects[0];
    assert.deepEqual(data.heads, ['bbbb0002']);
    assert.equal(data.revisions[0].file, path.join('migrations', 'versions', 'aaaa0001_change_aaaa0001.py'));
  });
});
