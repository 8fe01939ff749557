// Schema replay: applies each revision's upgrade operations, in upgrade order, to the schema its
// ancestors left (schema.ts), and runs the rules that need to know what exists (schemaRules.ts) on
// the way. A revision sees the schema of its own ancestors only: a branch does not see its sibling.
//
// Incremental: a ReplayCache (kept by the caller, one per project) holds, per revision, the schema
// it started from, the file it was read from, the schema it produced and its findings. A revision
// whose starting schema (by identity) and file (by identity) are unchanged is not replayed. When a
// replayed revision produces the same schema as before (its upgrade operations are the same: an edit
// in downgrade(), a comment, a message), the previous schema object is kept, so every revision above
// it finds its starting schema unchanged and is skipped. An edit in one file thus replays that
// revision, and its descendants only when what it does to the schema changed.
import type { RevisionGraph } from '../graph';
import type { Finding, MigrationFile } from '../model';
import { LineIndex } from '../lineIndex';
import { operationsOf } from '../operations/extract';
import type { FunctionOperations, MigrationOperations } from '../operations/model';
import { checkSafety, type DowngradePolicy } from '../rules/safety';
import type { Reporter } from '../rules/reporter';
import { applyRevision } from './apply';
import { EMPTY_SCHEMA, type Schema } from './schema';

interface Entry {
  before: Schema;
  file: MigrationFile;
  pg: boolean;
  after: Schema;
  /** The safety rules that read the file alone (rules/safety.ts): they hold while the file is the same. */
  fileFindings: Finding[];
  /** The rules that read the schema (schema/apply.ts). */
  schemaFindings: Finding[];
}

export interface ReplayCache {
  readonly entries: Map<string, Entry>;
  /** A merge revision's starting schema, kept while its parents' schemas are the same objects. */
  readonly merges: Map<string, { parents: Schema[]; before: Schema }>;
  readonly signatures: WeakMap<MigrationFile, string>;
  readonly evidence: WeakMap<MigrationFile, boolean>;
  readonly orderIndex: WeakMap<RevisionGraph, Map<string, number>>;
  /** Each file's upgrade operations (null: unreadable), when the cache keeps them. */
  readonly upgrades: WeakMap<MigrationFile, { upgrade?: FunctionOperations } | null> | undefined;
  /**
   * False for a replay that runs once (checkSchema without a cache of its own: the CLI): nothing is
   * kept for a next replay, and a revision's schema is let go as soon as its last child has started
   * from it, so the schemas of 5,000 revisions never live at once (what they cost the garbage
   * collector to copy was a sixth of `check`'s time). Its result has the findings only.
   */
  readonly retain: boolean;
  /** The last replay: with the same graph, only the revisions whose file changed, and those above a changed schema, are visited again. */
  last?: { graph: RevisionGraph; pg: boolean; before: Map<string, Schema>; after: Map<string, Schema>; result: ReplayResult };
}

/**
 * `keepOperations`: remember each file's upgrade operations (the language server: a change of the
 * graph then replays the revisions above it without reading their files again). The CLI, which
 * replays once, leaves it off and keeps no operation models.
 */
export function createReplayCache(options: { keepOperations?: boolean; retain?: boolean } = {}): ReplayCache {
  return {
    entries: new Map(),
    merges: new Map(),
    signatures: new WeakMap(),
    evidence: new WeakMap(),
    orderIndex: new WeakMap(),
    upgrades: options.keepOperations ? new WeakMap() : undefined,
    retain: options.retain ?? true,
  };
}

/** The file's operations; with `cache.upgrades`, only the upgrade's when the file was read before. */
function operationsFor(file: MigrationFile, cache: ReplayCache, needDowngrade: boolean): MigrationOperations | undefined {
  if (cache.upgrades && !needDowngrade) {
    const known = cache.upgrades.get(file);
    if (known !== undefined) return known === null ? undefined : { upgrade: known.upgrade };
  }
  const operations = operationsOf(file);
  cache.upgrades?.set(file, operations ? { upgrade: operations.upgrade } : null);
  return operations;
}

export interface ReplayResult {
  /** The schema each revision starts from (what its ancestors left); empty when the cache does not retain. */
  before: Map<string, Schema>;
  /** The schema each revision leaves; when the cache does not retain, only the heads' (and those whose children are in a cycle). */
  after: Map<string, Schema>;
  /** Findings of the schema rules, revision by revision in upgrade order. */
  findings: Finding[];
  /**
   * False when a replay with a focus left revisions above the focused ones as the last replay had
   * them (their findings are the earlier ones; before/after lack them): a replay without a focus
   * brings them up to date.
   */
  complete: boolean;
}

/**
 * What the upgrade can depend on, as text: the file up to the end of upgrade() when downgrade()
 * follows it (so a half-typed downgrade() changes nothing), else the file without its downgrade(). Equal texts, equal operations, equal schemas from the same start.
 * Only asked for files that changed under an entry (an edit).
 */
function signatureOf(file: MigrationFile, cache: ReplayCache): string {
  let signature = cache.signatures.get(file);
  if (signature === undefined) {
    const text = file.source ?? '';
    const up = file.functions.upgrade?.range;
    const down = file.functions.downgrade?.range;
    const lines = up || down ? new LineIndex(text) : undefined;
    if (up && (!down || down.start.line > up.end.line))
      signature = text.slice(0, lines!.offset(up.end)); // all up to the end of upgrade()
    else if (down) signature = text.slice(0, lines!.offset(down.start)) + text.slice(lines!.offset(down.end));
    else signature = text;
    cache.signatures.set(file, signature);
  }
  return signature;
}

/**
 * Does `b`'s upgrade do what `a`'s did? The texts without downgrade() first (cheap); when they differ
 * (an edit in upgrade(), or a downgrade() the parser no longer finds, as while one types a syntax
 * error in it), the upgrade operations themselves, ranges aside.
 */
function sameUpgrade(a: MigrationFile, b: MigrationFile, cache: ReplayCache): boolean {
  if (signatureOf(a, cache) === signatureOf(b, cache)) return true;
  const ops = (file: MigrationFile) => {
    const operations = operationsOf(file);
    return operations ? JSON.stringify(operations.upgrade?.operations ?? [], (key, value) => (key === 'range' ? undefined : (value as unknown))) : '?';
  };
  return ops(a) === ops(b);
}

/** Does the project look like PostgreSQL? The URL when it says; else the migrations' PostgreSQL-only arguments and types. */
export function isPostgres(url: string | undefined, files: Iterable<MigrationFile>, cache: ReplayCache): boolean {
  if (url && /^postgres/i.test(url)) return true;
  if (url && /^(sqlite|mysql|mariadb|oracle|mssql|snowflake|redshift|cockroach|duckdb)/i.test(url)) return false;
  for (const file of files) {
    let evidence = cache.evidence.get(file);
    if (evidence === undefined) {
      evidence = !!file.source && POSTGRES_ONLY.test(file.source);
      cache.evidence.set(file, evidence);
    }
    if (evidence) return true;
  }
  return false;
}

/** Text only PostgreSQL migrations hold: the dialect module or its arguments, CREATE TYPE, CONCURRENTLY, JSONB. */
const POSTGRES_ONLY = /\bpostgresql\b|\bCONCURRENTLY\b|\bcreate\s+type\b|\bJSONB\b/i;

/**
 * Replays every revision of `graph` (upgrade order; revisions in cycles are left out) and reports
 * the schema rules' findings through reporters made by `reporterFor`.
 *
 * `focus` (revision ids; a retaining cache only): what the editor is typing into comes first. The
 * revisions up to the last focused one in upgrade order are replayed as usual; above it, a revision
 * is only taken from the cache when its start and file are unchanged, never replayed. One that would
 * need replaying (and everything above it) keeps the last replay's findings, and the result says it
 * is not complete: an edit that moves a revision under 2,000 others gets its own findings first.
 */
export function replaySchema(
  graph: RevisionGraph,
  pg: boolean,
  cache: ReplayCache,
  /** Makes the reporter of one revision's findings; undefined: replay the schema only. */
  reporterFor: ((out: Finding[]) => Reporter) | undefined,
  policy: DowngradePolicy,
  focus?: ReadonlySet<string>,
): ReplayResult {
  const order = orderIndexOf(graph, cache);
  if (!cache.retain) return replayOnce(graph, pg, order, cache, reporterFor, policy);
  let limit = Infinity;
  if (focus?.size) {
    limit = -1;
    for (const id of focus) limit = Math.max(limit, order.get(id) ?? -1);
    if (limit < 0) limit = Infinity; // no focused revision in the upgrade order (a cycle, an id typed twice)
  }
  /** Revisions above the limit that would need a replay, and those above them: left as they were. */
  const stale = new Set<string>();
  const last = cache.last;
  // The same graph (the workspace keeps it while an edit leaves the identifiers alone): visit only
  // what changed. Otherwise every revision is visited (each still skipped when its start and file are the same).
  let dirty: Set<string> | undefined;
  if (last && last.graph === graph && last.pg === pg) {
    dirty = new Set();
    for (const id of graph.upgradeOrder) if (cache.entries.get(id)?.file !== graph.nodes.get(id)?.file) dirty.add(id);
    if (dirty.size === 0) return last.result;
  }
  const before = dirty ? last!.before : new Map<string, Schema>();
  const after = dirty ? last!.after : new Map<string, Schema>();
  const seen = new Set<string>();
  for (let index = 0; index < graph.upgradeOrder.length; index++) {
    const id = graph.upgradeOrder[index];
    if (seen.has(id)) continue; // an id declared twice
    seen.add(id);
    if (dirty && !dirty.has(id)) continue;
    const node = graph.nodes.get(id);
    if (!node) continue;
    const beyond = index > limit;
    if (beyond && stale.size > 0 && parentsOf(graph, id).some((parent) => stale.has(parent))) {
      stale.add(id);
      continue;
    }
    const start = startingSchema(graph, id, after, order, cache);
    const file = node.file;
    const cached = cache.entries.get(id);
    let entry: Entry;
    if (cached && cached.before === start && cached.file === file && cached.pg === pg) entry = cached;
    else if (beyond) {
      stale.add(id);
      continue;
    } else {
      entry = replayRevision(id, file, start, cached, pg, cache, reporterFor, policy);
      cache.entries.set(id, entry);
    }
    before.set(id, start);
    if (dirty && after.get(id) !== entry.after) for (const child of node.allChildren) dirty.add(child);
    after.set(id, entry.after);
  }
  if (!dirty) for (const id of cache.entries.keys()) if (!seen.has(id)) cache.entries.delete(id);
  const findings: Finding[] = [];
  for (const id of seen) {
    const entry = cache.entries.get(id);
    if (!entry) continue;
    for (const finding of entry.fileFindings) findings.push(finding);
    for (const finding of entry.schemaFindings) findings.push(finding);
  }
  const complete = stale.size === 0;
  const result: ReplayResult = { before, after, findings, complete };
  // A partial replay's maps lack the stale revisions: the next replay visits everything again.
  cache.last = complete ? { graph, pg, before, after, result } : undefined;
  return result;
}

/** One revision replayed from `start`; `cached`: what an earlier replay made of it (an edit). */
function replayRevision(
  id: string,
  file: MigrationFile,
  start: Schema,
  cached: Entry | undefined,
  pg: boolean,
  cache: ReplayCache,
  reporterFor: ((out: Finding[]) => Reporter) | undefined,
  policy: DowngradePolicy,
): Entry {
  // The file-alone rules run again only when the file changed; the schema rules whenever the start did.
  const sameFile = cached?.file === file;
  const operations = operationsFor(file, cache, !sameFile && !!reporterFor);
  let fileFindings: Finding[] = sameFile ? cached.fileFindings : [];
  let schemaFindings: Finding[] = [];
  let result: Schema;
  try {
    if (!sameFile && reporterFor) checkSafety(file, operations, reporterFor(fileFindings), policy);
    result = applyRevision(start, { id, file, operations, pg, report: reporterFor?.(schemaFindings) });
  } catch {
    // A bug of ours on one file must not stop the analysis: from here on the schema is unknown.
    fileFindings = [];
    schemaFindings = [];
    result = { ...start, tainted: true };
  }
  // Same start, same operations: the same schema, so keep the old object and its descendants' cache.
  if (cached && cached.before === start && sameUpgrade(cached.file, file, cache)) result = cached.after;
  return { before: start, file, pg, after: result, fileFindings, schemaFindings };
}

/**
 * replaySchema for a cache that does not retain (ReplayCache.retain): each revision's schema lives
 * until its last child has started from it. The findings come in the same order.
 */
function replayOnce(
  graph: RevisionGraph,
  pg: boolean,
  order: Map<string, number>,
  cache: ReplayCache,
  reporterFor: ((out: Finding[]) => Reporter) | undefined,
  policy: DowngradePolicy,
): ReplayResult {
  const ids = [...new Set(graph.upgradeOrder)].filter((id) => graph.nodes.has(id));
  // How many revisions are still to start from each revision's schema.
  const startsLeft = new Map<string, number>();
  for (const id of ids) for (const parent of parentsOf(graph, id)) startsLeft.set(parent, (startsLeft.get(parent) ?? 0) + 1);
  const after = new Map<string, Schema>();
  const findings: Finding[] = [];
  for (const id of ids) {
    const start = startingSchema(graph, id, after, order, cache);
    const entry = replayRevision(id, graph.nodes.get(id)!.file, start, undefined, pg, cache, reporterFor, policy);
    for (const finding of entry.fileFindings) findings.push(finding);
    for (const finding of entry.schemaFindings) findings.push(finding);
    after.set(id, entry.after);
    for (const parent of parentsOf(graph, id)) {
      const left = startsLeft.get(parent)! - 1;
      if (left > 0) startsLeft.set(parent, left);
      else after.delete(parent);
    }
  }
  return { before: new Map(), after, findings, complete: true };
}

/** What a revision's schema starts from: its down_revisions and its resolved depends_on, once each. */
function parentsOf(graph: RevisionGraph, id: string): readonly string[] {
  const node = graph.nodes.get(id)!;
  // Most revisions have one parent and no depends_on: their list as it is (asked twice per revision per replay).
  if (node.resolvedDependsOn.length === 0 && node.downRevisions.length <= 1) return node.downRevisions;
  return [...new Set([...node.downRevisions, ...node.resolvedDependsOn])];
}

function orderIndexOf(graph: RevisionGraph, cache: ReplayCache): Map<string, number> {
  let order = cache.orderIndex.get(graph);
  if (!order) {
    order = new Map(graph.upgradeOrder.map((id, i) => [id, i]));
    cache.orderIndex.set(graph, order);
  }
  return order;
}

/** The schema a revision starts from: its parent's; for a merge, the first parent's plus the other branches' revisions. */
function startingSchema(graph: RevisionGraph, id: string, after: Map<string, Schema>, order: Map<string, number>, cache: ReplayCache): Schema {
  const parents = parentsOf(graph, id).filter((parent) => after.has(parent));
  if (parents.length === 0) return EMPTY_SCHEMA;
  if (parents.length === 1) return after.get(parents[0])!;
  const parentSchemas = parents.map((parent) => after.get(parent)!);
  const merged = cache.merges.get(id);
  if (merged && merged.parents.length === parentSchemas.length && merged.parents.every((schema, i) => schema === parentSchemas[i])) return merged.before;
  // The first parent's schema, then every other ancestor it lacks, in upgrade order (as Alembic would apply them).
  const first = parents[0];
  const missing = missingAncestors(graph, first, parents.slice(1), order);
  let schema = after.get(first)!;
  for (const ancestor of missing) {
    const ancestorNode = graph.nodes.get(ancestor);
    if (ancestorNode)
      schema = applyRevision(schema, { id: ancestor, file: ancestorNode.file, operations: operationsFor(ancestorNode.file, cache, false), pg: false });
  }
  if (cache.retain) cache.merges.set(id, { parents: parentSchemas, before: schema });
  return schema;
}

/**
 * The ancestors of `others` (inclusive) that are not ancestors of `first` (inclusive), in upgrade
 * order. Walks down from both sides in decreasing upgrade order, painting what each side reaches,
 * and stops once every node still to visit is below `first` too: only the branches between the
 * merge and its merge base are visited, not the whole history.
 */
function missingAncestors(graph: RevisionGraph, first: string, others: string[], order: Map<string, number>): string[] {
  const FIRST = 1;
  const OTHER = 2;
  const paint = new Map<string, number>();
  const queue: string[] = []; // kept sorted by ascending upgrade order: the last is the highest
  const push = (id: string, bits: number) => {
    const old = paint.get(id);
    if (old === undefined) {
      if (!order.has(id)) return;
      paint.set(id, bits);
      const index = order.get(id)!;
      let at = queue.length;
      while (at > 0 && order.get(queue[at - 1])! > index) at--;
      queue.splice(at, 0, id);
    } else paint.set(id, old | bits);
  };
  push(first, FIRST);
  for (const other of others) push(other, OTHER);
  const missing: string[] = [];
  let pendingOther = others.filter((id) => paint.get(id) === OTHER).length;
  while (queue.length && pendingOther > 0) {
    const id = queue.pop()!;
    const bits = paint.get(id)!;
    if (bits === OTHER) {
      pendingOther--;
      missing.push(id);
    }
    const node = graph.nodes.get(id);
    if (!node) continue;
    for (const parent of [...node.downRevisions, ...node.resolvedDependsOn]) {
      const before = paint.get(parent);
      push(parent, bits);
      const now = paint.get(parent);
      if (now === undefined) continue;
      if (before !== OTHER && now === OTHER) pendingOther++;
      else if (before === OTHER && now !== OTHER) pendingOther--;
    }
  }
  return missing.reverse();
}
