// A synthetic revision DAG for the layout bench and tests: a trunk with a side branch forking
// every `every` revisions, running `branchLength` revisions and merging back into the trunk.
// Returns {nodes: [{id, parents}]} in creation order (parents = down_revision).
export function branchyHistory(count, every = 50, branchLength = 20) {
  const nodes = [];
  const id = (i) => `r${i.toString(16).padStart(12, '0')}`;
  let trunk = undefined;
  let branch = undefined; // {tip, left}
  for (let i = 0; nodes.length < count; i++) {
    const k = nodes.length;
    if (branch && branch.left === 0) {
      // merge point on the trunk
      const mid = id(k);
      nodes.push({ id: mid, parents: [trunk, branch.tip] });
      trunk = mid;
      branch = undefined;
      continue;
    }
    if (k > 0 && k % every === 0 && !branch) {
      const first = id(k);
      nodes.push({ id: first, parents: [trunk] });
      branch = { tip: first, left: branchLength - 1 };
      continue;
    }
    if (branch && k % 2 === 1) {
      const next = id(k);
      nodes.push({ id: next, parents: [branch.tip] });
      branch.tip = next;
      branch.left--;
      continue;
    }
    const next = id(k);
    nodes.push({ id: next, parents: trunk ? [trunk] : [] });
    trunk = next;
  }
  return nodes;
}
