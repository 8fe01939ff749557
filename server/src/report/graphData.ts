// One project's revision graph as plain data: the project object of `alembic-lint graph --format
// json` (the CLI's contract, DESIGN.md). Pure: paths go through `displayPath`
// (relative to the working directory for the CLI, absolute for the editor).
import type { ProjectAnalysis, ProjectSnapshot } from '../engine/check';
import { findingRecord, sortFindings, type FindingRecord } from './checkReport';
import type { PictureRevision } from './graphPicture';

/** One revision; unresolved values (a name, a call…) are absent, never guessed. */
export interface GraphRevision {
  revision: string;
  /** down_revision as written (deduplicated). */
  downRevisions: string[];
  /** depends_on as written: revision ids or branch labels. */
  dependsOn: string[];
  /** branch_labels declared in this file. */
  branchLabels: string[];
  /** Every branch label in effect here after Alembic's propagation (what `alembic history` shows). */
  branches: string[];
  file: string;
  message?: string;
  createDate?: string;
  /** Listed by `alembic heads`: no revision names it as down_revision (depends_on children do not count). */
  isHead: boolean;
  /** No down_revision. */
  isBase: boolean;
  /** More than one down_revision. */
  isMergePoint: boolean;
  /** More than one child through down_revision. */
  isBranchPoint: boolean;
}

export interface GraphProject {
  config: string;
  scriptLocation?: string;
  versionLocations: string[];
  /** From the bases up (upgrade order), then any revision a cycle keeps out of that order. */
  revisions: GraphRevision[];
  heads: string[];
  bases: string[];
  /** Topological order from the bases up through down_revision and depends_on; revisions in or behind a cycle are left out. */
  upgradeOrder: string[];
  findings: FindingRecord[];
}

export type AnalyzedProject = ProjectSnapshot & ProjectAnalysis;

export function graphProject({ project, graph, findings }: AnalyzedProject, displayPath: (file: string) => string = (file) => file): GraphProject {
  // Bases up, then whatever a cycle keeps out of the upgrade order, in file order.
  const ids = graph.orderedIds();
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

/** The picture input of a project (`graph --format svg`): depends_on labels resolved to the revision declaring them. */
export function pictureRevisions(project: GraphProject): PictureRevision[] {
  const labels = new Map<string, string>();
  for (const revision of project.revisions) for (const label of revision.branchLabels) if (!labels.has(label)) labels.set(label, revision.revision);
  const ids = new Set(project.revisions.map((revision) => revision.revision));
  return project.revisions.map((revision) => ({
    id: revision.revision,
    downRevisions: revision.downRevisions,
    dependsOn: revision.dependsOn.map((name) => (ids.has(name) ? name : (labels.get(name) ?? name))),
    branches: revision.branches,
    ...(revision.message !== undefined ? { message: revision.message } : {}),
    file: revision.file,
    head: revision.isHead,
    base: revision.isBase,
  }));
}
