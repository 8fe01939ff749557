// The Revisions view: one row per revision of each project, newest first.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ProjectSummary, RevisionRole, RevisionSummary, WorkspaceGraph } from '../../../server/src/protocol';

export type RevisionNode = { kind: 'project'; project: ProjectSummary } | { kind: 'revision'; project: ProjectSummary; revision: RevisionSummary };

export class RevisionTreeProvider implements vscode.TreeDataProvider<RevisionNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private graph: WorkspaceGraph | undefined;

  constructor(private readonly fetchGraph: () => Promise<WorkspaceGraph | undefined>) {}

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
    const item = new vscode.TreeItem(revision.message ?? revision.id, vscode.TreeItemCollapsibleState.None);
    item.id = `revision:${node.project.config}:${revision.id}`;
    const markers = [...revision.branches.map((label) => `@${label}`), ...roleNames(revision)];
    item.description = [revision.id, ...markers].join(' ');
    item.tooltip = `${revision.id}${revision.message ? ` — ${revision.message}` : ''}${markers.length ? `\n${markers.join(', ')}` : ''}\n${revision.file}`;
    item.iconPath = new vscode.ThemeIcon(iconOf(revision));
    item.contextValue = ['revision', ...revision.roles].join('.');
    item.command = { command: 'vscode.open', title: 'Open Migration', arguments: [vscode.Uri.file(revision.file)] };
    return item;
  }
}

/** Newest first: the project's revisions come bases up. */
function revisionsOf(project: ProjectSummary): RevisionNode[] {
  return [...project.revisions].reverse().map((revision) => ({ kind: 'revision', project, revision }));
}

function roleNames(revision: RevisionSummary): string[] {
  return revision.roles.map((role) => (role === 'mergepoint' ? 'merge' : role === 'branchpoint' ? 'branch point' : role));
}

const ICONS: [RevisionRole, string][] = [
  ['head', 'arrow-circle-up'],
  ['mergepoint', 'git-merge'],
  ['branchpoint', 'repo-forked'],
  ['base', 'debug-stackframe-dot'],
];

function iconOf(revision: RevisionSummary): string {
  return ICONS.find(([role]) => revision.roles.includes(role))?.[1] ?? 'git-commit';
}
