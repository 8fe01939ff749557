// `alembic-lint generate-downgrade FILE [--config FILE]`: prints the downgrade() that reverses
// FILE's upgrade(), using the schema replayed from the revisions of FILE's project below it. The
// project: --config, else the nearest alembic.ini / pyproject.toml with [tool.alembic] above FILE
// whose versions hold FILE; without one, FILE alone (the schema before it then unknown).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadProject, type AlembicProject } from '../engine/config';
import { listMigrationFiles } from '../engine/discovery';
import { buildGraph } from '../engine/graph';
import type { MigrationFile } from '../engine/model';
import { fileOperations, generateDowngradeInProject, type GeneratedDowngrade } from '../engine/operations/downgrade';
import { parseMigration, unreadableMigration } from '../engine/parse';
import { nodeFileSystem } from '../nodeFileSystem';
import { UsageError } from './targets';

/** The nearest project above `file` whose migrations include it. */
function projectAbove(file: string): AlembicProject | undefined {
  let dir = path.dirname(file);
  for (;;) {
    for (const name of ['alembic.ini', 'pyproject.toml']) {
      const candidate = path.join(dir, name);
      if (!fs.existsSync(candidate)) continue;
      const project = loadProject(candidate, nodeFileSystem);
      if (project && listMigrationFiles(project, nodeFileSystem).some((f) => path.resolve(f) === file)) return project;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function generateDowngradeForFile(given: string, config: string | undefined, cwd: string): GeneratedDowngrade {
  const file = path.resolve(cwd, given);
  let text: string;
  try {
    if (!fs.statSync(file).isFile()) throw new Error();
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`No such file: ${given}`);
  }
  const target = parseMigration(file, text);
  if (target.syntaxErrors.length) {
    const problem = target.syntaxErrors[0];
    throw new UsageError(`${given}:${problem.range.start.line + 1}: ${problem.message}`);
  }
  const operations = fileOperations(target, text);
  if (!operations)
    throw new UsageError(`${given}: the operations of upgrade() could not be read (an f-string or a line continuation the reader does not take).`);
  if (!target.functions.upgrade || !operations.upgrade) throw new UsageError(`${given} has no upgrade() function.`);
  let project: AlembicProject | undefined;
  if (config !== undefined) {
    const configFile = path.resolve(cwd, config);
    if (!fs.existsSync(configFile)) throw new UsageError(`Config file not found: ${config}`);
    project = loadProject(configFile, nodeFileSystem);
    if (!project) throw new UsageError(`${config} has no [tool.alembic] table.`);
  } else project = projectAbove(file);
  const files: MigrationFile[] = [target];
  if (project) {
    for (const other of listMigrationFiles(project, nodeFileSystem)) {
      if (path.resolve(other) === file) continue;
      const otherText = nodeFileSystem.readFile(other);
      files.push(otherText === undefined ? unreadableMigration(other) : parseMigration(other, otherText));
    }
  }
  return generateDowngradeInProject(buildGraph(files), files, target, text, project?.sqlalchemyUrl);
}
