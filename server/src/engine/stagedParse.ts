// The fast path of the migration reader. It tokenizes a file (pythonTokens.ts), checks with a small
// recursive-descent recognizer that the file is valid Python within a conservative subset that
// @lezer/python also accepts, and reads what the engine needs — the module docstring, the four
// identifiers, upgrade()/downgrade() — straight from the tokens, without building a syntax tree.
//
// It answers only when it can promise the very result the full lezer parse (parse.ts,
// parseMigrationFull) gives: a file outside the subset (f-strings, lambda, `;`, walrus, tabs in
// indentation, a syntax error...) or an identifier statement of an unusual shape makes it return
// undefined, and the caller parses the file with lezer. test/unit/stagedParse.test.ts holds the two
// readers to the same results.
import { LineIndex } from './lineIndex';
import {
  IDENTIFIER_NAMES,
  type EmptyReason,
  type FunctionInfo,
  type IdentifierAssignment,
  type IdentifierName,
  type MigrationFile,
  type Range,
  type StringLiteral,
  type Suppressions,
} from './model';
import { evaluateStringToken } from './pythonLiteral';
import { commentEnd, Kw, Op, Tok, tokenize } from './pythonTokens';

const SUPPRESSION = /alembic-lint:\s*(disable-file|disable)\s*=\s*([\w-]+(?:\s*,\s*[\w-]+)*)/;

/** Reads a suppression comment (`# alembic-lint: disable=a,b` / `disable-file=`) into `out`. */
export function addSuppression(out: Suppressions, comment: string, line: number): void {
  const match = SUPPRESSION.exec(comment);
  if (!match) return;
  const ids = match[2].split(',').map((id) => id.trim());
  if (match[1] === 'disable-file') out.file.push(...ids);
  else (out.lines[line] ??= []).push(...ids);
}

/** Message (first line, unless it is the `Revision ID:` line) and `Create Date:` of a docstring. */
export function readDocstringHeader(docstring: string): { message?: string; createDate?: string } {
  const out: { message?: string; createDate?: string } = {};
  // The first line (split at '\n') that is not blank.
  let firstLine: string | undefined;
  for (let at = 0; at <= docstring.length; ) {
    const end = docstring.indexOf('\n', at);
    const line = docstring.slice(at, end === -1 ? docstring.length : end);
    if (line.trim() !== '') {
      firstLine = line;
      break;
    }
    if (end === -1) break;
    at = end + 1;
  }
  if (firstLine && !/^\s*Revision ID:/.test(firstLine)) out.message = detach(firstLine.trim());
  const date = /^\s*Create Date:\s*(.+?)\s*$/m.exec(docstring);
  if (date) out.createDate = detach(date[1]);
  return out;
}

/** The range file-level findings are reported on: the first line. */
export function headRange(text: string, lines: LineIndex): MigrationFile['headRange'] {
  const newline = text.indexOf('\n');
  return lines.range(0, newline === -1 ? text.length : newline);
}

// ---------------------------------------------------------------------------------------------
// The recognizer. State is module-level: the reader is synchronous and not re-entrant.

/** Thrown (one shared instance) when the file leaves the subset: the caller falls back to lezer. */
const GIVE_UP = new Error('outside the fast path');
const giveUp = (): never => {
  throw GIVE_UP;
};

let K: Uint8Array = new Uint8Array(0);
let V: Uint8Array = new Uint8Array(0);
let START: Int32Array = new Int32Array(0);
let END: Int32Array = new Int32Array(0);
let p = 0;

const isOp = (op: Op) => K[p] === Tok.Op && V[p] === op;
const isKw = (kw: Kw) => K[p] === Tok.Name && V[p] === kw;
/** Steps over the operator (keyword) when it is next; tells whether it was. */
function skipOp(op: Op): boolean {
  if (!isOp(op)) return false;
  p++;
  return true;
}
function skipKw(kw: Kw): boolean {
  if (!isKw(kw)) return false;
  p++;
  return true;
}
const isPlainName = () => K[p] === Tok.Name && (V[p] === Kw.None || V[p] === Kw.Soft);
function expectOp(op: Op): void {
  if (K[p] !== Tok.Op || V[p] !== op) giveUp();
  p++;
}
function expectKw(kw: Kw): void {
  if (K[p] !== Tok.Name || V[p] !== kw) giveUp();
  p++;
}
function expectName(): void {
  if (!isPlainName()) giveUp();
  p++;
}

function canStartTest(): boolean {
  switch (K[p]) {
    case Tok.Name:
      return V[p] === Kw.None || V[p] === Kw.Soft || V[p] === Kw.NoneValue || V[p] === Kw.True || V[p] === Kw.False || V[p] === Kw.Not || V[p] === Kw.Lambda || V[p] === Kw.Await;
    case Tok.Number:
    case Tok.String:
      return true;
    case Tok.Op:
      return V[p] === Op.LParen || V[p] === Op.LBracket || V[p] === Op.LBrace || V[p] === Op.Minus || V[p] === Op.Plus || V[p] === Op.Tilde || V[p] === Op.Ellipsis || V[p] === Op.Star;
    default:
      return false;
  }
}

function test(): void {
  orTest();
  if (isKw(Kw.If)) {
    p++;
    orTest();
    expectKw(Kw.Else);
    test();
  }
}

function orTest(): void {
  notTest();
  while (isKw(Kw.And) || isKw(Kw.Or)) {
    p++;
    notTest();
  }
}

function notTest(): void {
  while (isKw(Kw.Not)) p++;
  expr();
  for (;;) {
    if (K[p] === Tok.Op) {
      const v = V[p];
      if (v !== Op.Less && v !== Op.Greater && v !== Op.LessEqual && v !== Op.GreaterEqual && v !== Op.Equal && v !== Op.NotEqual) return;
      p++;
    } else if (isKw(Kw.In)) p++;
    else if (isKw(Kw.Is)) {
      p++;
      if (isKw(Kw.Not)) p++;
    } else if (isKw(Kw.Not) && K[p + 1] === Tok.Name && V[p + 1] === Kw.In) p += 2;
    else return;
    expr();
  }
}

function expr(): void {
  unary();
  while (K[p] === Tok.Op) {
    const v = V[p];
    if (
      v !== Op.Pipe && v !== Op.Caret && v !== Op.Amp && v !== Op.ShiftLeft && v !== Op.ShiftRight && v !== Op.Plus && v !== Op.Minus &&
      v !== Op.Star && v !== Op.Slash && v !== Op.Percent && v !== Op.FloorDiv && v !== Op.At && v !== Op.Power
    ) return;
    p++;
    unary();
  }
}

function unary(): void {
  while (isOp(Op.Minus) || isOp(Op.Plus) || isOp(Op.Tilde)) p++;
  atom();
  for (;;) {
    if (isOp(Op.LParen)) argList();
    else if (isOp(Op.LBracket)) subscript();
    else if (isOp(Op.Dot)) {
      p++;
      expectName();
    } else return;
  }
}

function atom(): void {
  switch (K[p]) {
    case Tok.Name:
      if (V[p] === Kw.None || V[p] === Kw.Soft || V[p] === Kw.NoneValue || V[p] === Kw.True || V[p] === Kw.False) {
        p++;
        return;
      }
      return giveUp();
    case Tok.Number:
      p++;
      return;
    case Tok.String:
      while (K[p] === Tok.String) p++;
      return;
    case Tok.Op:
      break;
    default:
      return giveUp();
  }
  switch (V[p]) {
    case Op.Ellipsis:
      p++;
      return;
    case Op.LParen:
      return display(Op.RParen, undefined);
    case Op.LBracket:
      return display(Op.RBracket, undefined);
    case Op.LBrace:
      return display(Op.RBrace, dictOrSetItem);
    default:
      return giveUp();
  }
}

/**
 * A parenthesized expression, tuple, list, dict or set (p at its opening bracket): empty, items
 * separated by commas (a trailing one allowed), or one item and a comprehension. `{}` items are
 * read by `item`, which tells dict items from set items; the others are plain tests.
 */
function display(close: Op, item: ((dict: boolean | undefined) => boolean) | undefined): void {
  p++;
  if (isOp(close)) {
    p++;
    return;
  }
  const dict = item ? item(undefined) : (test(), undefined);
  if (isKw(Kw.For)) compFor();
  else while (isOp(Op.Comma)) {
    p++;
    if (isOp(close)) break;
    if (item) item(dict);
    else test();
  }
  expectOp(close);
}

/** One item of `{...}`; returns whether it was a dict item (`k: v` or `**m`). */
function dictOrSetItem(dict: boolean | undefined): boolean {
  if (isOp(Op.Power)) {
    if (dict === false) giveUp();
    p++;
    expr();
    return true;
  }
  test();
  if (isOp(Op.Colon)) {
    if (dict === false) giveUp();
    p++;
    test();
    return true;
  }
  if (dict === true) giveUp();
  return false;
}

function compFor(): void {
  expectKw(Kw.For);
  expr();
  while (isOp(Op.Comma)) {
    p++;
    if (isKw(Kw.In)) break;
    expr();
  }
  expectKw(Kw.In);
  orTest();
  for (;;) {
    if (isKw(Kw.For)) return compFor();
    if (!isKw(Kw.If)) return;
    p++;
    orTest();
  }
}

function argList(): void {
  expectOp(Op.LParen);
  while (!isOp(Op.RParen)) {
    if (isOp(Op.Star) || isOp(Op.Power)) {
      p++;
      test();
    } else {
      if (isPlainName() && K[p + 1] === Tok.Op && V[p + 1] === Op.Assign) p += 2;
      test();
      if (isKw(Kw.For)) compFor();
    }
    if (!isOp(Op.Comma)) break;
    p++;
  }
  expectOp(Op.RParen);
}

function subscript(): void {
  expectOp(Op.LBracket);
  for (;;) {
    if (!isOp(Op.Colon)) test();
    // A slice: lower:upper:step, each part optional.
    for (let colons = 0; colons < 2 && skipOp(Op.Colon); colons++) if (canStartTest()) test();
    if (!skipOp(Op.Comma) || isOp(Op.RBracket)) break;
  }
  expectOp(Op.RBracket);
}

/** commaSep<test>, a trailing comma allowed. */
function testList(): void {
  test();
  while (isOp(Op.Comma)) {
    p++;
    if (!canStartTest()) return;
    test();
  }
}

/** commaSep<expression> (for/del targets), stopping before `in`. */
function exprList(): void {
  expr();
  while (isOp(Op.Comma)) {
    p++;
    if (!canStartTest() || isKw(Kw.Not)) return;
    expr();
  }
}

function dottedName(): void {
  expectName();
  while (isOp(Op.Dot)) {
    p++;
    expectName();
  }
}

function importedNames(): void {
  for (;;) {
    dottedName();
    if (skipKw(Kw.As)) expectName();
    if (!isOp(Op.Comma)) return;
    p++;
    if (!isPlainName()) return;
  }
}

function smallStatement(): void {
  if (K[p] === Tok.Name) {
    const keyword = V[p];
    if (keyword === Kw.Soft) return giveUp(); // `match x:`, `type X = ...` at a statement start: let lezer decide
    if (
      keyword === Kw.Pass || keyword === Kw.Break || keyword === Kw.Continue || keyword === Kw.Return || keyword === Kw.Raise || keyword === Kw.Import ||
      keyword === Kw.From || keyword === Kw.Del || keyword === Kw.Assert || keyword === Kw.Global || keyword === Kw.Nonlocal
    ) {
      p++;
      return keywordStatement(keyword);
    }
  }
  testList();
  if (skipOp(Op.Colon)) test();
  else if (skipOp(Op.AugAssign)) return testList();
  while (skipOp(Op.Assign)) testList();
}

/** The rest of a statement that starts with `keyword` (already read). */
function keywordStatement(keyword: Kw): void {
  switch (keyword) {
    case Kw.Return:
      if (K[p] !== Tok.Newline) testList();
      return;
    case Kw.Raise:
      if (K[p] !== Tok.Newline) {
        test();
        if (skipKw(Kw.From)) test();
      }
      return;
    case Kw.Import:
      return importedNames();
    case Kw.From:
      if (isOp(Op.Dot) || isOp(Op.Ellipsis)) {
        while (isOp(Op.Dot) || isOp(Op.Ellipsis)) p++;
        if (isPlainName()) dottedName();
      } else dottedName();
      expectKw(Kw.Import);
      if (skipOp(Op.Star)) return;
      if (!skipOp(Op.LParen)) return importedNames();
      importedNames();
      return expectOp(Op.RParen);
    case Kw.Del:
      return exprList();
    case Kw.Assert:
      test();
      if (skipOp(Op.Comma)) test();
      return;
    case Kw.Global:
    case Kw.Nonlocal:
      expectName();
      while (skipOp(Op.Comma)) expectName();
      return;
    default:
      return; // pass, break, continue
  }
}

function simpleStatement(): void {
  smallStatement();
  if (K[p] !== Tok.Newline) giveUp();
  p++;
}

/** What a statement directly in a function body amounts to, for `empty-downgrade`. */
export const enum BodyItem {
  Pass, Ellipsis, String, Raise, Other,
}

function bodyItem(): BodyItem {
  const single = K[p + 1] === Tok.Newline;
  if (isKw(Kw.Pass) && single) return BodyItem.Pass;
  if (isOp(Op.Ellipsis) && single) return BodyItem.Ellipsis;
  if (K[p] === Tok.String && single) return BodyItem.String;
  if (isKw(Kw.Raise)) return BodyItem.Raise;
  return BodyItem.Other;
}

/** Body: `:` then a simple statement, or NEWLINE INDENT statements DEDENT. Collects body items when asked. */
function suite(items?: BodyItem[]): void {
  expectOp(Op.Colon);
  if (K[p] !== Tok.Newline) {
    items?.push(bodyItem());
    return simpleStatement();
  }
  p++;
  if (K[p] !== Tok.Indent) giveUp();
  p++;
  while (K[p] !== Tok.Dedent) {
    if (K[p] === Tok.End) giveUp();
    items?.push(bodyItem());
    statement();
  }
  p++;
}

interface DefInfo {
  /** Token index of `def`, and of the name. */
  def: number;
  name: number;
  /** Token index of the body's last token (its final NEWLINE). */
  last: number;
  items: BodyItem[];
}

function funcDef(items?: BodyItem[]): void {
  expectKw(Kw.Def);
  expectName();
  expectOp(Op.LParen);
  while (!isOp(Op.RParen)) {
    if (isOp(Op.Slash)) p++;
    else if (isOp(Op.Star) || isOp(Op.Power)) {
      const double = isOp(Op.Power);
      p++;
      if (double || isPlainName()) {
        expectName();
        if (skipOp(Op.Colon)) test();
      }
    } else {
      expectName();
      if (skipOp(Op.Colon)) test();
      if (skipOp(Op.Assign)) test();
    }
    if (!isOp(Op.Comma)) break;
    p++;
  }
  expectOp(Op.RParen);
  if (skipOp(Op.Arrow)) test();
  suite(items);
}

/** `@name.name(args)` lines, as lezer's Decorator reads them. */
function decorators(): void {
  while (skipOp(Op.At)) {
    dottedName();
    if (isOp(Op.LParen)) argList();
    if (K[p] !== Tok.Newline) giveUp();
    p++;
  }
}

function compound(): boolean {
  if (K[p] === Tok.Op) {
    if (V[p] !== Op.At) return false;
    decorators();
    if (isKw(Kw.Def)) funcDef();
    else if (isKw(Kw.Class)) classDef();
    else giveUp();
    return true;
  }
  if (K[p] !== Tok.Name) return false;
  switch (V[p]) {
    case Kw.If:
      p++;
      test();
      suite();
      while (isKw(Kw.Elif)) {
        p++;
        test();
        suite();
      }
      elseClause();
      return true;
    case Kw.While:
      p++;
      test();
      suite();
      elseClause();
      return true;
    case Kw.For:
      p++;
      exprList();
      expectKw(Kw.In);
      testList();
      suite();
      elseClause();
      return true;
    case Kw.Try: {
      p++;
      suite();
      let handlers = 0;
      while (isKw(Kw.Except)) {
        p++;
        handlers++;
        if (!isOp(Op.Colon)) {
          test();
          if (skipKw(Kw.As)) expectName();
        }
        suite();
      }
      elseClause();
      if (isKw(Kw.Finally)) {
        p++;
        handlers++;
        suite();
      }
      if (handlers === 0) giveUp();
      return true;
    }
    case Kw.With:
      p++;
      for (;;) {
        test();
        if (skipKw(Kw.As)) expectName();
        if (!isOp(Op.Comma)) break;
        p++;
      }
      suite();
      return true;
    case Kw.Def:
      funcDef();
      return true;
    case Kw.Class:
      classDef();
      return true;
    default:
      return false;
  }
}

function elseClause(): void {
  if (!isKw(Kw.Else)) return;
  p++;
  suite();
}

function classDef(): void {
  expectKw(Kw.Class);
  expectName();
  if (isOp(Op.LParen)) argList();
  suite();
}

function statement(): void {
  if (!compound()) simpleStatement();
}

/** A module-level `def` (maybe decorated), read with its body items. */
function topLevelDef(): DefInfo {
  decorators();
  const info: DefInfo = { def: p, name: p + 1, last: 0, items: [] };
  funcDef(info.items);
  let last = p - 1;
  while (K[last] === Tok.Dedent) last--;
  // At the end of the file lezer's body ends with its last real token (after any comment on it).
  if (END[last] === START[last]) last--;
  info.last = last;
  return info;
}

/** True when the tokens from `p` are decorators followed by `def`. */
function decoratedDef(): boolean {
  let q = p;
  while (K[q] === Tok.Op && V[q] === Op.At) {
    while (K[q] !== Tok.Newline && K[q] !== Tok.End) q++;
    q++;
  }
  return K[q] === Tok.Name && V[q] === Kw.Def;
}

// ---------------------------------------------------------------------------------------------
// Reading identifiers and functions from the tokens.

/** Whether a function body of these statements does nothing, and how (both readers decide here). */
export function emptyReason(items: BodyItem[]): EmptyReason | undefined {
  if (items.length === 0) return undefined;
  let reason: EmptyReason = 'docstring';
  for (const [index, item] of items.entries()) {
    if (item === BodyItem.Pass) reason = reason === 'raise' ? 'raise' : 'pass';
    else if (item === BodyItem.Ellipsis) reason = reason === 'raise' ? 'raise' : 'ellipsis';
    else if (item === BodyItem.String && index === 0) continue;
    else if (item === BodyItem.Raise) reason = 'raise';
    else return undefined;
  }
  return reason;
}

/** Thrown when a statement that matters has a shape only lezer should judge (e.g. a tuple target). */
const UNUSUAL = new Error('unusual identifier statement');

/**
 * A copy of `s` that does not keep the file's text alive: V8 makes a slice of 13 or more characters
 * a view into its parent string, and the thousands of file texts a CLI run would otherwise retain
 * through identifier values and docstring lines cost more garbage-collection time than reading them.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** The file being read, for the helpers below. */
let TEXT = '';
let LINES: LineIndex = new LineIndex('');

/** Index of the token closing the bracket opened at `open`. */
function closing(open: number, end: number): number {
  let depth = 0;
  for (let q = open; q < end; q++) {
    if (K[q] !== Tok.Op) continue;
    const v = V[q];
    if (v === Op.LParen || v === Op.LBracket || v === Op.LBrace) depth++;
    else if (v === Op.RParen || v === Op.RBracket || v === Op.RBrace) {
      depth--;
      if (depth === 0) return q;
    }
  }
  return -1;
}

const isOpening = (q: number) => K[q] === Tok.Op && (V[q] === Op.LParen || V[q] === Op.LBracket || V[q] === Op.LBrace);

/** Does [from, to) hold a comma outside brackets? */
function hasComma(from: number, to: number): boolean {
  for (let q = from; q < to; q++) {
    if (K[q] !== Tok.Op) continue;
    if (V[q] === Op.Comma) return true;
    if (isOpening(q)) q = closing(q, to);
  }
  return false;
}

function allStrings(from: number, to: number): boolean {
  for (let q = from; q < to; q++) if (K[q] !== Tok.String) return false;
  return to > from;
}

/** One string literal made of the String tokens [from, to), as parse.ts readString makes it; `range` when already made. */
function stringAt(from: number, to: number, range?: Range): StringLiteral | undefined {
  let value = '';
  for (let q = from; q < to; q++) {
    const piece = evaluateStringToken(TEXT.slice(START[q], END[q]));
    if (piece === undefined) return undefined;
    value += piece;
  }
  return { value: detach(value), range: range ?? LINES.range(START[from], END[to - 1]) };
}

/** Items of a tuple/list between brackets: each must be one string literal. */
function items(from: number, to: number): StringLiteral[] | 'unresolved' {
  const out: StringLiteral[] = [];
  let start = from;
  for (let q = from; q <= to; q++) {
    if (q < to && !(K[q] === Tok.Op && V[q] === Op.Comma)) {
      if (isOpening(q)) q = closing(q, to);
      continue;
    }
    if (q === start && q === to) break; // after a trailing comma
    const literal = allStrings(start, q) ? stringAt(start, q) : undefined;
    if (!literal) return 'unresolved';
    out.push(literal);
    start = q + 1;
  }
  return out;
}

/** parse.ts readLiteralValue over the tokens [from, to) of one expression; `range` is theirs, when made. */
function literal(from: number, to: number, range?: Range): StringLiteral[] | null | 'unresolved' {
  if (to - from === 1 && K[from] === Tok.Name && V[from] === Kw.NoneValue) return null;
  if (allStrings(from, to)) {
    const single = stringAt(from, to, range);
    return single ? [single] : 'unresolved';
  }
  if (K[from] === Tok.Op && (V[from] === Op.LParen || V[from] === Op.LBracket) && closing(from, to) === to - 1) {
    if (V[from] === Op.LBracket) return to - from === 2 ? [] : items(from + 1, to - 1);
    if (to - from === 2) return [];
    if (hasComma(from + 1, to - 1)) return items(from + 1, to - 1);
    if (K[from + 1] === Tok.Op && V[from + 1] === Op.Star) return 'unresolved';
    return literal(from + 1, to - 1);
  }
  return 'unresolved';
}

/** parse.ts readAssignment over a module-level statement [from, end) (end: its NEWLINE). */
function assignment(from: number, end: number): IdentifierAssignment | undefined {
  const name = TEXT.slice(START[from], END[from]) as IdentifierName;
  let assign = -1;
  for (let q = from + 1; q < end; q++) {
    if (K[q] !== Tok.Op) continue;
    if (V[q] === Op.Assign) {
      if (assign !== -1) return undefined; // chained: `a = b = v`
      assign = q;
    } else if (isOpening(q)) q = closing(q, end);
  }
  if (assign === -1 || assign + 1 >= end) return undefined;
  if (hasComma(assign + 1, end)) throw UNUSUAL; // `revision = 'a', 'b'`: lezer reads the first item
  const valueRange = LINES.range(START[assign + 1], END[end - 1]);
  const values = literal(assign + 1, end, valueRange);
  return {
    name,
    range: LINES.range(START[from], END[end - 1]),
    valueRange,
    values: values === 'unresolved' ? [] : values,
    unresolved: values === 'unresolved',
    valueText: detach(TEXT.slice(START[assign + 1], END[end - 1])),
  };
}

export function readMigrationFast(path: string, text: string): MigrationFile | undefined {
  return readFast(path, text, false);
}

/** Offset of the last occurrence of any identifier name (`revision` also finds `down_revision`); -1 when none. */
function lastIdentifierName(text: string): number {
  return Math.max(text.lastIndexOf('revision'), text.lastIndexOf('branch_labels'), text.lastIndexOf('depends_on'));
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

function readFast(path: string, text: string, identifiersOnly: boolean): MigrationFile | undefined {
  const tokens = identifiersOnly ? tokenize(text, lastIdentifierName(text)) : tokenize(text);
  if (!tokens) return undefined;
  K = tokens.kind;
  V = tokens.value;
  START = tokens.start;
  END = tokens.end;
  p = 0;
  TEXT = text;
  const S = START;
  const E = END;
  const lines = (LINES = new LineIndex(text, tokens.stoppedAt));
  const identifiers: MigrationFile['identifiers'] = {};
  const functions: MigrationFile['functions'] = {};
  let docstring: string | undefined;

  try {
    let first = true;
    while (K[p] !== Tok.End) {
      const start = p;
      if (isKw(Kw.Def) || (isOp(Op.At) && decoratedDef())) {
        const def = topLevelDef();
        const name = text.slice(S[def.name], E[def.name]);
        if (!identifiersOnly && (name === 'upgrade' || name === 'downgrade')) {
          const info: FunctionInfo = { name, nameRange: lines.range(S[def.name], E[def.name]), range: lines.range(S[def.def], E[def.last]) };
          const empty = emptyReason(def.items);
          if (empty) info.empty = empty;
          functions[name] = info;
        }
      } else if (compound()) {
        // if/for/while/try/with/class: nothing Alembic reads is inside
      } else {
        simpleStatement();
        const end = p - 1;
        if (first && K[start] === Tok.String) {
          if (end !== start + 1) throw UNUSUAL; // `"a", "b"`, `"a" "b"`, `"a" + b`...: let lezer say what it is
          docstring = evaluateStringToken(text.slice(S[start], E[start]));
        } else if (K[start] === Tok.Name && V[start] === Kw.None && K[start + 1] === Tok.Op && (V[start + 1] === Op.Assign || V[start + 1] === Op.Colon || V[start + 1] === Op.Comma)) {
          const name = text.slice(S[start], E[start]);
          if ((IDENTIFIER_NAMES as readonly string[]).includes(name)) {
            if (V[start + 1] === Op.Comma) throw UNUSUAL; // a tuple target
            const read = assignment(start, end);
            if (read) identifiers[read.name] = read;
          }
        }
      }
      first = false;
    }
  } catch (error) {
    if (error === GIVE_UP || error === UNUSUAL) return undefined;
    throw error;
  }

  const suppressions: Suppressions = { file: [], lines: {} };
  if (text.includes('alembic-lint:')) {
    for (const at of tokens.comments) addSuppression(suppressions, text.slice(at, commentEnd(text, at)), lines.position(at).line);
  }
  const header = docstring ? readDocstringHeader(docstring) : {};
  return {
    path,
    identifiers,
    functions,
    ...header,
    syntaxErrors: [],
    suppressions,
    headRange: headRange(text, lines),
  };
}
