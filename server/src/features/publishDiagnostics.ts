// Publishing diagnostics: after any change, once the current burst of events has been handled,
// every project is analysed (incrementally, by the workspace) and only the files whose diagnostics
// changed are sent; files that lost all findings get an empty list. The client hears when the
// graph or the findings changed, to refresh its tree and code lenses.
import type { Diagnostic } from 'vscode-languageserver';
import type { RevisionGraph } from '../engine/graph';
import type { Finding } from '../engine/model';
import type { Analysis } from './context';
import { groupByFile, toDiagnostic } from './diagnostics';

/** What publishing needs from the server: the analyses, and the ways out to the client. */
export interface PublishTarget {
  analyses(): Promise<Analysis[]>;
  sendDiagnostics(file: string, diagnostics: Diagnostic[]): void;
  /** The graph, or the findings it carries, changed (and once after the first publish). */
  graphChanged(): void;
  logError(message: string): void;
}

interface PublishedFile {
  /** The findings behind the diagnostics (the analysis reuses unchanged findings: equal lists are cheap to spot). */
  findings: Finding[];
  /** The diagnostics as JSON, to recognise findings rebuilt with the same content. */
  json: string;
}

export class DiagnosticsPublisher {
  private published = new Map<string, PublishedFile>();
  private publishedGraphs: RevisionGraph[] = [];
  private publishedOnce = false;
  private queued = false;

  constructor(private readonly target: PublishTarget) {}

  /** Publishes on the next turn of the event loop: a burst of changes costs one analysis. */
  schedule(): void {
    if (this.queued) return;
    this.queued = true;
    setImmediate(() => {
      this.queued = false;
      this.publish().catch((error) => this.target.logError(`Publishing diagnostics failed: ${(error as Error).stack ?? error}`));
    });
  }

  private async publish(): Promise<void> {
    const current = await this.target.analyses();
    const byFile = groupByFile(current.flatMap((analysis) => analysis.findings));
    const next = new Map<string, PublishedFile>();
    let changed = false;
    for (const [file, findings] of byFile) {
      const before = this.published.get(file);
      if (before && sameFindings(before.findings, findings)) {
        next.set(file, { findings, json: before.json });
        continue;
      }
      const diagnostics = findings.map(toDiagnostic);
      const json = JSON.stringify(diagnostics);
      next.set(file, { findings, json });
      if (before?.json === json) continue;
      changed = true;
      this.target.sendDiagnostics(file, diagnostics);
    }
    for (const file of this.published.keys()) {
      if (next.has(file)) continue;
      changed = true;
      this.target.sendDiagnostics(file, []);
    }
    this.published = next;
    const graphs = current.map((analysis) => analysis.graph);
    const graphsChanged = graphs.length !== this.publishedGraphs.length || graphs.some((graph, i) => graph !== this.publishedGraphs[i]);
    if (!this.publishedOnce || changed || graphsChanged) this.target.graphChanged();
    this.publishedGraphs = graphs;
    this.publishedOnce = true;
  }
}

function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  return a.length === b.length && a.every((finding, i) => finding === b[i]);
}
