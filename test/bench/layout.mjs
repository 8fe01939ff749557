// Layout bench: elkjs (layered), @dagrejs/dagre and d3-dag (sugiyama, and its grid layout) and our
// layout (server/src/report/graphLayout.ts: d3-dag grid plus ghosts, cycles and routes) on a
// synthetic history of N revisions with a side branch every 50 (test/bench/layoutGraph.mjs).
//   npx tsx test/bench/layout.mjs [N...]       default 500 1000 5000
//   LAYOUT_BENCH_ONLY=elk,dagre ...            some of them
// Modules are loaded before timing; each library runs twice per size and both times are printed
// (cold, warm). dagre needs a deeper stack at 5,000 (node --stack-size=4000), else it overflows.
// A cap of 120 s per run (an async run past it is reported as stopped).
import { performance } from 'node:perf_hooks';
import { branchyHistory } from './layoutGraph.mjs';

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
if (!sizes.length) sizes.push(500, 1000, 5000);
const only = process.env.LAYOUT_BENCH_ONLY?.split(',');

const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
const dagre = await import('@dagrejs/dagre');
const d3 = await import('d3-dag');
const { layoutGraph } = await import('../../server/src/report/graphLayout.ts');

const libraries = {
  async elk(nodes) {
    const elk = new ELK();
    const graph = {
      id: 'root',
      layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'DOWN' },
      children: nodes.map((n) => ({ id: n.id, width: 160, height: 28 })),
      edges: nodes.flatMap((n) => n.parents.map((p, i) => ({ id: `${n.id}-${i}`, sources: [p], targets: [n.id] }))),
    };
    const out = await elk.layout(graph);
    return out.children.length;
  },
  async dagre(nodes) {
    const g = new dagre.graphlib.Graph();
    g.setGraph({ rankdir: 'TB' });
    g.setDefaultEdgeLabel(() => ({}));
    for (const n of nodes) g.setNode(n.id, { width: 160, height: 28 });
    for (const n of nodes) for (const p of n.parents) g.setEdge(p, n.id);
    dagre.layout(g);
    return g.nodeCount();
  },
  async 'd3-dag sugiyama'(nodes) {
    const dag = d3.graphStratify()(nodes.map((n) => ({ id: n.id, parentIds: n.parents })));
    d3.sugiyama().nodeSize([160, 28]).decross(d3.decrossTwoLayer()).coord(d3.coordSimplex())(dag);
    return [...dag.nodes()].length;
  },
  async 'd3-dag grid'(nodes) {
    const dag = d3.graphStratify()(nodes.map((n) => ({ id: n.id, parentIds: n.parents })));
    d3.grid().nodeSize([160, 28])(dag);
    return [...dag.nodes()].length;
  },
  async ours(nodes) {
    return layoutGraph(nodes.map((n) => ({ id: n.id, downRevisions: n.parents }))).rows;
  },
};

function withTimeout(promise, ms) {
  let timer;
  return Promise.race([promise, new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)))]).finally(() => clearTimeout(timer));
}

for (const n of sizes) {
  const nodes = branchyHistory(n);
  const edges = nodes.reduce((s, x) => s + x.parents.length, 0);
  for (const [name, run] of Object.entries(libraries)) {
    if (only && !only.includes(name)) continue;
    const outcomes = [];
    for (let attempt = 0; attempt < 2; attempt++) {
      const start = performance.now();
      let result;
      try {
        result = await withTimeout(run(nodes), 120_000);
      } catch (error) {
        result = `failed: ${String(error?.message ?? error).slice(0, 80)}`;
      }
      const ms = performance.now() - start;
      outcomes.push(result === 'timeout' ? '> 120 s (stopped)' : typeof result === 'string' ? `${result} after ${ms.toFixed(0)} ms` : `${ms.toFixed(0)} ms`);
      if (typeof result === 'string') break;
    }
    console.log(`${name.padEnd(16)} n=${n} edges=${edges}: ${outcomes.join(', ')}`);
  }
}
process.exit(0);
