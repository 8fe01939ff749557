// Types for the parts of bootstrap.mjs the TypeScript tests use.
/** True when node_modules holds exactly what package-lock.json pins (npm's node_modules/.package-lock.json agrees). */
export function installedFromLock(root: string): boolean;
