// Cycles and the upgrade order: Tarjan's strongly connected components and Kahn's topological
// sort over down_revision and (resolved) depends_on edges.
import type { RevisionNode } from './revisionGraph';

type Nodes = ReadonlyMap<string, RevisionNode>;

/** The revision cycles: down_revision and resolved depends_on edges between revisions that exist. */
export function findCycles(nodes: Nodes): string[][] {
  return findStronglyConnectedCycles(nodes.keys(), (id) => {
    const node = nodes.get(id)!;
    const edges =
      node.downRevisions.length === 1 && nodes.has(node.downRevisions[0]) ? [...node.downRevisions] : node.downRevisions.filter((d) => nodes.has(d));
    for (const target of node.resolvedDependsOn) edges.push(target);
    return edges;
  });
}

/**
 * Tarjan's strongly connected components, iterative (a 10,000-long chain must not overflow the
 * stack): those of more than one id, or an id with an edge to itself, in the order they close.
 */
export function findStronglyConnectedCycles(ids: Iterable<string>, edgesOf: (id: string) => string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  for (const start of ids) {
    if (index.has(start)) continue;
    const work: { id: string; edges: string[]; next: number }[] = [];
    const visit = (id: string) => {
      index.set(id, counter);
      low.set(id, counter);
      counter++;
      stack.push(id);
      onStack.add(id);
      work.push({ id, edges: edgesOf(id), next: 0 });
    };
    visit(start);
    while (work.length) {
      const frame = work[work.length - 1];
      if (frame.next < frame.edges.length) {
        const target = frame.edges[frame.next++];
        if (!index.has(target)) visit(target);
        else if (onStack.has(target)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(target)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const caller = work[work.length - 1].id;
        low.set(caller, Math.min(low.get(caller)!, low.get(frame.id)!));
      }
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        const selfLoop = component.length === 1 && frame.edges.includes(frame.id);
        if (component.length > 1 || selfLoop) cycles.push(component.reverse());
      }
    }
  }
  return cycles;
}

/** How many distinct revisions `node` comes after (existing down_revisions and resolved depends_on). */
function distinctParents(node: RevisionNode, nodes: Nodes): number {
  const { downRevisions, resolvedDependsOn } = node;
  if (resolvedDependsOn.length === 0 && downRevisions.length === 1) return nodes.has(downRevisions[0]) ? 1 : 0;
  return new Set([...downRevisions.filter((d) => nodes.has(d)), ...resolvedDependsOn]).size;
}

/** Kahn's algorithm from the bases up, in node order among revisions that are ready together. */
export function topologicalOrder(nodes: Nodes, excluded: ReadonlySet<string>): string[] {
  const pending = new Map<string, number>();
  const ready: string[] = [];
  for (const node of nodes.values()) {
    if (excluded.has(node.id)) continue;
    const parents = distinctParents(node, nodes);
    pending.set(node.id, parents);
    if (parents === 0) ready.push(node.id);
  }
  const order: string[] = [];
  for (let i = 0; i < ready.length; i++) {
    const id = ready[i];
    order.push(id);
    for (const child of nodes.get(id)!.allChildren) {
      const left = pending.get(child);
      if (left === undefined) continue;
      pending.set(child, left - 1);
      if (left === 1) ready.push(child);
    }
  }
  // A revision downstream of a cycle never becomes ready; it is reported through the cycle.
  return order;
}

/** The upgrade order and the cycles: Kahn's algorithm orders every revision exactly when there is no cycle, so only then look for them. */
export function orderAndCycles(nodes: Nodes): { upgradeOrder: string[]; cycles: string[][] } {
  const upgradeOrder = topologicalOrder(nodes, new Set());
  if (upgradeOrder.length === nodes.size) return { upgradeOrder, cycles: [] };
  const cycles = findCycles(nodes);
  return { upgradeOrder: topologicalOrder(nodes, new Set(cycles.flat())), cycles };
}
