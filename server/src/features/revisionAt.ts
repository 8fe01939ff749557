// Which revision the text at a position names: a revision/down_revision/depends_on/branch_labels
// literal, or any word that is a known id or a unique prefix of four or more characters (the
// docstring's "Revises: 1a2b3c4d5e6f", a comment, an op.execute string).
import { containsPosition, LineIndex } from '../engine/lineIndex';
import { MIN_PREFIX_LENGTH, type RevisionNode } from '../engine/graph';
import { IDENTIFIER_NAMES, type IdentifierName, type Position, type Range } from '../engine/model';
import type { DocumentContext } from './context';

export interface RevisionTarget {
  /** The literal (quotes included) or the word at the position. */
  range: Range;
  /** What the text says. */
  text: string;
  /** Where it was found: one of the four identifiers, or elsewhere in the text. */
  source: IdentifierName | 'text';
  /** The revision it names, when it names one. */
  node?: RevisionNode;
  /** Set when the text is a branch label. */
  label?: string;
  /** Set when the text is a partial id. */
  prefix?: boolean;
}

const WORD_CHARACTER = /\w/;

export function revisionAt(ctx: DocumentContext, position: Position): RevisionTarget | undefined {
  const { graph } = ctx.analysis;
  for (const name of IDENTIFIER_NAMES) {
    const literal = ctx.file.identifiers[name]?.values?.find((value) => containsPosition(value.range, position));
    if (!literal) continue;
    const target: RevisionTarget = { range: literal.range, text: literal.value, source: name };
    if (name === 'branch_labels') {
      target.label = literal.value;
      const labelled = graph.labels.get(literal.value);
      target.node = labelled === undefined ? undefined : graph.node(labelled);
    } else {
      // depends_on names a revision or a branch label; down_revision and revision only ids.
      target.node = name === 'depends_on' ? graph.lookup(literal.value) : graph.node(literal.value);
      if (target.node && target.node.id !== literal.value) target.label = literal.value;
    }
    return target;
  }
  const word = wordAt(ctx.text, position);
  if (!word || word.text.length < MIN_PREFIX_LENGTH) return undefined;
  const exact = graph.node(word.text);
  if (exact) return { ...word, source: 'text', node: exact };
  const node = graph.uniquePrefix(word.text);
  return node ? { ...word, source: 'text', node, prefix: true } : undefined;
}

/** The run of word characters around `position`. */
export function wordAt(text: string, position: Position): { text: string; range: Range } | undefined {
  const lines = new LineIndex(text);
  if (position.line >= lines.lineCount) return undefined;
  const offset = lines.offset(position);
  let start = offset;
  let end = offset;
  while (start > 0 && WORD_CHARACTER.test(text[start - 1])) start--;
  while (end < text.length && WORD_CHARACTER.test(text[end])) end++;
  if (end <= start || offset < start || offset > end) return undefined;
  return { text: text.slice(start, end), range: lines.range(start, end) };
}
