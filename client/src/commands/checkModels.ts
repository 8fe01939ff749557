import * as vscode from 'vscode';
import type { Ctx, ProjectArg } from '../ctx';
import { projectFor } from '../alembic/commandSupport';
import { checkModels } from '../alembic/modelCheck';

/** Autogenerate's comparison of the models with the database, writing nothing: `alembic check` (1.9+) or the helper script. */
export async function run(ctx: Ctx, arg?: ProjectArg): Promise<void> {
  const project = await projectFor(ctx, arg, 'Check Models Against Database');
  const { python, env } = await ctx.alembic.prepare(project);
  const result = await ctx.alembic.withProgress('Check Models Against Database', (signal, onLine) =>
    checkModels(ctx.alembic.runner, { python: python.path, alembicVersion: python.alembicVersion, ini: project.config, env, signal, onLine }),
  );
  if (result.run.cancelled) throw new vscode.CancellationError();
  if (result.status === 'failed') throw new Error(result.message);
  if (result.status === 'match') {
    void ctx.ui.showInformationMessage('Check Models Against Database: the models match the database.');
    return;
  }
  ctx.logger.info(`Check Models Against Database: ${result.differences.length} difference(s):`);
  for (const difference of result.differences) ctx.logger.info(`  ${difference.text}`);
  const choice = await ctx.ui.showWarningMessage(
    `Check Models Against Database: ${result.differences.length} difference${result.differences.length === 1 ? '' : 's'}: ${result.differences
      .slice(0, 3)
      .map((d) => d.text)
      .join('; ')}${result.differences.length > 3 ? '; …' : ''}`,
    {},
    'Autogenerate Revision…',
    'Open Output',
  );
  if (choice === 'Autogenerate Revision…') void vscode.commands.executeCommand('alembic.autogenerateRevision', project.config);
  if (choice === 'Open Output') ctx.logger.show();
}
