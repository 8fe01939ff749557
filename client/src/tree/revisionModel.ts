// The Revisions view as data, free of `vscode` (unit-tested in plain Node): the server's graph plus
// each project's database state or fault → typed nodes with a stable id, a parent, a state, a
// contextValue, an icon and a Markdown tooltip. The provider (revisionTree.ts) only maps them to
// TreeItems; the status bar's text comes from here too.
//
// Layout: one root per project when there are several (a single project's rows sit at the top);
// under it the database row (or one fault item, or "No database connected"), the rows of the
// version table that no file defines, then the revisions newest first (upgrade order reversed),
// then a ghost item for each parent that no file defines. Branches are shown by their label in
// the description (`@label`) and merges/branch points by role, not by indentation: a flat list
// keeps the newest-first order of `alembic history`, keeps getParent trivial, and stays readable
// with thousands of revisions where nested branches would push rows off screen.
import type { DatabaseStateResult, ProjectSummary, RevisionRole, RevisionStateName, RevisionSummary, WorkspaceGraph } from '../../../server/src/protocol';
import type { DatabaseFault, DatabaseFaultKind, VersionTableRef } from '../../../server/src/database/versionTable';

/** Characters of a revision id shown in descriptions and the status bar. */
export const SHORT_ID = 8;

/** Where the database of a project stands for the view: what the client read and where the URL came from. */
export interface ConnectionSummary {
  /** The URL without its password. */
  displayUrl: string;
  /** "setting alembic.databaseUrl", "DATABASE_URL in .env"… */
  sourceDetail: string;
  host: string;
  port: number;
  database: string;
  user?: string;
}

export type ProjectDatabase =
  /** Nothing names a database (or the workspace is untrusted and only its own files do, or the user disconnected). */
  | { status: 'none'; untrusted?: boolean; disconnected?: boolean; /** A source names another database system, or no URL. */ problem?: string }
  /** Not read yet. */
  | { status: 'loading'; connection?: ConnectionSummary }
  | { status: 'ok'; connection: ConnectionSummary; table: VersionTableRef; state: DatabaseStateResult }
  | { status: 'fault'; connection: ConnectionSummary; table?: VersionTableRef; fault: DatabaseFault };

export interface ViewSnapshot {
  graph: WorkspaceGraph | undefined;
  /** By ProjectSummary.config. A project without an entry is 'loading'. */
  databases: ReadonlyMap<string, ProjectDatabase>;
}

export interface Icon {
  /** A codicon id. */
  id: string;
  /** A theme color id. */
  color?: string;
}

interface NodeBase {
  /** Stable across refreshes: the view keeps selection and expansion. */
  id: string;
  parentId?: string;
  /** ProjectSummary.config of the node's project. */
  config: string;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip: string;
  contextValue: string;
  icon: Icon;
  expandable: boolean;
}

export interface ProjectNode extends NodeBase {
  kind: 'project';
}
export interface DatabaseNode extends NodeBase {
  kind: 'database';
  status: 'ok' | 'none' | 'loading';
}
export interface FaultNode extends NodeBase {
  kind: 'fault';
  fault: DatabaseFaultKind;
}
/** A revision a file defines. `state` undefined: no database state (none connected, a fault, loading). */
export interface RevisionNode extends NodeBase {
  kind: 'revision';
  revision: string;
  state?: RevisionStateName;
  roles: RevisionRole[];
  file: string;
  line: number;
}
/** A row of the version table that no file defines. */
export interface DbOnlyNode extends NodeBase {
  kind: 'dbOnly';
  revision: string;
}
/** A parent named by down_revision that no file defines. */
export interface GhostNode extends NodeBase {
  kind: 'ghost';
  revision: string;
}

export type TreeNode = ProjectNode | DatabaseNode | FaultNode | RevisionNode | DbOnlyNode | GhostNode;

export interface RevisionTreeModel {
  roots: TreeNode[];
  children: ReadonlyMap<string, TreeNode[]>;
  byId: ReadonlyMap<string, TreeNode>;
}

export function shortId(id: string): string {
  return id.slice(0, SHORT_ID);
}

export function projectName(project: Pick<ProjectSummary, 'config' | 'rootDir'>): string {
  const dir = project.rootDir.replace(/[\\/]+$/, '');
  return dir.slice(Math.max(dir.lastIndexOf('/'), dir.lastIndexOf('\\')) + 1) || dir;
}

function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

/** Escapes text for a Markdown tooltip. */
export function md(text: string): string {
  return text.replace(/[\\`*_[\]|<>]/g, '\\$&');
}

/** `"alembic_version"` or `"schema"."alembic_version"`: as the user reads it. */
export function tableName(table: VersionTableRef): string {
  return table.schema ? `${table.schema}.${table.name}` : table.name;
}

export function serverOf(connection: ConnectionSummary): string {
  return `${connection.host}:${connection.port}`;
}

const FAULT_LABELS: Record<DatabaseFaultKind, string> = {
  refused: 'Cannot connect: connection refused',
  timeout: 'Cannot connect: timed out',
  'host-unknown': 'Cannot connect: unknown host',
  authentication: 'Wrong password',
  'password-missing': 'Password needed',
  'database-missing': 'Database not found',
  permission: 'No permission on the version table',
  other: 'Cannot read the database',
};

/** Faults a new password may cure: their item offers "Re-enter Password" too. */
export function isPasswordFault(kind: DatabaseFaultKind): boolean {
  return kind === 'authentication' || kind === 'password-missing';
}

const STATE_ICONS: Record<RevisionStateName, Icon> = {
  current: { id: 'debug-stackframe', color: 'charts.green' },
  applied: { id: 'pass', color: 'charts.green' },
  pending: { id: 'circle-large-outline', color: 'charts.yellow' },
};

const ROLE_ICONS: [RevisionRole, string][] = [
  ['head', 'arrow-circle-up'],
  ['mergepoint', 'git-merge'],
  ['branchpoint', 'repo-forked'],
  ['base', 'debug-stackframe-dot'],
];

const STATE_WORDS: Record<RevisionStateName, string> = {
  current: 'current (a row of the version table)',
  applied: 'applied',
  pending: 'pending (not applied yet)',
};

function roleWord(role: RevisionRole): string {
  return role === 'mergepoint' ? 'merge' : role === 'branchpoint' ? 'branch point' : role;
}

export function buildRevisionTree(snapshot: ViewSnapshot): RevisionTreeModel {
  const projects = snapshot.graph?.projects ?? [];
  const children = new Map<string, TreeNode[]>();
  const byId = new Map<string, TreeNode>();
  const add = (node: TreeNode): TreeNode => {
    byId.set(node.id, node);
    return node;
  };
  const several = projects.length > 1;
  const roots: TreeNode[] = [];
  for (const project of projects) {
    const database = snapshot.databases.get(project.config) ?? { status: 'loading' };
    let parentId: string | undefined;
    if (several) {
      const root = add(projectNode(project, database));
      roots.push(root);
      parentId = root.id;
    }
    const rows = projectRows(project, database, parentId).map(add);
    if (parentId) children.set(parentId, rows);
    else roots.push(...rows);
  }
  return { roots, children, byId };
}

function projectNode(project: ProjectSummary, database: ProjectDatabase): ProjectNode {
  const pending = database.status === 'ok' ? database.state.pending.length : undefined;
  return {
    kind: 'project',
    id: `project:${project.config}`,
    config: project.config,
    label: projectName(project),
    description: [baseName(project.config), pending ? `${pending} pending` : undefined].filter(Boolean).join(' · '),
    tooltip: `**${md(projectName(project))}**\n\n${md(project.config)}\n\n${project.revisions.length} revisions, heads: ${project.heads.map((h) => `\`${shortId(h)}\``).join(', ') || 'none'}`,
    contextValue: 'project',
    icon: { id: 'folder-library' },
    expandable: true,
  };
}

function projectRows(project: ProjectSummary, database: ProjectDatabase, parentId: string | undefined): TreeNode[] {
  const config = project.config;
  const rows: TreeNode[] = [databaseRow(project, database, parentId)];
  const state = database.status === 'ok' ? database.state : undefined;
  for (const id of state?.unknownToFiles ?? []) {
    rows.push({
      kind: 'dbOnly',
      id: `dbOnly:${config}:${id}`,
      parentId,
      config,
      revision: id,
      label: id,
      description: 'in the database, not in the files',
      tooltip: `**\`${id}\`** is a row of the version table, but no migration file defines it: the database was migrated from other files (another branch, a deleted migration), or the files are missing.`,
      contextValue: 'revision.dbOnly',
      icon: { id: 'question', color: 'list.errorForeground' },
      expandable: false,
    });
  }
  const ids = new Set(project.revisions.map((r) => r.id));
  const childrenOf = new Map<string, string[]>();
  for (const revision of project.revisions) {
    for (const parent of revision.downRevisions) {
      const list = childrenOf.get(parent) ?? [];
      list.push(revision.id);
      childrenOf.set(parent, list);
    }
  }
  for (let i = project.revisions.length - 1; i >= 0; i--) {
    rows.push(revisionRow(project, project.revisions[i], state, childrenOf.get(project.revisions[i].id) ?? [], parentId));
  }
  const ghosts = [...childrenOf.keys()].filter((id) => !ids.has(id));
  for (const id of ghosts) {
    const namedBy = childrenOf.get(id) ?? [];
    rows.push({
      kind: 'ghost',
      id: `ghost:${config}:${id}`,
      parentId,
      config,
      revision: id,
      label: id,
      description: 'missing: no file defines it',
      tooltip: `**\`${md(id)}\`** is named as \`down_revision\` by ${namedBy.map((c) => `\`${shortId(c)}\``).join(', ')}, but no migration file defines it.`,
      contextValue: 'revision.ghost',
      icon: { id: 'circle-slash', color: 'list.errorForeground' },
      expandable: false,
    });
  }
  return rows;
}

function databaseRow(project: ProjectSummary, database: ProjectDatabase, parentId: string | undefined): TreeNode {
  const config = project.config;
  const id = `database:${config}`;
  switch (database.status) {
    case 'none':
      return {
        kind: 'database',
        status: 'none',
        id,
        parentId,
        config,
        label: 'No database connected',
        description: database.disconnected
          ? 'disconnected · Connect…'
          : database.problem
            ? `${database.problem} · Connect…`
            : database.untrusted
              ? 'workspace not trusted · Connect…'
              : 'Connect…',
        tooltip: database.problem
          ? `${md(database.problem)}\n\nThe Revisions view reads PostgreSQL databases only. Click to **Connect Database…**`
          : database.disconnected
            ? 'Disconnected (Disconnect Database). Click to **Connect Database…** again.'
            : database.untrusted
              ? 'This workspace is not trusted: its settings, `alembic.ini` and `.env` are not used to connect until you trust it. **Connect Database…** still works.'
              : 'No URL found: not in the setting `alembic.databaseUrl`, `sqlalchemy.url` of the ini, `DATABASE_URL`, the `PG*` variables or the `.env` file. Click to **Connect Database…**',
        contextValue: 'database.none',
        icon: { id: 'debug-disconnect' },
        expandable: false,
      };
    case 'loading':
      return {
        kind: 'database',
        status: 'loading',
        id,
        parentId,
        config,
        label: database.connection?.database ?? 'Database',
        description: 'reading…',
        tooltip: database.connection ? connectionTooltip(database.connection) : 'Reading the database…',
        contextValue: 'database.loading',
        icon: { id: 'loading~spin' },
        expandable: false,
      };
    case 'fault': {
      const { fault, connection } = database;
      return {
        kind: 'fault',
        fault: fault.kind,
        id: `fault:${config}`,
        parentId,
        config,
        label: FAULT_LABELS[fault.kind],
        description: fault.message,
        tooltip: `**${md(FAULT_LABELS[fault.kind])}**\n\n${md(fault.message)}\n\n${connectionTooltip(connection)}\n\nThe migration files stay listed below. **Retry** reads the database again${
          isPasswordFault(fault.kind) ? '; **Re-enter Password** asks for the password' : ''
        }.`,
        contextValue: `fault.${fault.kind}`,
        icon: { id: isPasswordFault(fault.kind) ? 'key' : 'error', color: 'list.errorForeground' },
        expandable: false,
      };
    }
    case 'ok': {
      const { connection, state, table } = database;
      const current = state.current.map(shortId).join(', ');
      const pending = state.pending.length;
      // What matters first (a narrow view cuts the end): the current revision, the count, then the server.
      const parts = [
        state.versionTableExists ? current || 'empty' : 'no version table',
        pending ? `${pending} pending` : state.unknownToFiles.length ? `${state.unknownToFiles.length} not in the files` : 'at head',
        serverOf(connection),
      ];
      const lines = [
        `**${md(connection.database)}** on ${md(serverOf(connection))}`,
        connectionTooltip(connection),
        state.versionTableExists
          ? `Version table \`${md(tableName(table))}\`: ${state.current.length ? state.current.map((c) => `\`${c}\``).join(', ') : 'empty'}`
          : `The version table \`${md(tableName(table))}\` does not exist: a fresh database, every revision is pending.`,
        `${pending} pending, ${state.unknownToFiles.length} in the database but not in the files${state.atHead ? ': at head' : ''}.`,
      ];
      return {
        kind: 'database',
        status: 'ok',
        id,
        parentId,
        config,
        label: connection.database,
        description: parts.join(' · '),
        tooltip: lines.join('\n\n'),
        contextValue: state.atHead ? 'database.connected.atHead' : 'database.connected',
        icon: { id: 'database', color: pending ? 'charts.yellow' : undefined },
        expandable: false,
      };
    }
  }
}

function connectionTooltip(connection: ConnectionSummary): string {
  return `URL \`${md(connection.displayUrl)}\`, from ${md(connection.sourceDetail)}`;
}

function revisionRow(
  project: ProjectSummary,
  revision: RevisionSummary,
  state: DatabaseStateResult | undefined,
  children: string[],
  parentId: string | undefined,
): RevisionNode {
  const revisionState = state?.states[revision.id];
  const markers = [...revision.branches.map((label) => `@${label}`), ...revision.roles.map(roleWord)];
  // The state in words where it matters (the icon says it too), right after the id so a narrow view
  // still shows it: "current", "pending"; applied is the quiet default. The date comes last.
  const stateWord = revisionState === 'current' || revisionState === 'pending' ? revisionState : undefined;
  const description = [[shortId(revision.id), ...markers].join(' '), stateWord, revision.createDate?.slice(0, 10)].filter(Boolean).join(' · ');
  const ref = (id: string): string => `\`${shortId(id)}\``;
  const tooltip = [
    `**${md(revision.message ?? revision.id)}**`,
    `Revision \`${revision.id}\`${markers.length ? ` — ${md(markers.join(', '))}` : ''}`,
    `File ${md(revision.file)}`,
    `Parents: ${revision.downRevisions.map(ref).join(', ') || 'none (a base)'}${revision.dependsOn.length ? `; depends on ${revision.dependsOn.map(ref).join(', ')}` : ''}`,
    `Children: ${children.map(ref).join(', ') || 'none (a head)'}`,
    `State: ${revisionState ? STATE_WORDS[revisionState] : 'unknown (no database state)'}`,
    revision.errors || revision.warnings ? `${revision.errors} errors, ${revision.warnings} warnings` : '',
  ].filter(Boolean);
  const roleIcon = ROLE_ICONS.find(([role]) => revision.roles.includes(role))?.[1] ?? 'git-commit';
  return {
    kind: 'revision',
    id: `revision:${project.config}:${revision.id}`,
    parentId,
    config: project.config,
    revision: revision.id,
    state: revisionState,
    roles: revision.roles,
    file: revision.file,
    line: revision.line,
    label: revision.message ?? revision.id,
    description,
    tooltip: tooltip.join('\n\n'),
    contextValue: ['revision', ...(revisionState ? [revisionState] : []), ...revision.roles].join('.'),
    icon: revisionState ? STATE_ICONS[revisionState] : { id: roleIcon },
    expandable: false,
  };
}

// ---------------------------------------------------------------------------------------------
// The status bar

export interface StatusBarModel {
  text: string;
  /** Markdown. */
  tooltip: string;
  /** True when something needs attention (pending revisions, a fault): the item gets the warning background. */
  warning: boolean;
}

export function statusBarModel(project: ProjectSummary | undefined, database: ProjectDatabase | undefined): StatusBarModel {
  if (!project) return { text: '$(database) Alembic: no project', tooltip: 'No Alembic project in this workspace.', warning: false };
  const name = md(projectName(project));
  const counts = `${project.revisions.length} revisions`;
  const db = database ?? { status: 'loading' };
  switch (db.status) {
    case 'none':
      return {
        text: '$(database) no database',
        tooltip: `Project **${name}** (${md(project.config)}), ${counts}.\n\nNo database connected${db.untrusted ? ' (the workspace is not trusted)' : ''}. Click for Connect Database….`,
        warning: false,
      };
    case 'loading':
      return { text: `$(sync~spin) ${db.connection?.database ?? 'database'}`, tooltip: `Project **${name}**: reading the database…`, warning: false };
    case 'fault':
      return {
        text: `$(error) ${db.connection.database}: ${FAULT_LABELS[db.fault.kind].toLowerCase()}`,
        tooltip: `Project **${name}**, database **${md(db.connection.database)}** on ${md(serverOf(db.connection))}.\n\n${md(db.fault.message)}`,
        warning: true,
      };
    case 'ok': {
      const { state, connection } = db;
      const current = state.versionTableExists ? state.current.map(shortId).join(', ') || 'empty' : 'no version table';
      const pending = state.pending.length;
      const unknown = state.unknownToFiles.length;
      const text = [
        `$(database) ${connection.database} ${current}`,
        pending ? `$(warning) ${pending} pending` : '',
        unknown && !pending ? `$(warning) ${unknown} not in the files` : '',
      ]
        .filter(Boolean)
        .join(' ');
      const tooltip = [
        `Database **${md(connection.database)}** on ${md(serverOf(connection))} (from ${md(connection.sourceDetail)})`,
        `Project **${name}** (${md(project.config)})`,
        `Current: ${state.current.map((c) => `\`${c}\``).join(', ') || (state.versionTableExists ? 'none (empty version table)' : 'none (no version table)')}`,
        `${counts}: ${pending} pending, ${unknown} in the database but not in the files${state.atHead ? ' — at head' : ''}`,
      ].join('\n\n');
      return { text, tooltip, warning: pending > 0 || unknown > 0 };
    }
  }
}

/** The active project: the one whose folder holds `file` (the deepest), else the first. */
export function activeProject(graph: WorkspaceGraph | undefined, file: string | undefined): ProjectSummary | undefined {
  const projects = graph?.projects ?? [];
  if (file) {
    const owner = projects.find((p) => p.revisions.some((r) => r.file === file));
    if (owner) return owner;
    const under = (dir: string): boolean => {
      const root = dir.replace(/[\\/]+$/, '');
      return file.startsWith(`${root}/`) || file.startsWith(`${root}\\`);
    };
    const inside = projects.filter((p) => file === p.config || under(p.rootDir)).sort((a, b) => b.rootDir.length - a.rootDir.length);
    if (inside.length) return inside[0];
  }
  return projects[0];
}
