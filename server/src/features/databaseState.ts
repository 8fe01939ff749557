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
    ...(params.downgradeTo !== undefined ? { undone: undoneBy(analysis, state.states, params.downgradeTo) } : {}),
  };
}

/** The applied revisions that are not the target nor below it, newest first (reverse upgrade order). */
function undoneBy({ graph }: Analysis, states: ReadonlyMap<string, string>, target: string): string[] | string {
  let kept = new Set<string>();
  if (target !== 'base') {
    const resolved = graph.resolve(target);
    if (!resolved.ok) return resolved.reason;
    kept = graph.ancestors(resolved.ids, { inclusive: true });
  }
  return [...graph.upgradeOrder].reverse().filter((id) => states.get(id) !== 'pending' && !kept.has(id));
}
