// The custom graph request: every project's revision graph as plain data for the client's tree,
// the same project objects `alembic-lint graph --format json` prints (with absolute paths).
import type { GraphResult } from '../protocol';
import { graphProject } from '../report/graphData';
import type { Analysis } from './context';

export function graphResult(analyses: readonly Analysis[]): GraphResult {
  return { projects: analyses.map((analysis) => graphProject(analysis)) };
}
