// One status bar item for the active project (the active editor's, else the first): database
// name, current revision, pending count; a click opens the database actions. Text from the model.
import * as vscode from 'vscode';
import type { DatabaseStateService } from './db/stateService';
import { activeProject, statusBarModel } from './tree/revisionModel';

export class DatabaseStatusBar implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('alembic.database', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [];
  /** The interpreter a project's Alembic runs with, for the tooltip (set by the context once it has one). */
  interpreterOf: (config: string) => string | undefined = () => undefined;

  constructor(private readonly service: DatabaseStateService) {
    this.item.name = 'Alembic Database';
    this.item.command = 'alembic.showDatabaseActions';
    this.disposables.push(
      this.item,
      service.onDidChange(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    );
    this.update();
  }

  /** The config of the project the item shows. */
  get activeConfig(): string | undefined {
    return activeProject(this.service.snapshot.graph, vscode.window.activeTextEditor?.document.uri.fsPath)?.config;
  }

  update(): void {
    const { graph, databases } = this.service.snapshot;
    const project = activeProject(graph, vscode.window.activeTextEditor?.document.uri.fsPath);
    if (!project) {
      this.item.hide();
      return;
    }
    const model = statusBarModel(project, databases.get(project.config));
    this.item.text = model.text;
    const interpreter = this.interpreterOf(project.config);
    this.item.tooltip = new vscode.MarkdownString(interpreter ? `${model.tooltip}\n\n${interpreter}` : model.tooltip);
    this.item.backgroundColor = model.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
