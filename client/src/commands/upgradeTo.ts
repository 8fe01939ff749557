import type { Ctx, ProjectArg } from '../ctx';
import { pickRevision, projectFor, upgrade } from '../alembic/commandSupport';

/** `alembic upgrade <revision>`, the revision picked among the pending ones (all when the state is unknown). */
export async function run(ctx: Ctx, arg?: ProjectArg): Promise<void> {
  const project = await projectFor(ctx, arg, 'Upgrade to Revision…');
  const target = await pickRevision(ctx, project, 'Upgrade to Revision', (state) => state === undefined || state === 'pending');
  await upgrade(ctx, project, 'Upgrade to Revision', target);
}
