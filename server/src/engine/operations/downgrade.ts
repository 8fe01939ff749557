// Writes a migration's downgrade() from its upgrade(): each operation inverted, in reverse order,
// with what the upgrade alone does not say (a dropped table's columns, a dropped column's type, an
// altered column's previous type/nullable/default, a dropped index's columns, an enum's labels)
// taken from the replayed schema as it is just before that operation. What cannot be inverted
// becomes a `# TODO: <why>` line and `raise NotImplementedError(...)` at its place, never silence.
// Pure: text in, text out.
import type { RevisionGraph } from '../graph';
import type { MigrationFile } from '../model';
import { createReplayCache, isPostgres, replaySchema } from '../schema/replay';
import { applyOperation, defaultConstraintName } from '../schema/apply';
import {
  columnStatus,
  EMPTY_SCHEMA,
  enumKey,
  enumStatus,
  SchemaBuilder,
  tableKey,
  tableStatus,
  viewOf,
  type ColumnState,
  type ConstraintState,
  type Schema,
} from '../schema/schema';
import { operationsOf } from './extract';
import type { AlterColumn, ColumnType, CreateTable, EnumOperation, MigrationOperations, Operation, Value } from './model';

export interface GeneratedDowngrade {
  /** `def downgrade() -> None:` and its body (4-space indent), ending with a newline. */
  text: string;
  /** Operations of upgrade() inverted. */
  inverted: number;
  /** Why each operation that could not be inverted could not (also written as TODO lines). */
  todos: string[];
}

export interface DowngradeInput {
  file: MigrationFile;
  /** The file's text (for its imports). */
  text: string;
  /** The schema the revision starts from (what its ancestors left); EMPTY_SCHEMA when unknown. */
  before?: Schema;
  /** The revision id (for the schema replay's bookkeeping only). */
  id?: string;
}

const INDENT = '    ';

/** Python string literal, single-quoted like Alembic's autogenerate. */
export function pyStr(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

const pyList = (values: string[]) => `[${values.map(pyStr).join(', ')}]`;

/** Names the module binds by import: `import sqlalchemy as sa` → sa, `from alembic import op` → op. */
export function importedNames(text: string): Set<string> {
  const names = new Set<string>();
  const flat = text.replace(/\(([^)]*)\)/g, (_m, inner: string) => inner.replace(/\s+/g, ' ')); // parenthesised from-imports on one line
  for (const line of flat.split('\n')) {
    let m = /^\s*import\s+(.+)$/.exec(line);
    if (m) {
      for (const part of m[1].split(',')) {
        const item = /^\s*([\w.]+)(?:\s+as\s+(\w+))?/.exec(part);
        if (item) names.add(item[2] ?? item[1].split('.')[0]);
      }
      continue;
    }
    m = /^\s*from\s+[\w.]+\s+import\s+(.+)$/.exec(line);
    if (m) {
      for (const part of m[1].replace(/#.*$/, '').split(',')) {
        const item = /^\s*(\w+)(?:\s+as\s+(\w+))?/.exec(part);
        if (item) names.add(item[2] ?? item[1]);
      }
    }
  }
  return names;
}

/** Module-level assignments (`status = sa.Enum(...)`): names a downgrade may use. */
function moduleNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/^([A-Za-z_]\w*)\s*(?::[^=\n]+)?=[^=]/gm)) names.add(m[1]);
  return names;
}

/** Imports a downgrade may add inside itself for names the file lacks. */
const KNOWN_IMPORTS: Record<string, string> = {
  sa: 'import sqlalchemy as sa',
  sqlalchemy: 'import sqlalchemy',
  postgresql: 'from sqlalchemy.dialects import postgresql',
  op: 'from alembic import op',
};

const PY_NAMES = new Set(['None', 'True', 'False', 'NotImplementedError', 'batch_op', 'print', 'len', 'str', 'int']);

type Line = { text: string; todo?: string };

/** One inverted operation: lines, and the context it must run in (a batch block, an autocommit block). */
interface Step {
  lines: Line[];
  batch?: { receiver: string; table?: string; schema?: string };
  autocommit?: boolean;
  failed?: string;
}

export function generateDowngrade(input: DowngradeInput): GeneratedDowngrade {
  const operations = fileOperations(input.file, input.text);
  const upgrade = operations?.upgrade;
  const imports = importedNames(input.text);
  const locals = moduleNames(input.text);
  if (!operations || !upgrade) {
    const why = operations ? 'the file has no upgrade()' : 'the upgrade could not be read (an f-string or a line continuation the reader does not take)';
    return {
      text: `def downgrade() -> None:\n${INDENT}# TODO: ${why}\n${INDENT}raise NotImplementedError(${pyStr(why)})\n`,
      inverted: 0,
      todos: [why],
    };
  }
  // The schema just before each operation: the revision's starting schema, then each operation applied.
  const id = input.id ?? '<this revision>';
  const schemas: Schema[] = [];
  let schema = input.before ?? EMPTY_SCHEMA;
  for (const op of upgrade.operations) {
    schemas.push(schema);
    const builder = new SchemaBuilder(schema);
    applyOperation(builder, op, id);
    schema = builder.build();
  }
  const inverter = new Inverter(imports, locals, id);
  const steps: Step[] = [];
  for (let i = upgrade.operations.length - 1; i >= 0; i--) steps.push(inverter.invert(upgrade.operations[i], schemas[i]));
  const otherCode = upgrade.hasOtherCode && !upgrade.operations.some((op) => op.conditional);
  if (otherCode) {
    const why = 'upgrade() runs code besides op.* calls (a loop, a query, a helper); reverse what it does by hand';
    steps.unshift({ lines: [{ text: `# TODO: ${why}`, todo: why }, { text: `raise NotImplementedError(${pyStr(why)})` }], failed: why });
  }

  const body: string[] = [];
  let open: { key: string; indent: string } | undefined;
  for (const step of steps) {
    const key = step.batch ? `batch:${step.batch.receiver}:${step.batch.table}:${step.batch.schema}` : step.autocommit ? 'autocommit' : '';
    if (!open || open.key !== key) {
      open = undefined;
      if (step.batch) {
        const schemaArg = step.batch.schema !== undefined ? `, schema=${pyStr(step.batch.schema)}` : '';
        body.push(`${INDENT}with op.batch_alter_table(${pyStr(step.batch.table ?? '')}${schemaArg}) as ${step.batch.receiver}:`);
        open = { key, indent: INDENT + INDENT };
      } else if (step.autocommit) {
        body.push(`${INDENT}with op.get_context().autocommit_block():`);
        open = { key, indent: INDENT + INDENT };
      } else open = { key, indent: INDENT };
    }
    for (const line of step.lines) body.push(open.indent + line.text);
  }
  // Names the body uses that the file does not bind: imported inside the function when we know from where.
  const needed = new Set<string>();
  const unknownNames = new Set<string>();
  const code = body
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''");
  const bound = new Set([...imports, ...locals, ...steps.flatMap((s) => (s.batch ? [s.batch.receiver] : []))]);
  for (const m of code.matchAll(/(?<![\w.])([A-Za-z_]\w*)(?=\s*[.(])/g)) {
    const name = m[1];
    if (bound.has(name) || PY_NAMES.has(name)) continue;
    if (KNOWN_IMPORTS[name]) needed.add(name);
    else unknownNames.add(name);
  }
  const header: string[] = [...needed].sort().map((name) => INDENT + KNOWN_IMPORTS[name]);
  const todos = steps.flatMap((s) => (s.failed ? [s.failed] : []));
  for (const name of [...unknownNames].sort()) {
    const why = `'${name}' is used by a type from an earlier revision but this file does not import it; import it here`;
    header.push(`${INDENT}# TODO: ${why}`);
    todos.push(why);
  }
  if (header.length && body.length) header.push('');
  const lines = [...header, ...body];
  if (!body.length) lines.push(`${INDENT}pass`);
  const inverted = upgrade.operations.length - steps.filter((s) => s.failed).length + (otherCode ? 1 : 0);
  return { text: `def downgrade() -> None:\n${lines.join('\n')}\n`, inverted, todos };
}

class Inverter {
  constructor(
    private readonly imports: Set<string>,
    private readonly moduleLevel: Set<string>,
    /** This revision's id in the replayed schema (what it created has `createdIn` = id). */
    private readonly id: string,
  ) {}

  invert(op: Operation, before: Schema): Step {
    const step: Omit<Step, 'lines'> = {};
    if (op.batch) step.batch = { receiver: op.callee.slice(0, op.callee.lastIndexOf('.')), table: op.batch.table, schema: op.batch.schema };
    if (op.autocommit) step.autocommit = true;
    const result = this.lines(op, before, !!op.batch);
    if (typeof result === 'string') {
      const line = op.range.start.line + 1;
      const why = `${result} (upgrade line ${line}: ${firstLine(op.text)})`;
      return {
        ...step,
        lines: [{ text: `# TODO: ${why}`, todo: why }, { text: `raise NotImplementedError(${pyStr(`cannot reverse: ${result}`)})` }],
        failed: why,
      };
    }
    // A comment alone cannot be a with-block's body: it goes outside any block.
    if (result.every((line) => line.startsWith('#'))) return { lines: result.map((text) => ({ text })) };
    return { ...step, lines: result.map((text) => ({ text })) };
  }

  /** The inverse as lines of code, or why there is none. */
  private lines(op: Operation, before: Schema, batch: boolean): string[] | string {
    if (op.conditional) return 'the operation is inside an if/for/while: reverse it by hand';
    const view = viewOf(before);
    const receiver = batch ? op.callee.slice(0, op.callee.lastIndexOf('.')) : 'op';
    const schemaKw = !batch && op.schema !== undefined ? `, schema=${pyStr(op.schema)}` : '';
    const table = op.table;
    switch (op.kind) {
      case 'create_table': {
        if (table === undefined) return 'the table name is not a literal';
        return [`op.drop_table(${pyStr(table)}${schemaKw})`, ...this.implicitEnumDrops(createdEnumTypes(op), before)];
      }
      case 'drop_table': {
        if (table === undefined) return 'the table name is not a literal';
        const status = tableStatus(view, table, op.schema);
        if (status.status !== 'present') return `the schema before this revision does not say what '${table}' had`;
        const state = status.value;
        if (!state.complete)
          return `the schema before this revision does not know every column of '${table}' (a table older than the migrations or changed by raw SQL)`;
        const columns = state.columns.entries().flatMap(([, c]) => (c.state === 'present' ? [c] : []));
        const parts: string[] = [];
        for (const column of columns) {
          const rendered = this.column(column, before);
          if (typeof rendered !== 'string') return rendered.why;
          parts.push(rendered);
        }
        for (const constraint of state.constraints ?? []) parts.push(this.constraintObject(constraint));
        const lines = [`op.create_table(`, `${INDENT}${pyStr(table)},`, ...parts.map((p) => `${INDENT}${p},`)];
        if (op.schema !== undefined) lines.push(`${INDENT}schema=${pyStr(op.schema)},`);
        lines.push(')');
        const key = tableKey(table, op.schema);
        for (const [, index] of before.indexes.entries()) {
          if (index.state !== 'present' || index.table !== key) continue;
          const rendered = this.createIndex(before, index.name, index, false, 'op');
          if (rendered) lines.push(rendered);
        }
        return lines;
      }
      case 'add_column': {
        const name = op.column?.name;
        if (table === undefined || name === undefined) return 'the table or column name is not a literal';
        // (Alembic's add_column creates no enum type, unlike create_table: nothing of the kind to drop.)
        return [`${receiver}.drop_column(${batch ? '' : `${pyStr(table)}, `}${pyStr(name)}${schemaKw})`];
      }
      case 'drop_column': {
        if (table === undefined || op.column === undefined) return 'the table or column name is not a literal';
        const column = this.columnBefore(before, table, op.schema, op.column);
        if (typeof column === 'string') return column;
        const rendered = this.column(column, before);
        if (typeof rendered !== 'string') return rendered.why;
        return [`${receiver}.add_column(${batch ? '' : `${pyStr(table)}, `}${rendered}${schemaKw})`];
      }
      case 'alter_column':
        return this.alterColumn(op, before, receiver, batch, schemaKw);
      case 'rename_table': {
        if (table === undefined || op.newName === undefined) return 'a table name is not a literal';
        return [`op.rename_table(${pyStr(op.newName)}, ${pyStr(table)}${schemaKw})`];
      }
      case 'create_index': {
        if (op.name === undefined) return 'the index name is not a literal';
        const args = [pyStr(op.name)];
        if (!batch && table !== undefined) args.push(`table_name=${pyStr(table)}`);
        if (!batch && op.schema !== undefined) args.push(`schema=${pyStr(op.schema)}`);
        if (op.concurrently) args.push('postgresql_concurrently=True');
        return [`${receiver}.drop_index(${args.join(', ')})`];
      }
      case 'drop_index': {
        if (op.name === undefined) return 'the index name is not a literal';
        const index = before.indexes.get(tableKey(op.name, op.schema));
        if (index?.state !== 'present') return `the schema before this revision has no index '${op.name}' to say what its columns were`;
        if (!index.columns.length) return `the schema before this revision does not know the columns of index '${op.name}' (created by raw SQL)`;
        return [this.createIndex(before, op.name, index, op.concurrently, receiver, batch)!];
      }
      case 'create_foreign_key':
      case 'create_unique_constraint':
      case 'create_check_constraint':
      case 'create_primary_key': {
        if (op.name === undefined) return 'the constraint has no literal name (a naming convention names it): drop it by its name';
        if (table === undefined) return 'the table name is not a literal';
        const type = { create_foreign_key: 'foreignkey', create_unique_constraint: 'unique', create_check_constraint: 'check', create_primary_key: 'primary' }[
          op.kind
        ];
        return [`${receiver}.drop_constraint(${pyStr(op.name)}${batch ? '' : `, ${pyStr(table)}`}${schemaKw}, type_=${pyStr(type)})`];
      }
      case 'drop_constraint': {
        if (op.name === undefined || table === undefined) return 'the constraint or table name is not a literal';
        return this.recreateConstraint(op.name, table, op.schema, before, receiver, batch, schemaKw);
      }
      case 'create_enum':
      case 'drop_enum':
        return this.enumOperation(op, before);
      case 'execute': {
        const goesWith = op.sql !== undefined ? this.dataGoesWith(op.sql, before) : undefined;
        if (goesWith) return [`# (the rows this upgrade's SQL wrote go with ${goesWith}, dropped below)`];
        return op.sql !== undefined ? 'op.execute runs SQL whose reverse is not known' : 'op.execute runs a statement whose reverse is not known';
      }
      case 'bulk_insert':
        if (table !== undefined && this.createdHere(before, table, op.schema))
          return [`# (the rows op.bulk_insert wrote go with table '${table}', dropped below)`];
        return 'op.bulk_insert wrote rows; delete them by hand';
      default:
        return `${op.callee} is not an operation the generator knows how to reverse`;
    }
  }

  /** Was the table created by this revision's upgrade, before this operation? */
  private createdHere(before: Schema, table: string, schema?: string): boolean {
    const status = tableStatus(viewOf(before), table, schema);
    return status.status === 'present' && status.value.createdIn === this.id;
  }

  /**
   * SQL that only writes into what this upgrade created before it (`UPDATE t SET new_col = …` after
   * adding new_col, `INSERT INTO t` after creating t): its reverse is dropping that, which the
   * downgrade does anyway. Says what the rows go with; undefined when anything else is written.
   */
  private dataGoesWith(sql: string, before: Schema): string | undefined {
    const statements = sql
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
    if (!statements.length) return undefined;
    const names: string[] = [];
    const unquote = (name: string) => name.replace(/"/g, '');
    const split = (qualified: string): [string, string | undefined] => {
      const parts = unquote(qualified).split('.');
      return parts.length === 2 ? [parts[1], parts[0]] : [parts[0], undefined];
    };
    for (const statement of statements) {
      const insert = /^INSERT\s+INTO\s+("?[\w.]+"?(?:\."?\w+"?)?)[\s(]/i.exec(statement);
      if (insert) {
        const [table, schema] = split(insert[1]);
        if (!this.createdHere(before, table, schema)) return undefined;
        names.push(`table '${table}'`);
        continue;
      }
      const update = /^UPDATE\s+("?[\w.]+"?(?:\."?\w+"?)?)\s+SET\s+([\s\S]*?)(?:\s+(?:WHERE|FROM|RETURNING)\s[\s\S]*)?$/i.exec(statement);
      if (!update) return undefined;
      const [table, schema] = split(update[1]);
      if (this.createdHere(before, table, schema)) {
        names.push(`table '${table}'`);
        continue;
      }
      const status = tableStatus(viewOf(before), table, schema);
      if (status.status !== 'present') return undefined;
      const columns = [...update[2].matchAll(/(?:^|,)\s*"?(\w+)"?\s*=(?!=)/g)].map((m) => m[1]);
      if (!columns.length) return undefined;
      for (const column of columns) {
        const state = status.value.columns.get(column);
        if (state?.state !== 'present' || state.createdIn !== this.id) return undefined;
        names.push(`column '${table}.${column}'`);
      }
    }
    return [...new Set(names)].join(', ');
  }

  private columnBefore(before: Schema, table: string, schema: string | undefined, column: string): ColumnState | string {
    const view = viewOf(before);
    const status = tableStatus(view, table, schema);
    if (status.status !== 'present') return `the schema before this revision does not have table '${table}'`;
    const col = columnStatus(view, status.value, column);
    if (col.status !== 'present') return `the schema before this revision does not have column '${table}.${column}'`;
    return col.value;
  }

  /** `sa.Column(...)` recreating a column as the schema has it. */
  private column(column: ColumnState, before: Schema): string | { why: string } {
    if (!column.type) return { why: `the type of column '${column.name}' is not known from earlier revisions` };
    const args = [pyStr(column.name), this.type(column.type, before), ...(column.generated ?? [])];
    for (const fk of column.foreignKeys ?? []) args.push(`sa.ForeignKey(${pyStr(fk.target)}${fk.ondelete ? `, ondelete=${pyStr(fk.ondelete)}` : ''})`);
    if (column.primaryKey) args.push('primary_key=True');
    if (column.serverDefault) args.push(`server_default=${column.serverDefault.text}`);
    if (column.nullable !== undefined) args.push(`nullable=${column.nullable ? 'True' : 'False'}`);
    return `sa.Column(${args.join(', ')})`;
  }

  /** A type as written, except a named enum that exists: created with the table would fail, so create_type=False. */
  private type(type: ColumnType, before: Schema): string {
    const enumType = type.enum;
    if (enumType?.name && enumStatus(viewOf(before), enumKey(enumType.name, enumType.schema)).status === 'present') {
      const values = (enumType.values ?? []).map(pyStr);
      return `postgresql.ENUM(${[...values, `name=${pyStr(enumType.name)}`, ...schemaKeyword(enumType.schema), 'create_type=False'].join(', ')})`;
    }
    return type.text;
  }

  /** Drops of the enum types an operation created implicitly (a named sa.Enum column on a type not there before). */
  private implicitEnumDrops(types: ColumnType[], before: Schema): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    for (const type of types) {
      const name = type.enum?.name;
      if (!name || !type.enum!.createType) continue;
      const key = enumKey(name, type.enum!.schema);
      if (seen.has(key)) continue;
      seen.add(key);
      if (enumStatus(viewOf(before), key).status === 'present') continue; // it was there before: not this operation's
      out.push(`${type.callee}(${[`name=${pyStr(name)}`, ...schemaKeyword(type.enum!.schema)].join(', ')}).drop(op.get_bind(), checkfirst=True)`);
    }
    return out;
  }

  private createIndex(
    before: Schema,
    name: string,
    index: { columns: string[]; unique: boolean; tableName?: string; table: string; schema?: string; using?: string; whereText?: string },
    concurrently: boolean,
    receiver: string,
    batch = false,
  ): string | undefined {
    const tableName = currentName(before, index.table) ?? index.tableName ?? index.table.split('.').pop()!;
    const columns = `[${index.columns.map((c) => (/^\w+$/.test(c) ? pyStr(c) : `sa.text(${pyStr(c)})`)).join(', ')}]`;
    const args = batch ? [pyStr(name), columns] : [pyStr(name), pyStr(tableName), columns];
    if (index.unique) args.push('unique=True');
    if (!batch && index.schema !== undefined) args.push(`schema=${pyStr(index.schema)}`);
    if (index.using !== undefined) args.push(`postgresql_using=${pyStr(index.using)}`);
    if (index.whereText !== undefined) args.push(`postgresql_where=${index.whereText}`);
    if (concurrently) args.push('postgresql_concurrently=True');
    return `${receiver}.create_index(${args.join(', ')})`;
  }

  private constraintObject(c: ConstraintState): string {
    const name = c.name !== undefined ? [`name=${pyStr(c.name)}`] : [];
    const options = c.options ?? [];
    switch (c.kind) {
      case 'primary_key':
        return `sa.PrimaryKeyConstraint(${[...c.columns.map(pyStr), ...name].join(', ')})`;
      case 'unique':
        return `sa.UniqueConstraint(${[...c.columns.map(pyStr), ...name].join(', ')})`;
      case 'check':
        return `sa.CheckConstraint(${[pyStr(c.condition ?? ''), ...name].join(', ')})`;
      default: {
        const remote = (c.referent?.columns ?? []).map((col) => `${c.referent?.schema ? `${c.referent.schema}.` : ''}${c.referent?.table}.${col}`);
        return `sa.ForeignKeyConstraint(${[pyList(c.columns), pyList(remote), ...name, ...options].join(', ')})`;
      }
    }
  }

  private recreateConstraint(
    name: string,
    table: string,
    schema: string | undefined,
    before: Schema,
    receiver: string,
    batch: boolean,
    schemaKw: string,
  ): string[] | string {
    const status = tableStatus(viewOf(before), table, schema);
    if (status.status !== 'present') return `the schema before this revision does not have table '${table}'`;
    const state = status.value;
    let constraint = state.constraints?.find((c) => (c.name ?? defaultConstraintName(table, c)) === name);
    if (!constraint) {
      // A column-level constraint PostgreSQL named: <table>_<col>_fkey, <table>_pkey.
      const columns = state.columns.entries().flatMap(([, c]) => (c.state === 'present' ? [c] : []));
      const pk = columns.filter((c) => c.primaryKey).map((c) => c.name);
      if (pk.length && name === `${table}_pkey`) constraint = { kind: 'primary_key', name, columns: pk };
      for (const column of columns) {
        for (const fk of column.foreignKeys ?? []) {
          if (name === `${table}_${column.name}_fkey` && fk.table && fk.column)
            constraint = {
              kind: 'foreign_key',
              name,
              columns: [column.name],
              referent: { table: fk.table, columns: [fk.column] },
              ...(fk.ondelete ? { options: [`ondelete=${pyStr(fk.ondelete)}`] } : {}),
            };
        }
      }
    }
    if (!constraint) return `the schema before this revision has no constraint '${name}' on '${table}' to say what it was`;
    const t = batch ? '' : `, ${pyStr(table)}`;
    const options = (constraint.options ?? []).map((o) => `, ${o}`).join('');
    switch (constraint.kind) {
      case 'primary_key':
        return [`${receiver}.create_primary_key(${pyStr(name)}${t}, ${pyList(constraint.columns)}${schemaKw})`];
      case 'unique':
        return [`${receiver}.create_unique_constraint(${pyStr(name)}${t}, ${pyList(constraint.columns)}${schemaKw}${options})`];
      case 'check':
        if (constraint.condition === undefined) return `the condition of check constraint '${name}' is not known`;
        return [`${receiver}.create_check_constraint(${pyStr(name)}${t}, ${pyStr(constraint.condition)}${schemaKw}${options})`];
      default: {
        const ref = constraint.referent;
        if (!ref?.table || !ref.columns.length) return `the referenced table of foreign key '${name}' is not known`;
        const refSchema = ref.schema !== undefined ? `, referent_schema=${pyStr(ref.schema)}` : '';
        const srcSchema = !batch && schema !== undefined ? `, source_schema=${pyStr(schema)}` : '';
        return [
          `${receiver}.create_foreign_key(${pyStr(name)}${t}, ${pyStr(ref.table)}, ${pyList(constraint.columns)}, ${pyList(ref.columns)}${srcSchema}${refSchema}${options})`,
        ];
      }
    }
  }

  private alterColumn(op: AlterColumn, before: Schema, receiver: string, batch: boolean, schemaKw: string): string[] | string {
    if (op.table === undefined || op.column === undefined) return 'the table or column name is not a literal';
    if (op.typeUnresolved) return 'the new type is not one the generator can read';
    if (op.kwargs.postgresql_using) return 'the type change used postgresql_using; the reverse cast needs its own USING expression';
    const known = this.columnBefore(before, op.table, op.schema, op.column);
    const previous = typeof known === 'string' ? undefined : known;
    const name = op.newName ?? op.column;
    const args = [batch ? pyStr(name) : `${pyStr(op.table)}, ${pyStr(name)}`];
    const existing: string[] = [];
    // type
    const oldType = op.existingType ?? previous?.type;
    if (op.type) {
      if (!oldType) return `the previous type of '${op.table}.${op.column}' is not known (pass existing_type= in the upgrade)`;
      args.push(`type_=${this.typeText(oldType)}`);
      existing.push(`existing_type=${this.typeText(op.type)}`);
    } else if (oldType) existing.push(`existing_type=${this.typeText(oldType)}`);
    // nullable
    const oldNullable = op.existingNullable ?? previous?.nullable;
    if (op.nullable !== undefined) {
      if (oldNullable === undefined) return `whether '${op.table}.${op.column}' was nullable is not known (pass existing_nullable= in the upgrade)`;
      args.push(`nullable=${oldNullable ? 'True' : 'False'}`);
    } else if (oldNullable !== undefined) existing.push(`existing_nullable=${oldNullable ? 'True' : 'False'}`);
    // server default
    const oldDefault: Value | undefined | 'unknown' = op.existingServerDefault ?? (previous ? previous.serverDefault : 'unknown');
    if (op.serverDefault) {
      if (oldDefault === 'unknown')
        return `the previous server default of '${op.table}.${op.column}' is not known (pass existing_server_default= in the upgrade)`;
      const removed = oldDefault === undefined || oldDefault.kind === 'none' || (oldDefault.kind === 'bool' && !oldDefault.value);
      args.push(`server_default=${removed ? 'None' : oldDefault.text}`);
      const now = op.serverDefault;
      if (!(now.kind === 'none' || (now.kind === 'bool' && !now.value))) existing.push(`existing_server_default=${now.text}`);
    } else if (oldDefault !== 'unknown' && oldDefault !== undefined) existing.push(`existing_server_default=${oldDefault.text}`);
    if (op.newName) args.push(`new_column_name=${pyStr(op.column)}`);
    if (args.length === 1) return 'the alter_column changes nothing the generator can read';
    return [`${receiver}.alter_column(${[...args, ...existing].join(', ')}${schemaKw})`];
  }

  /** A type's text for alter_column (enum types as written: the type exists). */
  private typeText(type: ColumnType): string {
    return type.text;
  }

  private enumOperation(op: EnumOperation, before: Schema): string[] | string {
    const name = op.enum.name;
    const schema = schemaKeyword(op.enum.schema);
    const bind = op.args[0]?.text ?? 'op.get_bind()';
    const checkfirst = op.kwargs.checkfirst ? `, checkfirst=${op.kwargs.checkfirst.text}` : '';
    const variable = op.variable !== undefined && this.moduleLevel.has(op.variable) ? op.variable : undefined;
    const ctor = this.imports.has('postgresql') && !this.imports.has('sa') ? 'postgresql.ENUM' : 'sa.Enum';
    if (op.kind === 'create_enum') {
      if (variable) return [`${variable}.drop(${bind}${checkfirst})`];
      if (!name) return 'the enum type has no literal name';
      return [`${ctor}(${[`name=${pyStr(name)}`, ...schema].join(', ')}).drop(${bind}${checkfirst})`];
    }
    if (variable) return [`${variable}.create(${bind}${checkfirst})`];
    if (!name) return 'the enum type has no literal name';
    let values = op.enum.values?.length ? op.enum.values : undefined;
    if (!values) {
      const status = enumStatus(viewOf(before), enumKey(name, op.enum.schema));
      values = status.status === 'present' ? status.value.values : undefined;
    }
    if (!values?.length) return `the labels of enum type '${name}' are not known from earlier revisions`;
    return [`${ctor}(${[...values.map(pyStr), `name=${pyStr(name)}`, ...schema].join(', ')}).create(${bind}${checkfirst})`];
  }
}

/** `schema='…'` for an enum type outside the default schema (none otherwise). */
function schemaKeyword(schema: string | undefined): string[] {
  return schema && schema !== 'public' ? [`schema=${pyStr(schema)}`] : [];
}

/** The name the table keyed `key` has now, following renames (an index keeps the key of the table it was created on). */
function currentName(schema: Schema, key: string): string | undefined {
  let at = key;
  for (let i = 0; i < 100; i++) {
    const entry = schema.tables.get(at);
    if (entry?.state === 'present') return entry.name;
    if (!entry?.renamedTo) return undefined;
    const dot = at.lastIndexOf('.');
    at = dot >= 0 ? `${at.slice(0, dot)}.${entry.renamedTo}` : entry.renamedTo;
  }
  return undefined;
}

/** The operations of `file` (whose text is `text`); undefined when the tokenizer refuses the file. */
export function fileOperations(file: MigrationFile, text: string): MigrationOperations | undefined {
  return operationsOf(file.source === text ? file : { ...file, source: text });
}

/** The enum types a create_table creates with its columns (named, create_type not False). */
function createdEnumTypes(op: CreateTable): ColumnType[] {
  return op.columns.flatMap((c) => (c.type?.enum?.name && c.type.enum.createType ? [c.type] : []));
}

const firstLine = (text: string) => {
  const line = text.split('\n')[0].trim();
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
};

/**
 * The downgrade of `file` within its project: the schema it starts from replayed from the
 * revisions below it (`graph`, every file of the project), then generateDowngrade.
 */
export function generateDowngradeInProject(
  graph: RevisionGraph,
  files: Iterable<MigrationFile>,
  file: MigrationFile,
  text: string,
  url?: string,
): GeneratedDowngrade {
  const id = file.identifiers.revision?.values?.[0]?.value;
  let before: Schema | undefined;
  if (id !== undefined && graph.nodes.get(id)?.file === file) {
    const cache = createReplayCache();
    const replay = replaySchema(graph, isPostgres(url, files, cache), cache, undefined, 'required');
    before = replay.before.get(id);
  }
  return generateDowngrade({ file, text, before, id });
}
