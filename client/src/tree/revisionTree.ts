// The Revisions view: one row per revision of each project, newest first.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { roleList, type RoleName } from '../../../server/src/engine/graph/roles';
import type { GraphProject, GraphResult, GraphRevision } from '../../../server/src/protocol';

export type RevisionNode = { kind: 'project'; project: GraphProject } | { kind: 'revision'; project: GraphProject; revision: GraphRevision };

export class RevisionTreeProvider implements vscode.TreeDataProvider<RevisionNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private graph: GraphResult | undefined;

  constructor(private readonly fetchGraph: () => Promise<GraphResult | undefined>) {}

  refresh(): void {
    this.graph = undefined;
    this.changed.fire();
  }

  async getChildren(node?: RevisionNode): Promise<RevisionNode[]> {
    this.graph ??= await this.fetchGraph().catch(() => undefined);
    const projects = this.graph?.projects ?? [];
    if (!node) {
      if (projects.length === 1) return revisionsOf(projects[0]);
      return projects.map((project) => ({ kind: 'project', project }));
    }
    return node.kind === 'project' ? revisionsOf(node.project) : [];
  }

  getTreeItem(node: RevisionNode): vscode.TreeItem {
    if (node.kind === 'project') {
      const item = new vscode.TreeItem(path.basename(path.dirname(node.project.config)), vscode.TreeItemCollapsibleState.Expanded);
      item.id = `project:${node.project.config}`;
      item.description = path.basename(node.project.config);
      item.iconPath = new vscode.ThemeIcon('database');
      item.contextValue = 'project';
      return item;
    }
    const { revision } = node;
    const item = new vscode.TreeItem(revision.message ?? revision.revision, vscode.TreeItemCollapsibleState.None);
    item.id = `revision:${node.project.config}:${revision.revision}`;
    const markers = [...revision.branches.map((label) => `@${label}`), ...roleNames(revision)];
    item.description = [revision.revision, ...markers].join(' ');
    item.tooltip = `${revision.revision}${revision.message ? ` — ${revision.message}` : ''}${markers.length ? `\n${markers.join(', ')}` : ''}\n${revision.file}`;
    item.iconPath = new vscode.ThemeIcon(iconOf(revision));
    item.contextValue = ['revision', ...roles(revision)].join('.');
    item.command = { command: 'vscode.open', title: 'Open Migration', arguments: [vscode.Uri.file(revision.file)] };
    return item;
  }
}

/** Newest first: the project's revisions come bases up. */
function revisionsOf(project: GraphProject): RevisionNode[] {
  return [...project.revisions].reverse().map((revision) => ({ kind: 'revision', project, revision }));
}

/** The graph roles a revision plays (the server's graph computed the flags), as encoded in its contextValue (`revision.head.mergepoint`…). */
function roles(revision: GraphRevision): RoleName[] {
  return roleList(revision);
}

function roleNames(revision: GraphRevision): string[] {
  return roles(revision).map((role) => (role === 'mergepoint' ? 'merge' : role === 'branchpoint' ? 'branch point' : role));
}

function iconOf(revision: GraphRevision): string {
  if (revision.isHead) return 'arrow-circle-up';
  if (revision.isMergePoint) return 'git-merge';
  if (revision.isBranchPoint) return 'repo-forked';
  if (revision.isBase) return 'debug-stackframe-dot';
  return 'git-commit';
}
