// Custom LSP messages shared by the client and the server: declared once, imported by both.
import { NotificationType0, RequestType0 } from 'vscode-languageserver-protocol';

/** A finding as `alembic-lint check --format json` prints it: 1-based lines and columns. */
export interface GraphFinding {
  rule: string;
  severity: 'error' | 'warning' | 'info';
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

/** One revision; unresolved values (a name, a call…) are absent, never guessed. */
export interface GraphRevision {
  revision: string;
  /** down_revision as written (deduplicated). */
  downRevisions: string[];
  /** depends_on as written: revision ids or branch labels. */
  dependsOn: string[];
  /** branch_labels declared in this file. */
  branchLabels: string[];
  /** Every branch label in effect here after Alembic's propagation (what `alembic history` shows). */
  branches: string[];
  file: string;
  message?: string;
  createDate?: string;
  /** Listed by `alembic heads`: no revision names it as down_revision (depends_on children do not count). */
  isHead: boolean;
  /** No down_revision. */
  isBase: boolean;
  /** More than one down_revision. */
  isMergePoint: boolean;
  /** More than one child through down_revision. */
  isBranchPoint: boolean;
}

export interface GraphProject {
  config: string;
  scriptLocation?: string;
  versionLocations: string[];
  /** From the bases up (upgrade order), then any revision a cycle keeps out of that order. */
  revisions: GraphRevision[];
  heads: string[];
  bases: string[];
  /** Topological order from the bases up through down_revision and depends_on; revisions in or behind a cycle are left out. */
  upgradeOrder: string[];
  findings: GraphFinding[];
}

export interface GraphResult {
  projects: GraphProject[];
}

/** The revision graph of every Alembic project in the workspace. */
export const GraphRequest = { method: 'alembic/graph', type: new RequestType0<GraphResult, void>('alembic/graph') } as const;

/** Sent by the server whenever the graph may have changed, so the client refreshes its tree. */
export const GraphChangedNotification = { method: 'alembic/graphChanged', type: new NotificationType0('alembic/graphChanged') } as const;
