// A new merge revision, as `alembic merge -m <message> <heads>` would write it: a 12-hex id, the
// project's file_template for the name, its script.py.mako (else Alembic's generic template) for
// the text, and the version location Alembic would pick. The result is checked by parsing it back.
import * as path from 'node:path';
import type { AlembicProject } from './config';
import { renderFileName, slugify } from './fileTemplate';
import { revisionIdOf, type RevisionGraph } from './graph';
import { GENERIC_SCRIPT_TEMPLATE, renderMako } from './mako';
import { parseMigration } from './parse';
import { formatCreateDate, type RevisionTimestamp } from './revisionTimestamp';

export interface MergeRevisionOptions {
  /** Revision id; Alembic's are 12 hex characters (uuid4().hex[-12:]): the server's newRevisionId (server/src/revisionId.ts). */
  id: string;
  /** When it is created, as Alembic would date it (revisionTimestamp: local time or the ini's timezone). */
  date: RevisionTimestamp;
  message?: string;
  /** Reads script.py.mako; undefined when there is none. */
  readFile(file: string): string | undefined;
}

export interface PlannedRevisionFile {
  path: string;
  text: string;
  /** The template it was rendered from, or undefined for Alembic's generic one. */
  templateFile?: string;
}

/**
 * Where Alembic writes a new revision: the only version location, else the location holding the
 * first head's file (alembic/script/base.py generate_revision).
 */
export function versionLocationFor(project: AlembicProject, graph: RevisionGraph, heads: readonly string[]): string | undefined {
  if (project.versionLocations.length <= 1) return project.versionLocations[0];
  const headFile = graph.node(heads[0])?.path;
  const inside = (location: string) => !!headFile && !path.relative(location, headFile).startsWith('..');
  return project.versionLocations.find(inside) ?? project.versionLocations[0];
}

/** Renders the merge revision of `heads`. Throws when the template cannot be rendered faithfully. */
export function planMergeRevision(project: AlembicProject, graph: RevisionGraph, heads: readonly string[], options: MergeRevisionOptions): PlannedRevisionFile {
  const location = versionLocationFor(project, graph, heads);
  if (!location) throw new Error('the project has no version location');
  const message = options.message ?? `merge ${heads.join(', ')}`;
  const templateFile = project.scriptLocation ? path.join(project.scriptLocation, 'script.py.mako') : undefined;
  const template = templateFile ? options.readFile(templateFile) : undefined;
  const text = renderMako(template ?? GENERIC_SCRIPT_TEMPLATE, {
    up_revision: options.id,
    down_revision: heads.length === 1 ? heads[0] : [...heads],
    branch_labels: null,
    depends_on: null,
    message,
    create_date: formatCreateDate(options.date),
    imports: '',
    upgrades: '',
    downgrades: '',
  });
  const name = renderFileName(project.fileTemplate, { rev: options.id, slug: slugify(message, project.truncateSlugLength), date: options.date });
  const file = path.join(location, name);
  const parsed = parseMigration(file, text);
  const downRevisions = parsed.identifiers.down_revision?.values?.map((value) => value.value) ?? [];
  if (revisionIdOf(parsed) !== options.id || downRevisions.join(' ') !== heads.join(' ')) {
    throw new Error(
      `${templateFile && template !== undefined ? path.basename(templateFile) : 'the template'} does not render \`revision = '${options.id}'\` and \`down_revision\` = the heads as plain literals`,
    );
  }
  if (parsed.syntaxErrors.length) throw new Error(`the rendered revision is not valid Python: ${parsed.syntaxErrors[0].message}`);
  return { path: file, text, templateFile: template === undefined ? undefined : templateFile };
}
