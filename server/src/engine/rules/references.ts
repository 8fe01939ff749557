// unknown-down-revision, unknown-depends-on, revision-cycle, multiple-heads: is the chain whole?
import { basename } from 'node:path';
import { closestRevisions, revisionRange, type RevisionGraph } from '../graph';
import type { Reporter } from './reporter';

export function checkReferences(graph: RevisionGraph, report: Reporter): void {
  for (const { from, kind, target } of graph.dangling) {
    const candidates = closestRevisions(graph, target.value).filter((id) => id !== from.id);
    const heads = graph.heads.filter((id) => id !== from.id);
    const hint = candidates.length
      ? `Did you mean '${candidates[0]}'${graph.nodes.get(candidates[0])?.file.message ? ` ("${graph.nodes.get(candidates[0])!.file.message}")` : ''}?`
      : heads.length === 1
        ? `The current head is '${heads[0]}'.`
        : 'Point it at an existing revision.';
    if (kind === 'down_revision') {
      report(
        'unknown-down-revision',
        from.file,
        target.range,
        `down_revision '${target.value}' of revision ${from.id} is not a revision in any version location, so Alembic stops with "Revision ${target.value} referenced from ${from.id} is not present". ${hint}`,
        { data: { target: target.value, candidates, heads } },
      );
    } else {
      report(
        'unknown-depends-on',
        from.file,
        target.range,
        `depends_on '${target.value}' of revision ${from.id} is neither a revision nor a branch label in this project, so Alembic fails to resolve it. ${hint}`,
        { data: { target: target.value, candidates, heads } },
      );
    }
  }

  for (const cycle of graph.cycles) {
    const path = [...cycle].reverse();
    const chain = cycle.length === 1 ? `${cycle[0]} revises itself` : `${path.join(' → ')} → ${path[0]}`;
    for (const id of cycle) {
      const node = graph.nodes.get(id)!;
      const inCycle = [...(node.file.identifiers.down_revision?.values ?? []), ...(node.file.identifiers.depends_on?.values ?? [])].find((literal) => {
        const target = graph.lookup(literal.value);
        return target && cycle.includes(target.id);
      });
      report(
        'revision-cycle',
        node.file,
        inCycle?.range ?? revisionRange(node.file),
        `Revision ${id} is part of a cycle (${chain}); Alembic cannot order these ${cycle.length} revision${cycle.length === 1 ? '' : 's'} and fails with "Cycle is detected in revisions" or misbehaves. Break the cycle by pointing one down_revision further down.`,
        {
          related: cycle
            .filter((other) => other !== id)
            .slice(0, 20)
            .map((other) => {
              const file = graph.nodes.get(other)!.file;
              return { file: file.path, range: revisionRange(file), message: `revision ${other}, also in the cycle` };
            }),
        },
      );
    }
  }

  for (const group of graph.headConflicts) {
    for (const id of group) {
      const node = graph.nodes.get(id)!;
      const others = group.filter((other) => other !== id);
      const labels = [...node.branchLabels];
      report(
        'multiple-heads',
        node.file,
        revisionRange(node.file),
        `Revision ${id} is one of ${group.length} heads${labels.length ? ` of branch '${labels.join("', '")}'` : ''} (also ${others.join(', ')}), so \`alembic upgrade head\` fails with "Multiple head revisions are present". Create a merge revision (alembic merge ${group.join(' ')}).`,
        {
          data: { heads: group },
          related: others.map((other) => {
            const file = graph.nodes.get(other)!.file;
            return { file: file.path, range: revisionRange(file), message: `head ${other} (${basename(file.path)})` };
          }),
        },
      );
    }
  }
}
