// The operation model: what each upgrade()/downgrade() does, as Alembic `op.*` calls in source
// order with their arguments resolved. Plain data (no behaviour): the schema replay, the safety
// rules and the downgrade generator read it. Values keep their source text so a generator can
// write an argument back exactly as the user wrote it.
import type { Range } from '../model';

/** An argument value, resolved where it is a literal (or a name bound to one). */
export type Value =
  | { kind: 'str'; value: string; text: string }
  | { kind: 'num'; value: number; text: string }
  | { kind: 'bool'; value: boolean; text: string }
  | { kind: 'none'; text: string }
  | { kind: 'list'; items: Value[]; text: string }
  | { kind: 'dict'; entries: { key: Value; value: Value }[]; text: string }
  | { kind: 'call'; callee: string; fn: Value; args: Value[]; kwargs: Record<string, Value>; text: string }
  /** `<value>.name` where the value is not a plain dotted name (`op.get_context().autocommit_block`). */
  | { kind: 'attr'; object: Value; name: string; text: string }
  /** A dotted name that is not bound to a literal (`sa.Integer`, `my_enum`, `op`). */
  | { kind: 'name'; name: string; text: string }
  /** Anything else: an operator expression, a subscript, a lambda, `*args`... */
  | { kind: 'opaque'; text: string };

/** A column type: `sa.String(length=50)` → name 'String', kwargs.length. */
export interface ColumnType {
  /** The type's last name: 'String', 'Integer', 'Enum', 'ENUM', 'JSONB'... */
  name: string;
  /** The dotted callee as written: 'sa.String', 'postgresql.ENUM'. */
  callee: string;
  args: Value[];
  kwargs: Record<string, Value>;
  text: string;
  /** Set when the type is an enum (sa.Enum, postgresql.ENUM, sa.dialects.postgresql.ENUM). */
  enum?: EnumType;
}

export interface EnumType {
  /** The database type's name (`name=`); undefined when not given or not a literal. */
  name?: string;
  /** `schema=` when given as a literal (the type lives there, not on the search path). */
  schema?: string;
  /** The labels, when all are literals. */
  values?: string[];
  /** False with `create_type=False` (postgresql.ENUM): a table using it does not create the type. */
  createType: boolean;
  /** True when the enum comes from a Python Enum class (`sa.Enum(MyEnum)`): labels unknown here. */
  fromClass: boolean;
}

export interface ForeignKeyRef {
  /** 'table.column' or 'schema.table.column' as written. */
  target: string;
  table?: string;
  column?: string;
  ondelete?: string;
}

export interface Column {
  /** Undefined when the name is not a literal. */
  name?: string;
  type?: ColumnType;
  /** As written; undefined when not given (SQLAlchemy's default: nullable unless primary key). */
  nullable?: boolean;
  /** True when `nullable=` is given but not a literal. */
  nullableUnresolved?: boolean;
  /** `server_default=` as written; undefined when not given. */
  serverDefault?: Value;
  primaryKey: boolean;
  autoincrement?: Value;
  foreignKeys: ForeignKeyRef[];
  /** How the database generates it: `sa.Identity(...)`, `sa.Computed(...)`, `sa.Sequence(...)` as written (positional). */
  generated?: string[];
  text: string;
  range: Range;
}

export interface Constraint {
  kind: 'primary_key' | 'foreign_key' | 'unique' | 'check';
  name?: string;
  columns: string[];
  referent?: { table?: string; columns: string[] };
  /** The condition of a CheckConstraint, as written. */
  condition?: string;
  text: string;
}

export type OperationKind =
  | 'create_table'
  | 'drop_table'
  | 'add_column'
  | 'drop_column'
  | 'alter_column'
  | 'rename_table'
  | 'create_index'
  | 'drop_index'
  | 'create_foreign_key'
  | 'create_unique_constraint'
  | 'create_check_constraint'
  | 'create_primary_key'
  | 'drop_constraint'
  | 'create_enum'
  | 'drop_enum'
  | 'execute'
  | 'bulk_insert'
  | 'unknown';

/** What every operation carries. */
export interface OperationBase {
  kind: OperationKind;
  /** Range of the whole call (for diagnostics, and for a quick fix to replace). */
  range: Range;
  /** The callee as written: 'op.add_column', 'batch_op.drop_column', 'status_enum.create'. */
  callee: string;
  args: Value[];
  kwargs: Record<string, Value>;
  /** Source text of the call. */
  text: string;
  /** Inside `with op.batch_alter_table(...) as batch_op:` (the table is the batch's). */
  batch?: { table?: string; schema?: string };
  /** Inside `with op.get_context().autocommit_block():`. */
  autocommit: boolean;
  /** Inside an if/for/while/try/other compound statement: may not run, or run more than once. */
  conditional: boolean;
  /** Table and schema the operation acts on, when known. */
  table?: string;
  schema?: string;
}

export interface CreateTable extends OperationBase {
  kind: 'create_table';
  columns: Column[];
  constraints: Constraint[];
  /** True when every positional argument after the name was understood (a Column or a Constraint). */
  complete: boolean;
}
export interface DropTable extends OperationBase {
  kind: 'drop_table';
}
export interface AddColumn extends OperationBase {
  kind: 'add_column';
  column?: Column;
}
export interface DropColumn extends OperationBase {
  kind: 'drop_column';
  column?: string;
}
export interface AlterColumn extends OperationBase {
  kind: 'alter_column';
  column?: string;
  /** Each undefined when not given. `serverDefault` holds `False`/`None` as written (removal). */
  type?: ColumnType;
  typeUnresolved?: boolean;
  nullable?: boolean;
  serverDefault?: Value;
  newName?: string;
  existingType?: ColumnType;
  existingNullable?: boolean;
  existingServerDefault?: Value;
}
export interface RenameTable extends OperationBase {
  kind: 'rename_table';
  newName?: string;
}
export interface CreateIndex extends OperationBase {
  kind: 'create_index';
  name?: string;
  /** Column names; an expression (sa.text(...)) is kept as its source text. */
  columns: string[];
  unique: boolean;
  using?: string;
  where?: string;
  concurrently: boolean;
}
export interface DropIndex extends OperationBase {
  kind: 'drop_index';
  name?: string;
  concurrently: boolean;
}
export interface CreateConstraint extends OperationBase {
  kind: 'create_foreign_key' | 'create_unique_constraint' | 'create_check_constraint' | 'create_primary_key';
  name?: string;
  columns: string[];
  referent?: { table?: string; columns: string[]; schema?: string };
  condition?: string;
}
export interface DropConstraint extends OperationBase {
  kind: 'drop_constraint';
  name?: string;
  /** `type_=`: 'foreignkey', 'unique', 'check', 'primary'. */
  constraintType?: string;
}
/** `<enum>.create(op.get_bind())` / `<enum>.drop(op.get_bind())`, or `op.execute('CREATE TYPE ... AS ENUM')` / `DROP TYPE`. */
export interface EnumOperation extends OperationBase {
  kind: 'create_enum' | 'drop_enum';
  enum: EnumType;
  /** The Python name holding the enum (a local or module-level variable), when it was one. */
  variable?: string;
}
export interface Execute extends OperationBase {
  kind: 'execute';
  /** The SQL when it is a literal string (or `sa.text("...")` of one). */
  sql?: string;
  /** The statement is an SQLAlchemy Core construct (`table.update()...`, `sa.insert(...)`), not SQL text. */
  construct: boolean;
}
export interface BulkInsert extends OperationBase {
  kind: 'bulk_insert';
}
export interface UnknownOperation extends OperationBase {
  kind: 'unknown';
}

export type Operation =
  | CreateTable
  | DropTable
  | AddColumn
  | DropColumn
  | AlterColumn
  | RenameTable
  | CreateIndex
  | DropIndex
  | CreateConstraint
  | DropConstraint
  | EnumOperation
  | Execute
  | BulkInsert
  | UnknownOperation;

/** What one upgrade() or downgrade() does. */
export interface FunctionOperations {
  operations: Operation[];
  /** The body does something besides op calls (a statement we do not model: `conn = op.get_bind()`, a loop over rows...). */
  hasOtherCode: boolean;
  /** The body holds `raise NotImplementedError(...)` (at any depth). */
  raisesNotImplemented: boolean;
  /** Only raises, only pass/docstring/... : no operation, nothing else. */
  onlyRaises: boolean;
  /** The body holds Alembic's autogenerate markers (`# ### commands auto generated by Alembic`). */
  autogenerated: boolean;
  /** Range of the body (first to last statement). */
  bodyRange: Range;
}

export interface MigrationOperations {
  upgrade?: FunctionOperations;
  downgrade?: FunctionOperations;
}
