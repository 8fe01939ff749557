// When a change to the database asks first (DESIGN "Guard rails", issue 9): downgrades, stamps and
// Downgrade to Base always; any change when the database does not look like a development one
// (its host is not this machine, or its name says prod/production/live/main) or is not known.
// Pure: the extension shows the modal dialog this describes.

export type ChangeKind = 'upgrade' | 'downgrade' | 'stamp' | 'merge' | 'revision';

export interface DatabaseIdentity {
  host: string;
  database: string;
}

const PRODUCTION_WORDS = new Set(['prod', 'production', 'live', 'main']);

/** Loopback addresses, `localhost` and Unix socket folders are this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === '' || h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h.startsWith('/');
}

/** Why the database does not look like a development one; undefined when it does. */
export function productionReason(db: DatabaseIdentity | undefined): string | undefined {
  if (!db) return 'the database Alembic will change is not known here (env.py decides)';
  if (!isLoopbackHost(db.host)) return `its server ${db.host} is not this machine`;
  const word = db.database
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .find((part) => PRODUCTION_WORDS.has(part));
  return word ? `its name "${db.database}" says ${word}` : undefined;
}

export interface Confirmation {
  /** The modal's message. */
  message: string;
  /** Its detail (the revisions undone, why the database needs care). */
  detail: string;
  /** The confirming button: the action's name. */
  button: string;
}

/**
 * The confirmation a change needs, or undefined when it may go ahead (an upgrade or a new revision
 * against a local development database). `undone` lists what a downgrade takes back.
 */
export function confirmationFor(
  kind: ChangeKind,
  action: { title: string; button: string; target: string; undone?: readonly string[] },
  db: DatabaseIdentity | undefined,
): Confirmation | undefined {
  const risky = productionReason(db);
  const always = kind === 'downgrade' || kind === 'stamp';
  if (!always && !risky) return undefined;
  const where = db ? `${db.database} (${db.host})` : 'the database env.py connects to';
  const lines: string[] = [];
  if (action.undone?.length)
    lines.push(`This undoes ${action.undone.length} revision${action.undone.length === 1 ? '' : 's'}:`, ...action.undone.map((r) => `  ${r}`));
  if (kind === 'stamp') lines.push('Stamping writes the version table only: no migration runs, the schema is not changed.');
  if (risky) lines.push(`Careful: this does not look like a development database (${risky}).`);
  return { message: `${action.title}: ${verbPhrase(kind, action.target, where)}?`, detail: lines.join('\n'), button: action.button };
}

/** "take app_dev (127.0.0.1) down to base", "mark … as at 2b3c4d5e6f7a", "bring … up to head". */
function verbPhrase(kind: ChangeKind, target: string, where: string): string {
  const to = /^[+-]\d+$/.test(target) ? `${target.startsWith('-') ? 'down' : 'up'} ${target.slice(1)} revision${target.slice(1) === '1' ? '' : 's'}` : target;
  if (kind === 'downgrade') return /^-\d+$/.test(target) ? `take ${where} ${to}` : `take ${where} down to ${to}`;
  if (kind === 'stamp') return `mark ${where} as at ${to} (no migration runs)`;
  if (kind === 'upgrade') return /^\+\d+$/.test(target) ? `bring ${where} ${to}` : `bring ${where} up to ${to}`;
  if (kind === 'merge') return `merge ${to} for ${where}`;
  return `write "${to}" for ${where}`;
}
