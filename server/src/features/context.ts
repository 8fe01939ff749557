// What every editor feature works on: one document, its parse, and its project's analysis.
import * as path from 'node:path';
import type { Location } from 'vscode-languageserver';
import type { ProjectAnalysis, ProjectSnapshot } from '../engine/check';
import { revisionRange, type RevisionNode } from '../engine/graph';
import type { MigrationFile } from '../engine/model';
import type { Schema } from '../engine/schema/schema';
import { pathToUri } from '../uri';

export type Analysis = ProjectAnalysis & ProjectSnapshot;

export interface DocumentContext {
  /** The project the document belongs to, as the editor sees it now. */
  analysis: Analysis;
  /** The document, parsed. */
  file: MigrationFile;
  /** The document's text. */
  text: string;
  /** The replayed schema the document's revision starts from, when the analysis has it at hand (else features replay it themselves). */
  schemaBefore?: () => Schema | undefined;
}

export function locationOf(node: RevisionNode): Location {
  return { uri: pathToUri(node.file.path), range: revisionRange(node.file) };
}

/** The file's path relative to the project folder (the one holding alembic.ini), with forward slashes. */
export function relativePath(analysis: Analysis, file: string): string {
  return path.relative(analysis.project.rootDir, file).split(path.sep).join('/');
}

/** `message` shortened for one-line places (code lens, completion detail). */
export function shortMessage(message: string | undefined, max = 48): string | undefined {
  if (!message) return undefined;
  return message.length > max ? `${message.slice(0, max - 1)}…` : message;
}
