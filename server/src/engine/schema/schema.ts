// The replayed database schema at one revision: tables with their columns (type, nullability,
// server default), indexes and enum types, as the upgrade operations of the revisions below it left
// them. Immutable (persistent maps): each revision's schema shares what it did not change.
//
// What it cannot know stays unknown, never guessed absent: a project whose first revisions alter
// tables they never create (a baseline older than Alembic) is an *open* world, where a table the
// replay has not seen may well exist; raw SQL it cannot read, an operation on a name that is not a
// literal, a loop, or a file it cannot tokenize *taints* the schema: from there on nothing is
// claimed absent. Rules ask `tableStatus` / `columnStatus` and stay silent on 'unknown'.
import type { ColumnType, ForeignKeyRef, Value } from '../operations/model';
import { PersistentMap } from './persistentMap';

export interface Dropped {
  state: 'dropped';
  /** The revision whose upgrade dropped (or renamed) it. */
  by: string;
  renamedTo?: string;
}

export interface ColumnState {
  state: 'present';
  name: string;
  type?: ColumnType;
  nullable?: boolean;
  serverDefault?: Value;
  primaryKey: boolean;
  /** Column-level `sa.ForeignKey(...)`s (for a generator that recreates the column). */
  foreignKeys?: ForeignKeyRef[];
  /** `sa.Identity(...)` / `sa.Computed(...)` / `sa.Sequence(...)` as written (for a generator that recreates the column). */
  generated?: string[];
  /** The revision that added it (undefined: it was there before the replay saw it). */
  createdIn?: string;
}

export interface TableState {
  state: 'present';
  name: string;
  schema?: string;
  columns: PersistentMap<ColumnState | Dropped>;
  /** True when every column the table has is in `columns` (it was created by a revision we read). */
  complete: boolean;
  createdIn?: string;
  /** Table-level constraints (create_table's, create_* constraint operations'), for a generator that recreates them. */
  constraints?: readonly ConstraintState[];
}

export interface ConstraintState {
  kind: 'primary_key' | 'foreign_key' | 'unique' | 'check';
  /** Undefined: the database names it (PostgreSQL: <table>_pkey, <table>_<col>_fkey, <table>_<col>_key). */
  name?: string;
  columns: string[];
  referent?: { table?: string; columns: string[]; schema?: string };
  condition?: string;
  /** Other keyword arguments as written (`ondelete='CASCADE'`, `deferrable=True`). */
  options?: string[];
}

export interface EnumState {
  state: 'present';
  name: string;
  /** The schema it was created in, when not the default one. */
  schema?: string;
  /** The labels, when known. */
  values?: string[];
  createdIn?: string;
}

export interface IndexState {
  state: 'present';
  name: string;
  /** Key of the table it is on. */
  table: string;
  columns: string[];
  unique: boolean;
  createdIn?: string;
  /** The table's name and schema, and the PostgreSQL options as written, for a generator that recreates it. */
  tableName?: string;
  schema?: string;
  using?: string;
  /** `postgresql_where=` as written (`sa.text('...')`). */
  whereText?: string;
}

export type World = 'undecided' | 'closed' | 'open';

export interface Schema {
  readonly tables: PersistentMap<TableState | Dropped>;
  readonly enums: PersistentMap<EnumState | Dropped>;
  readonly indexes: PersistentMap<IndexState | Dropped>;
  /** closed: the history starts from an empty database, so a table it never created does not exist. */
  readonly world: World;
  /** Something the replay could not follow happened: nothing is claimed absent any more. */
  readonly tainted: boolean;
}

export const EMPTY_SCHEMA: Schema = Object.freeze({
  tables: PersistentMap.empty<TableState | Dropped>(),
  enums: PersistentMap.empty<EnumState | Dropped>(),
  indexes: PersistentMap.empty<IndexState | Dropped>(),
  world: 'undecided' as World,
  tainted: false,
});

export const tableKey = (name: string, schema?: string) => (schema ? `${schema}.${name}` : name);

/** What the status questions read: a Schema (viewOf) or a SchemaBuilder mid-revision. */
export interface SchemaView {
  readonly world: World;
  readonly tainted: boolean;
  table(key: string): TableState | Dropped | undefined;
  enumType(name: string): EnumState | Dropped | undefined;
  index(key: string): IndexState | Dropped | undefined;
}

export function viewOf(schema: Schema): SchemaView {
  return {
    world: schema.world,
    tainted: schema.tainted,
    table: (key) => schema.tables.get(key),
    enumType: (name) => schema.enums.get(name),
    index: (key) => schema.indexes.get(key),
  };
}

export type Status<T> = { status: 'present'; value: T } | { status: 'absent'; dropped?: Dropped } | { status: 'unknown' };

/** Is the table there? 'absent' only when the replay is sure. */
export function tableStatus(schema: SchemaView, name: string, schemaName?: string): Status<TableState> {
  const entry = schema.table(tableKey(name, schemaName));
  if (entry?.state === 'present') return { status: 'present', value: entry };
  if (schema.tainted) return { status: 'unknown' };
  if (entry?.state === 'dropped') return { status: 'absent', dropped: entry };
  return schema.world === 'closed' ? { status: 'absent' } : { status: 'unknown' };
}

/** Is the column there? 'absent' only when the table is known column by column (or the column was dropped). */
export function columnStatus(schema: SchemaView, table: TableState, column: string): Status<ColumnState> {
  const entry = table.columns.get(column);
  if (entry?.state === 'present') return { status: 'present', value: entry };
  if (schema.tainted) return { status: 'unknown' };
  if (entry?.state === 'dropped') return { status: 'absent', dropped: entry };
  return table.complete ? { status: 'absent' } : { status: 'unknown' };
}

/** How the schema keys an enum type: its name, qualified when it lives in a schema other than the default (public). */
export function enumKey(name: string, schema?: string): string {
  return schema && schema !== 'public' ? `${schema}.${name}` : name;
}

/** The enum type keyed `name` (enumKey). */
export function enumStatus(schema: SchemaView, name: string): Status<EnumState> {
  const entry = schema.enumType(name);
  if (entry?.state === 'present') return { status: 'present', value: entry };
  if (schema.tainted) return { status: 'unknown' };
  if (entry?.state === 'dropped') return { status: 'absent', dropped: entry };
  return schema.world === 'closed' ? { status: 'absent' } : { status: 'unknown' };
}

/** Changes to one schema, made operation by operation, read back as they are made. */
export class SchemaBuilder implements SchemaView {
  private readonly tables = new Map<string, TableState | Dropped | undefined>();
  private readonly enums = new Map<string, EnumState | Dropped | undefined>();
  private readonly indexes = new Map<string, IndexState | Dropped | undefined>();
  world: World;
  tainted: boolean;

  constructor(private readonly base: Schema) {
    this.world = base.world;
    this.tainted = base.tainted;
  }

  build(): Schema {
    if (!this.tables.size && !this.enums.size && !this.indexes.size && this.world === this.base.world && this.tainted === this.base.tainted) return this.base;
    return {
      tables: this.base.tables.with(this.tables),
      enums: this.base.enums.with(this.enums),
      indexes: this.base.indexes.with(this.indexes),
      world: this.world,
      tainted: this.tainted,
    };
  }

  table(key: string): TableState | Dropped | undefined {
    return this.tables.has(key) ? this.tables.get(key) : this.base.tables.get(key);
  }
  setTable(key: string, value: TableState | Dropped): void {
    this.tables.set(key, value);
  }
  enumType(name: string): EnumState | Dropped | undefined {
    return this.enums.has(name) ? this.enums.get(name) : this.base.enums.get(name);
  }
  setEnum(name: string, value: EnumState | Dropped): void {
    this.enums.set(name, value);
  }
  index(key: string): IndexState | Dropped | undefined {
    return this.indexes.has(key) ? this.indexes.get(key) : this.base.indexes.get(key);
  }
  setIndex(key: string, value: IndexState | Dropped): void {
    this.indexes.set(key, value);
  }
}
