// The part of Mako that Alembic's script.py.mako templates use: `${expr}` and `${expr | filter,…}`
// substitutions, `% if` / `% elif` / `% else` / `% endif` control lines, `## comments`,
// `<%! … %>` and `<% … %>` blocks (skipped: we cannot run Python), `%%` escapes and a backslash
// before a newline. Expressions are names, string literals, repr()/str(), `not`, `and`, `or` and
// `a if cond else b`, evaluated with Python's truthiness and str(). Anything else throws
// MakoUnsupportedError, so a caller never writes a file rendered wrongly. String literals are
// Python's, read by pythonString.ts.
import { evaluateStringToken, readStringPrefix, scanString } from './pythonString';

/** A Python value as the templates see it: str, None, a tuple of str, or a bool. */
export type PyValue = string | null | readonly string[] | boolean;

export type MakoContext = Readonly<Record<string, PyValue>>;

export class MakoUnsupportedError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`script.py.mako line ${line}: ${message}`);
    this.name = 'MakoUnsupportedError';
  }
}

/** Python's repr() of a str: single quotes unless the text holds ' and no ". */
export function pyRepr(value: PyValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value !== 'string') return value.length === 1 ? `(${pyRepr(value[0])},)` : `(${value.map(pyRepr).join(', ')})`;
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of value) {
    if (char === quote || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (char < ' ' || char === '\x7f') out += `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return out + quote;
}

/** Python's str(). */
export function pyStr(value: PyValue): string {
  return typeof value === 'string' ? value : pyRepr(value);
}

function truthy(value: PyValue): boolean {
  if (value === null || value === false) return false;
  if (value === true) return true;
  return value.length > 0;
}

/** Alembic's `comma` (util.format_as_comma): None → '', a str → itself, a tuple → joined with ', '. */
function formatAsComma(value: PyValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') throw new Error(`Don't know how to comma-format ${pyRepr(value)}`);
  return value.join(', ');
}

// ---- expressions --------------------------------------------------------------------------------

type Token = { kind: 'name'; text: string } | { kind: 'string'; text: string } | { kind: 'punct'; text: string };

function tokenize(source: string, line: number): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i];
    if (/\s/.test(char)) {
      i++;
    } else if (/[A-Za-z_'"]/.test(char)) {
      // A name, or a string literal with its prefix letters (`r'…'`) if any.
      const name = /^[A-Za-z_]\w*/.exec(source.slice(i))?.[0] ?? '';
      const quoteAt = i + name.length;
      const quote = source[quoteAt];
      if ((quote === '"' || quote === "'") && readStringPrefix(source, i, quoteAt) !== -1) {
        const end = scanString(source, quoteAt);
        if (end < 0) throw new MakoUnsupportedError(`unterminated string in \`${source}\``, line);
        const text = evaluateStringToken(source.slice(i, end));
        if (text === undefined) throw new MakoUnsupportedError(`unsupported string in \`${source.trim()}\``, line);
        tokens.push({ kind: 'string', text });
        i = end;
      } else {
        tokens.push({ kind: 'name', text: name });
        i = quoteAt;
      }
    } else if ('(),'.includes(char)) {
      tokens.push({ kind: 'punct', text: char });
      i++;
    } else {
      throw new MakoUnsupportedError(`unsupported expression \`${source.trim()}\``, line);
    }
  }
  return tokens;
}

const FUNCTIONS: Record<string, (value: PyValue) => string> = { repr: pyRepr, str: pyStr };

/** Recursive descent over: ternary := or ['if' or 'else' ternary]; or := and ('or' and)*; and := not ('and' not)*; not := 'not' not | call. */
function evaluate(source: string, context: MakoContext, line: number): PyValue {
  const tokens = tokenize(source, line);
  let at = 0;
  const fail = (): never => {
    throw new MakoUnsupportedError(`unsupported expression \`${source.trim()}\``, line);
  };
  const peekName = (name: string) => tokens[at]?.kind === 'name' && tokens[at].text === name;
  const expectPunct = (text: string) => {
    if (tokens[at]?.kind !== 'punct' || tokens[at].text !== text) fail();
    at++;
  };
  const primary = (): PyValue => {
    const token = tokens[at++];
    if (!token) return fail();
    if (token.kind === 'string') return token.text;
    if (token.kind === 'punct') {
      if (token.text !== '(') return fail();
      const inner = ternary();
      expectPunct(')');
      return inner;
    }
    if (token.text === 'None') return null;
    if (token.text === 'True' || token.text === 'False') return token.text === 'True';
    if (tokens[at]?.kind === 'punct' && tokens[at].text === '(') {
      const fn = FUNCTIONS[token.text];
      if (!fn) return fail();
      at++;
      const argument = ternary();
      expectPunct(')');
      return fn(argument);
    }
    if (!Object.hasOwn(context, token.text)) throw new MakoUnsupportedError(`unknown name \`${token.text}\``, line);
    return context[token.text];
  };
  const negation = (): PyValue => {
    if (peekName('not')) {
      at++;
      return !truthy(negation());
    }
    return primary();
  };
  /** `operand (keyword operand)*`, Python's and/or: the deciding operand is the value. */
  const chain = (keyword: 'and' | 'or', operand: () => PyValue) => (): PyValue => {
    let value = operand();
    while (peekName(keyword)) {
      at++;
      const right = operand();
      if (truthy(value) === (keyword === 'and')) value = right;
    }
    return value;
  };
  const disjunction = chain('or', chain('and', negation));
  const ternary = (): PyValue => {
    const value = disjunction();
    if (!peekName('if')) return value;
    at++;
    const condition = disjunction();
    if (!peekName('else')) fail();
    at++;
    const otherwise = ternary();
    return truthy(condition) ? value : otherwise;
  };
  const result = ternary();
  if (at !== tokens.length) fail();
  return result;
}

/** `expr | f1, f2`: the filters Alembic's templates use. Mako applies its default str() first, unless `n` is listed. */
function substitute(body: string, context: MakoContext, line: number): string {
  const bar = findTopLevelBar(body);
  const expression = bar < 0 ? body : body.slice(0, bar);
  const filters =
    bar < 0
      ? []
      : body
          .slice(bar + 1)
          .split(',')
          .map((f) => f.trim())
          .filter(Boolean);
  let value: PyValue = evaluate(expression, context, line);
  if (!filters.includes('n')) value = pyStr(value);
  for (const filter of filters) {
    if (filter === 'n') continue;
    if (filter === 'comma') value = formatAsComma(value);
    else if (filter === 'trim') value = pyStr(value).trim();
    else if (filter === 'str') value = pyStr(value);
    else throw new MakoUnsupportedError(`unsupported filter \`${filter}\``, line);
  }
  return pyStr(value);
}

function findTopLevelBar(body: string): number {
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (char === '"' || char === "'") {
      const end = scanString(body, i);
      if (end < 0) return -1;
      i = end - 1;
    } else if (char === '|') return i;
  }
  return -1;
}

/** Rewrites each span of `text` that starts with `open`: `spanEnd` finds where it ends (just past it), `render` what it becomes. */
function rewriteSpans(text: string, open: string, spanEnd: (start: number) => number, render: (start: number, end: number) => string): string {
  let out = '';
  let i = 0;
  for (let start = text.indexOf(open); start >= 0; start = text.indexOf(open, i)) {
    out += text.slice(i, start);
    i = spanEnd(start);
    out += render(start, i);
  }
  return out + text.slice(i);
}

/** Replaces every `${…}` in one text line. */
function substituteLine(text: string, context: MakoContext, line: number): string {
  return rewriteSpans(
    text,
    '${',
    (start) => {
      const end = closingBrace(text, start + 2);
      if (end < 0) throw new MakoUnsupportedError('`${` without a closing `}`', line);
      return end + 1;
    },
    (start, end) => substitute(text.slice(start + 2, end - 1), context, line),
  );
}

function closingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const char = text[i];
    if (char === '"' || char === "'") {
      const end = scanString(text, i);
      if (end < 0) return -1;
      i = end - 1;
    } else if (char === '{') depth++;
    else if (char === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

// ---- the template -------------------------------------------------------------------------------

/** Removes `<%! … %>` and `<% … %>` blocks; their line breaks become \u0001 so line numbers stay right. */
function stripCodeBlocks(template: string): string {
  return rewriteSpans(
    template,
    '<%',
    (start) => {
      const line = template.slice(0, start).split('\n').length;
      const next = template[start + 2];
      if (next !== '!' && next !== undefined && !/\s/.test(next))
        throw new MakoUnsupportedError(`unsupported tag \`${template.slice(start, start + 12).split(/\s/)[0]}\``, line);
      const end = template.indexOf('%>', start + 2);
      if (end < 0) throw new MakoUnsupportedError('`<%` block without `%>`', line);
      return end + 2;
    },
    (start, end) => template.slice(start, end).replace(/[^\n]/g, '').replace(/\n/g, '\u0001'),
  );
}

interface Branch {
  /** Whether the enclosing text is rendered. */
  outer: boolean;
  /** Whether some branch of this if has been taken. */
  taken: boolean;
  /** Whether the current branch is rendered. */
  active: boolean;
}

const CONTROL = /^\s*%(?!%)\s*(\w+)?(.*?)\s*$/;

/** Renders a script.py.mako with the values Alembic passes (up_revision, down_revision, …). */
export function renderMako(template: string, context: MakoContext): string {
  // A code block's line breaks become \u0001 so they count for line numbers but do not print.
  const lines = stripCodeBlocks(template.replace(/\r\n/g, '\n')).split('\n');
  const stack: Branch[] = [];
  const active = () => stack.length === 0 || stack[stack.length - 1].active;
  let out = '';
  let lineNumber = 1;
  for (const [index, raw] of lines.entries()) {
    const line = lineNumber;
    const pieces = raw.split('\u0001');
    lineNumber += pieces.length;
    const text = pieces.join('');
    const newline = index < lines.length - 1 ? '\n' : '';
    if (/^\s*##/.test(text)) continue;
    const control = /^\s*%%/.test(text) ? null : CONTROL.exec(text);
    if (control) {
      const [, keyword, rest] = control;
      const condition = () => {
        const expression = rest.replace(/:\s*$/, '');
        return truthy(evaluate(expression, context, line));
      };
      if (keyword === 'if') {
        const outer = active();
        const taken = outer && condition();
        stack.push({ outer, taken, active: taken });
      } else if (keyword === 'elif' || keyword === 'else') {
        const top = stack[stack.length - 1];
        if (!top) throw new MakoUnsupportedError(`% ${keyword} without % if`, line);
        const take = top.outer && !top.taken && (keyword === 'else' || condition());
        top.active = take;
        top.taken ||= take;
      } else if (keyword === 'endif') {
        if (!stack.pop()) throw new MakoUnsupportedError('% endif without % if', line);
      } else {
        throw new MakoUnsupportedError(`unsupported control line \`${text.trim()}\``, line);
      }
      continue;
    }
    if (!active()) continue;
    const body = text.replace(/^(\s*)%%/, '$1%');
    if (body.endsWith('\\') && newline) out += substituteLine(body.slice(0, -1), context, line);
    else out += substituteLine(body, context, line) + newline;
  }
  if (stack.length) throw new MakoUnsupportedError('% if without % endif', lineNumber - 1);
  return out;
}

/** Alembic's own `generic` template, for projects without a script.py.mako. */
export const GENERIC_SCRIPT_TEMPLATE = `"""\${message}

Revision ID: \${up_revision}
Revises: \${down_revision | comma,n}
Create Date: \${create_date}

"""
from alembic import op
import sqlalchemy as sa
\${imports if imports else ""}

# revision identifiers, used by Alembic.
revision = \${repr(up_revision)}
down_revision = \${repr(down_revision)}
branch_labels = \${repr(branch_labels)}
depends_on = \${repr(depends_on)}


def upgrade() -> None:
    \${upgrades if upgrades else "pass"}


def downgrade() -> None:
    \${downgrades if downgrades else "pass"}
`;
