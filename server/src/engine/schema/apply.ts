// One revision's upgrade applied to a schema, operation by operation, with the rules that need the
// schema as it is at that operation: unknown-table, unknown-column, index-not-concurrent, the
// narrowing part of destructive-operation, drop-add-looks-like-rename.
import type { MigrationFile, Range } from '../model';
import type { AddColumn, Column, ColumnType, Constraint, DropColumn, MigrationOperations, Operation } from '../operations/model';
import type { Reporter } from '../rules/reporter';
import { PersistentMap } from './persistentMap';
import {
  columnStatus,
  enumKey,
  SchemaBuilder,
  tableKey,
  tableStatus,
  type ColumnState,
  type ConstraintState,
  type Dropped,
  type EnumState,
  type Schema,
  type TableState,
} from './schema';
import { sqlEffects } from './sql';

export interface RevisionContext {
  id: string;
  file: MigrationFile;
  /** The file's operations (operations/extract.ts operationsOf); undefined: unknown. */
  operations: MigrationOperations | undefined;
  /** The project is PostgreSQL (index-not-concurrent applies). */
  pg: boolean;
  /** Set to run the rules; unset when replaying only for the schema (a merge's other branches). */
  report?: Reporter;
}

/** Tables an operation names (its own, a foreign key's referent). */
function referencedTables(op: Operation): (string | undefined)[] {
  switch (op.kind) {
    case 'create_table':
      return [...op.columns.flatMap((c) => c.foreignKeys.map((fk) => fk.table)), ...op.constraints.map((c) => c.referent?.table)];
    case 'create_foreign_key':
      return [op.table, op.referent?.table];
    case 'execute':
    case 'create_enum':
    case 'drop_enum':
    case 'unknown':
      return [];
    default:
      return [op.table];
  }
}

/**
 * An undecided world is decided by the first revision that touches tables: closed when it only
 * uses tables it creates itself (the history starts from an empty database), open when it alters
 * or references one it does not create (the baseline predates Alembic).
 */
function decideWorld(ops: Operation[]): 'closed' | 'open' | undefined {
  const created = new Set<string>();
  let touches = false;
  for (const op of ops) {
    if (op.kind === 'create_table' && op.table) {
      created.add(op.table);
      touches = true;
    }
    for (const table of referencedTables(op)) {
      if (table === undefined) continue;
      touches = true;
      if (!created.has(table)) return 'open';
    }
  }
  return touches ? 'closed' : undefined;
}

const typeWords = (type: ColumnType | undefined) => type?.text.replace(/\s+/g, '').replace(/^(sa|sqlalchemy|postgresql|mysql|sqlite)\./, '');

/** Length / precision arguments of a type, as numbers: String(50) → 50, Numeric(10, 2) → [10, 2]. */
function sizes(type: ColumnType): number[] {
  const out: number[] = [];
  for (const arg of type.args) if (arg.kind === 'num') out.push(arg.value);
  for (const key of ['length', 'precision', 'scale']) {
    const value = type.kwargs[key];
    if (value?.kind === 'num') out.push(value.value);
  }
  return out;
}

const INTEGER_RANK: Record<string, number> = { SmallInteger: 1, SMALLINT: 1, Integer: 2, INTEGER: 2, INT: 2, BigInteger: 3, BIGINT: 3 };
const TEXTUAL = new Set(['String', 'VARCHAR', 'Unicode', 'NVARCHAR', 'CHAR', 'Text', 'TEXT', 'UnicodeText', 'CHARACTER', 'citext', 'CITEXT']);
const UNBOUNDED_TEXT = new Set(['Text', 'TEXT', 'UnicodeText', 'citext', 'CITEXT']);

/** Why changing `from` to `to` can lose data or fail on existing rows; undefined when it widens or is unknown. */
export function narrowing(from: ColumnType | undefined, to: ColumnType | undefined): string | undefined {
  if (!from || !to) return undefined;
  const a = INTEGER_RANK[from.name];
  const b = INTEGER_RANK[to.name];
  if (a && b) return b < a ? `${from.text} to ${to.text} is a smaller integer` : undefined;
  if (TEXTUAL.has(from.name) && TEXTUAL.has(to.name)) {
    const fromSize = UNBOUNDED_TEXT.has(from.name) ? Infinity : (sizes(from)[0] ?? Infinity);
    const toSize = UNBOUNDED_TEXT.has(to.name) ? Infinity : (sizes(to)[0] ?? Infinity);
    return toSize < fromSize ? `${from.text} to ${to.text} is shorter` : undefined;
  }
  if (['Numeric', 'NUMERIC', 'DECIMAL'].includes(from.name) && from.name === to.name) {
    const [p1, s1] = sizes(from);
    const [p2, s2] = sizes(to);
    if ((p1 !== undefined && p2 !== undefined && p2 < p1) || (s1 !== undefined && s2 !== undefined && s2 < s1))
      return `${from.text} to ${to.text} has less precision`;
    return undefined;
  }
  if (
    TEXTUAL.has(from.name) &&
    (INTEGER_RANK[to.name] || ['Boolean', 'Date', 'DateTime', 'Numeric', 'Float', 'UUID', 'JSON', 'JSONB', 'Enum', 'ENUM'].includes(to.name))
  )
    return `${from.text} to ${to.text} fails on any value that does not convert`;
  return undefined;
}

/** An enum type as the schema keeps it. */
function enumState(type: { name?: string; schema?: string; values?: string[] }, createdIn: string): EnumState {
  const schema = type.schema && type.schema !== 'public' ? { schema: type.schema } : {};
  return { state: 'present', name: type.name!, ...schema, values: type.values, createdIn };
}

function columnState(column: Column, createdIn: string): ColumnState | undefined {
  if (column.name === undefined) return undefined;
  return {
    state: 'present',
    name: column.name,
    type: column.type,
    nullable: column.nullable ?? !column.primaryKey,
    serverDefault: column.serverDefault,
    primaryKey: column.primaryKey,
    ...(column.foreignKeys.length ? { foreignKeys: column.foreignKeys } : {}),
    ...(column.generated ? { generated: column.generated } : {}),
    createdIn,
  };
}

const CONSTRAINT_OPTIONS = /\b(ondelete|onupdate|deferrable|initially|match)\s*=\s*('[^']*'|"[^"]*"|True|False)/g;

/** A create_table constraint as the schema keeps it (its options read back from its text). */
function constraintState(constraint: Constraint): ConstraintState {
  const options = [...constraint.text.matchAll(CONSTRAINT_OPTIONS)].map((m) => `${m[1]}=${m[2]}`);
  return {
    kind: constraint.kind,
    name: constraint.name,
    columns: constraint.columns,
    ...(constraint.referent ? { referent: constraint.referent } : {}),
    ...(constraint.condition !== undefined ? { condition: constraint.condition } : {}),
    ...(options.length ? { options } : {}),
  };
}

/** PostgreSQL's name for a constraint created without one. */
export function defaultConstraintName(table: string, constraint: Pick<ConstraintState, 'kind' | 'columns'>): string {
  switch (constraint.kind) {
    case 'primary_key':
      return `${table}_pkey`;
    case 'foreign_key':
      return `${table}_${constraint.columns.join('_')}_fkey`;
    case 'unique':
      return `${table}_${constraint.columns.join('_')}_key`;
    default:
      return `${table}_${constraint.columns.join('_')}_check`;
  }
}

/** Applies one operation to `builder` (what applyRevision does for each; for generators that need the schema between operations). */
export function applyOperation(builder: SchemaBuilder, op: Operation, id: string): void {
  if (op.conditional) builder.tainted = true;
  else apply(builder, op, id, new Set());
}

/** Applies `context.file`'s upgrade to `before`; reports the schema rules' findings when `context.report` is set. */
export function applyRevision(before: Schema, context: RevisionContext): Schema {
  const builder = new SchemaBuilder(before);
  const upgrade = context.operations?.upgrade;
  if (!context.operations) {
    builder.tainted = true; // a file we could not read: anything may have happened
    return builder.build();
  }
  if (!upgrade) return builder.build();
  const ops = upgrade.operations;
  if (builder.world === 'undecided') builder.world = decideWorld(ops) ?? 'undecided';
  const rules = context.report ? new SchemaRules(context, builder, ops) : undefined;
  const createdHere = new Set<string>();
  for (const op of ops) {
    if (op.conditional) {
      builder.tainted = true; // in a loop or a branch: may run never or many times
      continue;
    }
    rules?.check(op, createdHere);
    apply(builder, op, context.id, createdHere);
  }
  rules?.finish();
  return builder.build();
}

function adopt(name: string, schema: string | undefined): TableState {
  return { state: 'present', name, schema, columns: PersistentMap.empty(), complete: false };
}

function apply(builder: SchemaBuilder, op: Operation, id: string, createdHere: Set<string>): void {
  const dropped = (extra?: Partial<Dropped>): Dropped => ({ state: 'dropped', by: id, ...extra });
  const needsTable = op.kind !== 'execute' && op.kind !== 'create_enum' && op.kind !== 'drop_enum' && op.kind !== 'unknown' && op.kind !== 'bulk_insert';
  if (needsTable && op.table === undefined) {
    builder.tainted = true; // a table name that is not a literal
    return;
  }
  const key = op.table !== undefined ? tableKey(op.table, op.schema) : '';
  const existing = () => {
    const entry = builder.table(key);
    return entry?.state === 'present' ? entry : undefined;
  };
  const withColumn = (name: string | undefined, value: ColumnState | Dropped | undefined) => {
    const table = existing() ?? adopt(op.table!, op.schema);
    if (name === undefined || value === undefined) builder.setTable(key, { ...table, complete: false });
    else builder.setTable(key, { ...table, columns: table.columns.set(name, value) });
  };
  switch (op.kind) {
    case 'create_table': {
      const columns = new Map<string, ColumnState>();
      let complete = op.complete;
      for (const column of op.columns) {
        const state = columnState(column, id);
        if (state) columns.set(state.name, state);
        else complete = false;
        const enumType = column.type?.enum;
        if (enumType?.name && enumType.createType) builder.setEnum(enumKey(enumType.name, enumType.schema), enumState(enumType, id));
      }
      builder.setTable(key, {
        state: 'present',
        name: op.table!,
        schema: op.schema,
        columns: PersistentMap.empty<ColumnState | Dropped>().with(columns),
        complete,
        createdIn: id,
        ...(op.constraints.length ? { constraints: op.constraints.map(constraintState) } : {}),
      });
      createdHere.add(key);
      return;
    }
    case 'drop_table':
      builder.setTable(key, dropped());
      return;
    case 'rename_table': {
      if (op.newName === undefined) {
        builder.tainted = true;
        return;
      }
      const table = existing() ?? adopt(op.table!, op.schema);
      builder.setTable(key, dropped({ renamedTo: op.newName }));
      builder.setTable(tableKey(op.newName, op.schema), { ...table, name: op.newName });
      return;
    }
    case 'add_column': {
      const state = op.column ? columnState(op.column, id) : undefined;
      withColumn(state?.name, state); // (add_column does not create an enum type: only create_table does)
      return;
    }
    case 'drop_column':
      withColumn(op.column, op.column === undefined ? undefined : dropped());
      return;
    case 'alter_column': {
      if (op.column === undefined) return withColumn(undefined, undefined);
      const table = existing();
      const entry = table?.columns.get(op.column);
      const previous: ColumnState =
        entry?.state === 'present' ? entry : { state: 'present', name: op.column, type: op.existingType, nullable: op.existingNullable, primaryKey: false };
      const next: ColumnState = { ...previous };
      if (op.type) next.type = op.type;
      if (op.typeUnresolved) next.type = undefined;
      if (op.nullable !== undefined) next.nullable = op.nullable;
      if (op.serverDefault)
        next.serverDefault = op.serverDefault.kind === 'none' || (op.serverDefault.kind === 'bool' && !op.serverDefault.value) ? undefined : op.serverDefault;
      if (op.newName) {
        next.name = op.newName;
        withColumn(op.column, dropped({ renamedTo: op.newName }));
        withColumn(op.newName, next);
      } else withColumn(op.column, next);
      return;
    }
    case 'create_index':
      if (op.name !== undefined)
        builder.setIndex(tableKey(op.name, op.schema), {
          state: 'present',
          name: op.name,
          table: key,
          columns: op.columns,
          unique: op.unique,
          createdIn: id,
          tableName: op.table,
          ...(op.schema !== undefined ? { schema: op.schema } : {}),
          ...(op.using !== undefined ? { using: op.using } : {}),
          ...(op.kwargs.postgresql_where ? { whereText: op.kwargs.postgresql_where.text } : {}),
        });
      return;
    case 'create_foreign_key':
    case 'create_unique_constraint':
    case 'create_check_constraint':
    case 'create_primary_key': {
      const table = existing();
      if (!table) return; // a table the replay does not know: nothing to record it on
      const kind =
        op.kind === 'create_foreign_key'
          ? 'foreign_key'
          : op.kind === 'create_unique_constraint'
            ? 'unique'
            : op.kind === 'create_check_constraint'
              ? 'check'
              : 'primary_key';
      const known = new Set([
        'source_schema',
        'referent_schema',
        'schema',
        'constraint_name',
        'source_table',
        'referent_table',
        'local_cols',
        'remote_cols',
        'table_name',
        'columns',
        'condition',
      ]);
      const options = Object.entries(op.kwargs)
        .filter(([k]) => !known.has(k))
        .map(([k, v]) => `${k}=${v.text}`);
      const constraint: ConstraintState = {
        kind,
        name: op.name,
        columns: op.columns,
        ...(op.referent ? { referent: op.referent } : {}),
        ...(op.condition !== undefined ? { condition: op.condition } : {}),
        ...(options.length ? { options } : {}),
      };
      builder.setTable(key, { ...table, constraints: [...(table.constraints ?? []), constraint] });
      return;
    }
    case 'drop_constraint': {
      const table = existing();
      if (!table || op.name === undefined) return;
      const constraints = (table.constraints ?? []).filter((c) => (c.name ?? defaultConstraintName(table.name, c)) !== op.name);
      if (constraints.length !== (table.constraints ?? []).length) {
        builder.setTable(key, { ...table, constraints });
        return;
      }
      // A column-level constraint PostgreSQL named: <table>_pkey, <table>_<col>_fkey.
      let columns = table.columns;
      for (const [name, column] of table.columns.entries()) {
        if (column.state !== 'present') continue;
        if (op.name === `${table.name}_pkey` && column.primaryKey) columns = columns.set(name, { ...column, primaryKey: false });
        else if (column.foreignKeys?.length && op.name === `${table.name}_${name}_fkey`) columns = columns.set(name, { ...column, foreignKeys: [] });
      }
      if (columns !== table.columns) builder.setTable(key, { ...table, columns });
      return;
    }
    case 'drop_index':
      if (op.name !== undefined) builder.setIndex(tableKey(op.name, op.schema), dropped());
      return;
    case 'create_enum':
      if (op.enum.name) builder.setEnum(enumKey(op.enum.name, op.enum.schema), enumState(op.enum, id));
      else builder.tainted = true;
      return;
    case 'drop_enum':
      if (op.enum.name) builder.setEnum(enumKey(op.enum.name, op.enum.schema), dropped());
      else builder.tainted = true;
      return;
    case 'execute': {
      if (op.sql === undefined) {
        if (!op.construct) builder.tainted = true;
        return;
      }
      const effects = sqlEffects(op.sql);
      if (effects === 'unknown') {
        builder.tainted = true;
        return;
      }
      for (const effect of effects) {
        if (effect.kind === 'create_table') {
          builder.setTable(effect.table, adopt(effect.table, undefined));
          createdHere.add(effect.table);
        } else if (effect.kind === 'drop_table') builder.setTable(effect.table, dropped());
        else if (effect.kind === 'rename_table') {
          const entry = builder.table(effect.table);
          builder.setTable(effect.table, dropped({ renamedTo: effect.newName }));
          builder.setTable(effect.newName, entry?.state === 'present' ? { ...entry, name: effect.newName } : adopt(effect.newName, undefined));
        } else if (effect.kind === 'alter_table') {
          const entry = builder.table(effect.table);
          builder.setTable(effect.table, entry?.state === 'present' ? { ...entry, complete: false } : adopt(effect.table, undefined));
        } else if (effect.kind === 'create_index')
          builder.setIndex(effect.name, { state: 'present', name: effect.name, table: effect.table, columns: [], unique: false, createdIn: id });
        else if (effect.kind === 'drop_index') builder.setIndex(effect.name, dropped());
        else if (effect.kind === 'create_enum') builder.setEnum(enumKey(effect.name, effect.schema), enumState(effect, id));
        else if (effect.kind === 'drop_enum') builder.setEnum(enumKey(effect.name, effect.schema), dropped());
        else if (effect.kind === 'add_enum_value') {
          const key = enumKey(effect.name, effect.schema);
          const entry = builder.enumType(key);
          if (entry?.state === 'present') builder.setEnum(key, { ...entry, values: entry.values ? [...entry.values, effect.value] : undefined });
        }
      }
      return;
    }
    default:
      return; // constraints, bulk_insert, unknown op.* calls: nothing the replay tracks
  }
}

const where = (dropped: Dropped | undefined, what: string) =>
  dropped
    ? dropped.renamedTo
      ? ` (revision ${dropped.by} renamed it to '${dropped.renamedTo}')`
      : ` (revision ${dropped.by} dropped it)`
    : ` (no earlier revision creates ${what})`;

/** The rules that read the schema as it is when an operation runs. */
class SchemaRules {
  private readonly drops = new Map<string, DropColumn[]>();
  private readonly adds = new Map<string, AddColumn[]>();
  private readonly droppedTypes = new Map<DropColumn, ColumnType | undefined>();

  constructor(
    private readonly context: RevisionContext,
    private readonly builder: SchemaBuilder,
    private readonly ops: Operation[],
  ) {}

  private report(rule: string, range: Range, message: string, data?: Record<string, unknown>): void {
    this.context.report!(rule, this.context.file, range, message, data ? { data } : undefined);
  }

  check(op: Operation, createdHere: Set<string>): void {
    const builder = this.builder;
    // Foreign keys name other tables.
    const references: { table: string; schema?: string }[] = [];
    if (op.kind === 'create_table') {
      for (const column of op.columns)
        for (const fk of column.foreignKeys) {
          const parts = fk.target.split('.');
          if (fk.table && fk.table !== op.table) references.push({ table: fk.table, schema: parts.length >= 3 ? parts[parts.length - 3] : undefined });
        }
      for (const constraint of op.constraints)
        if (constraint.referent?.table && constraint.referent.table !== op.table) references.push({ table: constraint.referent.table });
    } else if (op.kind === 'create_foreign_key' && op.referent?.table && op.referent.table !== op.table) {
      references.push({ table: op.referent.table, schema: op.referent.schema });
    }
    for (const ref of references) {
      const status = tableStatus(builder, ref.table, ref.schema ?? op.schema);
      if (status.status === 'absent')
        this.report(
          'unknown-table',
          op.range,
          `This migration references table '${ref.table}', which does not exist at this revision${where(status.dropped, 'it')}, so \`alembic upgrade\` fails with 'relation "${ref.table}" does not exist'. Create the table in an earlier revision first (or, if it predates Alembic, in a baseline revision).`,
          { table: ref.table },
        );
    }
    if (
      op.kind === 'create_table' ||
      op.kind === 'execute' ||
      op.kind === 'create_enum' ||
      op.kind === 'drop_enum' ||
      op.kind === 'unknown' ||
      op.table === undefined
    )
      return;
    const status = tableStatus(builder, op.table, op.schema);
    if (status.status === 'absent') {
      this.report(
        'unknown-table',
        op.range,
        `Table '${op.table}' does not exist at this revision${where(status.dropped, 'it')}, so \`alembic upgrade\` fails with 'relation "${op.table}" does not exist'. Create the table in an earlier revision (or this one, before this line), or if it predates Alembic, in a baseline revision.`,
        { table: op.table },
      );
      return;
    }
    const table = status.status === 'present' ? status.value : undefined;
    const key = tableKey(op.table, op.schema);
    const preexisting = !createdHere.has(key) && (status.status === 'present' ? status.value.createdIn !== this.context.id : true);
    const checkColumns = (columns: (string | undefined)[]) => {
      if (!table) return;
      for (const column of columns) {
        if (column === undefined || !/^\w+$/.test(column)) continue; // an expression index
        const columnState = columnStatus(builder, table, column);
        if (columnState.status === 'absent')
          this.report(
            'unknown-column',
            op.range,
            `Table '${op.table}' has no column '${column}' at this revision${where(columnState.dropped, 'it')}, so \`alembic upgrade\` fails with 'column "${column}" does not exist'. Check the column name against the revision that created the table.`,
            { table: op.table, column },
          );
      }
    };
    switch (op.kind) {
      case 'drop_column':
        checkColumns([op.column]);
        if (table && op.column) {
          const entry = table.columns.get(op.column);
          this.droppedTypes.set(op, entry?.state === 'present' ? entry.type : undefined);
        }
        this.drops.set(key, [...(this.drops.get(key) ?? []), op]);
        return;
      case 'add_column':
        this.adds.set(key, [...(this.adds.get(key) ?? []), op]);
        return;
      case 'alter_column': {
        checkColumns([op.column]);
        if (op.type && op.column) {
          const entry = table?.columns.get(op.column);
          const previous = op.existingType ?? (entry?.state === 'present' ? entry.type : undefined);
          const why = narrowing(previous, op.type);
          if (why)
            this.report(
              'destructive-operation',
              op.range,
              `Changing '${op.table}.${op.column}' from ${why}: existing rows may be truncated or the ALTER fails. Add a new column of the new type, backfill it, switch the application over, then drop the old column in a later revision.`,
              { table: op.table, column: op.column },
            );
        }
        return;
      }
      case 'create_index':
        checkColumns(op.columns);
        if (this.context.pg && !op.concurrently && !op.batch && preexisting && (status.status === 'present' || builder.world !== 'closed'))
          this.report(
            'index-not-concurrent',
            op.range,
            `Building index ${op.name ? `'${op.name}' ` : ''}on '${op.table}', a table that existed before this revision, without CONCURRENTLY locks out writes to it for the whole build. Pass postgresql_concurrently=True and run it inside \`with op.get_context().autocommit_block():\`.`,
            { table: op.table, index: op.name },
          );
        return;
      case 'create_unique_constraint':
      case 'create_primary_key':
      case 'create_foreign_key':
        checkColumns(op.columns);
        return;
      default:
        return;
    }
  }

  /** drop-add-looks-like-rename: one column dropped and one added in the same table, of the same type as far as known. */
  finish(): void {
    for (const [key, drops] of this.drops) {
      const adds = this.adds.get(key);
      if (drops.length !== 1 || adds?.length !== 1) continue;
      const drop = drops[0];
      const add = adds[0];
      if (!drop.column || !add.column?.name || drop.column === add.column.name) continue;
      const droppedType = this.droppedTypes.get(drop);
      if (droppedType && add.column.type && typeWords(droppedType) !== typeWords(add.column.type)) continue;
      if (this.ops.some((op) => op.kind === 'execute' || op.kind === 'bulk_insert')) continue; // a copy between them: a deliberate migration
      this.report(
        'drop-add-looks-like-rename',
        drop.range,
        `This drops '${drop.table}.${drop.column}' and adds '${add.column.name}'${droppedType ? ' of the same type' : ''}: if this is a rename (autogenerate writes renames this way), the data in '${drop.column}' is lost. Use op.alter_column('${drop.table}', '${drop.column}', new_column_name='${add.column.name}') instead.`,
        { table: drop.table, from: drop.column, to: add.column.name },
      );
    }
  }
}
