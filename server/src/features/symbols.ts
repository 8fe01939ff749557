// Document symbols (the revision with its message, upgrade(), downgrade()) and workspace symbols
// (every revision of every project, "<id> <message>", filtered by the query).
import { SymbolKind, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver';
import { revisionIdOf } from '../engine/graph';
import type { MigrationFile } from '../engine/model';
import { locationOf, relativePath, type Analysis } from './context';

export function documentSymbols(file: MigrationFile): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  const id = revisionIdOf(file);
  const assignment = file.identifiers.revision;
  if (id !== undefined && assignment) {
    symbols.push({
      name: id || "''",
      detail: file.message,
      kind: SymbolKind.Constant,
      range: assignment.range,
      selectionRange: assignment.values![0].range,
    });
  }
  for (const name of ['upgrade', 'downgrade'] as const) {
    const fn = file.functions[name];
    if (fn) symbols.push({ name: `${name}()`, kind: SymbolKind.Function, range: fn.range, selectionRange: fn.nameRange });
  }
  return symbols.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** Every revision whose "<id> <message>" holds each word of the query (case-insensitive); all for an empty query. */
export function workspaceSymbols(analyses: readonly Analysis[], query: string): SymbolInformation[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const out: SymbolInformation[] = [];
  for (const analysis of analyses) {
    for (const node of analysis.graph.nodes.values()) {
      const name = node.file.message ? `${node.id} ${node.file.message}` : node.id;
      const haystack = name.toLowerCase();
      if (!words.every((word) => haystack.includes(word))) continue;
      out.push({ name, kind: SymbolKind.Constant, location: locationOf(node), containerName: relativePath(analysis, node.file.path) });
    }
  }
  return out;
}
