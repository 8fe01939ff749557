// `alembic init` for a folder without a project: the templates the installed Alembic offers (of
// generic, async and pyproject), the run through the runner (`<python> -m alembic -c
// <folder>/alembic.ini init --template <t> <directory>`, so the ini lands in the folder), and where
// env.py's `target_metadata` is. No vscode import: the integration layer runs it with the real Alembic.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AlembicRunner, OutputStream, RunResult } from './runner';

export interface AlembicTemplate {
  name: string;
  description: string;
}

/** The templates offered, in this order, when the installed Alembic has them (pyproject: Alembic 1.16+). */
export const OFFERED_TEMPLATES = ['generic', 'async', 'pyproject'] as const;

/** `alembic list_templates`'s "name - description" lines. */
export function parseTemplates(stdout: string): AlembicTemplate[] {
  const templates: AlembicTemplate[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^([\w.-]+) - (.+)$/.exec(line.trim());
    if (match) templates.push({ name: match[1], description: match[2].trim() });
  }
  return templates;
}

/** Of the installed templates, the ones offered, in OFFERED_TEMPLATES order. */
export function offeredTemplates(installed: readonly AlembicTemplate[]): AlembicTemplate[] {
  return OFFERED_TEMPLATES.flatMap((name) => installed.filter((template) => template.name === name));
}

/** Why `directory` cannot receive the scripts (Alembic refuses a non-empty folder), or undefined. */
export function directoryProblem(folder: string, directory: string): string | undefined {
  const name = directory.trim();
  if (!name) return 'Name the folder for the migration scripts, e.g. migrations.';
  if (path.isAbsolute(name) || name.split(/[\\/]/).includes('..')) return 'A folder inside the workspace folder, e.g. migrations.';
  const target = path.join(folder, name);
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) return `${name} exists and is not a folder.`;
    if (readdirSync(target).length > 0) return `${name} exists and is not empty: Alembic needs a new or empty folder.`;
  }
  return undefined;
}

/** The config files `alembic init` would write over or beside: a folder with one already has a project. */
export function existingConfig(folder: string): string | undefined {
  const ini = path.join(folder, 'alembic.ini');
  if (existsSync(ini)) return ini;
  const pyproject = path.join(folder, 'pyproject.toml');
  if (existsSync(pyproject) && /^\s*\[tool\.alembic\]/m.test(readFileSync(pyproject, 'utf8'))) return pyproject;
  return undefined;
}

export interface InitRunOptions {
  python: string;
  folder: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onLine?(line: string, stream: OutputStream): void;
}

/** The templates the interpreter's Alembic has (`alembic list_templates`). */
export async function listTemplates(runner: AlembicRunner, options: InitRunOptions): Promise<AlembicTemplate[]> {
  const result = await runner.run({ ...options, ini: path.join(options.folder, 'alembic.ini'), args: ['list_templates'], title: 'alembic list_templates' });
  if (result.exitCode !== 0) throw new Error(result.lastErrorLine ?? `alembic list_templates exited with code ${result.exitCode}`);
  return parseTemplates(result.stdout);
}

export interface InitResult {
  ini: string;
  envPy: string;
  result: RunResult;
}

/** `alembic init --template <template> <directory>` in `folder`; throws Alembic's own error line when it fails. */
export async function initProject(runner: AlembicRunner, options: InitRunOptions & { template: string; directory: string }): Promise<InitResult> {
  const ini = path.join(options.folder, 'alembic.ini');
  const args = ['init', '--template', options.template, options.directory.trim()];
  const result = await runner.run({ ...options, ini, args, title: `alembic ${args.join(' ')}` });
  if (result.cancelled) return { ini, envPy: '', result };
  if (result.exitCode !== 0) throw new Error(result.lastErrorLine ?? `alembic init exited with code ${result.exitCode}`);
  return { ini, envPy: path.join(options.folder, options.directory.trim(), 'env.py'), result };
}

/** Where `target_metadata = …` assigns (0-based line, the value's columns), the first assignment not commented out. */
export function targetMetadataAt(envPy: string): { line: number; start: number; end: number } | undefined {
  const lines = envPy.split(/\r?\n/);
  for (let line = 0; line < lines.length; line++) {
    const match = /^(target_metadata\s*=\s*)(.*?)\s*(#.*)?$/.exec(lines[line]);
    if (match) return { line, start: match[1].length, end: match[1].length + match[2].length };
  }
  return undefined;
}
