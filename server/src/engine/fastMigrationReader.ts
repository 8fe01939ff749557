// The fast path of the migration reader. It tokenizes a file (pythonTokens.ts), checks with a small
// recursive-descent recognizer (pythonSubsetRecognizer.ts) that the file is valid Python within a
// conservative subset that @lezer/python also accepts, and reads what the engine needs — the
// module docstring, the four identifiers, upgrade()/downgrade() — straight from the tokens, without
// building a syntax tree.
//
// It answers only when it can promise the very result the full lezer parse (parse.ts,
// parseMigrationFull) gives: a file outside the subset (f-strings, lambda, `;`, walrus, tabs in
// indentation, deep nesting, a syntax error...) or an identifier statement of an unusual shape makes
// it return undefined, and the caller parses the file with lezer. test/unit/fastMigrationReader.test.ts
// holds the two readers to the same results.
import { LineIndex } from './lineIndex';
import { addSuppression, detach, emptyReason, headRange, readDocstringHeader } from './migrationFileParts';
import {
  IDENTIFIER_NAMES,
  type FunctionInfo,
  type IdentifierAssignment,
  type IdentifierName,
  type MigrationFile,
  type Range,
  type StringLiteral,
  type Suppressions,
} from './model';
import { PythonSubsetRecognizer } from './pythonSubsetRecognizer';
import { evaluateStringToken } from './pythonString';
import { commentEnd, Kw, Op, Tok, tokenize, type Tokens } from './pythonTokens';

/** The fast path of parse.ts parseMigration: undefined when the file must be parsed with lezer. */
export function readMigrationFast(path: string, text: string): MigrationFile | undefined {
  return readFast(path, text, false);
}

/**
 * The fast path of the identifiers-only reader (parse.ts readIdentifiers, for `alembic-lint graph`):
 * it tokenizes the file only up to the end of the logical line holding the last occurrence of any
 * identifier name in the raw text (strings and comments count), so nothing after that point can
 * assign one, and reads the four identifiers and the docstring from that prefix, leaving
 * `functions` empty. Undefined — read the whole file — when the prefix is outside the fast path,
 * the file has suppression comments, or it has no `revision` (a syntax error further down would
 * then be the finding).
 */
export function readIdentifiersFast(path: string, text: string): MigrationFile | undefined {
  if (text.includes('alembic-lint:')) return undefined;
  const read = readFast(path, text, true);
  return read?.identifiers.revision ? read : undefined;
}

/** Offset of the last occurrence of any identifier name (`revision` also finds `down_revision`); -1 when none. */
function lastIdentifierName(text: string): number {
  return Math.max(text.lastIndexOf('revision'), text.lastIndexOf('branch_labels'), text.lastIndexOf('depends_on'));
}

function readFast(path: string, text: string, identifiersOnly: boolean): MigrationFile | undefined {
  const tokens = identifiersOnly ? tokenize(text, lastIdentifierName(text)) : tokenize(text);
  if (!tokens) return undefined;
  const { kind, value, start, end } = tokens;
  const lines = new LineIndex(text, tokens.stoppedAt);
  const recognizer = new PythonSubsetRecognizer(tokens);
  const values = new AssignmentReader(text, tokens, lines);
  const identifiers: MigrationFile['identifiers'] = {};
  const functions: MigrationFile['functions'] = {};
  let docstring: string | undefined;

  for (let first = true; !recognizer.atEnd(); first = false) {
    const from = recognizer.position;
    if (recognizer.startsDef()) {
      const def = recognizer.topLevelDef();
      if (!def) return undefined;
      const name = text.slice(start[def.name], end[def.name]);
      if (!identifiersOnly && (name === 'upgrade' || name === 'downgrade')) {
        const info: FunctionInfo = { name, nameRange: lines.range(start[def.name], end[def.name]), range: lines.range(start[def.def], end[def.last]) };
        const empty = emptyReason(def.items);
        if (empty) info.empty = empty;
        functions[name] = info;
      }
      continue;
    }
    if (recognizer.startsCompound()) {
      // if/for/while/try/with/class: nothing Alembic reads is inside
      if (!recognizer.compound()) return undefined;
      continue;
    }
    if (!recognizer.simpleStatement()) return undefined;
    const newline = recognizer.position - 1;
    if (first && kind[from] === Tok.String) {
      if (newline !== from + 1) return undefined; // `"a", "b"`, `"a" "b"`, `"a" + b`...: let lezer say what it is
      docstring = evaluateStringToken(text.slice(start[from], end[from]));
    } else if (
      kind[from] === Tok.Name &&
      value[from] === Kw.None &&
      kind[from + 1] === Tok.Op &&
      (value[from + 1] === Op.Assign || value[from + 1] === Op.Colon || value[from + 1] === Op.Comma)
    ) {
      const name = text.slice(start[from], end[from]);
      if ((IDENTIFIER_NAMES as readonly string[]).includes(name)) {
        if (value[from + 1] === Op.Comma) return undefined; // a tuple target: lezer's to judge
        const read = values.assignment(from, newline);
        if (read === 'unusual') return undefined;
        if (read) identifiers[read.name] = read;
      }
    }
  }

  const suppressions: Suppressions = { file: [], lines: {} };
  if (text.includes('alembic-lint:')) {
    for (const at of tokens.comments) addSuppression(suppressions, text.slice(at, commentEnd(text, at)), lines.position(at).line);
  }
  const header = docstring ? readDocstringHeader(docstring) : {};
  const file: MigrationFile = {
    path,
    identifiers,
    functions,
    ...header,
    syntaxErrors: [],
    suppressions,
    headRange: headRange(text, lines),
  };
  if (!identifiersOnly) file.source = text;
  return file;
}

/** Reads module-level identifier assignments from one file's tokens, as parse.ts readAssignment reads them from the tree. */
class AssignmentReader {
  private readonly kind: readonly Tok[];
  private readonly value: readonly number[];
  private readonly start: readonly number[];
  private readonly end: readonly number[];

  constructor(
    private readonly text: string,
    tokens: Tokens,
    private readonly lines: LineIndex,
  ) {
    this.kind = tokens.kind;
    this.value = tokens.value;
    this.start = tokens.start;
    this.end = tokens.end;
  }

  /**
   * The statement [from, newline) (a name first): its assignment; undefined when lezer reads no
   * identifier from it (no `=`, or a chained `a = b = v`); 'unusual' when its shape is one only lezer
   * should judge (`revision = 'a', 'b'`: lezer reads the first item).
   */
  assignment(from: number, newline: number): IdentifierAssignment | undefined | 'unusual' {
    const { kind, value, start, end, text, lines } = this;
    const name = text.slice(start[from], end[from]) as IdentifierName;
    let assign = -1;
    for (let q = from + 1; q < newline; q++) {
      if (kind[q] !== Tok.Op) continue;
      if (value[q] === Op.Assign) {
        if (assign !== -1) return undefined;
        assign = q;
      } else if (this.isOpening(q)) q = this.closing(q, newline);
    }
    if (assign === -1 || assign + 1 >= newline) return undefined;
    if (this.hasComma(assign + 1, newline)) return 'unusual';
    const valueRange = lines.range(start[assign + 1], end[newline - 1]);
    const values = this.literal(assign + 1, newline, valueRange);
    return {
      name,
      range: lines.range(start[from], end[newline - 1]),
      valueRange,
      values: values === 'unresolved' ? [] : values,
      unresolved: values === 'unresolved',
      valueText: detach(text.slice(start[assign + 1], end[newline - 1])),
    };
  }

  private isOpening(q: number): boolean {
    return this.kind[q] === Tok.Op && (this.value[q] === Op.LParen || this.value[q] === Op.LBracket || this.value[q] === Op.LBrace);
  }

  /** Index of the token closing the bracket opened at `open`; -1 when none before `to`. */
  private closing(open: number, to: number): number {
    const { kind, value } = this;
    let depth = 0;
    for (let q = open; q < to; q++) {
      if (kind[q] !== Tok.Op) continue;
      const op = value[q];
      if (op === Op.LParen || op === Op.LBracket || op === Op.LBrace) depth++;
      else if (op === Op.RParen || op === Op.RBracket || op === Op.RBrace) {
        depth--;
        if (depth === 0) return q;
      }
    }
    return -1;
  }

  /** Does [from, to) hold a comma outside brackets? */
  private hasComma(from: number, to: number): boolean {
    for (let q = from; q < to; q++) {
      if (this.kind[q] !== Tok.Op) continue;
      if (this.value[q] === Op.Comma) return true;
      if (this.isOpening(q)) q = this.closing(q, to);
    }
    return false;
  }

  private allStrings(from: number, to: number): boolean {
    for (let q = from; q < to; q++) if (this.kind[q] !== Tok.String) return false;
    return to > from;
  }

  /** One string literal made of the String tokens [from, to), as parse.ts readString makes it; `range` when already made. */
  private stringAt(from: number, to: number, range?: Range): StringLiteral | undefined {
    let value = '';
    for (let q = from; q < to; q++) {
      const piece = evaluateStringToken(this.text.slice(this.start[q], this.end[q]));
      if (piece === undefined) return undefined;
      value += piece;
    }
    return { value: detach(value), range: range ?? this.lines.range(this.start[from], this.end[to - 1]) };
  }

  /** Items of a tuple/list between brackets: each must be one string literal. */
  private items(from: number, to: number): StringLiteral[] | 'unresolved' {
    const out: StringLiteral[] = [];
    let itemStart = from;
    for (let q = from; q <= to; q++) {
      if (q < to && !(this.kind[q] === Tok.Op && this.value[q] === Op.Comma)) {
        if (this.isOpening(q)) q = this.closing(q, to);
        continue;
      }
      if (q === itemStart && q === to) break; // after a trailing comma
      const literal = this.allStrings(itemStart, q) ? this.stringAt(itemStart, q) : undefined;
      if (!literal) return 'unresolved';
      out.push(literal);
      itemStart = q + 1;
    }
    return out;
  }

  /** parse.ts readLiteralValue over the tokens [from, to) of one expression; `range` is theirs, when made. */
  private literal(from: number, to: number, range?: Range): StringLiteral[] | null | 'unresolved' {
    const { kind, value } = this;
    if (to - from === 1 && kind[from] === Tok.Name && value[from] === Kw.NoneValue) return null;
    if (this.allStrings(from, to)) {
      const single = this.stringAt(from, to, range);
      return single ? [single] : 'unresolved';
    }
    if (kind[from] === Tok.Op && (value[from] === Op.LParen || value[from] === Op.LBracket) && this.closing(from, to) === to - 1) {
      if (value[from] === Op.LBracket) return to - from === 2 ? [] : this.items(from + 1, to - 1);
      if (to - from === 2) return [];
      if (this.hasComma(from + 1, to - 1)) return this.items(from + 1, to - 1);
      if (kind[from + 1] === Tok.Op && value[from + 1] === Op.Star) return 'unresolved';
      return this.literal(from + 1, to - 1);
    }
    return 'unresolved';
  }
}
