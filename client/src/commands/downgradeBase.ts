import type { Ctx, ProjectArg } from '../ctx';
import { downgrade, projectFor } from '../alembic/commandSupport';

/** `alembic downgrade base`; always asks, listing every revision it undoes. */
export async function run(ctx: Ctx, arg?: ProjectArg): Promise<void> {
  const project = await projectFor(ctx, arg, 'Downgrade to Base');
  await downgrade(ctx, project, 'Downgrade to Base', 'base');
}
