import type { Ctx, ProjectArg } from '../ctx';
import { pickRevision, projectFor, stamp } from '../alembic/commandSupport';

/** `alembic stamp <revision>` (the version table only, no migration runs); asks first. */
export async function run(ctx: Ctx, arg?: ProjectArg): Promise<void> {
  const project = await projectFor(ctx, arg, 'Stamp Revision…');
  const target = await pickRevision(ctx, project, 'Stamp Revision', () => true, [{ id: 'base', label: 'base', description: 'empty the version table' }]);
  await stamp(ctx, project, 'Stamp Revision', target);
}
