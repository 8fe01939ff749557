// Reads INI files the way Python's configparser does for alembic.ini: `key = value` or
// `key: value`, keys lower-cased, full-line `#`/`;` comments, indented continuation lines,
// a DEFAULT section, and BasicInterpolation (`%(name)s`, `%%`).
// The `ini` package does not do continuation lines or interpolation, which alembic.ini relies on
// (multi-line version_locations, `%(here)s`, `%%(rev)s` in file_template).

export interface IniSection {
  name: string;
  /** Zero-based line of the `[section]` header. */
  line: number;
  values: Map<string, { raw: string; line: number }>;
}

export interface IniDocument {
  sections: Map<string, IniSection>;
  errors: { line: number; message: string }[];
}

export function parseIni(text: string): IniDocument {
  const sections = new Map<string, IniSection>();
  const errors: IniDocument['errors'] = [];
  let current: IniSection | undefined;
  let lastKey: { section: IniSection; key: string; indent: number } | undefined;
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    const trimmed = line.trim();
    const indent = line.length - line.trimStart().length;
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) return;
    if (lastKey && indent > lastKey.indent) {
      const entry = lastKey.section.values.get(lastKey.key)!;
      entry.raw = entry.raw === '' ? trimmed : `${entry.raw}\n${trimmed}`;
      return;
    }
    const header = /^\[([^\]]+)\]\s*$/.exec(trimmed);
    if (header && indent === 0) {
      const name = header[1];
      current = sections.get(name) ?? { name, line: index, values: new Map() };
      sections.set(name, current);
      lastKey = undefined;
      return;
    }
    const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(trimmed);
    if (!pair) {
      errors.push({ line: index, message: `line ${index + 1} is neither a [section], a key = value pair nor a comment` });
      return;
    }
    if (!current) {
      errors.push({ line: index, message: `line ${index + 1} has a value before any [section] header` });
      return;
    }
    const key = pair[1].toLowerCase();
    current.values.set(key, { raw: pair[2], line: index });
    lastKey = { section: current, key, indent };
  });
  return { sections, errors };
}

/** A section's value with configparser's BasicInterpolation applied (defaults, then DEFAULT, then the section). */
export function iniValue(doc: IniDocument, sectionName: string, key: string, defaults: Record<string, string>): string | undefined {
  const lookup = (name: string): string | undefined =>
    doc.sections.get(sectionName)?.values.get(name)?.raw ?? doc.sections.get('DEFAULT')?.values.get(name)?.raw ?? defaults[name];
  const raw = lookup(key.toLowerCase());
  return raw === undefined ? undefined : interpolate(raw, lookup, 0);
}

function interpolate(raw: string, lookup: (name: string) => string | undefined, depth: number): string {
  if (depth > 10) return raw;
  return raw.replace(/%%|%\(([^)]+)\)s/g, (match, name: string | undefined) => {
    if (match === '%%') return '%';
    const value = lookup(name!.toLowerCase());
    return value === undefined ? match : interpolate(value, lookup, depth + 1);
  });
}
