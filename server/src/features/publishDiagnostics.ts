// Publishing diagnostics: after any change, once the current burst of events has been handled,
// every project is analysed (incrementally, by the workspace) and only the files whose diagnostics
// changed are sent; files that lost all findings get an empty list. The client hears when the
// graph or the findings changed, to refresh its tree and code lenses.
//
// A burst made only of editor changes is analysed with those files as the focus: their findings
// come at once, and when the analysis had to leave revisions above them as they were (an edit that
// changes what thousands of later revisions start from), the rest follows once typing has paused
// for FOLLOW_UP_MS, with the tree's notification; a new keystroke postpones it.
import type { Diagnostic } from 'vscode-languageserver';
import type { RevisionGraph } from '../engine/graph';
import type { Finding } from '../engine/model';
import type { Analysis } from './context';
import { groupByFile, toDiagnostic } from './diagnostics';

/** What publishing needs from the server: the analyses, and the ways out to the client. */
export interface PublishTarget {
  /** `focus`: the files an editor changed, whose findings come first (an analysis may then be `partial`). */
  analyses(focus?: ReadonlySet<string>): Promise<Analysis[]>;
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

/** How long typing must pause before what a focused publish left behind is brought up to date. */
export const FOLLOW_UP_MS = 150;

export class DiagnosticsPublisher {
  private published = new Map<string, PublishedFile>();
  private publishedGraphs: RevisionGraph[] = [];
  private publishedOnce = false;
  private queued = false;
  /** The files the queued publish focuses on; undefined when some change in the burst was not an editor's (everything). */
  private focus: Set<string> | undefined = new Set();
  /** The publish that completes a partial one, armed until typing resumes. */
  private followUp: ReturnType<typeof setTimeout> | undefined;
  /** Diagnostics changed by a partial publish, not yet announced with graphChanged. */
  private unannounced = false;
  /** The publish under way: the next one starts after it (an analysis may wait for the client's settings). */
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly target: PublishTarget,
    private readonly followUpMs = FOLLOW_UP_MS,
  ) {}

  /**
   * Publishes on the next turn of the event loop: a burst of changes costs one analysis. `file`:
   * the change is an editor's to that file (its findings come first); none: anything else.
   */
  schedule(file?: string): void {
    this.setFollowUp(false);
    if (file === undefined) this.focus = undefined;
    else this.focus?.add(file);
    if (this.queued) return;
    this.queued = true;
    setImmediate(() => {
      this.queued = false;
      const focus = this.focus;
      this.focus = new Set();
      this.running = this.running
        .then(() => this.publish(focus))
        .catch((error) => this.target.logError(`Publishing diagnostics failed: ${(error as Error).stack ?? error}`));
    });
  }

  private async publish(focus: ReadonlySet<string> | undefined): Promise<void> {
    const current = await this.target.analyses(focus);
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
    this.unannounced ||= changed;
    const partial = current.some((analysis) => analysis.partial);
    this.setFollowUp(partial);
    // The tree and the code lenses wait for the whole picture: asking for it now would do the work the focus put off.
    if (partial) return;
    const graphs = current.map((analysis) => analysis.graph);
    const graphsChanged = graphs.length !== this.publishedGraphs.length || graphs.some((graph, i) => graph !== this.publishedGraphs[i]);
    if (!this.publishedOnce || this.unannounced || graphsChanged) this.target.graphChanged();
    this.unannounced = false;
    this.publishedGraphs = graphs;
    this.publishedOnce = true;
  }

  /** Arms (or disarms) the publish that completes a partial one; the last publish decides. */
  private setFollowUp(on: boolean): void {
    if (this.followUp) clearTimeout(this.followUp);
    this.followUp = on ? setTimeout(() => this.schedule(), this.followUpMs) : undefined;
  }
}

function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  return a.length === b.length && a.every((finding, i) => finding === b[i]);
}
