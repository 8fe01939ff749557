// Alembic's `file_template`: a Python %-format string over rev, slug, epoch, year, month, day,
// hour, minute and second (alembic/script/base.py `_rev_path`), plus ".py". This module renders a
// name the way Alembic would and tells whether an existing name fits the template.
import type { RevisionTimestamp } from './revisionTimestamp';

export interface TemplateValues {
  rev: string;
  slug: string;
  /** A new revision's timestamp; a Date is an existing revision's date, read back naively (UTC fields). */
  date?: Date | RevisionTimestamp;
}

interface Placeholder {
  key: string;
  flags: string;
  width?: number;
  precision?: number;
  type: string;
}

type Part = string | Placeholder;

const PLACEHOLDER = /%(?:%|\((\w+)\)([-#0 +]*)(\d+)?(?:\.(\d+))?([sdifr]))/g;
const SLUG_WORD = /\w+/gu;

export function parseTemplate(template: string): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (match.index! > last) parts.push(template.slice(last, match.index));
    if (match[0] === '%%') parts.push('%');
    else
      parts.push({
        key: match[1],
        flags: match[2] ?? '',
        width: match[3] ? Number(match[3]) : undefined,
        precision: match[4] ? Number(match[4]) : undefined,
        type: match[5],
      });
    last = match.index! + match[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return parts.reduce<Part[]>((out, part) => {
    const previous = out[out.length - 1];
    if (typeof part === 'string' && typeof previous === 'string') out[out.length - 1] = previous + part;
    else out.push(part);
    return out;
  }, []);
}

/** Alembic's slug: the message's words joined by `_`, lower-cased, cut at a word boundary. */
export function slugify(message: string | undefined, truncateLength: number): string {
  let slug = (message ?? '').match(SLUG_WORD)?.join('_').toLowerCase() ?? '';
  if (slug.length > truncateLength) {
    const cut = slug.slice(0, truncateLength);
    const underscore = cut.lastIndexOf('_');
    slug = (underscore >= 0 ? cut.slice(0, underscore) : cut) + '_';
  }
  return slug;
}

function dateFields(date: Date | RevisionTimestamp): Record<string, number> {
  if (!(date instanceof Date)) {
    const { epoch, year, month, day, hour, minute, second } = date;
    return { epoch, year, month, day, hour, minute, second };
  }
  return {
    epoch: Math.floor(date.getTime() / 1000),
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
  };
}

function formatNumber(value: number, placeholder: Placeholder): string {
  let digits = String(Math.abs(Math.trunc(value)));
  if (placeholder.precision !== undefined) digits = digits.padStart(placeholder.precision, '0');
  const sign = value < 0 ? '-' : placeholder.flags.includes('+') ? '+' : '';
  let out = sign + digits;
  if (placeholder.width !== undefined && out.length < placeholder.width) {
    if (placeholder.flags.includes('-')) out = out.padEnd(placeholder.width, ' ');
    else if (placeholder.flags.includes('0')) out = sign + digits.padStart(placeholder.width - sign.length, '0');
    else out = out.padStart(placeholder.width, ' ');
  }
  return out;
}

/** The file name (with `.py`) Alembic would give a revision. */
export function renderFileName(template: string, values: TemplateValues): string {
  const fields: Record<string, string | number> = { rev: values.rev, slug: values.slug, ...dateFields(values.date ?? new Date(0)) };
  return (
    parseTemplate(template)
      .map((part) => {
        if (typeof part === 'string') return part;
        const value = fields[part.key] ?? '';
        return part.type === 's' || part.type === 'r' ? String(value) : formatNumber(Number(value), part);
      })
      .join('') + '.py'
  );
}

export type NameCheck = { kind: 'match' } | { kind: 'revision-mismatch'; revInName: string } | { kind: 'no-match' };

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Digits of a numeric placeholder: a fixed count when zero-padded (so `%(hour).2d%(minute).2d` splits), else any. */
function numberPattern(part: Placeholder, capture: boolean): string {
  const fixed = part.precision ?? (part.flags.includes('0') ? part.width : undefined);
  const digits = fixed ? `\\d{${fixed},}?` : '\\d+?';
  return capture ? ` *(${digits}) *` : ` *[-+]?${digits} *`;
}

function templateRegex(parts: Part[], rev: string | undefined): RegExp {
  let pattern = '';
  let revGroups = 0;
  for (const part of parts) {
    if (typeof part === 'string') pattern += escapeRegex(part);
    else if (part.key === 'rev') pattern += rev !== undefined ? escapeRegex(rev) : revGroups++ === 0 ? '(?<rev>.+?)' : '.+?';
    else if (part.key === 'slug') pattern += '\\w*?';
    else if (part.type === 's' || part.type === 'r') pattern += '.*?';
    else pattern += numberPattern(part, false);
  }
  return new RegExp(`^${pattern}\\.py$`, 'u');
}

/** A template's parts with the regexes checkFileName needs: compile once per check of a project. */
export interface CompiledTemplate {
  parts: Part[];
  hasRev: boolean;
  generic: RegExp;
  /** With exactly one %(rev)s: what may come before it and after it (with `.py`), each anchored. */
  around?: { before: RegExp; after: RegExp };
}

export function compileTemplate(template: string): CompiledTemplate {
  const parts = parseTemplate(template.includes('/') ? template.slice(template.lastIndexOf('/') + 1) : template);
  const revAt = parts.flatMap((part, i) => (typeof part !== 'string' && part.key === 'rev' ? [i] : []));
  const compiled: CompiledTemplate = { parts, hasRev: revAt.length > 0, generic: templateRegex(parts, undefined) };
  if (revAt.length === 1) {
    // templateRegex(parts, rev) is ^before rev after\.py$: it matches exactly when some occurrence of
    // rev splits the name into a part `before` matches whole and a part `after` matches whole.
    const source = (slice: Part[]) =>
      templateRegex(slice, '')
        .source.replace(/^\^/, '')
        .replace(/\\\.py\$$/, '');
    compiled.around = {
      before: new RegExp(`^${source(parts.slice(0, revAt[0]))}$`, 'u'),
      after: new RegExp(`^${source(parts.slice(revAt[0] + 1))}\\.py$`, 'u'),
    };
  }
  return compiled;
}

function matchesWithRevision(compiled: CompiledTemplate, fileName: string, revision: string): boolean {
  const { around } = compiled;
  if (!around || revision === '') return templateRegex(compiled.parts, revision).test(fileName);
  for (let at = fileName.indexOf(revision); at !== -1; at = fileName.indexOf(revision, at + 1)) {
    if (around.before.test(fileName.slice(0, at)) && around.after.test(fileName.slice(at + revision.length))) return true;
  }
  return false;
}

/** Does `fileName` (a base name with `.py`) fit the template for revision `revision`? */
export function checkFileName(template: string | CompiledTemplate, fileName: string, revision: string): NameCheck {
  const compiled = typeof template === 'string' ? compileTemplate(template) : template;
  if (matchesWithRevision(compiled, fileName, revision)) return { kind: 'match' };
  if (!compiled.hasRev) return { kind: 'no-match' };
  const generic = compiled.generic.exec(fileName);
  if (generic?.groups?.rev !== undefined) return { kind: 'revision-mismatch', revInName: generic.groups.rev };
  return { kind: 'no-match' };
}

/** A date read from the date tokens of a name made by the template, if it has any. */
export function dateFromFileName(template: string, fileName: string): Date | undefined {
  const parts = parseTemplate(template.includes('/') ? template.slice(template.lastIndexOf('/') + 1) : template);
  const keys: string[] = [];
  let pattern = '';
  for (const part of parts) {
    if (typeof part === 'string') pattern += escapeRegex(part);
    else if (part.key === 'rev' || part.key === 'slug' || part.type === 's' || part.type === 'r') pattern += '.*?';
    else {
      keys.push(part.key);
      pattern += numberPattern(part, true);
    }
  }
  if (keys.length === 0) return undefined;
  const match = new RegExp(`^${pattern}\\.py$`, 'u').exec(fileName);
  if (!match) return undefined;
  const value = (key: string) => {
    const i = keys.indexOf(key);
    return i >= 0 ? Number(match[i + 1]) : undefined;
  };
  const epoch = value('epoch');
  if (epoch !== undefined) return new Date(epoch * 1000);
  const year = value('year');
  if (year === undefined) return undefined;
  const date = new Date(Date.UTC(year, (value('month') ?? 1) - 1, value('day') ?? 1, value('hour') ?? 0, value('minute') ?? 0, value('second') ?? 0));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Alembic's `Create Date:` header (`2024-01-02 10:11:12.123456`, maybe with an offset) as a Date. */
export function parseCreateDate(text: string | undefined): Date | undefined {
  if (!text) return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?/.exec(text.trim());
  if (!match) {
    const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
    return day ? new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]))) : undefined;
  }
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0), fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0);
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
