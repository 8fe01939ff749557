// Finds Alembic projects under workspace folders and the migration files of a project.
import * as path from 'node:path';
import { loadProject, type AlembicProject } from './config';
import type { EngineFileSystem } from './fileSystem';

/** Folders never searched for projects. */
const SKIPPED_FOLDERS = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  '__pycache__',
  'site-packages',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
]);
const MAX_DEPTH = 8;

/** Alembic's filter for revision files: `(?!\.#|__init__)(.*\.py)$`, anchored at the start. */
export function isMigrationFileName(name: string): boolean {
  return name.endsWith('.py') && !name.startsWith('.#') && !name.startsWith('__init__');
}

/** Every alembic.ini, and every pyproject.toml with [tool.alembic] that has no alembic.ini beside it. */
export function discoverProjects(roots: string[], fs: EngineFileSystem): AlembicProject[] {
  const projects: AlembicProject[] = [];
  const seen = new Set<string>();
  const visit = (dir: string, depth: number) => {
    const real = fs.realPath(dir) ?? dir;
    if (seen.has(real) || depth > MAX_DEPTH) return;
    seen.add(real);
    const entries = fs.readDirectory(dir);
    if (!entries) return;
    const names = new Set(entries.filter((entry) => entry.isFile).map((entry) => entry.name));
    if (names.has('alembic.ini')) {
      const project = loadProject(path.join(dir, 'alembic.ini'), fs);
      if (project) projects.push(project);
    } else if (names.has('pyproject.toml')) {
      const project = loadProject(path.join(dir, 'pyproject.toml'), fs);
      if (project) projects.push(project);
    }
    for (const entry of entries) {
      if (entry.isDirectory && !SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) visit(path.join(dir, entry.name), depth + 1);
    }
  };
  for (const root of roots) visit(root, 0);
  return projects;
}

/** Python's `sorted` order for str: by code point (JavaScript's `<` compares UTF-16 units, which differs past U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800–DFFF) encode code points above U+FFFF: they sort after every other unit.
    const surrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdfff;
    if (surrogate(x) !== surrogate(y)) return surrogate(x) ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/**
 * Absolute paths of the project's migration files, in Alembic's load order (script/base.py
 * _load_revisions, Script._list_py_dir, Alembic ≥ 1.10): the version locations in config order;
 * in each folder its files in sorted name order, then, with recursive_version_locations, its
 * subfolders in sorted order, depth first (os.walk top-down with `dirs.sort()`). A folder reached
 * twice (a location inside another, a symlink loop) is listed once, where it was first reached.
 * The order matters: when two files declare one id, Alembic keeps the one it loads last.
 */
export function listMigrationFiles(project: AlembicProject, fs: EngineFileSystem): string[] {
  const files: string[] = [];
  const seenDirs = new Set<string>();
  const walk = (dir: string, recursive: boolean) => {
    const real = fs.realPath(dir) ?? dir;
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    const entries = fs.readDirectory(dir);
    if (!entries) return;
    entries.sort((a, b) => compareCodePoints(a.name, b.name));
    // path.join(dir, name) for a plain entry name, without normalizing thousands of times.
    const normalized = path.join(dir, '.');
    const prefix = normalized.endsWith(path.sep) ? normalized : normalized + path.sep;
    for (const entry of entries) if (entry.isFile && isMigrationFileName(entry.name)) files.push(prefix + entry.name);
    if (!recursive) return;
    for (const entry of entries) if (entry.isDirectory && entry.name !== '__pycache__') walk(prefix + entry.name, true);
  };
  for (const location of project.versionLocations) walk(location, project.recursiveVersionLocations);
  return files;
}

/** The project whose version locations contain `file`, if any. */
export function projectOfFile(projects: AlembicProject[], file: string): AlembicProject | undefined {
  return projects.find((project) =>
    project.versionLocations.some((location) => {
      const relative = path.relative(location, file);
      return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) && (project.recursiveVersionLocations || !relative.includes(path.sep));
    }),
  );
}
