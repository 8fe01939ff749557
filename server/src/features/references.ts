// Find references of a revision: every down_revision / depends_on literal that names it (by id,
// or by one of its branch labels for depends_on), plus its declaration when asked.
import type { Location } from 'vscode-languageserver';
import type { Position } from '../engine/model';
import { pathToUri } from '../uri';
import { locationOf, type DocumentContext } from './context';
import { revisionAt } from './revisionAt';

export function references(ctx: DocumentContext, position: Position, includeDeclaration: boolean): Location[] {
  const node = revisionAt(ctx, position)?.node;
  if (!node) return [];
  const { graph } = ctx.analysis;
  const out: Location[] = includeDeclaration ? [locationOf(node)] : [];
  for (const file of ctx.analysis.files) {
    for (const literal of file.identifiers.down_revision?.values ?? []) {
      if (literal.value === node.id) out.push({ uri: pathToUri(file.path), range: literal.range });
    }
    for (const literal of file.identifiers.depends_on?.values ?? []) {
      if (graph.lookup(literal.value) === node) out.push({ uri: pathToUri(file.path), range: literal.range });
    }
  }
  return out;
}
