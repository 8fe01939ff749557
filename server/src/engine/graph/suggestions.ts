// Suggestions for a reference that names no revision: the existing ids it most likely meant.
import type { RevisionGraph } from './revisionGraph';

/** The existing ids closest to a dangling reference: unique prefix/extension matches first, then small edit distance. */
export function closestRevisions(graph: RevisionGraph, target: string, limit = 3): string[] {
  const prefixed: string[] = [];
  for (const id of graph.nodes.keys()) if (id.startsWith(target) || (target.length >= 4 && target.startsWith(id))) prefixed.push(id);
  if (prefixed.length) return prefixed.slice(0, limit);
  // Every id is compared on each rebuild of a graph with a dangling reference (a keystroke in down_revision): no allocation per id.
  const max = Math.max(2, Math.floor(target.length / 3));
  const scored: { id: string; distance: number }[] = [];
  for (const id of graph.nodes.keys()) {
    const distance = editDistance(id, target, max);
    if (distance <= max) scored.push({ id, distance });
  }
  scored.sort((a, b) => a.distance - b.distance || a.id.localeCompare(b.id));
  return scored.slice(0, limit).map((s) => s.id);
}

/** Two rows of the distance table, grown as needed and reused by every call. */
let rows = [new Int32Array(64), new Int32Array(64)];

/** Levenshtein distance, giving up (returning max + 1) once every path exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (rows[0].length <= b.length) rows = [new Int32Array(b.length + 1), new Int32Array(b.length + 1)];
  let previous = rows[0];
  let current = rows[1];
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let best = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ai === b.charCodeAt(j - 1) ? 0 : 1));
      current[j] = value;
      if (value < best) best = value;
    }
    if (best > max) return max + 1;
    const swap = previous;
    previous = current;
    current = swap;
  }
  return Math.min(previous[b.length], max + 1);
}
