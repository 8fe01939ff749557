// The custom databaseState request: the client read the version table; the graph says what each
// revision's state is (engine/databaseState.ts), so revision logic stays on the server's graph.
import { databaseState } from '../engine/databaseState';
import type { DatabaseStateParams, DatabaseStateResult } from '../protocol';
import type { Analysis } from './context';

export function databaseStateResult(analyses: readonly Analysis[], params: DatabaseStateParams): DatabaseStateResult | null {
  const analysis = analyses.find((candidate) => candidate.project.configFile === params.config);
  if (!analysis) return null;
  const state = databaseState(analysis.graph, params.rows ?? undefined);
  return {
    versionTableExists: state.versionTableExists,
    current: state.current,
    states: Object.fromEntries(state.states),
    pending: state.pending,
    unknownToFiles: state.unknownToFiles,
    atHead: state.atHead,
  };
}
