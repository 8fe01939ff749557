// filename-template, filename-revision-mismatch, chronology: do names and dates tell the truth?
import { basename } from 'node:path';
import type { AlembicProject } from '../config';
import { checkFileName, compileTemplate, dateFromFileName, parseCreateDate, renderFileName, slugify } from '../fileTemplate';
import { revisionRange, type RevisionGraph, type RevisionNode } from '../graph';
import type { MigrationFile } from '../model';
import type { Reporter } from './reporter';

/** The name Alembic would have given this revision's file. */
export function expectedFileName(project: AlembicProject, node: RevisionNode): string {
  return renderFileName(project.fileTemplate, {
    rev: node.id,
    slug: slugify(node.file.message, project.truncateSlugLength),
    date: revisionDate(project, node),
  });
}

export function checkFileNames(project: AlembicProject, graph: RevisionGraph, report: Reporter): void {
  const source = project.fileTemplateConfigured ? `file_template of ${basename(project.configFile)}` : "Alembic's default file_template";
  const template = compileTemplate(project.fileTemplate);
  for (const node of graph.nodes.values()) {
    const name = basename(node.file.path);
    let result = checkFileName(template, name, node.id);
    if (result.kind === 'match') continue;
    // `add_email.py` under `%(rev)s_%(slug)s` reads as revision 'add': a wrong shape, not a wrong id.
    if (result.kind === 'revision-mismatch' && !looksLikeRevisionId(result.revInName, graph)) result = { kind: 'no-match' };
    const suggestedName = expectedFileName(project, node);
    const range = revisionRange(node.file);
    if (result.kind === 'revision-mismatch') {
      report(
        'filename-revision-mismatch',
        node.file,
        range,
        `The file name says revision '${result.revInName}' but the file declares revision '${node.id}'. People and tools that go by the name will pick the wrong file. Rename it to ${suggestedName} or fix the id.`,
        { data: { suggestedName } },
      );
    } else {
      report(
        'filename-template',
        node.file,
        node.file.headRange,
        `${name} does not follow the ${source} ('${project.fileTemplate}'); Alembic would name it ${suggestedName}.`,
        { data: { suggestedName } },
      );
    }
  }
}

/** A known id, a hex string like Alembic's, or a word with a digit in it: what a `%(rev)s` part usually is. */
function looksLikeRevisionId(text: string, graph: RevisionGraph): boolean {
  return graph.nodes.has(text) || /^[0-9a-f]{6,}$/i.test(text) || /^(?=.*\d)\w{4,}$/.test(text);
}

/** Each parse's date, kept while the parse is (the language server re-checks on every keystroke). */
const fileDates = new WeakMap<MigrationFile, { template: string; date: Date | undefined }>();

/** The revision's date: its Create Date, else the date in its file name (cached per parse). */
function revisionDate(project: AlembicProject, node: RevisionNode): Date | undefined {
  const cached = fileDates.get(node.file);
  if (cached?.template === project.fileTemplate) return cached.date;
  const date = parseCreateDate(node.file.createDate) ?? dateFromFileName(project.fileTemplate, basename(node.file.path));
  fileDates.set(node.file, { template: project.fileTemplate, date });
  return date;
}

export function checkChronology(project: AlembicProject, graph: RevisionGraph, report: Reporter): void {
  const dateOf = (node: RevisionNode) => revisionDate(project, node);
  for (const node of graph.nodes.values()) {
    const mine = dateOf(node);
    if (!mine) continue;
    for (const parentId of node.downRevisions) {
      const parent = graph.nodes.get(parentId);
      const theirs = parent && dateOf(parent);
      if (!parent || !theirs || theirs.getTime() <= mine.getTime()) continue;
      const literal = node.file.identifiers.down_revision?.values?.find((v) => v.value === parentId);
      report(
        'chronology',
        node.file,
        literal?.range ?? node.file.headRange,
        `Revision ${node.id} is dated ${mine.toISOString().slice(0, 19).replace('T', ' ')}, earlier than its parent ${parentId} (${theirs.toISOString().slice(0, 19).replace('T', ' ')}). Usually a rebase onto a newer head: check the order is what you intend.`,
        { related: [{ file: parent.file.path, range: revisionRange(parent.file), message: `parent ${parentId}` }] },
      );
    }
  }
}
