// The custom graph request: every project's revision graph as the editor's plain data
// (protocol.ts WorkspaceGraph), with each file's error and warning counts.
import { revisionRange } from '../engine/graph';
import type { ProjectSummary, RevisionSummary, WorkspaceGraph } from '../protocol';
import { roleList } from '../engine/graph/roles';
import { resolveVersionTable } from '../engine/versionTable';
import type { Analysis } from './context';

export function workspaceGraph(analyses: readonly Analysis[]): WorkspaceGraph {
  return { projects: analyses.map(projectSummary) };
}

function projectSummary({ project, graph, findings }: Analysis): ProjectSummary {
  const counts = new Map<string, { errors: number; warnings: number }>();
  let errors = 0;
  for (const finding of findings) {
    if (finding.severity === 'info') continue;
    const count = counts.get(finding.file) ?? { errors: 0, warnings: 0 };
    if (finding.severity === 'error') {
      count.errors++;
      errors++;
    } else count.warnings++;
    counts.set(finding.file, count);
  }
  const ids = graph.orderedIds();
  const revisions = ids.map((id): RevisionSummary => {
    const node = graph.nodes.get(id)!;
    const { message, createDate } = node.file;
    const count = counts.get(node.path);
    return {
      id,
      file: node.path,
      line: revisionRange(node.file).start.line,
      ...(message !== undefined ? { message } : {}),
      ...(createDate !== undefined ? { createDate } : {}),
      downRevisions: node.downRevisions,
      dependsOn: node.resolvedDependsOn,
      branches: [...node.branchLabels].sort(),
      roles: roleList(graph.roles(id)!),
      errors: count?.errors ?? 0,
      warnings: count?.warnings ?? 0,
    };
  });
  return {
    config: project.configFile,
    rootDir: project.rootDir,
    ...(project.scriptLocation !== undefined ? { scriptLocation: project.scriptLocation } : {}),
    versionLocations: project.versionLocations,
    revisions,
    heads: [...graph.heads],
    errors,
    ...versionTableOf(project),
  };
}

/** What env.py (literal keywords) or the config says about the version table; nothing when neither says anything. */
function versionTableOf(project: Analysis['project']): Pick<ProjectSummary, 'versionTable'> {
  const table = resolveVersionTable({}, project.envPy?.versionTable, { name: project.versionTable, schema: project.versionTableSchema });
  if (table.nameSource === 'default' && table.schemaSource === 'default') return {};
  const source = table.nameSource === 'env.py' || table.schemaSource === 'env.py' ? 'env.py' : 'config';
  return { versionTable: { name: table.name, ...(table.schema !== undefined ? { schema: table.schema } : {}), source } };
}
