// The Revisions view: one row per revision of each project, newest first.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GraphProject, GraphResult, GraphRevision } from '../../../server/src/protocol';

export type RevisionNode =
  | { kind: 'project'; project: GraphProject }
  | { kind: 'revision'; project: GraphProject; revision: GraphRevision };

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
    item.description = revision.revision;
    item.tooltip = `${revision.revision}${revision.message ? ` — ${revision.message}` : ''}\n${revision.file}`;
    item.iconPath = new vscode.ThemeIcon('git-commit');
    item.contextValue = 'revision';
    item.command = { command: 'vscode.open', title: 'Open Migration', arguments: [vscode.Uri.file(revision.file)] };
    return item;
  }
}

function revisionsOf(project: GraphProject): RevisionNode[] {
  return project.revisions.map((revision) => ({ kind: 'revision', project, revision }));
}
