// The Revisions view's provider: the model (revisionModel.ts) mapped to TreeItems. Nothing here
// decides what a row says; it only turns data into VS Code objects.
import * as vscode from 'vscode';
import { commandRef } from '../commands/table';
import type { DatabaseStateService } from '../db/stateService';
import { buildRevisionTree, type RevisionTreeModel, type TreeNode } from './revisionModel';

export type { TreeNode };

export class RevisionTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private model: RevisionTreeModel = buildRevisionTree({ graph: undefined, databases: new Map() });
  private readonly subscription: vscode.Disposable;

  constructor(private readonly service: DatabaseStateService) {
    this.subscription = service.onDidChange((snapshot) => {
      this.model = buildRevisionTree(snapshot);
      this.changed.fire();
    });
  }

  /** The model now shown (the extension-host tests read nodes through it). */
  get current(): RevisionTreeModel {
    return this.model;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!this.service.ready) await this.service.refresh();
    if (!node) return this.model.roots;
    return this.model.children.get(node.id) ?? [];
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parentId ? this.model.byId.get(node.parentId) : undefined;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, node.expandable ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = new vscode.MarkdownString(node.tooltip);
    item.contextValue = node.contextValue;
    item.iconPath = new vscode.ThemeIcon(node.icon.id, node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined);
    if (node.kind === 'revision') item.command = commandRef('alembic.openRevision', node.file, node.line);
    else if (node.kind === 'database' && node.status === 'none') item.command = commandRef('alembic.connectDatabase', node.config);
    else if (node.kind === 'fault') item.command = commandRef('alembic.retryConnection', node.config);
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
