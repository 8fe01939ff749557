import type { Ctx, ProjectArg } from '../ctx';
import { projectFor, upgrade } from '../alembic/commandSupport';

/** `alembic upgrade head` (`heads` when the project has several): one click against a local development database. */
export async function run(ctx: Ctx, arg?: ProjectArg): Promise<void> {
  const project = await projectFor(ctx, arg, 'Upgrade to Head');
  await upgrade(ctx, project, 'Upgrade to Head', project.heads.length > 1 ? 'heads' : 'head');
}
