import * as vscode from 'vscode';
import type { Ctx, ProjectArg } from '../ctx';
import { projectFor } from '../alembic/commandSupport';

/** Lists every interpreter candidate with its Python and Alembic versions (or why it cannot run Alembic); the choice goes to alembic.pythonPath. */
export async function run(ctx: Ctx, arg?: ProjectArg): Promise<void> {
  const project = await projectFor(ctx, arg, 'Select Python Interpreter');
  const candidates = await ctx.alembic.candidates(project);
  const items: (vscode.QuickPickItem & { path?: string })[] = candidates.map((c) => ({
    label: c.ok ? `$(check) ${c.path}` : `$(circle-slash) ${c.path}`,
    description: c.ok ? `Python ${c.pythonVersion}, Alembic ${c.alembicVersion}` : c.reason,
    detail: c.origin,
    path: c.path,
  }));
  items.push({ label: '$(folder-opened) Browse…', description: 'another interpreter' });
  const picked = await ctx.ui.showQuickPick(items, { title: 'Select the Python interpreter that runs Alembic', matchOnDescription: true });
  if (!picked) throw new vscode.CancellationError();
  let chosen = picked.path;
  if (!chosen) {
    const files = await vscode.window.showOpenDialog({ canSelectMany: false, title: 'Python interpreter' });
    if (!files?.length) throw new vscode.CancellationError();
    chosen = files[0].fsPath;
  }
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(project.config));
  await vscode.workspace
    .getConfiguration('alembic', folder?.uri)
    .update('pythonPath', chosen, folder ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Global);
  ctx.alembic.discovery.clear();
  const interpreter = await ctx.alembic.interpreter(project);
  void ctx.ui.showInformationMessage(`Alembic runs with ${interpreter.path} (Alembic ${interpreter.alembicVersion}).`);
}
