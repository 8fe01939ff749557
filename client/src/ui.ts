// The dialogs the extension shows, behind one object the context owns: each call reaches
// vscode.window at the time of the call, and the extension-host tests answer them by replacing a
// method (a test module's `vscode` is not the extension's, so stubbing vscode.window there would
// not reach the extension).
import * as vscode from 'vscode';

export interface Ui {
  showInputBox(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T | undefined>;
  showQuickPickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<readonly T[] | undefined>;
  /** A modal question when `options.modal`: the answer is the button's text, undefined when dismissed. */
  showWarningMessage(message: string, options: vscode.MessageOptions, ...items: string[]): Thenable<string | undefined>;
  showErrorMessage(message: string, ...items: string[]): Thenable<string | undefined>;
  showInformationMessage(message: string, ...items: string[]): Thenable<string | undefined>;
  /** A progress notification; its Cancel button cancels the token. */
  withProgress<R>(
    options: vscode.ProgressOptions,
    task: (progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken) => Thenable<R>,
  ): Thenable<R>;
  showSaveDialog(options: vscode.SaveDialogOptions): Thenable<vscode.Uri | undefined>;
}

export function windowUi(): Ui {
  return {
    showInputBox: (options) => vscode.window.showInputBox(options),
    showQuickPick: (items, options) => vscode.window.showQuickPick(items, { ...options, canPickMany: false }),
    showQuickPickMany: (items, options) => vscode.window.showQuickPick(items, { ...options, canPickMany: true }),
    showWarningMessage: (message, options, ...items) => vscode.window.showWarningMessage(message, options, ...items),
    showErrorMessage: (message, ...items) => vscode.window.showErrorMessage(message, ...items),
    showInformationMessage: (message, ...items) => vscode.window.showInformationMessage(message, ...items),
    withProgress: (options, task) => vscode.window.withProgress(options, task),
    showSaveDialog: (options) => vscode.window.showSaveDialog(options),
  };
}
