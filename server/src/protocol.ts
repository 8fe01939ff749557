// Custom LSP messages shared by the client and the server: declared once, imported by both. The
// shapes are the editor's (what the Revisions view and the commands need: absolute paths, 0-based
// lines, roles by name), not the CLI's JSON contract, which lives in report/ and may differ.
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';

/** The graph roles of a revision, as Alembic names them; they also make up a tree item's contextValue. */
export type RevisionRole = 'head' | 'base' | 'mergepoint' | 'branchpoint';

/** One revision as the editor shows it. Unresolved identifier values are absent, never guessed. */
export interface RevisionSummary {
  id: string;
  /** Absolute path of the migration file. */
  file: string;
  /** 0-based line of the `revision = '…'` literal (the file's first line when there is none). */
  line: number;
  message?: string;
  createDate?: string;
  /** down_revision as written (deduplicated). */
  downRevisions: string[];
  /** depends_on as resolved to revision ids (branch labels resolved). */
  dependsOn: string[];
  /** Branch labels in effect here after Alembic's propagation. */
  branches: string[];
  roles: RevisionRole[];
  /** Findings at error and warning severity on the revision's file. */
  errors: number;
  warnings: number;
}

/** One Alembic project: its config and its revisions. */
export interface ProjectSummary {
  /** Absolute path of alembic.ini or pyproject.toml: the project's identity. */
  config: string;
  /** The folder holding the config (where Alembic runs). */
  rootDir: string;
  scriptLocation?: string;
  versionLocations: string[];
  /** Bases up (upgrade order), then any revision a cycle keeps out of that order. */
  revisions: RevisionSummary[];
  /** What `alembic heads` prints. */
  heads: string[];
  /** Findings at error severity in the project (files and config). */
  errors: number;
  /**
   * The version table as the project names it: a literal `version_table=` / `version_table_schema=`
   * passed to context.configure in env.py, else the config's version_table / version_table_schema.
   * Absent when neither says anything (then `alembic_version` in the default schema). The editor's
   * settings, when set, win over it field by field.
   */
  versionTable?: { name: string; schema?: string; source: 'env.py' | 'config' };
}

export interface WorkspaceGraph {
  projects: ProjectSummary[];
}

/** The revision graph of every Alembic project in the workspace. */
export const GraphRequest = { method: 'alembic/graph', type: new RequestType0<WorkspaceGraph, void>('alembic/graph') } as const;

/** The state of every revision of one project, given the rows of its version table (read by the client with `pg`). */
export interface DatabaseStateParams {
  /** ProjectSummary.config of the project. */
  config: string;
  /** The version table's rows; null when the table does not exist (a fresh database). */
  rows: string[] | null;
  /** A downgrade target (an id, prefix or label as Alembic takes it, or 'base'): the result lists what it would undo. */
  downgradeTo?: string;
}
export type RevisionStateName = 'current' | 'applied' | 'pending';
export interface DatabaseStateResult {
  versionTableExists: boolean;
  /** The rows, sorted. */
  current: string[];
  /** Revision id → state, for every revision the project's files define. */
  states: Record<string, RevisionStateName>;
  /** Pending revisions in upgrade order. */
  pending: string[];
  /** Rows no file defines, sorted. */
  unknownToFiles: string[];
  atHead: boolean;
  /** With downgradeTo: the applied revisions a downgrade there undoes, in the order Alembic undoes them; a string when the target does not resolve. */
  undone?: string[] | string;
}
/** Undefined result when no project has that config. */
export const DatabaseStateRequest = {
  method: 'alembic/databaseState',
  type: new RequestType<DatabaseStateParams, DatabaseStateResult | null, void>('alembic/databaseState'),
} as const;

/** Sent by the server whenever the graph, or the findings it carries, may have changed: the client refreshes its views. */
export interface GraphChangedParams {
  /** Config files of the projects in the workspace now. */
  projects: string[];
}
export const GraphChangedNotification = {
  method: 'alembic/graphChanged',
  type: new NotificationType<GraphChangedParams>('alembic/graphChanged'),
} as const;

/** A new revision file, rendered natively by the server (nothing is written: the client creates the file). */
export interface PlanRevisionParams {
  /** ProjectSummary.config of the project. */
  config: string;
  message: string;
  /**
   * The new revision's parents (ids, unique prefixes or branch labels as Alembic accepts them): one
   * head, several heads (a merge), or [] for a new base. Default: the project's only head (none
   * when the project has no revision yet); an error listing the heads when there are several.
   */
  parents?: string[];
  branchLabel?: string;
}
export type PlanRevisionResult =
  | {
      /** Absolute path of the file to create. */
      path: string;
      text: string;
      /** 0-based line of upgrade()'s body, for the cursor. */
      upgradeLine: number;
      /** The revision id it was given. */
      revision: string;
    }
  | {
      error: string;
      /** True when the template (or the project's options) need Alembic itself: run `alembic revision -m` instead. */
      fallback: boolean;
      /** The heads, when the error is that there are several and no parent was named. */
      heads?: string[];
    };
export const PlanRevisionRequest = {
  method: 'alembic/planRevision',
  type: new RequestType<PlanRevisionParams, PlanRevisionResult, void>('alembic/planRevision'),
} as const;

/** The downgrade() generated from a migration's upgrade() (Alembic: Generate Downgrade from Upgrade). */
export interface GenerateDowngradeParams {
  /** The migration document (its open editor's text is used). */
  uri: string;
}
export type GenerateDowngradeResult =
  | {
      /** The edit to the document: replaces the existing downgrade(), or inserts one after upgrade(). */
      edit: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string };
      /** The generated function alone. */
      text: string;
      /** True when a downgrade() was there and is replaced. */
      replaces: boolean;
      /** Why each operation left as `# TODO` could not be reversed (empty: everything was). */
      todos: string[];
    }
  | { error: string };
export const GenerateDowngradeRequest = {
  method: 'alembic/generateDowngrade',
  type: new RequestType<GenerateDowngradeParams, GenerateDowngradeResult, void>('alembic/generateDowngrade'),
} as const;
