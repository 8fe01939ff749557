// Evaluates Python string literal tokens (as the parser delimits them) to their values.

/** The value of one string token such as `'abc'`, `"""x"""`, `r'\d'`; undefined for bytes and f-strings. */
export function evaluateStringToken(token: string): string | undefined {
  let prefixLength = 0;
  while (prefixLength < 2 && prefixLength < token.length && 'rRuUbBfF'.includes(token[prefixLength])) prefixLength++;
  const prefix = token.slice(0, prefixLength).toLowerCase();
  if (prefix.includes('b') || prefix.includes('f')) return undefined;
  let body = token.slice(prefix.length);
  const quote = body.startsWith('"""') || body.startsWith("'''") ? body.slice(0, 3) : body.slice(0, 1);
  if (!body.endsWith(quote) || body.length < quote.length * 2) return undefined;
  body = body.slice(quote.length, body.length - quote.length);
  return prefix.includes('r') ? body : unescape(body);
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\n': '', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
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
