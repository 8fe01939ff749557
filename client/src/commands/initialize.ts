import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { ProjectSummary } from '../../../server/src/protocol';
import { directoryProblem, existingConfig, initProject, listTemplates, offeredTemplates, targetMetadataAt } from '../alembic/initProject';

const TITLE = 'Initialize Alembic';

/**
 * `alembic init` for a workspace folder without a project: the template (generic, async, and
 * pyproject where the installed Alembic has it), the scripts folder, the run through the runner
 * (with the interpreter discovery, trust and progress of every Alembic command), then env.py opens
 * with `target_metadata`'s value selected. `folder`: a workspace folder's path (else the only one,
 * else picked).
 */
export async function run(ctx: Ctx, folder?: string): Promise<void> {
  const root = folder ?? (await pickFolder(ctx));
  const existing = existingConfig(root);
  if (existing) {
    const open = `Open ${path.basename(existing)}`;
    const choice = await ctx.ui.showInformationMessage(`${root} already has an Alembic project (${path.basename(existing)}).`, open);
    if (choice === open) await vscode.window.showTextDocument(vscode.Uri.file(existing));
    return;
  }
  if (!vscode.workspace.isTrusted) {
    throw new Error(
      'this workspace is not trusted: Alembic commands run code from it, so they are off until you trust it (Workspaces: Manage Workspace Trust).',
    );
  }
  // The interpreter as for a project in this folder: the setting, the Python extension, .venv, PATH.
  const python = await ctx.alembic.interpreter(folderProject(root));
  const installed = await listTemplates(ctx.alembic.runner, { python: python.path, folder: root });
  const offered = offeredTemplates(installed);
  if (offered.length === 0) throw new Error(`Alembic ${python.alembicVersion} (${python.path}) lists none of the templates generic, async, pyproject.`);
  const template = await ctx.ui.showQuickPick(
    offered.map((t) => ({ label: t.name, description: t.description, template: t.name })),
    { title: `${TITLE}: template (Alembic ${python.alembicVersion})`, placeHolder: 'The env.py and configuration to start from' },
  );
  if (!template) throw new vscode.CancellationError();
  const directory = await ctx.ui.showInputBox({
    title: `${TITLE}: scripts folder`,
    prompt: `The folder for env.py, script.py.mako and versions/, inside ${path.basename(root)}`,
    value: 'migrations',
    validateInput: (value) => directoryProblem(root, value),
  });
  if (directory === undefined) throw new vscode.CancellationError();
  const problem = directoryProblem(root, directory);
  if (problem) throw new Error(problem);

  ctx.logger.info(`${TITLE}: ${python.path} -m alembic -c ${path.join(root, 'alembic.ini')} init --template ${template.template} ${directory.trim()}`);
  const done = await ctx.alembic.withProgress(TITLE, (signal, onLine) =>
    initProject(ctx.alembic.runner, { python: python.path, folder: root, template: template.template, directory, signal, onLine }),
  );
  if (done.result.cancelled) throw new vscode.CancellationError();
  await ctx.refresh();

  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(done.envPy));
  const at = targetMetadataAt(readFileSync(done.envPy, 'utf8'));
  const selection = at ? new vscode.Selection(at.line, at.start, at.line, at.end) : undefined;
  await vscode.window.showTextDocument(document, selection ? { selection } : {});
  void ctx.ui.showInformationMessage(
    `Alembic is initialized in ${path.basename(root)}: set target_metadata in env.py to your models' MetaData (for autogenerate), and sqlalchemy.url in alembic.ini or Connect Database….`,
  );
}

async function pickFolder(ctx: Ctx): Promise<string> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) return folders[0].uri.fsPath;
  if (folders.length === 0) {
    const choice = await ctx.ui.showInformationMessage(`${TITLE}: open the folder of your Python project first.`, 'Open Folder');
    if (choice === 'Open Folder') void vscode.commands.executeCommand('workbench.action.files.openFolder');
    throw new vscode.CancellationError();
  }
  const picked = await ctx.ui.showQuickPick(
    folders.map((f) => ({ label: f.name, description: f.uri.fsPath, folder: f.uri.fsPath })),
    { title: TITLE, placeHolder: 'The workspace folder to put alembic.ini in' },
  );
  if (!picked) throw new vscode.CancellationError();
  return picked.folder;
}

/** A project that does not exist yet, for the interpreter discovery (it reads only the folder). */
function folderProject(root: string): ProjectSummary {
  return { config: path.join(root, 'alembic.ini'), rootDir: root, versionLocations: [], revisions: [], heads: [], errors: 0 };
}
