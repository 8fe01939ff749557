// The custom planRevision request: a new revision rendered by the engine (engine/newRevision.ts)
// with a fresh id and today's date in the project's timezone. The server writes nothing.
import { NativeRevisionUnsupported, planRevision, RevisionPlanError } from '../engine/newRevision';
import { revisionTimestamp } from '../engine/revisionTimestamp';
import type { PlanRevisionParams, PlanRevisionResult } from '../protocol';
import type { Analysis } from './context';

/** What planning needs from outside: the disk (script.py.mako, the ini), a fresh id, the clock. */
export interface PlanRevisionEnvironment {
  readFile(file: string): string | undefined;
  newRevisionId(): string;
  now(): Date;
}

export function planRevisionResult(analyses: readonly Analysis[], params: PlanRevisionParams, env: PlanRevisionEnvironment): PlanRevisionResult {
  const analysis = analyses.find((candidate) => candidate.project.configFile === params.config);
  if (!analysis) return { error: `No Alembic project has the config ${params.config}`, fallback: false };
  const { graph, project } = analysis;
  let parents: string[];
  if (params.parents) {
    parents = [];
    for (const reference of params.parents) {
      const resolved = graph.resolve(reference);
      if (!resolved.ok) return { error: resolved.reason, fallback: false };
      parents.push(...resolved.ids);
    }
  } else if (graph.heads.length > 1) {
    return {
      error: `Multiple heads are present (${graph.heads.join(', ')}): choose the head the new revision follows, or merge them`,
      fallback: false,
      heads: [...graph.heads],
    };
  } else parents = [...graph.heads];
  try {
    const id = env.newRevisionId();
    const planned = planRevision(project, graph, {
      parents,
      branchLabel: params.branchLabel || undefined,
      message: params.message,
      id,
      date: revisionTimestamp(env.now(), project.timezone),
      readFile: env.readFile,
    });
    return { path: planned.path, text: planned.text, upgradeLine: planned.upgradeLine, revision: id };
  } catch (error) {
    if (error instanceof NativeRevisionUnsupported) return { error: error.message, fallback: true };
    if (error instanceof RevisionPlanError) return { error: error.message, fallback: false };
    return { error: (error as Error).message, fallback: false };
  }
}
