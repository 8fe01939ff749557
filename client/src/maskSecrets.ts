// Hides passwords in text bound for the log. No vscode import: unit-tested in plain Node.
//
// What is masked (the whole secret becomes `***`, everything else stays readable):
//   - the password of a URL's user info: `postgresql://app:***@db:5432/x`. The password may hold a
//     literal `:` or `@` (Alembic users paste such URLs unencoded): the user info ends at the last
//     `@` before the host's path, query or fragment, so `postgresql://u:p@ss@h/db` hides `p@ss`;
//   - secret-named parameters anywhere in a line: URL query parameters (`?password=…&`), libpq
//     key/value strings (`host=x password=… dbname=y`, quoted values too), environment dumps
//     (`PGPASSWORD=…`, `DB_PASSWORD=…`) and JSON (`"password": "…"`).

const MASK = '***';

/** `scheme://` then the non-blank run up to the next blank or the next `scheme://` (URLs glued by a comma). */
const URL_TOKEN = /([a-z][a-z0-9+.-]*:\/\/)(\S+?)(?=\s|$|[a-z][a-z0-9+.-]*:\/\/)/gi;

/** A parameter name that holds a secret: password, sslpassword, PGPASSWORD, DB_PASSWORD, passwd, pwd, secret, token… */
const SECRET_KEY = String.raw`[a-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key)`;

/**
 * key=value: in a URL query (after `?`/`&`) the value ends at `&`, `#` or a blank; elsewhere (libpq,
 * environment) at a blank, and a quoted value ('…' with \' escapes, or "…") is masked whole.
 */
const KEY_VALUE = new RegExp(
  String.raw`(^|[?&])(${SECRET_KEY})=([^&#\s]*)` + String.raw`|(^|[^a-z0-9_.?&-])(${SECRET_KEY})(\s*=\s*)('(?:[^'\\\n]|\\.)*'?|"(?:[^"\\\n]|\\.)*"?|\S*)`,
  'gi',
);

/** "password": "…" in JSON. */
const JSON_PAIR = new RegExp(String.raw`("${SECRET_KEY}"\s*:\s*)"(?:[^"\\\n]|\\.)*"`, 'gi');

/** Hides every password in `text` (see the file comment for the forms recognised). */
export function maskSecrets(text: string): string {
  return text
    .replace(URL_TOKEN, (_match, scheme: string, rest: string) => scheme + maskUserInfo(rest))
    .replace(KEY_VALUE, (match, qStart?: string, qKey?: string, _qValue?: string, start?: string, key?: string, eq?: string, value?: string) => {
      if (qKey !== undefined) return `${qStart}${qKey}=${MASK}`;
      if (!value) return match; // `password=` with nothing after it: nothing to hide
      return `${start}${key}${eq}${MASK}`;
    })
    .replace(JSON_PAIR, `$1"${MASK}"`);
}

/** `user:password@host/…` → `user:***@host/…`; no password, no change. */
function maskUserInfo(rest: string): string {
  const firstAt = rest.indexOf('@');
  if (firstAt < 0) return rest;
  // The host part starts after the last `@` that comes before the path/query/fragment following the first `@`.
  const afterFirst = rest.slice(firstAt).search(/[/?#]/);
  const authorityEnd = afterFirst < 0 ? rest.length : firstAt + afterFirst;
  const lastAt = rest.lastIndexOf('@', authorityEnd - 1);
  const userInfo = rest.slice(0, lastAt);
  const colon = userInfo.indexOf(':');
  if (colon < 0 || /[/?#]/.test(userInfo.slice(0, colon))) return rest; // no password (or not user info at all)
  return `${userInfo.slice(0, colon + 1)}${MASK}${rest.slice(lastAt)}`;
}
