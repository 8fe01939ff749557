// Expands a VS Code snippet body the way accepting every default does, for the tests that check
// what the snippets of snippets/alembic.json write (test/unit/snippets.test.ts, and the
// extension-host suite that compares it with what VS Code itself inserts). No `vscode`, no mocha.

/** Values for the VS Code snippet variables the bodies use; any other variable fails the test. */
const VARIABLES: Record<string, string> = {
  RANDOM_HEX: 'a1b2c3',
  CURRENT_YEAR: '2026',
  CURRENT_MONTH: '01',
  CURRENT_DATE: '31',
  CURRENT_HOUR: '12',
  CURRENT_MINUTE: '00',
  CURRENT_SECOND: '00',
};

/**
 * Expands a VS Code snippet (https://code.visualstudio.com/docs/editing/userdefinedsnippets#_snippet-syntax)
 * as accepting every default would: `${1:default}` gives its default (also where `$1` / `${1}`
 * mirrors it), a tabstop without default a plausible identifier (`name_1`), `$0` nothing, a choice
 * `${1|a,b|}` its first option, a variable its value in VARIABLES. `given` overrides tabstops.
 * Transforms and unknown variables throw: the tests must not pass over syntax they do not read.
 */
export function expandSnippet(body: string, given: Record<number, string> = {}): string {
  const defaults = new Map<number, string>(Object.entries(given).map(([k, v]) => [Number(k), v]));
  // Two passes: the first learns each tabstop's default (it may come after a mirror), the second writes.
  expandFrom(body, 0, defaults, '', true);
  return expandFrom(body, 0, defaults, '', false).text;
}

interface Expansion {
  text: string;
  end: number;
}

function expandFrom(body: string, start: number, defaults: Map<number, string>, stopAt: string, learning: boolean): Expansion {
  let text = '';
  let at = start;
  while (at < body.length) {
    const ch = body[at];
    if (stopAt.includes(ch)) return { text, end: at };
    if (ch === '\\' && at + 1 < body.length && '$}\\,|'.includes(body[at + 1])) {
      text += body[at + 1];
      at += 2;
      continue;
    }
    if (ch !== '$') {
      text += ch;
      at += 1;
      continue;
    }
    const simple = /^\$(\d+|[A-Z_][A-Z_0-9]*)/.exec(body.slice(at));
    if (simple) {
      text += valueOf(simple[1], undefined, defaults);
      at += simple[0].length;
      continue;
    }
    const open = /^\$\{(\d+|[A-Z_][A-Z_0-9]*)([:|/}])/.exec(body.slice(at));
    if (!open) throw new Error(`unreadable snippet syntax at ${JSON.stringify(body.slice(at, at + 20))}`);
    const [whole, name, kind] = open;
    at += whole.length;
    if (kind === '}') {
      text += valueOf(name, undefined, defaults);
    } else if (kind === ':') {
      const inner = expandFrom(body, at, defaults, '}', learning);
      at = inner.end + 1;
      if (learning && /^\d+$/.test(name) && !defaults.has(Number(name))) defaults.set(Number(name), inner.text);
      text += valueOf(name, inner.text, defaults);
    } else if (kind === '|') {
      const close = body.indexOf('|}', at);
      if (close === -1) throw new Error(`unterminated choice at ${at}`);
      const first = body.slice(at, close).split(',')[0];
      at = close + 2;
      if (learning && !defaults.has(Number(name))) defaults.set(Number(name), first);
      text += valueOf(name, first, defaults);
    } else {
      throw new Error(`transform \${${name}/…} not supported by this test: extend expandSnippet`);
    }
  }
  if (stopAt) throw new Error(`unterminated \${…} in snippet body`);
  return { text, end: at };
}

function valueOf(name: string, ownDefault: string | undefined, defaults: Map<number, string>): string {
  if (/^\d+$/.test(name)) {
    const index = Number(name);
    if (index === 0) return '';
    return defaults.get(index) ?? ownDefault ?? `name_${index}`;
  }
  const value = VARIABLES[name];
  if (value === undefined) throw new Error(`unknown snippet variable $${name}: VS Code would insert its name`);
  return value;
}
