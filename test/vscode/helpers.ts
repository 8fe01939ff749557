// Condition waits for extension-host tests: no fixed sleeps, every wait has a deadline and says
// what it was waiting for (with the last state seen) when it runs out.
import * as vscode from 'vscode';
import type { Ctx } from '../../client/src/ctx';

export const EXTENSION_ID = 'alembic-workbench.alembic-migrations';

/** Activates the extension and returns its exports: the context that owns the Revisions view's provider. */
export async function activateAlembic(): Promise<Ctx> {
  const ext = vscode.extensions.getExtension<Ctx>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} not found`);
  const ctx = await ext.activate();
  if (!ctx?.tree) throw new Error(`${EXTENSION_ID} activated without exporting its context`);
  return ctx;
}

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
  return list
    .map((d) => `[${d.source ?? '?'}/${codeValue(d) ?? '?'} ${vscode.DiagnosticSeverity[d.severity]} ` + `L${d.range.start.line + 1}] ${d.message}`)
    .join('\n  ');
}

/**
 * Resolves with the uri's diagnostics as soon as `predicate` holds for them: checked now and on
 * every onDidChangeDiagnostics that names the uri. Rejects at the deadline with what was there.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (list: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<vscode.Diagnostic[]> {
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
      reject(
        new Error(
          `timed out after ${timeoutMs / 1000} s waiting for ${what} on ${vscode.workspace.asRelativePath(uri)}; ` +
            `diagnostics there:\n  ${describeDiagnostics(vscode.languages.getDiagnostics(uri))}`,
        ),
      );
    }, timeoutMs);
    function cleanup(): void {
      clearTimeout(timer);
      sub.dispose();
    }
    check();
  });
}

/** What a person sees of one row of a tree view: its label, its description, and what a click runs. */
export interface TreeRow {
  label: string;
  description: string;
  contextValue: string;
  command: vscode.Command | undefined;
}

/** The rows of revisions the files define (not the database row, faults, ghosts or rows only the database has). */
export function revisionRows(rows: TreeRow[]): TreeRow[] {
  return rows.filter((r) => /^revision(\.(current|applied|pending|head|base|mergepoint|branchpoint))*$/.test(r.contextValue));
}

/** The rows a tree provider shows, depth first (what the view shows with every node expanded). */
export async function treeRows<T>(provider: vscode.TreeDataProvider<T>, parent?: T): Promise<TreeRow[]> {
  const rows: TreeRow[] = [];
  for (const node of (await provider.getChildren(parent)) ?? []) {
    const item = await provider.getTreeItem(node);
    const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
    const description = typeof item.description === 'string' ? item.description : '';
    rows.push({ label, description, contextValue: item.contextValue ?? '', command: item.command });
    if (item.collapsibleState !== undefined && item.collapsibleState !== vscode.TreeItemCollapsibleState.None) {
      rows.push(...(await treeRows(provider, node)));
    }
  }
  return rows;
}

/**
 * Resolves with the provider's rows as soon as `predicate` holds for them: checked now and after every
 * onDidChangeTreeData. Rejects at the deadline with the rows last seen.
 */
export function waitForTreeRows<T>(
  provider: vscode.TreeDataProvider<T>,
  predicate: (rows: TreeRow[]) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<TreeRow[]> {
  return new Promise((resolve, reject) => {
    let last: TreeRow[] = [];
    let done = false;
    let checking: Promise<void> = Promise.resolve();
    const check = (): void => {
      checking = checking
        .then(async () => {
          if (done) return;
          last = await treeRows(provider);
          if (!predicate(last)) return;
          finish();
          resolve(last);
        })
        .catch((error) => {
          finish();
          reject(error);
        });
    };
    const sub = provider.onDidChangeTreeData?.(() => check());
    const timer = setTimeout(() => {
      finish();
      reject(
        new Error(
          `timed out after ${timeoutMs / 1000} s waiting for ${what}; rows:\n  ` +
            (last.map((r) => `${r.label} | ${r.description} | ${r.contextValue}`).join('\n  ') || '(none)'),
        ),
      );
    }, timeoutMs);
    function finish(): void {
      done = true;
      clearTimeout(timer);
      sub?.dispose();
    }
    check();
  });
}
