// A small Python tokenizer for the fast path of the migration reader (fastMigrationReader.ts). It splits
// a file into NAME / NUMBER / STRING / OP / NEWLINE / INDENT / DEDENT tokens the way @lezer/python
// does (strings with prefixes and triple quotes, comments, brackets, indentation), and gives up —
// returns undefined — on anything where it could disagree with lezer or where lezer's error recovery
// would matter: unterminated strings, f-strings, backslash continuations, tabs or form feeds in
// indentation, an inconsistent dedent, unbalanced brackets, non-ASCII outside strings and comments,
// a lone carriage return, Python 2 `print x`, and numbers run into letters or dots. The caller then
// parses the file with lezer, so giving up costs time, never correctness. Strings are scanned by
// pythonString.ts.

import { readStringPrefix, scanString, StringPrefix } from './pythonString';

export const enum Tok {
  Name = 1,
  Number = 2,
  String = 3,
  Op = 4,
  Newline = 5,
  Indent = 6,
  Dedent = 7,
  End = 8,
}

/** Operator codes (Tokens.value of an Op token). */
export const enum Op {
  LParen = 1,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  Comma,
  Colon,
  Dot,
  Semicolon,
  At,
  Assign,
  Arrow,
  Ellipsis,
  Walrus,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Amp,
  Pipe,
  Caret,
  Tilde,
  Less,
  Greater,
  Power,
  FloorDiv,
  ShiftLeft,
  ShiftRight,
  LessEqual,
  GreaterEqual,
  Equal,
  NotEqual,
  LessGreater,
  AugAssign,
}

/** Keyword codes (Tokens.value of a Name token; 0 for a plain identifier). */
export const enum Kw {
  None = 0,
  False = 1,
  NoneValue,
  True,
  And,
  As,
  Assert,
  Async,
  Await,
  Break,
  Class,
  Continue,
  Def,
  Del,
  Elif,
  Else,
  Except,
  Finally,
  For,
  From,
  Global,
  If,
  Import,
  In,
  Is,
  Lambda,
  Nonlocal,
  Not,
  Or,
  Pass,
  Raise,
  Return,
  Try,
  While,
  With,
  Yield,
  /** `match`, `case`, `type`: soft keywords, identifiers except where a statement starts. */
  Soft,
}

const KEYWORDS = new Map<string, Kw>([
  ['False', Kw.False],
  ['None', Kw.NoneValue],
  ['True', Kw.True],
  ['and', Kw.And],
  ['as', Kw.As],
  ['assert', Kw.Assert],
  ['async', Kw.Async],
  ['await', Kw.Await],
  ['break', Kw.Break],
  ['class', Kw.Class],
  ['continue', Kw.Continue],
  ['def', Kw.Def],
  ['del', Kw.Del],
  ['elif', Kw.Elif],
  ['else', Kw.Else],
  ['except', Kw.Except],
  ['finally', Kw.Finally],
  ['for', Kw.For],
  ['from', Kw.From],
  ['global', Kw.Global],
  ['if', Kw.If],
  ['import', Kw.Import],
  ['in', Kw.In],
  ['is', Kw.Is],
  ['lambda', Kw.Lambda],
  ['nonlocal', Kw.Nonlocal],
  ['not', Kw.Not],
  ['or', Kw.Or],
  ['pass', Kw.Pass],
  ['raise', Kw.Raise],
  ['return', Kw.Return],
  ['try', Kw.Try],
  ['while', Kw.While],
  ['with', Kw.With],
  ['yield', Kw.Yield],
  ['match', Kw.Soft],
  ['case', Kw.Soft],
  ['type', Kw.Soft],
]);

/** The keywords by the char code of their first letter, so that looking a name up slices no string. */
const KEYWORDS_BY_LETTER: readonly (readonly (readonly [string, Kw])[])[] = (() => {
  const table: [string, Kw][][] = Array.from({ length: 128 }, () => []);
  for (const [word, keyword] of KEYWORDS) table[word.charCodeAt(0)].push([word, keyword]);
  return table;
})();

/** The keyword code of the name text[from, to) (ASCII); Kw.None for a plain name. */
function keywordAt(text: string, from: number, to: number): Kw {
  const length = to - from;
  if (length > 8) return Kw.None; // no keyword is longer
  const candidates = KEYWORDS_BY_LETTER[text.charCodeAt(from)];
  for (let k = 0; k < candidates.length; k++) {
    const [word, keyword] = candidates[k];
    if (word.length === length && text.startsWith(word, from)) return keyword;
  }
  return Kw.None;
}

/** A file's token stream, as `tokenize` makes it. */
export interface Tokens {
  readonly count: number;
  readonly kind: readonly Tok[];
  /** Keyword code for names, operator code for operators. */
  readonly value: readonly number[];
  readonly start: readonly number[];
  readonly end: readonly number[];
  /** Start offsets of the comments (each runs to the end of its line). */
  readonly comments: readonly number[];
  /** Where tokenizing stopped: text.length, or the end of the logical line `tokenize(text, stopAt)` stopped at. */
  readonly stoppedAt: number;
}

/**
 * Tokens being made. Plain arrays, made for each file: they live on the JS heap, where allocating
 * them costs less than typed arrays' separate buffers, and grow when written past their end.
 */
class TokenBuffer implements Tokens {
  count = 0;
  readonly kind: Tok[];
  readonly value: number[];
  readonly start: number[];
  readonly end: number[];
  readonly comments: number[] = [];
  stoppedAt: number;

  /** `expectedLength`: how much of the text is likely to be tokenized. */
  constructor(textLength: number, expectedLength: number) {
    // A migration has about one token per five or six characters: most files fit.
    const capacity = 16 + ((expectedLength / 5) | 0);
    this.kind = new Array<Tok>(capacity);
    this.value = new Array<number>(capacity);
    this.start = new Array<number>(capacity);
    this.end = new Array<number>(capacity);
    this.stoppedAt = textLength;
  }

  push(kind: Tok, value: number, start: number, end: number): void {
    const i = this.count++;
    this.kind[i] = kind;
    this.value[i] = value;
    this.start[i] = start;
    this.end[i] = end;
  }
}

const enum C {
  Tab = 9,
  Newline = 10,
  FormFeed = 12,
  Return = 13,
  Space = 32,
  Bang = 33,
  DoubleQuote = 34,
  Hash = 35,
  Percent = 37,
  Amp = 38,
  Quote = 39,
  LParen = 40,
  RParen = 41,
  Star = 42,
  Plus = 43,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Slash = 47,
  Zero = 48,
  Nine = 57,
  Colon = 58,
  Semicolon = 59,
  Less = 60,
  Equal = 61,
  Greater = 62,
  At = 64,
  LBracket = 91,
  Backslash = 92,
  RBracket = 93,
  Caret = 94,
  Underscore = 95,
  LBrace = 123,
  Pipe = 124,
  RBrace = 125,
  Tilde = 126,
}

const isDigit = (c: number) => c >= C.Zero && c <= C.Nine;
const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === C.Underscore;
const isWordChar = (c: number) => isLetter(c) || isDigit(c);

/**
 * Tokenizes `text`; undefined when the fast path must not be trusted with it.
 * The stream always ends with NEWLINE (unless empty), the pending DEDENTs, and END. With `stopAt`,
 * tokenizing ends at the first logical line (NEWLINE outside brackets) that ends at or after that
 * offset, as if the text ended there (`tokens.stoppedAt` tells where): the rest is not even looked at.
 */
export function tokenize(text: string, stopAt = Infinity): Tokens | undefined {
  const n = text.length;
  const tokens = new TokenBuffer(n, Math.min(n, stopAt + 256));
  const indents = [0];
  const brackets: number[] = [];
  let i = 0;
  let lineStart = true;
  for (;;) {
    if (lineStart) {
      let column = 0;
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === C.Space) column++;
        else if (c === C.Tab || c === C.FormFeed) return undefined;
        else break;
        j++;
      }
      if (j >= n) {
        // Spaces ending the file: lezer reads an indent or dedent there unless they match the block.
        if (column > 0 && column !== indents[indents.length - 1]) return undefined;
        i = j;
        break;
      }
      const c = text.charCodeAt(j);
      if (c === C.Newline) {
        i = j + 1;
        continue;
      }
      if (c === C.Return) {
        if (text.charCodeAt(j + 1) !== C.Newline) return undefined;
        i = j + 2;
        continue;
      }
      if (c === C.Hash) {
        tokens.comments.push(j);
        const eol = commentEnd(text, j);
        if (eol < 0) return undefined;
        i = eol + (text.charCodeAt(eol) === C.Return ? 2 : 1);
        continue;
      }
      const top = indents[indents.length - 1];
      if (column > top) {
        indents.push(column);
        tokens.push(Tok.Indent, 0, j, j);
      } else if (column < top) {
        while (column < indents[indents.length - 1]) {
          indents.pop();
          tokens.push(Tok.Dedent, 0, j, j);
        }
        if (column !== indents[indents.length - 1]) return undefined;
      }
      i = j;
      lineStart = false;
    }
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (c === C.Space || c === C.Tab || c === C.FormFeed) {
      i++;
      continue;
    }
    if (c === C.Newline || c === C.Return) {
      if (c === C.Return && text.charCodeAt(i + 1) !== C.Newline) return undefined;
      if (brackets.length === 0) {
        tokens.push(Tok.Newline, 0, i, i + 1); // lezer's newline token is the one character, '\r' of a CRLF
        lineStart = true;
        if (i >= stopAt) {
          tokens.stoppedAt = i + (c === C.Return ? 2 : 1);
          break;
        }
      }
      i += c === C.Return ? 2 : 1;
      continue;
    }
    if (c === C.Hash) {
      tokens.comments.push(i);
      i = commentEnd(text, i);
      if (i < 0) return undefined;
      continue;
    }
    if (c === C.Quote || c === C.DoubleQuote) {
      const end = scanString(text, i);
      if (end < 0) return undefined;
      tokens.push(Tok.String, 0, i, end);
      i = end;
      continue;
    }
    if (isLetter(c)) {
      let j = i + 1;
      while (j < n && isWordChar(text.charCodeAt(j))) j++;
      const next = text.charCodeAt(j);
      if (next >= 128) return undefined;
      if (next === C.Quote || next === C.DoubleQuote) {
        const prefix = readStringPrefix(text, i, j);
        if (prefix !== -1) {
          if (prefix & StringPrefix.Format) return undefined;
          const end = scanString(text, j);
          if (end < 0) return undefined;
          tokens.push(Tok.String, 0, i, end);
          i = end;
          continue;
        }
      }
      if (j - i === 5 && text.startsWith('print', i) && !plainPrint(text, j)) return undefined;
      tokens.push(Tok.Name, keywordAt(text, i, j), i, j);
      i = j;
      continue;
    }
    if (isDigit(c) || (c === C.Dot && isDigit(text.charCodeAt(i + 1)))) {
      const end = scanNumber(text, i);
      if (end < 0) return undefined;
      tokens.push(Tok.Number, 0, i, end);
      i = end;
      continue;
    }
    if (c === C.LParen || c === C.LBracket || c === C.LBrace) {
      brackets.push(c);
      tokens.push(Tok.Op, c === C.LParen ? Op.LParen : c === C.LBracket ? Op.LBracket : Op.LBrace, i, i + 1);
      i++;
      continue;
    }
    if (c === C.RParen || c === C.RBracket || c === C.RBrace) {
      const open = brackets.pop();
      if (open === undefined || (c === C.RParen ? C.LParen : c === C.RBracket ? C.LBracket : C.LBrace) !== open) return undefined;
      tokens.push(Tok.Op, c === C.RParen ? Op.RParen : c === C.RBracket ? Op.RBracket : Op.RBrace, i, i + 1);
      i++;
      continue;
    }
    const op = scanOperator(text, i, c);
    if (op === 0) return undefined; // a backslash, '$', '?', '!', '`', non-ASCII...
    const length = op >>> 8;
    tokens.push(Tok.Op, op & 0xff, i, i + length);
    i += length;
  }
  if (brackets.length) return undefined;
  if (tokens.count > 0 && tokens.kind[tokens.count - 1] !== Tok.Newline) tokens.push(Tok.Newline, 0, n, n); // never after a stop
  const end = tokens.stoppedAt;
  for (let k = indents.length - 1; k > 0; k--) tokens.push(Tok.Dedent, 0, end, end);
  tokens.push(Tok.End, 0, end, end);
  return tokens;
}

/** Where the comment at `at` ends (a newline, or the end); -1 at a lone '\r', which lezer takes for a line break. */
export function commentEnd(text: string, at: number): number {
  const n = text.length;
  for (let j = at + 1; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === C.Newline) return j;
    if (c === C.Return) return text.charCodeAt(j + 1) === C.Newline ? j : -1;
  }
  return n;
}

/** Python 2 `print x` makes lezer read a print statement: only `print(`, `print.`, a bare `print` are plain names. */
function plainPrint(text: string, at: number): boolean {
  let j = at;
  while (text.charCodeAt(j) === C.Space || text.charCodeAt(j) === C.Tab) j++;
  const c = text.charCodeAt(j);
  return c === C.LParen || c === C.Dot || c === C.Newline || c === C.Return || c === C.Hash;
}

/** lezer's Number token from `at`; -1 when a letter, digit or dot follows it (`1.`, `1if`, `0b12`). */
function scanNumber(text: string, at: number): number {
  const n = text.length;
  let j = at;
  const digits = (k: number, ok: (c: number) => boolean): number => {
    while (k < n && (ok(text.charCodeAt(k)) || text.charCodeAt(k) === C.Underscore)) k++;
    return k;
  };
  const c0 = text.charCodeAt(j);
  const c1 = text.charCodeAt(j + 1) | 0x20;
  if (c0 === C.Zero && (c1 === 0x62 || c1 === 0x6f || c1 === 0x78)) {
    const ok =
      c1 === 0x62
        ? (c: number) => c === 48 || c === 49
        : c1 === 0x6f
          ? (c: number) => c >= 48 && c <= 55
          : (c: number) => isDigit(c) || ((c | 0x20) >= 97 && (c | 0x20) <= 102);
    const end = digits(j + 2, ok);
    if (end === j + 2) return -1;
    j = end;
  } else {
    if (c0 !== C.Dot) j = digits(j, isDigit);
    if (text.charCodeAt(j) === C.Dot) {
      if (!isDigit(text.charCodeAt(j + 1))) return -1;
      j = digits(j + 1, isDigit);
    }
    if ((text.charCodeAt(j) | 0x20) === 0x65) {
      let k = j + 1;
      if (text.charCodeAt(k) === C.Plus || text.charCodeAt(k) === C.Minus) k++;
      if (!isDigit(text.charCodeAt(k))) return -1;
      j = digits(k, isDigit);
    }
    if ((text.charCodeAt(j) | 0x20) === 0x6a) j++;
  }
  const next = text.charCodeAt(j);
  if (isWordChar(next) || next === C.Dot || next >= 128) return -1;
  return j;
}

const op = (code: Op, length: number) => (length << 8) | code;

/** (length << 8) | code of the operator at `at`, longest match first; 0 when there is none. */
function scanOperator(text: string, at: number, c: number): number {
  const c1 = text.charCodeAt(at + 1);
  const c2 = text.charCodeAt(at + 2);
  switch (c) {
    case C.Comma:
      return op(Op.Comma, 1);
    case C.Colon:
      return c1 === C.Equal ? op(Op.Walrus, 2) : op(Op.Colon, 1);
    case C.Dot:
      return c1 === C.Dot && c2 === C.Dot ? op(Op.Ellipsis, 3) : op(Op.Dot, 1);
    case C.Semicolon:
      return op(Op.Semicolon, 1);
    case C.At:
      return c1 === C.Equal ? op(Op.AugAssign, 2) : op(Op.At, 1);
    case C.Equal:
      return c1 === C.Equal ? op(Op.Equal, 2) : op(Op.Assign, 1);
    case C.Plus:
      return c1 === C.Equal ? op(Op.AugAssign, 2) : op(Op.Plus, 1);
    case C.Minus:
      return c1 === C.Equal ? op(Op.AugAssign, 2) : c1 === C.Greater ? op(Op.Arrow, 2) : op(Op.Minus, 1);
    case C.Star:
      if (c1 === C.Star) return c2 === C.Equal ? op(Op.AugAssign, 3) : op(Op.Power, 2);
      return c1 === C.Equal ? op(Op.AugAssign, 2) : op(Op.Star, 1);
    case C.Slash:
      if (c1 === C.Slash) return c2 === C.Equal ? op(Op.AugAssign, 3) : op(Op.FloorDiv, 2);
      return c1 === C.Equal ? op(Op.AugAssign, 2) : op(Op.Slash, 1);
    case C.Percent:
      return c1 === C.Equal ? op(Op.AugAssign, 2) : op(Op.Percent, 1);
    case C.Amp:
      return c1 === C.Equal ? op(Op.AugAssign, 2) : op(Op.Amp, 1);
    case C.Pipe:
      return c1 === C.Equal ? op(Op.AugAssign, 2) : op(Op.Pipe, 1);
    case C.Caret:
      return c1 === C.Equal ? op(Op.AugAssign, 2) : op(Op.Caret, 1);
    case C.Tilde:
      return op(Op.Tilde, 1);
    case C.Less:
      if (c1 === C.Less) return c2 === C.Equal ? op(Op.AugAssign, 3) : op(Op.ShiftLeft, 2);
      if (c1 === C.Equal) return op(Op.LessEqual, 2);
      return c1 === C.Greater ? op(Op.LessGreater, 2) : op(Op.Less, 1);
    case C.Greater:
      if (c1 === C.Greater) return c2 === C.Equal ? op(Op.AugAssign, 3) : op(Op.ShiftRight, 2);
      return c1 === C.Equal ? op(Op.GreaterEqual, 2) : op(Op.Greater, 1);
    case C.Bang:
      return c1 === C.Equal ? op(Op.NotEqual, 2) : 0;
    default:
      return 0;
  }
}
