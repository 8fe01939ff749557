// filename-template, filename-revision-mismatch, chronology: do names and dates tell the truth?
import type { AlembicProject } from '../config';
import { checkFileName, dateFromFileName, parseCreateDate, renderFileName, slugify } from '../fileTemplate';
import type { RevisionGraph, RevisionNode } from '../graph';
import type { MigrationFile } from '../model';
import type { Reporter } from './reporter';

const baseName = (file: string) => file.slice(file.lastIndexOf('/') + 1);

/** The name Alembic would have given this revision's file. */
export function expectedFileName(project: AlembicProject, node: RevisionNode): string {
  const date = parseCreateDate(node.file.createDate) ?? dateFromFileName(project.fileTemplate, baseName(node.file.path));
  return renderFileName(project.fileTemplate, { rev: node.id, slug: slugify(node.file.message, project.truncateSlugLength), date });
}

export function checkFileNames(project: AlembicProject, graph: RevisionGraph, report: Reporter): void {
  const source = project.fileTemplateConfigured ? `file_template of ${baseName(project.configFile)}` : "Alembic's default file_template";
  for (const node of graph.nodes.values()) {
    const name = baseName(node.file.path);
    let result = checkFileName(project.fileTemplate, name, node.id);
    if (result.kind === 'match') continue;
    // `add_email.py` under `%(rev)s_%(slug)s` reads as revision 'add': a wrong shape, not a wrong id.
    if (result.kind === 'revision-mismatch' && !looksLikeRevisionId(result.revInName, graph)) result = { kind: 'no-match' };
    const suggestedName = expectedFileName(project, node);
    const range = node.file.identifiers.revision!.values![0].range;
    if (result.kind === 'revision-mismatch') {
      report('filename-revision-mismatch', node.file, range,
        `The file name says revision '${result.revInName}' but the file declares revision '${node.id}'. People and tools that go by the name will pick the wrong file. Rename it to ${suggestedName} or fix the id.`,
        { data: { suggestedName } });
    } else {
      report('filename-template', node.file, node.file.headRange,
        `${name} does not follow the ${source} ('${project.fileTemplate}'); Alembic would name it ${suggestedName}.`,
        { data: { suggestedName } });
    }
  }
}

/** A known id, a hex string like Alembic's, or a word with a digit in it: what a `%(rev)s` part usually is. */
function looksLikeRevisionId(text: string, graph: RevisionGraph): boolean {
  return graph.nodes.has(text) || /^[0-9a-f]{6,}$/i.test(text) || /^(?=.*\d)\w{4,}$/.test(text);
}

/** Each parse's date, kept while the parse is (the language server re-checks on every keystroke). */
const fileDates = new WeakMap<MigrationFile, { template: string; date: Date | undefined }>();

function revisionDate(project: AlembicProject, node: RevisionNode): Date | undefined {
  const cached = fileDates.get(node.file);
  if (cached?.template === project.fileTemplate) return cached.date;
  const date = parseCreateDate(node.file.createDate) ?? dateFromFileName(project.fileTemplate, baseName(node.file.path));
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
      report('chronology', node.file, literal?.range ?? node.file.headRange,
        `Revision ${node.id} is dated ${mine.toISOString().slice(0, 19).replace('T', ' ')}, earlier than its parent ${parentId} (${theirs.toISOString().slice(0, 19).replace('T', ' ')}). Usually a rebase onto a newer head: check the order is what you intend.`,
        { related: [{ file: parent.file.path, range: parent.file.identifiers.revision!.values![0].range, message: `parent ${parentId}` }] });
    }
  }
}
