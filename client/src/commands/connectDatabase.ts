import * as vscode from 'vscode';
import type { Ctx, ProjectArg } from '../ctx';
import { passwordOf } from '../db/connectionPlan';

/**
 * Connect Database…: asks for the URL (checked as it is typed), then for the password, which goes
 * to SecretStorage keyed by server, user and database; the URL, without its password, is kept in
 * workspaceState (never in settings). Works in an untrusted workspace: the URL is the user's own.
 */
export async function run(ctx: Ctx, projectArg?: ProjectArg): Promise<void> {
  const project = await ctx.pickProject(projectArg, 'Connect Database…', true);
  const shown = ctx.databaseState.snapshot.databases.get(project.config);
  const url = await ctx.ui.showInputBox({
    title: 'Alembic: Connect Database…',
    prompt: 'The PostgreSQL database of this project, as a libpq or SQLAlchemy URL. The password is asked for next.',
    placeHolder: 'postgresql://user@localhost:5432/dbname',
    value: shown && shown.status !== 'none' ? shown.connection?.displayUrl : undefined,
    ignoreFocusOut: true,
    validateInput: (value) => {
      if (!value.trim()) return 'Enter a URL such as postgresql://user@localhost:5432/dbname';
      const target = ctx.connections.parseUrl(value);
      if (!target) return 'Not a PostgreSQL URL: postgresql://user@host:5432/dbname (or postgresql+psycopg2://, +asyncpg, +psycopg)';
      if (!target.database) return 'The URL names no database: add /dbname';
      return undefined;
    },
  });
  if (url === undefined) throw new vscode.CancellationError();
  const target = ctx.connections.parseUrl(url);
  if (!target) throw new Error('not a PostgreSQL URL');
  let password = passwordOf(target.url);
  if (password === undefined) {
    password = await ctx.ui.showInputBox({
      title: 'Alembic: Database Password',
      prompt: `Password for ${target.user ?? '(default user)'} on ${target.host}:${target.port}, database ${target.database}. Kept in VS Code's SecretStorage. Empty: none (~/.pgpass or PGPASSWORD).`,
      password: true,
      ignoreFocusOut: true,
    });
    if (password === undefined) throw new vscode.CancellationError();
  }
  await ctx.connections.connect(project, target, password || undefined);
  await ctx.refresh();
}
