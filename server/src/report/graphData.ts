// One project's revision graph as plain data: the project object of `alembic-lint graph --format
// json` and of the language server's alembic/graph request. Pure: paths go through `displayPath`
// (relative to the working directory for the CLI, absolute for the editor).
import type { ProjectAnalysis, ProjectSnapshot } from '../engine/check';
import type { GraphProject, GraphRevision } from '../protocol';
import { findingRecord, sortFindings } from './checkReport';

export type AnalyzedProject = ProjectSnapshot & ProjectAnalysis;

export function graphProject({ project, graph, findings }: AnalyzedProject, displayPath: (file: string) => string = (file) => file): GraphProject {
  const ordered = new Set(graph.upgradeOrder);
  // Bases up, then whatever a cycle keeps out of the upgrade order, in file order.
  const ids = [...graph.upgradeOrder, ...[...graph.nodes.keys()].filter((id) => !ordered.has(id))];
  const revisions = ids.map((id): GraphRevision => {
    const node = graph.nodes.get(id)!;
    const { message, createDate } = node.file;
    const { isHead, isBase, isMergePoint, isBranchPoint } = graph.roles(id)!;
    return {
      revision: id,
      downRevisions: node.downRevisions,
      dependsOn: node.dependsOn,
      branchLabels: node.ownBranchLabels,
      branches: [...node.branchLabels].sort(),
      file: displayPath(node.path),
      ...(message !== undefined ? { message } : {}),
      ...(createDate !== undefined ? { createDate } : {}),
      isHead,
      isBase,
      isMergePoint,
      isBranchPoint,
    };
  });
  return {
    config: displayPath(project.configFile),
    ...(project.scriptLocation !== undefined ? { scriptLocation: displayPath(project.scriptLocation) } : {}),
    versionLocations: project.versionLocations.map(displayPath),
    revisions,
    heads: [...graph.heads],
    bases: [...graph.bases],
    upgradeOrder: [...graph.upgradeOrder],
    findings: sortFindings(findings).map((finding) => findingRecord(finding, displayPath)),
  };
}
