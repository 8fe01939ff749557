// `alembic-lint graph` output, from the projects' graph data (paths already as they should show):
// text for people (Alembic's history lines, heads down), JSON for scripts, Graphviz DOT and Mermaid.
import type { GraphProject, GraphRevision } from './graphData';
import { findingLine } from './checkReport';

/** A project's edges: child → parent through down_revision, dashed through depends_on; targets that do not exist are `missing`. */
interface Edges {
  down: { from: string; to: string }[];
  dependsOn: { from: string; to: string }[];
  missing: string[];
  /** Revisions the upgrade order leaves out: in a cycle or behind one. */
  unordered: Set<string>;
}

function edgesOf(project: GraphProject): Edges {
  const ids = new Set(project.revisions.map((revision) => revision.revision));
  const labels = new Map<string, string>();
  for (const revision of project.revisions) for (const label of revision.branchLabels) if (!labels.has(label)) labels.set(label, revision.revision);
  const missing = new Set<string>();
  const target = (name: string, byLabel: boolean) => {
    if (ids.has(name)) return name;
    const labelled = byLabel ? labels.get(name) : undefined;
    if (labelled) return labelled;
    missing.add(name);
    return name;
  };
  const edges: Edges = { down: [], dependsOn: [], missing: [], unordered: new Set() };
  for (const revision of project.revisions) {
    for (const parent of revision.downRevisions) edges.down.push({ from: revision.revision, to: target(parent, false) });
    for (const dependency of revision.dependsOn) edges.dependsOn.push({ from: revision.revision, to: target(dependency, true) });
  }
  edges.missing = [...missing];
  const ordered = new Set(project.upgradeOrder);
  for (const id of ids) if (!ordered.has(id)) edges.unordered.add(id);
  return edges;
}

export function formatGraphJson(projects: GraphProject[]): string {
  return JSON.stringify({ projects }, null, 2) + '\n';
}

// ---- text ---------------------------------------------------------------------------------------

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Alembic's `history` line: `down (depends) -> rev (labels) (head) (branchpoint) (mergepoint), message`. */
function historyLine(revision: GraphRevision, unordered: boolean): string {
  const down = revision.downRevisions.length ? revision.downRevisions.join(', ') : '<base>';
  const depends = revision.dependsOn.length ? ` (${revision.dependsOn.join(', ')})` : '';
  const markers = [
    revision.branches.length ? `(${revision.branches.join(', ')})` : '',
    revision.isHead ? '(head)' : '',
    revision.isBranchPoint ? '(branchpoint)' : '',
    revision.isMergePoint ? '(mergepoint)' : '',
    unordered ? '(cycle)' : '',
  ].filter(Boolean);
  return `${down}${depends} -> ${[revision.revision, ...markers].join(' ')}${revision.message ? `, ${revision.message}` : ''}`;
}

export function formatGraphText(projects: GraphProject[]): string {
  const blocks = projects.map((project) => {
    const { unordered } = edgesOf(project);
    const lines = [
      `${project.config}: ${plural(project.revisions.length, 'revision')}, ${plural(project.heads.length, 'head')}, ${plural(project.bases.length, 'base')}`,
    ];
    for (const revision of [...project.revisions].reverse()) lines.push(`  ${historyLine(revision, unordered.has(revision.revision))}`);
    const byId = new Map(project.revisions.map((revision) => [revision.revision, revision]));
    const headText = project.heads.map((head) => {
      const branches = byId.get(head)?.branches ?? [];
      return branches.length ? `${head} (${branches.join(', ')})` : head;
    });
    lines.push(`heads: ${headText.join(', ') || 'none'}`);
    if (project.findings.length) {
      lines.push(`faults: ${project.findings.length}`);
      for (const finding of project.findings) lines.push(`  ${findingLine(finding)}`);
    } else lines.push('faults: none');
    return lines.join('\n');
  });
  return blocks.join('\n\n') + '\n';
}

// ---- Graphviz DOT ---------------------------------------------------------------------------------

/** A DOT double-quoted string: backslashes and quotes escaped, line breaks as `\n`. */
function dotString(text: string): string {
  return `"${text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\r\n|\r|\n/g, '\\n')}"`;
}

export function formatGraphDot(projects: GraphProject[]): string {
  const lines = ['digraph alembic {', '  rankdir=TB;', '  node [shape=box, style=rounded, fontname="Helvetica"];', '  edge [fontname="Helvetica"];'];
  projects.forEach((project, index) => {
    const prefix = projects.length > 1 ? `${index}:` : '';
    const id = (revision: string) => dotString(prefix + revision);
    const indent = projects.length > 1 ? '    ' : '  ';
    if (projects.length > 1) lines.push(`  subgraph ${dotString(`cluster_${index}`)} {`, `    label=${dotString(project.config)};`);
    const { down, dependsOn, missing, unordered } = edgesOf(project);
    for (const revision of project.revisions) {
      const attributes = [`label=${dotString(revision.message ? `${revision.revision}\n${revision.message}` : revision.revision)}`];
      if (revision.isHead) attributes.push('style="rounded,filled,bold"', 'fillcolor="#fde68a"', 'penwidth=2');
      if (revision.isBase) attributes.push('peripheries=2');
      if (unordered.has(revision.revision)) attributes.push('color="#dc2626"');
      lines.push(`${indent}${id(revision.revision)} [${attributes.join(', ')}];`);
    }
    for (const name of missing) lines.push(`${indent}${id(name)} [label=${dotString(`${name}\n(missing)`)}, style=dashed, color="#dc2626"];`);
    for (const edge of down) lines.push(`${indent}${id(edge.from)} -> ${id(edge.to)};`);
    for (const edge of dependsOn) lines.push(`${indent}${id(edge.from)} -> ${id(edge.to)} [style=dashed, label="depends_on"];`);
    if (projects.length > 1) lines.push('  }');
  });
  lines.push('}');
  return lines.join('\n') + '\n';
}

// ---- Mermaid ------------------------------------------------------------------------------------

/** A Mermaid node id: letters and digits kept, every other character as `_<hex>_` (so distinct ids stay distinct). */
function mermaidId(prefix: string, revision: string): string {
  return `${prefix}r_${revision.replace(/[^A-Za-z0-9]/gu, (c) => `_${c.codePointAt(0)!.toString(16)}_`)}`;
}

/** Text inside a Mermaid `["…"]` label: entity codes for what Mermaid or HTML would read. */
function mermaidText(text: string): string {
  return text.replace(/[#"<>&`]/g, (c) => `#${c.codePointAt(0)};`).replace(/\r\n|\r|\n/g, ' ');
}

export function formatGraphMermaid(projects: GraphProject[]): string {
  const lines = ['flowchart TD'];
  const heads: string[] = [];
  const missingNodes: string[] = [];
  const cycleNodes: string[] = [];
  projects.forEach((project, index) => {
    const prefix = projects.length > 1 ? `p${index}_` : '';
    const id = (revision: string) => mermaidId(prefix, revision);
    const indent = projects.length > 1 ? '    ' : '  ';
    if (projects.length > 1) lines.push(`  subgraph p${index} ["${mermaidText(project.config)}"]`);
    const { down, dependsOn, missing, unordered } = edgesOf(project);
    for (const revision of project.revisions) {
      const label = mermaidText(revision.revision) + (revision.message ? `<br/>${mermaidText(revision.message)}` : '');
      lines.push(`${indent}${id(revision.revision)}["${label}"]`);
      if (revision.isHead) heads.push(id(revision.revision));
      if (unordered.has(revision.revision)) cycleNodes.push(id(revision.revision));
    }
    for (const name of missing) {
      lines.push(`${indent}${id(name)}["${mermaidText(name)}<br/>(missing)"]`);
      missingNodes.push(id(name));
    }
    for (const edge of down) lines.push(`${indent}${id(edge.from)} --> ${id(edge.to)}`);
    for (const edge of dependsOn) lines.push(`${indent}${id(edge.from)} -. depends_on .-> ${id(edge.to)}`);
    if (projects.length > 1) lines.push('  end');
  });
  lines.push('  classDef head fill:#fde68a,stroke:#b45309,stroke-width:2px;');
  lines.push('  classDef missing stroke:#dc2626,stroke-dasharray:5 5;');
  lines.push('  classDef cycle stroke:#dc2626,stroke-width:2px;');
  if (heads.length) lines.push(`  class ${heads.join(',')} head;`);
  if (missingNodes.length) lines.push(`  class ${missingNodes.join(',')} missing;`);
  if (cycleNodes.length) lines.push(`  class ${cycleNodes.join(',')} cycle;`);
  return lines.join('\n') + '\n';
}
