// The custom graph request: every project's revision graph as plain data for the client's tree,
// the same project objects `alembic-lint graph --format json` prints (with absolute paths).
import type { CheckOptions } from '../engine/check';
import type { MigrationWorkspace } from '../engine/workspace';
import type { GraphResult } from '../protocol';
import { graphProject } from '../report/graphData';

export function graphResult(workspace: MigrationWorkspace, options?: CheckOptions): GraphResult {
  return { projects: workspace.allProjects.map((project) => graphProject(workspace.analyze(project, options))) };
}
