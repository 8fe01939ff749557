// Python string literals, in one place: which letters may prefix one, where one ends, and its value.
// The migration tokenizer (pythonTokens.ts), both migration readers (evaluateStringToken) and the
// Mako subset (mako.ts, whose `${…}` expressions are Python) all read strings through this module.

const enum Char {
  Newline = 10,
  Return = 13,
  DoubleQuote = 34,
  Quote = 39,
  Backslash = 92,
}

/** What a string prefix makes of a literal (flags; 0 for none or `u`). */
export const enum StringPrefix {
  None = 0,
  Raw = 1,
  Bytes = 2,
  Format = 4,
}

const isQuote = (c: number) => c === Char.Quote || c === Char.DoubleQuote;

/**
 * The prefix `text[from, to)` (the letters right before an opening quote): its StringPrefix flags,
 * or -1 when the letters are no prefix Python knows (`x'a'`: a name, then a string).
 */
export function readStringPrefix(text: string, from: number, to: number): number {
  if (to === from) return StringPrefix.None;
  if (to - from > 2) return -1;
  let flags = 0;
  for (let i = from; i < to; i++) {
    let flag: number;
    switch (text.charCodeAt(i) | 0x20) {
      case 0x72:
        flag = StringPrefix.Raw;
        break; // r
      case 0x62:
        flag = StringPrefix.Bytes;
        break; // b
      case 0x66:
        flag = StringPrefix.Format;
        break; // f
      case 0x75: // u: alone only
        if (to - from !== 1) return -1;
        flag = 0;
        break;
      default:
        return -1;
    }
    if (flags & flag) return -1; // `rr`
    flags |= flag;
  }
  return flags === (StringPrefix.Bytes | StringPrefix.Format) ? -1 : flags;
}

/**
 * End offset (just past the closing quote) of the string whose opening quote is at `at`; -1 when
 * it is unterminated — a short string running into a line break or the end, or a backslash before
 * a carriage return or at the very end. A backslash always skips the next character, in raw
 * strings too.
 */
export function scanString(text: string, at: number): number {
  const quote = text.charCodeAt(at);
  const n = text.length;
  if (text.charCodeAt(at + 1) === quote && text.charCodeAt(at + 2) === quote) {
    const close = quote === Char.Quote ? "'''" : '"""';
    let j = at + 3;
    for (;;) {
      const end = text.indexOf(close, j);
      if (end === -1) return -1;
      const backslash = text.indexOf('\\', j);
      if (backslash === -1 || backslash >= end) return end + 3;
      j = backslash + 2; // an escaped character
      if (j > n) return -1;
    }
  }
  for (let j = at + 1; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === quote) return j + 1;
    if (c === Char.Backslash) {
      const next = text.charCodeAt(j + 1);
      // lezer ends a short string at a newline without complaint; a backslash-CRLF splits it.
      if (next === Char.Return || Number.isNaN(next)) return -1;
      j++;
      continue;
    }
    if (c === Char.Newline || c === Char.Return) return -1;
  }
  return -1;
}

/**
 * The value of one string literal as a parser delimits it, prefix and quotes included (`'abc'`,
 * `"""x"""`, `r'\d'`, `U"é"`); undefined for bytes and f-strings, and when the quotes do not close.
 */
export function evaluateStringToken(token: string): string | undefined {
  let quoteAt = 0;
  while (quoteAt < 2 && quoteAt < token.length && !isQuote(token.charCodeAt(quoteAt))) quoteAt++;
  const prefix = readStringPrefix(token, 0, quoteAt);
  if (prefix === -1 || prefix & (StringPrefix.Bytes | StringPrefix.Format)) return undefined;
  const body = token.slice(quoteAt);
  const quote = body.startsWith('"""') || body.startsWith("'''") ? body.slice(0, 3) : body.slice(0, 1);
  if (!isQuote(quote.charCodeAt(0)) || !body.endsWith(quote) || body.length < quote.length * 2) return undefined;
  const inner = body.slice(quote.length, body.length - quote.length);
  return prefix & StringPrefix.Raw ? inner : unescape(inner);
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\n': '',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

function unescape(body: string): string {
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\' || i === body.length - 1) {
      out += ch;
      continue;
    }
    const next = body[++i];
    if (next in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[next];
    else if (next === 'x' || next === 'u' || next === 'U') {
      const width = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + width);
      if (/^[0-9a-fA-F]+$/.test(hex) && hex.length === width) {
        out += String.fromCodePoint(parseInt(hex, 16));
        i += width;
      } else out += '\\' + next;
    } else if (/[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(body.slice(i))![0];
      out += String.fromCodePoint(parseInt(octal, 8));
      i += octal.length - 1;
    } else out += '\\' + next;
  }
  return out;
}
