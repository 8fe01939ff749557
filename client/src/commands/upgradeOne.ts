import type { Ctx, ProjectArg } from '../ctx';
import { projectFor, upgrade } from '../alembic/commandSupport';

/** `alembic upgrade +1`. */
export async function run(ctx: Ctx, arg?: ProjectArg): Promise<void> {
  const project = await projectFor(ctx, arg, 'Upgrade One');
  await upgrade(ctx, project, 'Upgrade One', '+1');
}
