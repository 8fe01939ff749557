// Condition waits for extension-host tests: no fixed sleeps, every wait has a deadline and says
// what it was waiting for (with the last state seen) when it runs out.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'alembic-workbench.alembic-migrations';

export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test run has no workspace folder (the runner opens a copy of test/fixtures/basic)');
  return folder;
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder().uri, ...segments);
}

export function codeValue(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' && d.code !== null ? d.code.value : d.code;
}

export function describeDiagnostics(list: readonly vscode.Diagnostic[]): string {
  if (!list.length) return '(none)';
  return list.map((d) => `[${d.source ?? '?'}/${codeValue(d) ?? '?'} ${vscode.DiagnosticSeverity[d.severity]} ` +
    `L${d.range.start.line + 1}] ${d.message}`).join('\n  ');
}

/**
 * Resolves with the uri's diagnostics as soon as `predicate` holds for them: checked now and on
 * every onDidChangeDiagnostics that names the uri. Rejects at the deadline with what was there.
 */
export function waitForDiagnostics(uri: vscode.Uri, predicate: (list: vscode.Diagnostic[]) => boolean,
  what: string, timeoutMs = 30_000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const key = uri.toString();
    const check = (): boolean => {
      const list = vscode.languages.getDiagnostics(uri);
      if (!predicate(list)) return false;
      cleanup();
      resolve(list);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === key)) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what} on ${vscode.workspace.asRelativePath(uri)}; ` +
        `diagnostics there:\n  ${describeDiagnostics(vscode.languages.getDiagnostics(uri))}`));
    }, timeoutMs);
    function cleanup(): void { clearTimeout(timer); sub.dispose(); }
    check();
  });
}

/**
 * Resolves true at the next onDidChangeDiagnostics (for any uri), false at the deadline. Create it
 * before the action whose effect it should observe.
 */
export function nextDiagnosticsChange(timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sub = vscode.languages.onDidChangeDiagnostics(() => { sub.dispose(); clearTimeout(timer); resolve(true); });
    const timer = setTimeout(() => { sub.dispose(); resolve(false); }, timeoutMs);
  });
}
