// The part of Mako that Alembic's script.py.mako templates use (generic, async, pyproject and
// multidb): `${expr}` and `${expr | filter,…}` substitutions, `% if` / `% elif` / `% else` /
// `% endif` and `% for NAME in expr:` / `% endfor` control lines, `## comments`, `<%! import re %>`
// module blocks, `<% name = expr %>` assignment blocks, `%%` escapes and a backslash before a
// newline. Expressions are names, string literals, repr()/str(), `not`, `and`, `or`,
// `a if cond else b`, `'%s…' % value`, and the calls the templates make: `config.get_main_option(…)`
// (when the caller gives the config's main options), `context.get(key, default)` and
// `re.split(pattern, text)`. Values follow Python's truthiness and str(). Anything else throws
// MakoUnsupportedError, so a caller never writes a file rendered wrongly. String literals are
// Python's, read by pythonString.ts.
import { evaluateStringToken, readStringPrefix, scanString } from './pythonString';

/** A Python value as the templates see it: str, None, a tuple of str, or a bool. */
export type PyValue = string | null | readonly string[] | boolean;

export type MakoContext = Readonly<Record<string, PyValue>>;

export interface MakoOptions {
  /**
   * `config.get_main_option(name)`: the `[alembic]` value of the project's config (interpolated as
   * configparser does), undefined when absent. Without it, a template that uses `config` is refused.
   */
  mainOption?(name: string): string | undefined;
}

export class MakoUnsupportedError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`script.py.mako line ${line}: ${message}`);
    this.name = 'MakoUnsupportedError';
  }
}

/** A Python list of str (what re.split returns). */
interface PyList {
  kind: 'list';
  items: readonly string[];
}
/** An object whose methods the templates call (`config`, `context`, the `re` module). */
interface PyObject {
  kind: 'object';
  name: string;
  methods: Readonly<Record<string, (args: Value[], line: number) => Value>>;
}
/** Mako's UNDEFINED: a name the template was not given. False in a condition; printing it is an error. */
interface PyUndefined {
  kind: 'undefined';
  name: string;
}
type Value = PyValue | PyList | PyObject | PyUndefined;

const isSpecial = (value: Value): value is PyList | PyObject | PyUndefined => value !== null && typeof value === 'object' && !Array.isArray(value);

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

function reprOf(value: Value, line: number): string {
  if (!isSpecial(value)) return pyRepr(value);
  if (value.kind === 'list') return `[${value.items.map((item) => pyRepr(item)).join(', ')}]`;
  if (value.kind === 'undefined') throw new MakoUnsupportedError(`unknown name \`${value.name}\``, line);
  throw new MakoUnsupportedError(`cannot print the object \`${value.name}\``, line);
}

function strOf(value: Value, line: number): string {
  return typeof value === 'string' ? value : reprOf(value, line);
}

function truthy(value: Value): boolean {
  if (value === null || value === false) return false;
  if (value === true) return true;
  if (isSpecial(value)) return value.kind === 'object' || (value.kind === 'list' && value.items.length > 0);
  return value.length > 0;
}

/** Alembic's `comma` (util.format_as_comma): None → '', a str → itself, a tuple → joined with ', '. */
function formatAsComma(value: Value, line: number): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.join(', ');
  if (isSpecial(value) && value.kind === 'list') return value.items.join(', ');
  throw new MakoUnsupportedError(`Don't know how to comma-format ${strOf(value, line)}`, line);
}

/** `'%s_upgrades' % name`: printf-style formatting with %s, %r and %%. */
function percentFormat(format: Value, argument: Value, line: number): string {
  if (typeof format !== 'string') throw new MakoUnsupportedError('`%` is only supported on a string', line);
  const args: Value[] = Array.isArray(argument) ? [...(argument as readonly string[])] : [argument];
  let used = 0;
  const out = format.replace(/%(.)/gs, (_match, spec: string) => {
    if (spec === '%') return '%';
    if (spec !== 's' && spec !== 'r') throw new MakoUnsupportedError(`unsupported format \`%${spec}\``, line);
    if (used >= args.length) throw new MakoUnsupportedError('not enough arguments for format string', line);
    const value = args[used++];
    return spec === 's' ? strOf(value, line) : reprOf(value, line);
  });
  if (used !== args.length) throw new MakoUnsupportedError('not all arguments converted during string formatting', line);
  return out;
}

/** A pattern whose meaning is the same for Python's `re` and JavaScript: literals, classes, \s \d \w, quantifiers, alternation; no groups. */
const PORTABLE_PATTERN = /^(?:[^\\()[\]{}^$.*+?|]|\\[sSdDwW\\.,;:|*+?()[\]{}-]|\[(?:[^\]\\]|\\[sdw\\\]-])+\]|[.*+?|]|\{\d+(?:,\d*)?\})*$/;

function reSplit(args: Value[], line: number): Value {
  const [pattern, text, maxsplit] = args;
  if (typeof pattern !== 'string' || typeof text !== 'string' || maxsplit !== undefined || args.length !== 2)
    throw new MakoUnsupportedError('re.split(pattern, text) needs two strings', line);
  if (!PORTABLE_PATTERN.test(pattern)) throw new MakoUnsupportedError(`unsupported regular expression \`${pattern}\``, line);
  return { kind: 'list', items: text.split(new RegExp(pattern, 'u')) };
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
    } else if ('(),.%'.includes(char)) {
      tokens.push({ kind: 'punct', text: char });
      i++;
    } else {
      throw new MakoUnsupportedError(`unsupported expression \`${source.trim()}\``, line);
    }
  }
  return tokens;
}

/** What a name resolves to: the template's locals, then the render context, then the builtins (config, context, imported modules). */
interface Scope {
  lookup(name: string): Value | undefined;
}

const FUNCTIONS: Record<string, (value: Value, line: number) => string> = { repr: reprOf, str: strOf };

/**
 * Recursive descent over: ternary := or ['if' or 'else' ternary]; or := and ('or' and)*;
 * and := not ('and' not)*; not := 'not' not | modulo; modulo := postfix ('%' postfix)*;
 * postfix := primary ('.' NAME '(' args ')')*.
 */
function evaluate(source: string, scope: Scope, line: number): Value {
  const tokens = tokenize(source, line);
  let at = 0;
  const fail = (): never => {
    throw new MakoUnsupportedError(`unsupported expression \`${source.trim()}\``, line);
  };
  const peekName = (name: string) => tokens[at]?.kind === 'name' && tokens[at].text === name;
  const peekPunct = (text: string) => tokens[at]?.kind === 'punct' && tokens[at].text === text;
  const expectPunct = (text: string) => {
    if (!peekPunct(text)) fail();
    at++;
  };
  const argumentList = (): Value[] => {
    expectPunct('(');
    const args: Value[] = [];
    while (!peekPunct(')')) {
      args.push(ternary());
      if (!peekPunct(',')) break;
      at++;
    }
    expectPunct(')');
    return args;
  };
  const primary = (): Value => {
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
    if (peekPunct('(')) {
      const fn = FUNCTIONS[token.text];
      if (!fn) return fail();
      const args = argumentList();
      if (args.length !== 1) fail();
      return fn(args[0], line);
    }
    const value = scope.lookup(token.text);
    return value === undefined ? { kind: 'undefined', name: token.text } : value;
  };
  const postfix = (): Value => {
    let value = primary();
    while (peekPunct('.')) {
      at++;
      const member = tokens[at++];
      if (isSpecial(value) && value.kind === 'undefined') throw new MakoUnsupportedError(`unknown name \`${value.name}\``, line);
      if (member?.kind !== 'name' || !peekPunct('(') || !isSpecial(value) || value.kind !== 'object') return fail();
      const method = value.methods[member.text];
      if (!method) throw new MakoUnsupportedError(`unsupported call \`${value.name}.${member.text}()\``, line);
      value = method(argumentList(), line);
    }
    return value;
  };
  const modulo = (): Value => {
    let value = postfix();
    while (peekPunct('%')) {
      at++;
      value = percentFormat(value, postfix(), line);
    }
    return value;
  };
  const negation = (): Value => {
    if (peekName('not')) {
      at++;
      return !truthy(negation());
    }
    return modulo();
  };
  /** `operand (keyword operand)*`, Python's and/or: the deciding operand is the value. */
  const chain = (keyword: 'and' | 'or', operand: () => Value) => (): Value => {
    let value = operand();
    while (peekName(keyword)) {
      at++;
      const right = operand();
      if (truthy(value) === (keyword === 'and')) value = right;
    }
    return value;
  };
  const disjunction = chain('or', chain('and', negation));
  const ternary = (): Value => {
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
function substitute(body: string, scope: Scope, line: number): string {
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
  let value: Value = evaluate(expression, scope, line);
  if (!filters.includes('n')) value = strOf(value, line);
  for (const filter of filters) {
    if (filter === 'n') continue;
    if (filter === 'comma') value = formatAsComma(value, line);
    else if (filter === 'trim') value = strOf(value, line).trim();
    else if (filter === 'str') value = strOf(value, line);
    else throw new MakoUnsupportedError(`unsupported filter \`${filter}\``, line);
  }
  return strOf(value, line);
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

/** Replaces every `${…}` in one piece of a text line. */
function substituteText(text: string, scope: Scope, line: number): string {
  return rewriteSpans(
    text,
    '${',
    (start) => {
      const end = closingBrace(text, start + 2);
      if (end < 0) throw new MakoUnsupportedError('`${` without a closing `}`', line);
      return end + 1;
    },
    (start, end) => substitute(text.slice(start + 2, end - 1), scope, line),
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

// ---- code blocks --------------------------------------------------------------------------------

interface CodeBlock {
  /** `<%! … %>`: module level, run before the template (imports). */
  module: boolean;
  source: string;
  line: number;
}

/** Marks a code block's place in a text line: \u0002index\u0003. */
// eslint-disable-next-line no-control-regex -- the marks are control characters on purpose: they cannot occur in a template
const CODE_MARK = /\u0002(\d+)\u0003/;

/**
 * Replaces `<%! … %>` and `<% … %>` blocks by a mark (\u0002index\u0003) and keeps their sources;
 * their line breaks become \u0001 so that line numbers stay right.
 */
function extractCodeBlocks(template: string, blocks: CodeBlock[]): string {
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
    (start, end) => {
      const line = template.slice(0, start).split('\n').length;
      const module = template[start + 2] === '!';
      blocks.push({ module, source: template.slice(start + (module ? 3 : 2), end - 2), line });
      return `\u0002${blocks.length - 1}\u0003` + template.slice(start, end).replace(/[^\n]/g, '').replace(/\n/g, '\u0001');
    },
  );
}

/** The statements of a block, one per line, with the block's line numbers. */
function statements(block: CodeBlock): { text: string; line: number }[] {
  return block.source
    .split('\n')
    .map((text, index) => ({ text: text.trim(), line: block.line + index }))
    .filter((statement) => statement.text !== '' && !statement.text.startsWith('#'));
}

const IMPORT = /^import\s+(re)$/;
const ASSIGNMENT = /^([A-Za-z_]\w*)\s*=(?!=)\s*(.+)$/;

// ---- the template -------------------------------------------------------------------------------

type Node =
  | { kind: 'text'; text: string; line: number; newline: boolean }
  | { kind: 'if'; branches: { condition?: string; line: number; body: Node[] }[] }
  | { kind: 'for'; variable: string; iterable: string; line: number; body: Node[] };

const CONTROL = /^\s*%(?!%)\s*(\w+)?(.*?)\s*$/;
const FOR_HEADER = /^([A-Za-z_]\w*)\s+in\s+(.+?):?$/;

/** The template's lines as a tree of text lines, ifs and fors. */
function parseTemplate(text: string): Node[] {
  const root: Node[] = [];
  const open: { node: Extract<Node, { kind: 'if' | 'for' }>; body: Node[]; line: number }[] = [];
  const body = () => (open.length ? open[open.length - 1].body : root);
  const lines = text.split('\n');
  let lineNumber = 1;
  for (const [index, raw] of lines.entries()) {
    const line = lineNumber;
    const pieces = raw.split('\u0001');
    lineNumber += pieces.length;
    const lineText = pieces.join('');
    if (/^\s*##/.test(lineText)) continue;
    const control = /^\s*%%/.test(lineText) ? null : CONTROL.exec(lineText);
    if (!control) {
      body().push({ kind: 'text', text: lineText, line, newline: index < lines.length - 1 });
      continue;
    }
    const [, keyword, rest] = control;
    const top = open[open.length - 1];
    const expression = rest.replace(/:\s*$/, '').trim();
    if (keyword === 'if') {
      const node: Node = { kind: 'if', branches: [{ condition: expression, line, body: [] }] };
      body().push(node);
      open.push({ node, body: node.branches[0].body, line });
    } else if (keyword === 'elif' || keyword === 'else') {
      if (top?.node.kind !== 'if') throw new MakoUnsupportedError(`% ${keyword} without % if`, line);
      const branch = { condition: keyword === 'elif' ? expression : undefined, line, body: [] };
      top.node.branches.push(branch);
      top.body = branch.body;
    } else if (keyword === 'endif' || keyword === 'endfor') {
      if (top?.node.kind !== keyword.slice(3)) throw new MakoUnsupportedError(`% ${keyword} without % ${keyword.slice(3)}`, line);
      open.pop();
    } else if (keyword === 'for') {
      const header = FOR_HEADER.exec(rest.trim());
      if (!header) throw new MakoUnsupportedError(`unsupported control line \`${lineText.trim()}\``, line);
      const node: Node = { kind: 'for', variable: header[1], iterable: header[2], line, body: [] };
      body().push(node);
      open.push({ node, body: node.body, line });
    } else {
      throw new MakoUnsupportedError(`unsupported control line \`${lineText.trim()}\``, line);
    }
  }
  const unclosed = open[open.length - 1];
  if (unclosed) throw new MakoUnsupportedError(`% ${unclosed.node.kind} without % end${unclosed.node.kind}`, lineNumber - 1);
  return root;
}

function iterate(value: Value, line: number): readonly string[] {
  if (isSpecial(value) && value.kind === 'undefined') throw new MakoUnsupportedError(`unknown name \`${value.name}\``, line);
  if (typeof value === 'string') return [...value];
  if (Array.isArray(value)) return value as readonly string[];
  if (isSpecial(value) && value.kind === 'list') return value.items;
  throw new MakoUnsupportedError(`cannot iterate over ${value === null ? 'None' : strOf(value, line)}`, line);
}

/** Renders a script.py.mako with the values Alembic passes (up_revision, down_revision, …). */
export function renderMako(template: string, context: MakoContext, options: MakoOptions = {}): string {
  const blocks: CodeBlock[] = [];
  const nodes = parseTemplate(extractCodeBlocks(template.replace(/\r\n/g, '\n'), blocks));
  const locals = new Map<string, Value>();
  const modules = new Map<string, Value>();
  const re: PyObject = { kind: 'object', name: 're', methods: { split: reSplit } };
  // Module blocks run first, wherever they are (Mako hoists them): only imports are understood.
  for (const block of blocks.filter((b) => b.module)) {
    for (const statement of statements(block)) {
      const imported = IMPORT.exec(statement.text);
      if (!imported) throw new MakoUnsupportedError(`unsupported module-level code \`${statement.text}\``, statement.line);
      modules.set(imported[1], re);
    }
  }
  const contextObject: PyObject = {
    kind: 'object',
    name: 'context',
    methods: {
      get: ([key, fallback = null, ...extra], line) => {
        if (typeof key !== 'string' || extra.length) throw new MakoUnsupportedError('context.get(key, default) needs a str key', line);
        return Object.hasOwn(context, key) ? context[key] : fallback;
      },
    },
  };
  const mainOption = options.mainOption;
  const config: PyObject | undefined = mainOption && {
    kind: 'object',
    name: 'config',
    methods: {
      get_main_option: ([name, fallback = null, ...extra], line) => {
        if (typeof name !== 'string' || extra.length) throw new MakoUnsupportedError('config.get_main_option(name, default) needs a str name', line);
        return mainOption(name) ?? fallback;
      },
    },
  };
  const scope: Scope = {
    lookup: (name) => {
      if (locals.has(name)) return locals.get(name);
      if (Object.hasOwn(context, name)) return context[name];
      if (modules.has(name)) return modules.get(name);
      if (name === 'context') return contextObject;
      if (name === 'config') return config;
      return undefined;
    },
  };
  const runBlock = (block: CodeBlock) => {
    if (block.module) return;
    for (const statement of statements(block)) {
      const assignment = ASSIGNMENT.exec(statement.text);
      if (!assignment) throw new MakoUnsupportedError(`unsupported code \`${statement.text}\``, statement.line);
      locals.set(assignment[1], evaluate(assignment[2], scope, statement.line));
    }
  };
  let out = '';
  const renderText = (node: Extract<Node, { kind: 'text' }>) => {
    const body = node.text.replace(/^(\s*)%%/, '$1%');
    const continued = body.endsWith('\\') && node.newline;
    const pieces = (continued ? body.slice(0, -1) : body).split(CODE_MARK);
    // split() with one capture group: text, block index, text, block index, …, text.
    pieces.forEach((piece, i) => {
      if (i % 2 === 1) runBlock(blocks[Number(piece)]);
      else out += substituteText(piece, scope, node.line);
    });
    if (!continued && node.newline) out += '\n';
  };
  const render = (list: readonly Node[]) => {
    for (const node of list) {
      if (node.kind === 'text') renderText(node);
      else if (node.kind === 'if') {
        const taken = node.branches.find((branch) => branch.condition === undefined || truthy(evaluate(branch.condition, scope, branch.line)));
        if (taken) render(taken.body);
      } else {
        for (const item of iterate(evaluate(node.iterable, scope, node.line), node.line)) {
          locals.set(node.variable, item);
          render(node.body);
        }
      }
    }
  };
  render(nodes);
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
