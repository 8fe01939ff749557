// Reads Python statements and expressions from a token stream (pythonTokens.ts): the module-level
// assignments and the bodies of upgrade()/downgrade(), as far as the operation extractor needs them.
// Expressions it understands — literals, dotted names, calls with positional and keyword arguments,
// lists, tuples, dicts, attribute access — become Values; anything else (arithmetic, subscripts,
// comprehensions, lambdas...) becomes an opaque Value holding its source text. It never throws on
// valid token streams and never builds a lezer tree: it costs a walk over the tokens.
import { Kw, Op, Tok, type Tokens } from '../pythonTokens';
import { evaluateStringToken } from '../pythonString';
import type { Value } from './model';

/** A parsed value (offsets of statement-level values are on the statement). */
export type Parsed = Value;

export type Statement =
  | { k: 'expr'; value: Parsed; from: number; to: number }
  | { k: 'assign'; name?: string; value: Parsed; valueFrom: number; valueTo: number; from: number; to: number }
  | { k: 'with'; items: { value: Parsed; as?: string }[]; body: Statement[]; from: number; to: number }
  | { k: 'compound'; keyword: string; body: Statement[]; from: number; to: number }
  | { k: 'raise'; value?: Parsed; from: number; to: number }
  | { k: 'pass' | 'docstring' | 'other'; from: number; to: number };

export interface ModuleBodies {
  /** Module-level `NAME = value` assignments, in order. */
  assignments: { name: string; value: Parsed }[];
  functions: Partial<Record<'upgrade' | 'downgrade', { body: Statement[]; from: number; to: number }>>;
}

const OPENING = new Set<number>([Op.LParen, Op.LBracket, Op.LBrace]);

export class PythonBodyReader {
  private readonly kind: readonly Tok[];
  private readonly value: readonly number[];
  private readonly start: readonly number[];
  private readonly end: readonly number[];

  /** Opening bracket token → its closing token (the tokenizer guarantees they balance). */
  private readonly match: Int32Array;

  constructor(
    private readonly text: string,
    tokens: Tokens,
  ) {
    this.kind = tokens.kind;
    this.value = tokens.value;
    this.start = tokens.start;
    this.end = tokens.end;
    this.match = new Int32Array(tokens.count);
    const stack: number[] = [];
    for (let i = 0; i < tokens.count; i++) {
      if (this.kind[i] !== Tok.Op) continue;
      const op = this.value[i];
      if (op === Op.LParen || op === Op.LBracket || op === Op.LBrace) stack.push(i);
      else if (op === Op.RParen || op === Op.RBracket || op === Op.RBrace) {
        const open = stack.pop();
        if (open !== undefined) this.match[open] = i;
      }
    }
    for (const open of stack) this.match[open] = tokens.count - 1;
  }

  /** The module's top-level assignments and the bodies of its top-level upgrade()/downgrade(). */
  readModule(count: number): ModuleBodies {
    const out: ModuleBodies = { assignments: [], functions: {} };
    let q = 0;
    while (q < count && this.kind[q] !== Tok.End) {
      const k = this.kind[q];
      if (k === Tok.Newline || k === Tok.Indent || k === Tok.Dedent) {
        q++;
        continue;
      }
      if (k === Tok.Name && this.value[q] === Kw.Def) {
        const name = this.nameAt(q + 1);
        const colon = this.headerColon(q);
        const { body, next } = this.suite(colon + 1);
        if ((name === 'upgrade' || name === 'downgrade') && !out.functions[name]) {
          out.functions[name] = { body, from: this.start[q], to: this.end[Math.max(q, next - 1)] };
        } else if (name === 'upgrade' || name === 'downgrade') {
          out.functions[name] = { body, from: this.start[q], to: this.end[Math.max(q, next - 1)] }; // Python keeps the last
        }
        q = next;
        continue;
      }
      const statement = this.statement(q);
      if (statement.stmt.k === 'assign' && statement.stmt.name) out.assignments.push({ name: statement.stmt.name, value: statement.stmt.value });
      q = statement.next;
    }
    return out;
  }

  private nameAt(q: number): string | undefined {
    return this.kind[q] === Tok.Name ? this.text.slice(this.start[q], this.end[q]) : undefined;
  }

  private isOp(q: number, op: Op): boolean {
    return this.kind[q] === Tok.Op && this.value[q] === op;
  }

  /** The index of the matching closing bracket of the opening one at `q` (precomputed: one pass per file). */
  private closing(q: number): number {
    return this.match[q];
  }

  /** The colon ending a compound statement's header starting at `q` (lambdas' colons skipped). */
  private headerColon(q: number): number {
    let lambdas = 0;
    for (let i = q; ; i++) {
      const k = this.kind[i];
      if (k === Tok.End || k === Tok.Newline || k === undefined) return i - 1;
      if (k === Tok.Name && this.value[i] === Kw.Lambda) lambdas++;
      if (k !== Tok.Op) continue;
      if (OPENING.has(this.value[i])) i = this.closing(i);
      else if (this.value[i] === Op.Colon) {
        if (lambdas > 0) lambdas--;
        else return i;
      }
    }
  }

  /** The block after a header's colon at `q - 1`: an indented block, or simple statements on the same line. */
  private suite(q: number): { body: Statement[]; next: number } {
    const body: Statement[] = [];
    if (this.kind[q] === Tok.Newline && this.kind[q + 1] === Tok.Indent) {
      let i = q + 2;
      while (this.kind[i] !== Tok.Dedent && this.kind[i] !== Tok.End && this.kind[i] !== undefined) {
        if (this.kind[i] === Tok.Newline) {
          i++;
          continue;
        }
        const s = this.statement(i);
        body.push(s.stmt);
        i = s.next;
      }
      return { body, next: this.kind[i] === Tok.Dedent ? i + 1 : i };
    }
    // `if x: a; b` on one line
    let i = q;
    while (this.kind[i] !== Tok.Newline && this.kind[i] !== Tok.End && this.kind[i] !== undefined) {
      const s = this.simple(i);
      body.push(s.stmt);
      i = s.next;
      if (this.isOp(i, Op.Semicolon)) i++;
    }
    return { body, next: this.kind[i] === Tok.Newline ? i + 1 : i };
  }

  /** One statement starting at `q` (simple or compound); `next` is the first token after it. */
  private statement(q: number): { stmt: Statement; next: number } {
    const k = this.kind[q];
    if (k === Tok.Op && this.value[q] === Op.At) {
      // a decorator line: skip it, the decorated statement follows
      let i = q;
      while (this.kind[i] !== Tok.Newline && this.kind[i] !== Tok.End) i++;
      return { stmt: { k: 'other', from: this.start[q], to: this.end[i] }, next: i + 1 };
    }
    if (k === Tok.Name) {
      const kw = this.value[q];
      const word = kw === Kw.Soft ? '' : this.nameAt(q)!;
      if (kw === Kw.With || (kw === Kw.Async && this.value[q + 1] === Kw.With)) return this.withStatement(kw === Kw.Async ? q + 1 : q, q);
      if (
        kw === Kw.If ||
        kw === Kw.For ||
        kw === Kw.While ||
        kw === Kw.Try ||
        kw === Kw.Else ||
        kw === Kw.Elif ||
        kw === Kw.Except ||
        kw === Kw.Finally ||
        kw === Kw.Def ||
        kw === Kw.Class ||
        kw === Kw.Async
      ) {
        const colon = this.headerColon(q);
        const { body, next } = this.suite(colon + 1);
        return { stmt: { k: 'compound', keyword: word, body, from: this.start[q], to: this.end[Math.max(q, next - 1)] }, next };
      }
    }
    const s = this.simple(q);
    let next = s.next;
    if (this.isOp(next, Op.Semicolon)) {
      // several statements on one line: keep the first, mark the rest as other code
      while (this.kind[next] !== Tok.Newline && this.kind[next] !== Tok.End) next++;
      return { stmt: { k: 'other', from: s.stmt.from, to: this.end[next - 1] }, next: next + 1 };
    }
    if (this.kind[next] === Tok.Newline) next++;
    return { stmt: s.stmt, next };
  }

  private withStatement(q: number, from: number): { stmt: Statement; next: number } {
    const colon = this.headerColon(q);
    const items: { value: Parsed; as?: string }[] = [];
    let i = q + 1;
    let to = colon;
    // `with (a as b, c):` — parenthesized items
    if (this.isOp(i, Op.LParen) && this.closing(i) === colon - 1) {
      const inner = this.splitTopLevel(i + 1, colon - 1);
      let parenthesized = false;
      for (let k = 0; k < inner.length && !parenthesized; k += 2)
        parenthesized = this.findTopLevel(inner[k], inner[k + 1], (t) => this.kind[t] === Tok.Name && this.value[t] === Kw.As) >= 0;
      if (parenthesized) {
        i = i + 1;
        to = colon - 1;
      }
    }
    const parts = this.splitTopLevel(i, to);
    for (let k = 0; k < parts.length; k += 2) {
      const a = parts[k];
      const b = parts[k + 1];
      const asAt = this.findTopLevel(a, b, (t) => this.kind[t] === Tok.Name && this.value[t] === Kw.As);
      const value = this.expression(a, asAt >= 0 ? asAt : b);
      items.push({ value, as: asAt >= 0 && asAt + 2 === b ? this.nameAt(asAt + 1) : undefined });
    }
    const { body, next } = this.suite(colon + 1);
    return { stmt: { k: 'with', items, body, from: this.start[from], to: this.end[Math.max(from, next - 1)] }, next };
  }

  /** A simple statement from `q` to its NEWLINE or `;` (not consumed). */
  private simple(q: number): { stmt: Statement; next: number } {
    let end = q;
    while (this.kind[end] !== Tok.Newline && this.kind[end] !== Tok.End && this.kind[end] !== undefined && !this.isOp(end, Op.Semicolon)) {
      if (this.kind[end] === Tok.Op && OPENING.has(this.value[end])) end = this.closing(end);
      end++;
    }
    const from = this.start[q];
    const to = this.end[end - 1] ?? from;
    const kw = this.kind[q] === Tok.Name ? this.value[q] : Kw.None;
    if (kw === Kw.Pass && end === q + 1) return { stmt: { k: 'pass', from, to }, next: end };
    if (kw === Kw.Raise) {
      return { stmt: { k: 'raise', value: end > q + 1 ? this.expression(q + 1, this.fromOrEnd(q + 1, end)) : undefined, from, to }, next: end };
    }
    if (this.kind[q] === Tok.String && this.allStrings(q, end)) return { stmt: { k: 'docstring', from, to }, next: end };
    if (kw !== Kw.None && kw !== Kw.Soft && kw !== Kw.Await && kw !== Kw.NoneValue && kw !== Kw.True && kw !== Kw.False && kw !== Kw.Not && kw !== Kw.Lambda) {
      return { stmt: { k: 'other', from, to }, next: end };
    }
    // `NAME = value` / `NAME: T = value`
    const assign = this.findTopLevel(q, end, (t) => this.isOp(t, Op.Assign));
    if (assign >= 0) {
      const second = this.findTopLevel(assign + 1, end, (t) => this.isOp(t, Op.Assign));
      const value = this.expression(assign + 1, second >= 0 ? second : end);
      const simpleTarget = this.kind[q] === Tok.Name && (assign === q + 1 || this.isOp(q + 1, Op.Colon)) && second < 0;
      const valueEnd = second >= 0 ? second : end;
      return {
        stmt: {
          k: 'assign',
          name: simpleTarget ? this.nameAt(q) : undefined,
          value,
          valueFrom: this.start[assign + 1] ?? to,
          valueTo: this.end[valueEnd - 1] ?? to,
          from,
          to,
        },
        next: end,
      };
    }
    if (this.findTopLevel(q, end, (t) => this.kind[t] === Tok.Op && this.value[t] === Op.AugAssign) >= 0) return { stmt: { k: 'other', from, to }, next: end };
    return { stmt: { k: 'expr', value: this.expression(q, end), from, to }, next: end };
  }

  /** `raise X from Y`: the end of X. */
  private fromOrEnd(q: number, end: number): number {
    const at = this.findTopLevel(q, end, (t) => this.kind[t] === Tok.Name && this.value[t] === Kw.From);
    return at >= 0 ? at : end;
  }

  private allStrings(from: number, to: number): boolean {
    for (let q = from; q < to; q++) if (this.kind[q] !== Tok.String) return false;
    return to > from;
  }

  /** First token in [from, to) outside brackets satisfying `test`; -1 when none. */
  private findTopLevel(from: number, to: number, test: (q: number) => boolean): number {
    for (let q = from; q < to; q++) {
      if (test(q)) return q;
      if (this.kind[q] === Tok.Op && OPENING.has(this.value[q])) q = this.closing(q);
    }
    return -1;
  }

  /**
   * The comma-separated items of [from, to) at bracket depth 0 as [start, end) ranges, flat:
   * [from0, to0, from1, to1, …] (a trailing comma adds nothing; no pair arrays: this runs for every
   * call's arguments, 5,000 files at a time).
   */
  private splitTopLevel(from: number, to: number): number[] {
    const out: number[] = [];
    let itemStart = from;
    for (let q = from; q < to; q++) {
      if (this.kind[q] === Tok.Op && OPENING.has(this.value[q])) {
        q = this.closing(q);
        continue;
      }
      if (this.isOp(q, Op.Comma)) {
        out.push(itemStart, q);
        itemStart = q + 1;
      }
    }
    if (itemStart < to) out.push(itemStart, to);
    return out;
  }

  private source(from: number, to: number): string {
    return from < to ? this.text.slice(this.start[from], this.end[to - 1]) : '';
  }

  /** The expressions of splitTopLevel's items. */
  private expressions(parts: number[]): Parsed[] {
    const items: Parsed[] = [];
    for (let k = 0; k < parts.length; k += 2) items.push(this.expression(parts[k], parts[k + 1]));
    return items;
  }

  /** The expression made of the tokens [from, to). */
  expression(from: number, to: number): Parsed {
    const text = this.source(from, to);
    if (to <= from) return { kind: 'opaque', text };
    // a bare tuple `a, b`
    if (this.findTopLevel(from, to, (t) => this.isOp(t, Op.Comma)) >= 0) {
      return { kind: 'list', items: this.expressions(this.splitTopLevel(from, to)), text };
    }
    const primary = this.primary(from, to);
    if (!primary || primary.next !== to) return { kind: 'opaque', text };
    return primary.value;
  }

  /** A primary (atom with trailers) starting at `from`; undefined when the tokens are not one we model. */
  private primary(from: number, to: number): { value: Parsed; next: number } | undefined {
    const atom = this.atom(from, to);
    if (!atom) return undefined;
    let { value, next } = atom;
    while (next < to && this.kind[next] === Tok.Op) {
      const op = this.value[next];
      if (op === Op.Dot && this.kind[next + 1] === Tok.Name && next + 1 < to) {
        const name = this.nameAt(next + 1)!;
        const text = this.source(from, next + 2);
        value = value.kind === 'name' ? { kind: 'name', name: `${value.name}.${name}`, text } : { kind: 'attr', object: value, name, text };
        next += 2;
      } else if (op === Op.LParen) {
        const close = this.closing(next);
        if (close >= to) return undefined;
        value = this.call(value, from, next, close);
        next = close + 1;
      } else if (op === Op.LBracket) {
        const close = this.closing(next);
        if (close >= to) return undefined;
        value = { kind: 'opaque', text: this.source(from, close + 1) };
        next = close + 1;
      } else break;
    }
    return { value, next };
  }

  private call(fn: Parsed, from: number, open: number, close: number): Parsed {
    const args: Value[] = [];
    // A dictionary-mode object: keyword sets differ call by call, and reads of `kw.nullable` on many shapes would go megamorphic.
    const kwargs = Object.create(null) as Record<string, Value>;
    const parts = this.splitTopLevel(open + 1, close);
    for (let k = 0; k < parts.length; k += 2) {
      const a = parts[k];
      const b = parts[k + 1];
      if (this.kind[a] === Tok.Name && this.isOp(a + 1, Op.Assign)) {
        kwargs[this.nameAt(a)!] = this.expression(a + 2, b);
      } else if (this.isOp(a, Op.Star) || this.isOp(a, Op.Power)) {
        args.push({ kind: 'opaque', text: this.source(a, b) });
      } else {
        args.push(this.expression(a, b));
      }
    }
    const callee = fn.kind === 'name' ? fn.name : fn.text.replace(/\s+/g, '');
    return {
      kind: 'call',
      callee,
      fn,
      args,
      kwargs,
      text: this.source(from, close + 1),
    };
  }

  private atom(from: number, to: number): { value: Parsed; next: number } | undefined {
    const k = this.kind[from];
    if (k === Tok.String) {
      let q = from;
      let value = '';
      let ok = true;
      while (q < to && this.kind[q] === Tok.String) {
        const piece = evaluateStringToken(this.text.slice(this.start[q], this.end[q]));
        if (piece === undefined) ok = false;
        else value += piece;
        q++;
      }
      const text = this.source(from, q);
      return { value: ok ? { kind: 'str', value, text } : { kind: 'opaque', text }, next: q };
    }
    if (k === Tok.Number) {
      const text = this.source(from, from + 1);
      const value = Number(text.replace(/_/g, ''));
      return {
        value: Number.isFinite(value) ? { kind: 'num', value, text } : { kind: 'opaque', text },
        next: from + 1,
      };
    }
    if (k === Tok.Op && this.value[from] === Op.Minus && this.kind[from + 1] === Tok.Number && from + 1 < to) {
      const text = this.source(from, from + 2);
      const value = -Number(this.source(from + 1, from + 2).replace(/_/g, ''));
      return { value: { kind: 'num', value, text }, next: from + 2 };
    }
    if (k === Tok.Name) {
      const kw = this.value[from];
      const text = this.source(from, from + 1);
      if (kw === Kw.True || kw === Kw.False) return { value: { kind: 'bool', value: kw === Kw.True, text }, next: from + 1 };
      if (kw === Kw.NoneValue) return { value: { kind: 'none', text }, next: from + 1 };
      if (kw === Kw.None || kw === Kw.Soft) return { value: { kind: 'name', name: text, text }, next: from + 1 };
      return undefined;
    }
    if (k === Tok.Op && OPENING.has(this.value[from])) {
      const close = this.closing(from);
      if (close >= to) return undefined;
      const text = this.source(from, close + 1);
      const inner = this.splitTopLevel(from + 1, close);
      const comprehension = this.findTopLevel(from + 1, close, (t) => this.kind[t] === Tok.Name && this.value[t] === Kw.For) >= 0;
      if (comprehension) return { value: { kind: 'opaque', text }, next: close + 1 };
      const op = this.value[from];
      if (op === Op.LBrace) {
        const entries: { key: Value; value: Value }[] = [];
        for (let k = 0; k < inner.length; k += 2) {
          const a = inner[k];
          const b = inner[k + 1];
          const colon = this.findTopLevel(a, b, (t) => this.isOp(t, Op.Colon));
          if (colon < 0) return { value: { kind: 'opaque', text }, next: close + 1 };
          entries.push({ key: this.expression(a, colon), value: this.expression(colon + 1, b) });
        }
        return { value: { kind: 'dict', entries, text }, next: close + 1 };
      }
      const hasComma = this.findTopLevel(from + 1, close, (t) => this.isOp(t, Op.Comma)) >= 0;
      if (op === Op.LParen && !hasComma && inner.length === 2) {
        return { value: this.expression(inner[0], inner[1]), next: close + 1 };
      }
      return { value: { kind: 'list', items: this.expressions(inner), text }, next: close + 1 };
    }
    return undefined;
  }
}
