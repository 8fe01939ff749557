// Reads one migration file: the module-level revision identifiers, the upgrade()/downgrade()
// functions, the docstring header, syntax errors and suppression comments. Never throws on bad
// input. parseMigration tries the token-level fast path (fastMigrationReader.ts) first and parses with the
// real Python parser (@lezer/python, parseMigrationFull) whatever the fast path cannot vouch for;
// both give the same MigrationFile.
import { parser } from '@lezer/python';
import type { SyntaxNode, Tree } from '@lezer/common';
import { repairDeepTree } from './lezerTreeRepair';
import { LineIndex } from './lineIndex';
import { readIdentifiersFast, readMigrationFast } from './fastMigrationReader';
import { addSuppression, BodyItem, emptyReason, headRange, readDocstringHeader } from './migrationFileParts';
import { evaluateStringToken } from './pythonString';
import {
  IDENTIFIER_NAMES,
  type EmptyReason,
  type FunctionInfo,
  type IdentifierAssignment,
  type IdentifierName,
  type MigrationFile,
  type StringLiteral,
  type Suppressions,
  type SyntaxProblem,
} from './model';

// Python stops at the first syntax error; later ones are usually echoes of it.
const MAX_SYNTAX_ERRORS = 1;

/** The lezer tree of a Python text, repaired where lezer breaks on very deep nesting (lezerTreeRepair.ts). */
export function parsePythonTree(text: string): Tree {
  return repairDeepTree(parser.parse(text));
}

/**
 * Reads one migration. Never throws: when a reader breaks on the file (a bug of ours or of the
 * parser), the file comes back with a `failures` entry and whatever could still be read (its
 * identifiers, when the identifiers-only reader gets through), so one file never stops the analysis
 * of the others.
 */
export function parseMigration(path: string, text: string): MigrationFile {
  try {
    return readMigrationFast(path, text) ?? parseMigrationFull(path, text);
  } catch (error) {
    return unparsableMigration(path, text, error);
  }
}

/**
 * What `alembic-lint graph` reads: the identifiers, message and Create Date exactly as
 * parseMigration gives them, `functions` possibly left empty, and syntax errors only where the
 * whole file had to be read (fastMigrationReader.ts readIdentifiersFast).
 */
export function readIdentifiers(path: string, text: string): MigrationFile {
  let fast: MigrationFile | undefined;
  try {
    fast = readIdentifiersFast(path, text);
  } catch {
    fast = undefined; // parseMigration reads it again, and reports what breaks
  }
  return fast ?? parseMigration(path, text);
}

/** A file no reader got through: its identifiers when the identifiers-only reader can still get them. */
function unparsableMigration(path: string, text: string, error: unknown): MigrationFile {
  let identifiers: MigrationFile | undefined;
  try {
    identifiers = readIdentifiersFast(path, text);
  } catch {
    identifiers = undefined;
  }
  const lines = new LineIndex(text);
  const base: MigrationFile = identifiers ?? {
    path,
    identifiers: {},
    functions: {},
    syntaxErrors: [],
    suppressions: { file: [], lines: {} },
    headRange: headRange(text, lines),
  };
  return { ...base, failures: [...(base.failures ?? []), `the Python parser failed on this file (${failureReason(error)})`] };
}

/** One line saying why a reader failed, without a stack trace. */
export function failureReason(error: unknown): string {
  if (error instanceof RangeError && /call stack/i.test(error.message)) return 'it nests too deeply';
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** A file that could not be read from disk: listed, with nothing read, and a parse-error. */
export function unreadableMigration(path: string, reason = 'the file could not be read'): MigrationFile {
  const position = { line: 0, character: 0 };
  return {
    path,
    identifiers: {},
    functions: {},
    syntaxErrors: [],
    suppressions: { file: [], lines: {} },
    headRange: { start: position, end: position },
    failures: [reason],
  };
}

/** The reference reader: a full lezer parse of the file (what the fast path must agree with). */
export function parseMigrationFull(path: string, text: string): MigrationFile {
  const lines = new LineIndex(text);
  const tree = parsePythonTree(text);
  const top = tree.topNode;
  const slice = (node: SyntaxNode) => text.slice(node.from, node.to);
  const range = (node: SyntaxNode) => lines.range(node.from, node.to);

  const identifiers: MigrationFile['identifiers'] = {};
  const functions: MigrationFile['functions'] = {};
  let docstring: string | undefined;

  let first = true;
  for (let statement = top.firstChild; statement; statement = statement.nextSibling) {
    if (statement.name === 'Comment') continue;
    if (first && statement.name === 'ExpressionStatement' && statement.firstChild?.name === 'String') {
      docstring = evaluateStringToken(slice(statement.firstChild));
    }
    first = false;
    if (statement.name === 'AssignStatement') {
      const assignment = readAssignment(statement, text, lines);
      if (assignment) identifiers[assignment.name] = assignment;
    } else {
      const definition = statement.name === 'DecoratedStatement' ? statement.getChild('FunctionDefinition') : statement;
      if (definition?.name === 'FunctionDefinition') {
        const nameNode = definition.getChild('VariableName');
        const name = nameNode && slice(nameNode);
        if (nameNode && (name === 'upgrade' || name === 'downgrade')) {
          const info: FunctionInfo = { name, nameRange: range(nameNode), range: range(definition) };
          const empty = emptyBodyReason(definition.getChild('Body'));
          if (empty) info.empty = empty;
          functions[name] = info;
        }
      }
    }
  }

  const header = docstring ? readDocstringHeader(docstring) : {};
  const failures: string[] = [];
  const file: MigrationFile = {
    path,
    identifiers,
    functions,
    ...header,
    syntaxErrors: isolated(failures, 'looking for syntax errors', () => findSyntaxErrors(tree, lines, text), []),
    suppressions: isolated(failures, 'reading suppression comments', () => findSuppressions(tree, text, lines), { file: [], lines: {} }),
    headRange: headRange(text, lines),
  };
  if (failures.length) file.failures = failures;
  file.source = text;
  return file;
}

/** `step()`, or `fallback` with the failure noted: one broken step does not lose the others' results. */
function isolated<T>(failures: string[], what: string, step: () => T, fallback: T): T {
  try {
    return step();
  } catch (error) {
    failures.push(`the Python parser failed while ${what} (${failureReason(error)})`);
    return fallback;
  }
}

function readAssignment(statement: SyntaxNode, text: string, lines: LineIndex): IdentifierAssignment | undefined {
  // `name = value` or `name: Type = value`; chained (`a = b = v`) and tuple targets are not Alembic's style.
  const target = statement.firstChild;
  if (!target || target.name !== 'VariableName') return undefined;
  const name = text.slice(target.from, target.to) as IdentifierName;
  if (!IDENTIFIER_NAMES.includes(name)) return undefined;
  const ops = statement.getChildren('AssignOp');
  if (ops.length !== 1) return undefined;
  const value = ops[0].nextSibling;
  if (!value) return undefined;
  const values = readLiteralValue(value, text, lines);
  return {
    name,
    range: lines.range(statement.from, statement.to),
    valueRange: lines.range(value.from, value.to),
    values: values === 'unresolved' ? [] : values,
    unresolved: values === 'unresolved',
    valueText: text.slice(value.from, value.to),
  };
}

/** None → null; a string, or a tuple/list of strings → the strings; anything else → 'unresolved'. */
function readLiteralValue(node: SyntaxNode, text: string, lines: LineIndex): StringLiteral[] | null | 'unresolved' {
  if (node.name === 'None') return null;
  if (node.name === 'ParenthesizedExpression') {
    let inner = node.firstChild?.nextSibling;
    while (inner?.name === 'Comment') inner = inner.nextSibling;
    return inner && inner.name !== ')' ? readLiteralValue(inner, text, lines) : 'unresolved';
  }
  const single = readString(node, text, lines);
  if (single) return [single];
  if (node.name === 'TupleExpression' || node.name === 'ArrayExpression') {
    const out: StringLiteral[] = [];
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.name === '(' || child.name === ')' || child.name === '[' || child.name === ']' || child.name === ',' || child.name === 'Comment') continue;
      const item = readString(child, text, lines);
      if (!item) return 'unresolved';
      out.push(item);
    }
    return out;
  }
  return 'unresolved';
}

function readString(node: SyntaxNode, text: string, lines: LineIndex): StringLiteral | undefined {
  const parts = node.name === 'String' ? [node] : node.name === 'ContinuedString' ? node.getChildren('String') : [];
  if (parts.length === 0) return undefined;
  let value = '';
  for (const part of parts) {
    const piece = evaluateStringToken(text.slice(part.from, part.to));
    if (piece === undefined) return undefined;
    value += piece;
  }
  return { value, range: lines.range(node.from, node.to) };
}

function emptyBodyReason(body: SyntaxNode | null): EmptyReason | undefined {
  if (!body) return undefined;
  const items: BodyItem[] = [];
  for (let child = body.firstChild; child; child = child.nextSibling) {
    if (child.name !== ':' && child.name !== 'Comment') items.push(bodyItem(child));
  }
  return emptyReason(items); // none: a syntax error, reported as such
}

function bodyItem(statement: SyntaxNode): BodyItem {
  const expression = statement.name === 'ExpressionStatement' ? statement.firstChild : null;
  if (statement.name === 'PassStatement') return BodyItem.Pass;
  if (expression?.name === 'Ellipsis' && !expression.nextSibling) return BodyItem.Ellipsis;
  if (expression?.name === 'String' && !expression.nextSibling) return BodyItem.String;
  if (statement.name === 'RaiseStatement') return BodyItem.Raise;
  return BodyItem.Other;
}

function findSyntaxErrors(tree: Tree, lines: LineIndex, text: string): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  tree.iterate({
    enter(node) {
      if (problems.length >= MAX_SYNTAX_ERRORS) return false;
      if (!node.type.isError) return undefined;
      const to = node.to > node.from ? node.to : Math.min(text.length, node.from + 1);
      const near = text.slice(node.from, to).trim();
      problems.push({
        range: lines.range(node.from, to),
        message: near ? `Python syntax error near '${near.slice(0, 40)}'` : 'Python syntax error: something is missing here',
      });
      return false;
    },
  });
  return problems;
}

function findSuppressions(tree: Tree, text: string, lines: LineIndex): Suppressions {
  const out: Suppressions = { file: [], lines: {} };
  if (!text.includes('alembic-lint:')) return out;
  tree.iterate({
    enter(node) {
      if (node.name !== 'Comment') return undefined;
      addSuppression(out, text.slice(node.from, node.to), lines.position(node.from).line);
      return undefined;
    },
  });
  return out;
}
