import type { Ctx, ProjectArg } from '../ctx';
import { pickRevision, projectFor } from '../alembic/commandSupport';
import { showUpgradeSql } from './showSqlHere';

/** Offline `alembic upgrade <current>:<target> --sql` into an untitled SQL editor. */
export async function run(ctx: Ctx, arg?: ProjectArg): Promise<void> {
  const project = await projectFor(ctx, arg, 'Show SQL…');
  const target = await pickRevision(ctx, project, 'Show SQL: upgrade to', (state) => state !== 'applied' && state !== 'current');
  await showUpgradeSql(ctx, project, target);
}
