// A recursive-descent recognizer for a conservative subset of Python that @lezer/python also
// accepts, over the tokens of pythonTokens.ts. The fast migration reader (fastMigrationReader.ts)
// walks a file's module-level statements with it; the recognizer only says whether each statement
// is within the subset (and where it ends), it builds nothing — except, for a module-level `def`,
// what its body's statements amount to (BodyItem).
//
// Every method returns false when the tokens leave the subset (lambda, `;`, walrus, soft keywords
// at a statement start, a syntax error...); the reader then gives the file to lezer. Nesting is
// bounded: beyond MAX_DEPTH open brackets and indented blocks the recognizer gives up rather than
// recurse further, so no file can overflow the stack.
import { BodyItem } from './migrationFileParts';
import { Kw, Op, Tok, type Tokens } from './pythonTokens';

/** Brackets and indented blocks open at once beyond which the recognizer gives up (Python allows 100 blocks). */
const MAX_DEPTH = 100;

/** A module-level function definition the recognizer read. */
export interface DefInfo {
  /** Token index of `def`, and of the name. */
  def: number;
  name: number;
  /** Token index of the body's last token (its final NEWLINE). */
  last: number;
  /** What each statement directly in the body amounts to. */
  items: BodyItem[];
}

/** How an item of `{...}` read. */
const enum BraceItem {
  Invalid,
  Dict,
  Set,
}

/** One file's recognizer: its tokens and a cursor over them. */
export class PythonSubsetRecognizer {
  private readonly kind: readonly Tok[];
  private readonly value: readonly number[];
  private readonly start: readonly number[];
  private readonly end: readonly number[];
  /** Index of the next token. */
  private at = 0;
  /** Brackets and indented blocks open around the cursor. */
  private depth = 0;

  constructor(tokens: Tokens) {
    this.kind = tokens.kind;
    this.value = tokens.value;
    this.start = tokens.start;
    this.end = tokens.end;
  }

  /** Index of the next token. */
  get position(): number {
    return this.at;
  }

  atEnd(): boolean {
    return this.kind[this.at] === Tok.End;
  }

  /** True when a module-level `def`, maybe decorated, starts at the cursor. */
  startsDef(): boolean {
    return this.isKw(Kw.Def) || (this.isOp(Op.At) && this.decoratedDef());
  }

  /** True when a compound statement (if/while/for/try/with/def/class, or decorators) starts at the cursor. */
  startsCompound(): boolean {
    const kind = this.kind[this.at];
    const value = this.value[this.at];
    if (kind === Tok.Op) return value === Op.At;
    return (
      kind === Tok.Name &&
      (value === Kw.If || value === Kw.While || value === Kw.For || value === Kw.Try || value === Kw.With || value === Kw.Def || value === Kw.Class)
    );
  }

  /** A module-level `def` (startsDef), read with its body items; undefined outside the subset. */
  topLevelDef(): DefInfo | undefined {
    if (!this.decorators()) return undefined;
    const info: DefInfo = { def: this.at, name: this.at + 1, last: 0, items: [] };
    if (!this.funcDef(info.items)) return undefined;
    let last = this.at - 1;
    while (this.kind[last] === Tok.Dedent) last--;
    // At the end of the file lezer's body ends with its last real token (after any comment on it).
    if (this.end[last] === this.start[last]) last--;
    info.last = last;
    return info;
  }

  /** A compound statement (startsCompound). */
  compound(): boolean {
    if (this.isOp(Op.At)) {
      if (!this.decorators()) return false;
      if (this.isKw(Kw.Def)) return this.funcDef();
      return this.isKw(Kw.Class) && this.classDef();
    }
    switch (this.value[this.at]) {
      case Kw.If:
        this.at++;
        if (!this.test() || !this.suite()) return false;
        while (this.acceptKw(Kw.Elif)) if (!this.test() || !this.suite()) return false;
        return this.elseClause();
      case Kw.While:
        this.at++;
        return this.test() && this.suite() && this.elseClause();
      case Kw.For:
        this.at++;
        return this.exprList() && this.acceptKw(Kw.In) && this.testList() && this.suite() && this.elseClause();
      case Kw.Try: {
        this.at++;
        if (!this.suite()) return false;
        let handlers = 0;
        while (this.acceptKw(Kw.Except)) {
          handlers++;
          if (!this.isOp(Op.Colon)) {
            if (!this.test()) return false;
            if (this.acceptKw(Kw.As) && !this.acceptName()) return false;
          }
          if (!this.suite()) return false;
        }
        if (!this.elseClause()) return false;
        if (this.acceptKw(Kw.Finally)) {
          handlers++;
          if (!this.suite()) return false;
        }
        return handlers > 0;
      }
      case Kw.With:
        this.at++;
        do {
          if (!this.test()) return false;
          if (this.acceptKw(Kw.As) && !this.acceptName()) return false;
        } while (this.acceptOp(Op.Comma));
        return this.suite();
      case Kw.Def:
        return this.funcDef();
      case Kw.Class:
        return this.classDef();
      default:
        return false;
    }
  }

  /** A simple statement and its NEWLINE. */
  simpleStatement(): boolean {
    return this.smallStatement() && this.acceptNewline();
  }

  // ---- tokens -----------------------------------------------------------------------------------

  private isOp(op: Op): boolean {
    return this.kind[this.at] === Tok.Op && this.value[this.at] === op;
  }

  private isKw(kw: Kw): boolean {
    return this.kind[this.at] === Tok.Name && this.value[this.at] === kw;
  }

  /** A name that is no keyword (soft keywords are names). */
  private isPlainName(): boolean {
    return this.kind[this.at] === Tok.Name && (this.value[this.at] === Kw.None || this.value[this.at] === Kw.Soft);
  }

  /** Steps over the operator when it is next; tells whether it was. */
  private acceptOp(op: Op): boolean {
    if (!this.isOp(op)) return false;
    this.at++;
    return true;
  }

  private acceptKw(kw: Kw): boolean {
    if (!this.isKw(kw)) return false;
    this.at++;
    return true;
  }

  private acceptName(): boolean {
    if (!this.isPlainName()) return false;
    this.at++;
    return true;
  }

  private acceptNewline(): boolean {
    if (this.kind[this.at] !== Tok.Newline) return false;
    this.at++;
    return true;
  }

  // ---- expressions ------------------------------------------------------------------------------

  private canStartTest(): boolean {
    const value = this.value[this.at];
    switch (this.kind[this.at]) {
      case Tok.Name:
        return (
          value === Kw.None ||
          value === Kw.Soft ||
          value === Kw.NoneValue ||
          value === Kw.True ||
          value === Kw.False ||
          value === Kw.Not ||
          value === Kw.Lambda ||
          value === Kw.Await
        );
      case Tok.Number:
      case Tok.String:
        return true;
      case Tok.Op:
        return (
          value === Op.LParen ||
          value === Op.LBracket ||
          value === Op.LBrace ||
          value === Op.Minus ||
          value === Op.Plus ||
          value === Op.Tilde ||
          value === Op.Ellipsis ||
          value === Op.Star
        );
      default:
        return false;
    }
  }

  /** orTest ('if' orTest 'else' orTest)*: a conditional expression, its else-chain read as a loop. */
  private test(): boolean {
    if (!this.orTest()) return false;
    while (this.acceptKw(Kw.If)) {
      if (!this.orTest() || !this.acceptKw(Kw.Else) || !this.orTest()) return false;
    }
    return true;
  }

  private orTest(): boolean {
    if (!this.notTest()) return false;
    while (this.isKw(Kw.And) || this.isKw(Kw.Or)) {
      this.at++;
      if (!this.notTest()) return false;
    }
    return true;
  }

  /** `not`s, then expressions joined by comparison operators. */
  private notTest(): boolean {
    while (this.isKw(Kw.Not)) this.at++;
    if (!this.expr()) return false;
    for (;;) {
      if (this.kind[this.at] === Tok.Op) {
        const op = this.value[this.at];
        if (op !== Op.Less && op !== Op.Greater && op !== Op.LessEqual && op !== Op.GreaterEqual && op !== Op.Equal && op !== Op.NotEqual) return true;
        this.at++;
      } else if (this.isKw(Kw.In)) this.at++;
      else if (this.isKw(Kw.Is)) {
        this.at++;
        if (this.isKw(Kw.Not)) this.at++;
      } else if (this.isKw(Kw.Not) && this.kind[this.at + 1] === Tok.Name && this.value[this.at + 1] === Kw.In) this.at += 2;
      else return true;
      if (!this.expr()) return false;
    }
  }

  /** Operands joined by arithmetic and bitwise operators. */
  private expr(): boolean {
    if (!this.unary()) return false;
    while (this.kind[this.at] === Tok.Op) {
      const op = this.value[this.at];
      if (
        op !== Op.Pipe &&
        op !== Op.Caret &&
        op !== Op.Amp &&
        op !== Op.ShiftLeft &&
        op !== Op.ShiftRight &&
        op !== Op.Plus &&
        op !== Op.Minus &&
        op !== Op.Star &&
        op !== Op.Slash &&
        op !== Op.Percent &&
        op !== Op.FloorDiv &&
        op !== Op.At &&
        op !== Op.Power
      )
        return true;
      this.at++;
      if (!this.unary()) return false;
    }
    return true;
  }

  /** Signs, an atom and its trailers (calls, subscripts, attributes). Every nesting passes here: it counts the depth. */
  private unary(): boolean {
    while (this.isOp(Op.Minus) || this.isOp(Op.Plus) || this.isOp(Op.Tilde)) this.at++;
    if (++this.depth > MAX_DEPTH) return false;
    const ok = this.atom() && this.trailers();
    this.depth--;
    return ok;
  }

  private trailers(): boolean {
    for (;;) {
      if (this.isOp(Op.LParen)) {
        if (!this.argList()) return false;
      } else if (this.isOp(Op.LBracket)) {
        if (!this.subscript()) return false;
      } else if (this.acceptOp(Op.Dot)) {
        if (!this.acceptName()) return false;
      } else return true;
    }
  }

  private atom(): boolean {
    const value = this.value[this.at];
    switch (this.kind[this.at]) {
      case Tok.Name:
        if (value === Kw.None || value === Kw.Soft || value === Kw.NoneValue || value === Kw.True || value === Kw.False) {
          this.at++;
          return true;
        }
        return false;
      case Tok.Number:
        this.at++;
        return true;
      case Tok.String:
        while (this.kind[this.at] === Tok.String) this.at++;
        return true;
      case Tok.Op:
        switch (value) {
          case Op.Ellipsis:
            this.at++;
            return true;
          case Op.LParen:
            return this.bracketed(Op.RParen);
          case Op.LBracket:
            return this.bracketed(Op.RBracket);
          case Op.LBrace:
            return this.braces();
          default:
            return false;
        }
      default:
        return false;
    }
  }

  /**
   * A parenthesized expression, tuple or list (the cursor at its opening bracket): empty, tests
   * separated by commas (a trailing one allowed), or one test and a comprehension.
   */
  private bracketed(close: Op): boolean {
    this.at++;
    if (this.acceptOp(close)) return true;
    if (!this.test()) return false;
    if (this.isKw(Kw.For)) {
      if (!this.compFor()) return false;
    } else {
      while (this.acceptOp(Op.Comma)) {
        if (this.isOp(close)) break;
        if (!this.test()) return false;
      }
    }
    return this.acceptOp(close);
  }

  /** A dict or set display (the cursor at `{`): as `bracketed`, all items dict items or all set items. */
  private braces(): boolean {
    this.at++;
    if (this.acceptOp(Op.RBrace)) return true;
    const first = this.braceItem(undefined);
    if (first === BraceItem.Invalid) return false;
    if (this.isKw(Kw.For)) {
      if (!this.compFor()) return false;
    } else {
      const dict = first === BraceItem.Dict;
      while (this.acceptOp(Op.Comma)) {
        if (this.isOp(Op.RBrace)) break;
        if (this.braceItem(dict) === BraceItem.Invalid) return false;
      }
    }
    return this.acceptOp(Op.RBrace);
  }

  /** One item of `{...}` (`k: v` or `**m` in a dict, a test in a set); `dict` tells what the first item was. */
  private braceItem(dict: boolean | undefined): BraceItem {
    if (this.isOp(Op.Power)) {
      if (dict === false) return BraceItem.Invalid;
      this.at++;
      return this.expr() ? BraceItem.Dict : BraceItem.Invalid;
    }
    if (!this.test()) return BraceItem.Invalid;
    if (this.isOp(Op.Colon)) {
      if (dict === false) return BraceItem.Invalid;
      this.at++;
      return this.test() ? BraceItem.Dict : BraceItem.Invalid;
    }
    return dict === true ? BraceItem.Invalid : BraceItem.Set;
  }

  /** The `for … in … [if …]` clauses of a comprehension, one after another. */
  private compFor(): boolean {
    do {
      if (!this.acceptKw(Kw.For) || !this.expr()) return false;
      while (this.acceptOp(Op.Comma)) {
        if (this.isKw(Kw.In)) break;
        if (!this.expr()) return false;
      }
      if (!this.acceptKw(Kw.In) || !this.orTest()) return false;
      while (this.acceptKw(Kw.If)) if (!this.orTest()) return false;
    } while (this.isKw(Kw.For));
    return true;
  }

  private argList(): boolean {
    if (!this.acceptOp(Op.LParen)) return false;
    while (!this.isOp(Op.RParen)) {
      if (this.isOp(Op.Star) || this.isOp(Op.Power)) {
        this.at++;
        if (!this.test()) return false;
      } else {
        if (this.isPlainName() && this.kind[this.at + 1] === Tok.Op && this.value[this.at + 1] === Op.Assign) this.at += 2;
        if (!this.test()) return false;
        if (this.isKw(Kw.For) && !this.compFor()) return false;
      }
      if (!this.acceptOp(Op.Comma)) break;
    }
    return this.acceptOp(Op.RParen);
  }

  private subscript(): boolean {
    if (!this.acceptOp(Op.LBracket)) return false;
    for (;;) {
      if (!this.isOp(Op.Colon) && !this.test()) return false;
      // A slice: lower:upper:step, each part optional.
      for (let colons = 0; colons < 2 && this.acceptOp(Op.Colon); colons++) {
        if (this.canStartTest() && !this.test()) return false;
      }
      if (!this.acceptOp(Op.Comma) || this.isOp(Op.RBracket)) break;
    }
    return this.acceptOp(Op.RBracket);
  }

  /** commaSep<test>, a trailing comma allowed. */
  private testList(): boolean {
    if (!this.test()) return false;
    while (this.acceptOp(Op.Comma)) {
      if (!this.canStartTest()) return true;
      if (!this.test()) return false;
    }
    return true;
  }

  /** commaSep<expression> (for/del targets), stopping before `in`. */
  private exprList(): boolean {
    if (!this.expr()) return false;
    while (this.acceptOp(Op.Comma)) {
      if (!this.canStartTest() || this.isKw(Kw.Not)) return true;
      if (!this.expr()) return false;
    }
    return true;
  }

  // ---- statements -------------------------------------------------------------------------------

  private dottedName(): boolean {
    if (!this.acceptName()) return false;
    while (this.acceptOp(Op.Dot)) if (!this.acceptName()) return false;
    return true;
  }

  private importedNames(): boolean {
    for (;;) {
      if (!this.dottedName()) return false;
      if (this.acceptKw(Kw.As) && !this.acceptName()) return false;
      if (!this.acceptOp(Op.Comma) || !this.isPlainName()) return true;
    }
  }

  private smallStatement(): boolean {
    if (this.kind[this.at] === Tok.Name) {
      const keyword = this.value[this.at];
      if (keyword === Kw.Soft) return false; // `match x:`, `type X = ...` at a statement start: let lezer decide
      if (
        keyword === Kw.Pass ||
        keyword === Kw.Break ||
        keyword === Kw.Continue ||
        keyword === Kw.Return ||
        keyword === Kw.Raise ||
        keyword === Kw.Import ||
        keyword === Kw.From ||
        keyword === Kw.Del ||
        keyword === Kw.Assert ||
        keyword === Kw.Global ||
        keyword === Kw.Nonlocal
      ) {
        this.at++;
        return this.keywordStatement(keyword);
      }
    }
    if (!this.testList()) return false;
    if (this.acceptOp(Op.Colon)) {
      if (!this.test()) return false;
    } else if (this.acceptOp(Op.AugAssign)) return this.testList();
    while (this.acceptOp(Op.Assign)) if (!this.testList()) return false;
    return true;
  }

  /** The rest of a statement that starts with `keyword` (already read). */
  private keywordStatement(keyword: Kw): boolean {
    switch (keyword) {
      case Kw.Return:
        return this.kind[this.at] === Tok.Newline || this.testList();
      case Kw.Raise:
        return this.kind[this.at] === Tok.Newline || (this.test() && (!this.acceptKw(Kw.From) || this.test()));
      case Kw.Import:
        return this.importedNames();
      case Kw.From:
        if (this.isOp(Op.Dot) || this.isOp(Op.Ellipsis)) {
          while (this.isOp(Op.Dot) || this.isOp(Op.Ellipsis)) this.at++;
          if (this.isPlainName() && !this.dottedName()) return false;
        } else if (!this.dottedName()) return false;
        if (!this.acceptKw(Kw.Import)) return false;
        if (this.acceptOp(Op.Star)) return true;
        if (!this.acceptOp(Op.LParen)) return this.importedNames();
        return this.importedNames() && this.acceptOp(Op.RParen);
      case Kw.Del:
        return this.exprList();
      case Kw.Assert:
        return this.test() && (!this.acceptOp(Op.Comma) || this.test());
      case Kw.Global:
      case Kw.Nonlocal:
        if (!this.acceptName()) return false;
        while (this.acceptOp(Op.Comma)) if (!this.acceptName()) return false;
        return true;
      default:
        return true; // pass, break, continue
    }
  }

  private bodyItem(): BodyItem {
    const single = this.kind[this.at + 1] === Tok.Newline;
    if (this.isKw(Kw.Pass) && single) return BodyItem.Pass;
    if (this.isOp(Op.Ellipsis) && single) return BodyItem.Ellipsis;
    if (this.kind[this.at] === Tok.String && single) return BodyItem.String;
    if (this.isKw(Kw.Raise)) return BodyItem.Raise;
    return BodyItem.Other;
  }

  /** Body: `:` then a simple statement, or NEWLINE INDENT statements DEDENT. Collects body items when asked. */
  private suite(items?: BodyItem[]): boolean {
    if (!this.acceptOp(Op.Colon)) return false;
    if (this.kind[this.at] !== Tok.Newline) {
      items?.push(this.bodyItem());
      return this.simpleStatement();
    }
    this.at++;
    if (this.kind[this.at] !== Tok.Indent) return false;
    this.at++;
    if (++this.depth > MAX_DEPTH) return false;
    while (this.kind[this.at] !== Tok.Dedent) {
      if (this.kind[this.at] === Tok.End) return false;
      items?.push(this.bodyItem());
      if (!(this.startsCompound() ? this.compound() : this.simpleStatement())) return false;
    }
    this.at++;
    this.depth--;
    return true;
  }

  private funcDef(items?: BodyItem[]): boolean {
    if (!this.acceptKw(Kw.Def) || !this.acceptName() || !this.acceptOp(Op.LParen)) return false;
    while (!this.isOp(Op.RParen)) {
      if (this.isOp(Op.Slash)) this.at++;
      else if (this.isOp(Op.Star) || this.isOp(Op.Power)) {
        const double = this.isOp(Op.Power);
        this.at++;
        if (double || this.isPlainName()) {
          if (!this.acceptName()) return false;
          if (this.acceptOp(Op.Colon) && !this.test()) return false;
        }
      } else {
        if (!this.acceptName()) return false;
        if (this.acceptOp(Op.Colon) && !this.test()) return false;
        if (this.acceptOp(Op.Assign) && !this.test()) return false;
      }
      if (!this.acceptOp(Op.Comma)) break;
    }
    if (!this.acceptOp(Op.RParen)) return false;
    if (this.acceptOp(Op.Arrow) && !this.test()) return false;
    return this.suite(items);
  }

  /** `@name.name(args)` lines, as lezer's Decorator reads them. */
  private decorators(): boolean {
    while (this.acceptOp(Op.At)) {
      if (!this.dottedName()) return false;
      if (this.isOp(Op.LParen) && !this.argList()) return false;
      if (!this.acceptNewline()) return false;
    }
    return true;
  }

  /** True when the tokens from the cursor are decorators followed by `def`. */
  private decoratedDef(): boolean {
    let q = this.at;
    while (this.kind[q] === Tok.Op && this.value[q] === Op.At) {
      while (this.kind[q] !== Tok.Newline && this.kind[q] !== Tok.End) q++;
      q++;
    }
    return this.kind[q] === Tok.Name && this.value[q] === Kw.Def;
  }

  private elseClause(): boolean {
    return !this.acceptKw(Kw.Else) || this.suite();
  }

  private classDef(): boolean {
    return this.acceptKw(Kw.Class) && this.acceptName() && (!this.isOp(Op.LParen) || this.argList()) && this.suite();
  }
}
