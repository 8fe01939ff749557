// Go to definition: from a down_revision / depends_on literal (or any mention of an id) to the
// `revision = '…'` line of the file that declares it. depends_on may name a branch label.
import type { Location } from 'vscode-languageserver';
import type { Position } from '../engine/model';
import { locationOf, type DocumentContext } from './context';
import { revisionAt } from './revisionAt';

export function definition(ctx: DocumentContext, position: Position): Location | null {
  const target = revisionAt(ctx, position);
  if (!target?.node) return null;
  // The file's own revision id and its branch labels are declarations already.
  if (target.source === 'revision' || target.source === 'branch_labels') return null;
  return locationOf(target.node);
}
