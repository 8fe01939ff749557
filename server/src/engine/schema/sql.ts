// What a raw SQL string given to op.execute() does to the schema, as far as a few patterns tell:
// data statements change nothing the replay tracks; CREATE/DROP TABLE, INDEX and TYPE, ALTER TYPE
// ... ADD VALUE and ALTER TABLE are read; anything else is 'unknown' (the replay then stops
// claiming anything absent).
export type SqlEffect =
  | { kind: 'data' }
  | { kind: 'create_table' | 'drop_table' | 'alter_table'; table: string }
  | { kind: 'rename_table'; table: string; newName: string }
  | { kind: 'create_index'; name: string; table: string; concurrently: boolean }
  | { kind: 'drop_index'; name: string; concurrently: boolean }
  | { kind: 'create_enum'; name: string; schema?: string; values?: string[] }
  | { kind: 'drop_enum'; name: string; schema?: string }
  | { kind: 'add_enum_value'; name: string; schema?: string; value: string }
  | { kind: 'other_object' };

const NAME = String.raw`((?:"[^"]+"|[\w$]+)(?:\.(?:"[^"]+"|[\w$]+))?)`;
const unquotePart = (part: string) => (part.startsWith('"') ? part.slice(1, -1) : part.toLowerCase());
const unquote = (name: string) => unquotePart(name.split('.').pop()!);
/** The schema of a qualified name (`"s".x`, `s.x`), as an object spread: nothing when unqualified. */
const schemaPart = (name: string): { schema?: string } => {
  const parts = name.split('.');
  return parts.length === 2 ? { schema: unquotePart(parts[0]) } : {};
};

const DATA = /^(insert|update|delete|select|with|copy|grant|revoke|comment|set|reset|analyze|vacuum|refresh|notify|lock|truncate|call|begin|commit)\b/i;
const OTHER_OBJECT =
  /^(create|drop|alter)\s+(or\s+replace\s+)?(extension|function|procedure|trigger|view|materialized\s+view|sequence|schema|policy|role|user|rule|aggregate|operator|collation|domain|publication|subscription|event\s+trigger)\b/i;

/** Splits at semicolons outside quotes and dollar-quoted bodies; drops comments. */
function statements(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end;
      current += ' ';
      continue;
    }
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      const stop = end < 0 ? sql.length : end;
      current += sql.slice(i, stop + 1);
      i = stop;
      continue;
    }
    if (c === '$') {
      const tag = /^\$\w*\$/.exec(sql.slice(i));
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        const stop = end < 0 ? sql.length : end + tag[0].length;
        current += sql.slice(i, stop);
        i = stop - 1;
        continue;
      }
    }
    if (c === ';') {
      if (current.trim()) out.push(current.trim());
      current = '';
      continue;
    }
    current += c;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

export function sqlEffects(sql: string): SqlEffect[] | 'unknown' {
  const out: SqlEffect[] = [];
  for (const statement of statements(sql)) {
    const s = statement.replace(/\s+/g, ' ');
    let m: RegExpExecArray | null;
    if (DATA.test(s)) out.push({ kind: 'data' });
    else if (OTHER_OBJECT.test(s)) out.push({ kind: 'other_object' });
    else if ((m = new RegExp(String.raw`^create (?:unlogged |temporary |temp )?table (?:if not exists )?${NAME}`, 'i').exec(s)))
      out.push({ kind: 'create_table', table: unquote(m[1]) });
    else if ((m = new RegExp(String.raw`^drop table (?:if exists )?${NAME}`, 'i').exec(s))) out.push({ kind: 'drop_table', table: unquote(m[1]) });
    else if ((m = new RegExp(String.raw`^alter table (?:if exists )?(?:only )?${NAME} rename to ${NAME}$`, 'i').exec(s)))
      out.push({ kind: 'rename_table', table: unquote(m[1]), newName: unquote(m[2]) });
    else if ((m = new RegExp(String.raw`^alter table (?:if exists )?(?:only )?${NAME}`, 'i').exec(s))) out.push({ kind: 'alter_table', table: unquote(m[1]) });
    else if ((m = new RegExp(String.raw`^create (?:unique )?index (concurrently )?(?:if not exists )?${NAME} on (?:only )?${NAME}`, 'i').exec(s)))
      out.push({ kind: 'create_index', name: unquote(m[2]), table: unquote(m[3]), concurrently: !!m[1] });
    else if ((m = new RegExp(String.raw`^drop index (concurrently )?(?:if exists )?${NAME}`, 'i').exec(s)))
      out.push({ kind: 'drop_index', name: unquote(m[2]), concurrently: !!m[1] });
    else if ((m = new RegExp(String.raw`^create type ${NAME} as enum ?\((.*)\)$`, 'i').exec(s))) {
      const values = [...m[2].matchAll(/'((?:[^']|'')*)'/g)].map((v) => v[1].replace(/''/g, "'"));
      out.push({ kind: 'create_enum', name: unquote(m[1]), ...schemaPart(m[1]), values });
    } else if ((m = new RegExp(String.raw`^drop type (?:if exists )?${NAME}`, 'i').exec(s)))
      out.push({ kind: 'drop_enum', name: unquote(m[1]), ...schemaPart(m[1]) });
    else if ((m = new RegExp(String.raw`^alter type ${NAME} add value (?:if not exists )?'((?:[^']|'')*)'`, 'i').exec(s)))
      out.push({ kind: 'add_enum_value', name: unquote(m[1]), ...schemaPart(m[1]), value: m[2] });
    else return 'unknown';
  }
  return out;
}

/** True when the SQL changes data (INSERT/UPDATE/DELETE...), for mixed-schema-and-data. */
export function isDataSql(sql: string): boolean {
  const effects = sqlEffects(sql);
  return effects !== 'unknown' && effects.some((e) => e.kind === 'data') && !/^\s*select\b/i.test(sql);
}
