// A new revision file, as `alembic revision -m <message> [--head …] [--branch-label …]` (and
// `alembic merge`) would write it: the project's script.py.mako (else Alembic's generic template)
// rendered with the engine's Mako subset, the file name from file_template and
// truncate_slug_length, in the version location Alembic would pick. Pure: the id, the date and the
// file reader are parameters. When the native render cannot be trusted to equal Alembic's (the
// template needs more than the subset, post-write hooks, revision_environment), it throws
// NativeRevisionUnsupported and the caller runs `alembic revision -m` instead.
import * as path from 'node:path';
import type { AlembicProject } from './config';
import { renderFileName, slugify } from './fileTemplate';
import { revisionIdOf, type RevisionGraph } from './graph';
import { iniValue, parseIni, type IniDocument } from './iniFile';
import { GENERIC_SCRIPT_TEMPLATE, MakoUnsupportedError, renderMako } from './mako';
import { parseMigration } from './parse';
import { formatCreateDate, type RevisionTimestamp } from './revisionTimestamp';

export interface RevisionPlanOptions {
  /** The new revision's down_revision: one head, several (a merge), or none (a new base). */
  parents: readonly string[];
  /** A branch label for the new revision (`--branch-label`). */
  branchLabel?: string;
  message: string;
  /** Revision id; Alembic's are 12 hex characters (uuid4().hex[-12:]): the server's newRevisionId (server/src/revisionId.ts). */
  id: string;
  /** When it is created, as Alembic would date it (revisionTimestamp: local time or the ini's timezone). */
  date: RevisionTimestamp;
  /** Reads script.py.mako and the config; undefined when there is no such file. */
  readFile(file: string): string | undefined;
}

export interface PlannedRevisionFile {
  path: string;
  text: string;
  /** The template it was rendered from, or undefined for Alembic's generic one. */
  templateFile?: string;
  /** 0-based line of upgrade()'s first body line: where the cursor goes. */
  upgradeLine: number;
}

/** The native render cannot promise Alembic's output: run `alembic revision` instead. */
export class NativeRevisionUnsupported extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NativeRevisionUnsupported';
  }
}

/** What the user asked for cannot be made (as Alembic would refuse it too): show the reason. */
export class RevisionPlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RevisionPlanError';
  }
}

/**
 * Where Alembic writes a new revision: the only version location, else the location holding the
 * first parent's file (alembic/script/base.py generate_revision).
 */
export function versionLocationFor(project: AlembicProject, graph: RevisionGraph, parents: readonly string[]): string | undefined {
  if (project.versionLocations.length <= 1) return project.versionLocations[0];
  const headFile = parents.length ? graph.node(parents[0])?.path : undefined;
  if (!headFile) throw new RevisionPlanError('Multiple version locations present, please specify --version-path');
  const inside = (location: string) => !path.relative(location, headFile).startsWith('..');
  return project.versionLocations.find(inside) ?? project.versionLocations[0];
}

/** The ini's [alembic] section (for `config.get_main_option` and the options that change what Alembic writes). */
function readIni(project: AlembicProject, readFile: (file: string) => string | undefined): IniDocument | undefined {
  if (path.basename(project.configFile) !== 'alembic.ini' && !project.configFile.endsWith('.ini')) return undefined;
  const text = readFile(project.configFile);
  return text === undefined ? undefined : parseIni(text);
}

const truthyOption = (value: string | undefined) => !!value && ['true', 'yes', 'on', '1'].includes(value.trim().toLowerCase());

/** Renders a new revision whose down_revision is `parents`. Throws RevisionPlanError or NativeRevisionUnsupported. */
export function planRevision(project: AlembicProject, graph: RevisionGraph, options: RevisionPlanOptions): PlannedRevisionFile {
  const { parents, id, branchLabel } = options;
  if (!/^[0-9A-Za-z_]+$/.test(id)) throw new RevisionPlanError(`Revision id '${id}' is not usable: use letters, digits and _`);
  if (graph.nodes.has(id)) throw new RevisionPlanError(`Revision ${id} already exists`);
  if (new Set(parents).size !== parents.length) throw new RevisionPlanError('Duplicate head revisions specified');
  for (const parent of parents) {
    const node = graph.node(parent);
    if (!node) throw new RevisionPlanError(`Can't locate revision identified by '${parent}'`);
    if (!graph.heads.includes(parent)) {
      throw new RevisionPlanError(`Revision ${parent} is not a head revision; a new revision can only follow a head (or use \`alembic revision --splice\`)`);
    }
  }
  if (branchLabel !== undefined) {
    if (!/^[^@\s:+-]+$/.test(branchLabel)) throw new RevisionPlanError(`Branch label '${branchLabel}' cannot hold @, -, +, : or blanks`);
    const owner = graph.labels.get(branchLabel);
    if (owner !== undefined) throw new RevisionPlanError(`Branch name '${branchLabel}' is already used by revision ${owner}`);
  }
  const location = versionLocationFor(project, graph, parents);
  if (!location) throw new RevisionPlanError('the project has no version location');

  const ini = readIni(project, options.readFile);
  const mainOption = ini ? (name: string) => iniValue(ini, 'alembic', name, { here: project.rootDir }) : undefined;
  if (mainOption && truthyOption(mainOption('revision_environment'))) {
    throw new NativeRevisionUnsupported('revision_environment = true: Alembic runs env.py while it writes a revision');
  }
  const hooks = ini && iniValue(ini, 'post_write_hooks', 'hooks', { here: project.rootDir });
  if (hooks && hooks.trim()) throw new NativeRevisionUnsupported(`post_write_hooks (${hooks.trim()}) rewrite the file Alembic writes`);

  const templateFile = project.scriptLocation ? path.join(project.scriptLocation, 'script.py.mako') : undefined;
  const template = templateFile ? options.readFile(templateFile) : undefined;
  const templateName = template === undefined ? 'the generic template' : path.basename(templateFile!);
  let text: string;
  try {
    text = renderMako(
      template ?? GENERIC_SCRIPT_TEMPLATE,
      {
        up_revision: id,
        // Alembic's tuple_rev_as_scalar: none → None, one → the str, several → a tuple.
        down_revision: parents.length === 0 ? null : parents.length === 1 ? parents[0] : [...parents],
        branch_labels: branchLabel === undefined ? null : [branchLabel],
        depends_on: null,
        message: options.message,
        create_date: formatCreateDate(options.date),
      },
      { mainOption },
    );
  } catch (error) {
    if (error instanceof MakoUnsupportedError) throw new NativeRevisionUnsupported(error.message);
    throw error;
  }
  const name = renderFileName(project.fileTemplate, { rev: id, slug: slugify(options.message, project.truncateSlugLength), date: options.date });
  const file = path.join(location, name);
  const parsed = parseMigration(file, text);
  if (parsed.syntaxErrors.length) throw new NativeRevisionUnsupported(`the rendered revision is not valid Python: ${parsed.syntaxErrors[0].message}`);
  const downRevisions = parsed.identifiers.down_revision?.values?.map((value) => value.value) ?? [];
  if (revisionIdOf(parsed) !== id || downRevisions.join(' ') !== parents.join(' ')) {
    throw new NativeRevisionUnsupported(
      `${templateName} does not render \`revision = '${id}'\` and \`down_revision\` = ${parents.length > 1 ? 'the heads' : 'the parent'} as plain literals`,
    );
  }
  const labels = parsed.identifiers.branch_labels?.values?.map((value) => value.value) ?? [];
  if (branchLabel !== undefined && !labels.includes(branchLabel)) {
    throw new NativeRevisionUnsupported(`${templateName} does not render branch_labels (Alembic would refuse the file too)`);
  }
  const upgrade = parsed.functions.upgrade;
  return {
    path: file,
    text,
    templateFile: template === undefined ? undefined : templateFile,
    upgradeLine: upgrade ? upgradeBodyLine(text, upgrade.range.start.line) : 0,
  };
}

/** The first non-blank line after `def upgrade(…):` (0-based), else the def line. */
function upgradeBodyLine(text: string, defLine: number): number {
  const lines = text.split('\n');
  let line = defLine;
  while (line < lines.length && !/:\s*(#.*)?$/.test(lines[line])) line++;
  for (let next = line + 1; next < lines.length; next++) if (lines[next].trim() !== '') return next;
  return defLine;
}
