// Turns the CLI's PATH arguments into Alembic projects.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_FILE_TEMPLATE, DEFAULT_TRUNCATE_SLUG_LENGTH, loadProject, type AlembicProject } from '../engine/config';
import { discoverProjects, isMigrationFileName } from '../engine/discovery';
import type { EngineFileSystem } from '../engine/fileSystem';

export class UsageError extends Error {}

export interface TargetOptions {
  config?: string;
  recursive?: boolean;
  fileTemplate?: string;
}

/**
 * PATH is an alembic.ini, a pyproject.toml, a folder holding one of them, or a bare versions
 * folder; no PATH means the current folder (searched for projects).
 */
export function resolveTargets(paths: string[], options: TargetOptions, fileSystem: EngineFileSystem, cwd: string): AlembicProject[] {
  if (options.config) {
    const project = loadConfigFile(path.resolve(cwd, options.config), fileSystem);
    return [project];
  }
  if (paths.length === 0) {
    const projects = discoverProjects([cwd], fileSystem);
    if (projects.length === 0)
      throw new UsageError(`No alembic.ini or pyproject.toml with [tool.alembic] found under ${cwd}. Pass the config file, or a versions folder, as PATH.`);
    return projects;
  }
  return paths.map((given) => resolveOne(path.resolve(cwd, given), given, options, fileSystem));
}

function loadConfigFile(file: string, fileSystem: EngineFileSystem): AlembicProject {
  if (!fs.existsSync(file)) throw new UsageError(`Config file not found: ${file}`);
  const project = loadProject(file, fileSystem);
  if (!project) throw new UsageError(`${file} has no [tool.alembic] table.`);
  return project;
}

function resolveOne(absolute: string, given: string, options: TargetOptions, fileSystem: EngineFileSystem): AlembicProject {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absolute);
  } catch {
    throw new UsageError(`No such file or folder: ${given}`);
  }
  if (stat.isFile()) return loadConfigFile(absolute, fileSystem);
  for (const name of ['alembic.ini', 'pyproject.toml']) {
    const candidate = path.join(absolute, name);
    if (fs.existsSync(candidate)) {
      const project = loadProject(candidate, fileSystem);
      if (project) return project;
    }
  }
  let entries: string[];
  try {
    entries = fs.readdirSync(absolute);
  } catch (error) {
    throw new UsageError(`Cannot read the folder ${given}: ${(error as Error).message}`);
  }
  if (entries.some(isMigrationFileName) || options.recursive) return bareVersionsFolder(absolute, options);
  throw new UsageError(`${given} holds neither an alembic.ini, a pyproject.toml with [tool.alembic], nor migration files.`);
}

/** A versions folder checked without a config: --recursive and --file-template stand in for it. */
function bareVersionsFolder(dir: string, options: TargetOptions): AlembicProject {
  return {
    configFile: dir,
    rootDir: dir,
    versionLocations: [dir],
    recursiveVersionLocations: !!options.recursive,
    fileTemplate: options.fileTemplate ?? DEFAULT_FILE_TEMPLATE,
    fileTemplateConfigured: options.fileTemplate !== undefined,
    truncateSlugLength: DEFAULT_TRUNCATE_SLUG_LENGTH,
    problems: [],
  };
}
