// Which table Alembic keeps its version in, read statically: a literal `version_table=` /
// `version_table_schema=` keyword of a `context.configure(...)` call in env.py (parsed with the real
// Python parser, never matched line by line), else the config's `version_table` /
// `version_table_schema`, else `alembic_version` in the connection's default schema. An explicit
// choice (the CLI's flags, the editor's settings) wins over all of them, field by field.
import type { SyntaxNode } from '@lezer/common';
import { parsePythonTree } from './parse';
import { evaluateStringToken } from './pythonString';

export const DEFAULT_VERSION_TABLE = 'alembic_version';

/** What env.py passes to context.configure, when it is a string literal. */
export interface EnvPyVersionTable {
  name?: string;
  schema?: string;
}

export type VersionTableSource = 'explicit' | 'env.py' | 'config' | 'default';

export interface ResolvedVersionTable {
  name: string;
  /** Undefined: the connection's default schema (search_path). */
  schema?: string;
  /** Where the name came from. */
  nameSource: VersionTableSource;
  /** Where the schema came from ('default' when none is set). */
  schemaSource: VersionTableSource;
}

/**
 * The literal `version_table` / `version_table_schema` keywords of `context.configure(...)` calls
 * in env.py's text. When several calls disagree, the one inside `run_migrations_online` wins (it
 * is the one that runs against a database), else the first. A keyword given a non-literal value
 * (a name, an f-string, a call) is not known statically and left out.
 */
export function readEnvPyVersionTable(text: string): EnvPyVersionTable {
  let tree;
  try {
    tree = parsePythonTree(text);
  } catch {
    return {};
  }
  const calls: { online: boolean; found: EnvPyVersionTable }[] = [];
  const cursor = tree.cursor();
  do {
    if (cursor.name !== 'CallExpression') continue;
    const call = cursor.node;
    const callee = call.firstChild;
    if (!callee || callee.name !== 'MemberExpression') continue;
    const object = callee.firstChild;
    const property = callee.lastChild;
    if (object?.name !== 'VariableName' || text.slice(object.from, object.to) !== 'context') continue;
    if (property?.name !== 'PropertyName' || text.slice(property.from, property.to) !== 'configure') continue;
    const args = callee.nextSibling;
    if (!args || args.name !== 'ArgList') continue;
    const found = keywordLiterals(args, text);
    if (found.name !== undefined || found.schema !== undefined) calls.push({ online: insideFunction(call, text, 'run_migrations_online'), found });
  } while (cursor.next());
  return (calls.find((call) => call.online) ?? calls[0])?.found ?? {};
}

/** `version_table="…"` and `version_table_schema="…"` among an ArgList's keyword arguments. */
function keywordLiterals(args: SyntaxNode, text: string): EnvPyVersionTable {
  const found: EnvPyVersionTable = {};
  for (let child = args.firstChild; child; child = child.nextSibling) {
    if (child.name !== 'VariableName' || child.nextSibling?.name !== 'AssignOp') continue;
    const keyword = text.slice(child.from, child.to);
    if (keyword !== 'version_table' && keyword !== 'version_table_schema') continue;
    const value = child.nextSibling.nextSibling;
    const literal = value ? stringLiteral(value, text) : undefined;
    if (literal === undefined) continue;
    if (keyword === 'version_table') found.name = literal;
    else found.schema = literal;
  }
  return found;
}

/** A plain string literal's value (adjacent literals concatenated); undefined for anything else (f-strings included). */
function stringLiteral(node: SyntaxNode, text: string): string | undefined {
  if (node.name === 'String') return evaluateStringToken(text.slice(node.from, node.to));
  if (node.name !== 'ContinuedString') return undefined;
  let value = '';
  for (let part = node.firstChild; part; part = part.nextSibling) {
    if (part.name !== 'String') return undefined;
    const piece = evaluateStringToken(text.slice(part.from, part.to));
    if (piece === undefined) return undefined;
    value += piece;
  }
  return value;
}

function insideFunction(node: SyntaxNode, text: string, name: string): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.name !== 'FunctionDefinition') continue;
    const nameNode = parent.getChild('VariableName');
    if (nameNode && text.slice(nameNode.from, nameNode.to) === name) return true;
  }
  return false;
}

/** Explicit (flag or setting) > env.py literal > the config's version_table / version_table_schema > default, per field. */
export function resolveVersionTable(
  explicit: { name?: string; schema?: string },
  envPy: EnvPyVersionTable | undefined,
  config: { name?: string; schema?: string } = {},
): ResolvedVersionTable {
  const pick = (values: [string | undefined, VersionTableSource][]): [string | undefined, VersionTableSource] => {
    for (const [value, source] of values) if (value !== undefined && value.trim() !== '') return [value.trim(), source];
    return [undefined, 'default'];
  };
  const [name, nameSource] = pick([
    [explicit.name, 'explicit'],
    [envPy?.name, 'env.py'],
    [config.name, 'config'],
  ]);
  const [schema, schemaSource] = pick([
    [explicit.schema, 'explicit'],
    [envPy?.schema, 'env.py'],
    [config.schema, 'config'],
  ]);
  return { name: name ?? DEFAULT_VERSION_TABLE, ...(schema !== undefined ? { schema } : {}), nameSource, schemaSource };
}
