// Suggestions for a reference that names no revision: the existing ids it most likely meant.
import type { RevisionGraph } from './revisionGraph';

/** The existing ids closest to a dangling reference: unique prefix/extension matches first, then small edit distance. */
export function closestRevisions(graph: RevisionGraph, target: string, limit = 3): string[] {
  const ids = [...graph.nodes.keys()];
  const prefixed = ids.filter((id) => id.startsWith(target) || (target.length >= 4 && target.startsWith(id)));
  if (prefixed.length) return prefixed.slice(0, limit);
  const scored = ids
    .map((id) => ({ id, distance: editDistance(id, target, Math.max(2, Math.floor(target.length / 3))) }))
    .filter((s) => s.distance <= Math.max(2, Math.floor(target.length / 3)))
    .sort((a, b) => a.distance - b.distance || a.id.localeCompare(b.id));
  return scored.slice(0, limit).map((s) => s.id);
}

/** Levenshtein distance, giving up (returning max + 1) once every path exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > max) return max + 1;
    previous = current;
  }
  return previous[b.length];
}
