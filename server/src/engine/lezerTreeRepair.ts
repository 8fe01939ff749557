// A workaround for a bug of @lezer/common (seen in 1.5.5, still in 1.5.7 with @lezer/lr 1.4.13):
// once a tree gets more than 2,500 levels deep (thousands of unclosed brackets, a long `not not …`
// chain), buildTree flattens the deepest part with takeFlatNode, which copies the parser's
// bookkeeping records (context hashes, size -3; look-ahead marks, size -4) into a TreeBuffer as if
// they were nodes. Their "type ids" lie outside the grammar's node set, and iterating the tree then
// throws "Cannot read properties of undefined (reading 'isAnonymous')". Reproducer:
//   parser.parse('('.repeat(2600) + ' '.repeat(1024) + "'a'").iterate({ enter() {} })
// copyToBuffer skips such records; takeFlatNode should too (size < 0). Until lezer does, drop them.
import { Tree, TreeBuffer } from '@lezer/common';

/** Removes entries with a type id outside the node set from every buffer of a freshly parsed tree. */
export function repairDeepTree(tree: Tree): Tree {
  const stack: Tree[] = [tree];
  while (stack.length) {
    const children = stack.pop()!.children as (Tree | TreeBuffer)[];
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (child instanceof TreeBuffer) children[i] = repairedBuffer(child) ?? child;
      else stack.push(child);
    }
  }
  return tree;
}

/** The buffer without its out-of-set entries (and child end indexes shifted), or undefined when it has none. */
function repairedBuffer(buffer: TreeBuffer): TreeBuffer | undefined {
  // Typed Uint16Array, but lezer stores positions past 65,535 in a Uint32Array.
  const data: Uint16Array | Uint32Array = buffer.buffer;
  const typeCount = buffer.set.types.length;
  const entries = data.length >> 2;
  let bad = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] >= typeCount) bad++;
  if (bad === 0) return undefined;
  // removedBefore[k]: how many bad entries precede entry k (an end index points at an entry).
  const removedBefore = new Int32Array(entries + 1);
  for (let k = 0, removed = 0; k <= entries; k++) {
    removedBefore[k] = removed;
    if (k < entries && data[4 * k] >= typeCount) removed++;
  }
  const size = data.length - 4 * bad;
  const out = data instanceof Uint32Array ? new Uint32Array(size) : new Uint16Array(size);
  for (let k = 0, j = 0; k < entries; k++) {
    const i = 4 * k;
    if (data[i] >= typeCount) continue;
    out[j] = data[i];
    out[j + 1] = data[i + 1];
    out[j + 2] = data[i + 2];
    out[j + 3] = data[i + 3] - 4 * removedBefore[data[i + 3] >> 2];
    j += 4;
  }
  return new TreeBuffer(out as Uint16Array, buffer.length, buffer.set);
}
