// Messages between the graph panel (extension host, graphPanel.ts) and its webview
// (client/webview/graph.ts): declared once, imported by both. No vscode, no DOM.
import type { GraphDirection } from '../../../server/src/report/graphGeometry';
import type { PackedPicture } from './pictureWire';

/** The item actions the graph's context menu offers: the Revisions view's own commands. */
export const NODE_ACTIONS = [
  { command: 'alembic.upgradeToHere', title: 'Upgrade to Here', icon: 'arrow-up', when: ['pending'] },
  { command: 'alembic.downgradeToHere', title: 'Downgrade to Here', icon: 'arrow-down', when: ['applied', 'current'] },
  { command: 'alembic.stampHere', title: 'Stamp Here', icon: 'tag', when: ['any'] },
  { command: 'alembic.showSqlHere', title: 'Show SQL', icon: 'file-code', when: ['pending'] },
  { command: 'alembic.copyRevisionId', title: 'Copy Revision Id', icon: 'copy', when: ['any', 'dbOnly'] },
  { command: 'alembic.openRevision', title: 'Open File', icon: 'go-to-file', when: ['any'] },
] as const;
export type NodeActionCommand = (typeof NODE_ACTIONS)[number]['command'];

/** Which actions a node offers: by state as the tree's `viewItem` clauses do ('any' = any revision a file defines). */
export function actionsFor(node: { ghost: boolean; state?: string }): (typeof NODE_ACTIONS)[number][] {
  if (node.ghost) return [];
  return NODE_ACTIONS.filter((action) => {
    const when: readonly string[] = action.when;
    if (node.state === 'dbOnly') return when.includes('dbOnly');
    return when.includes('any') || (node.state !== undefined && when.includes(node.state));
  });
}

/** Where the view looks: kept across redraws and reloads. */
export interface ViewState {
  scale: number;
  /** The graph point at the top-left corner of the canvas. */
  x: number;
  y: number;
}

export type ToWebview =
  /** A new picture (graph or database state changed): redraw, keeping the view unless `fit`. */
  | {
      type: 'picture';
      /** packPicture's form (unpackPicture gives the GraphPicture back, without files and lines). */
      picture: PackedPicture;
      /** The `alembic.graph.direction` setting: a change of it fits the view again. */
      direction: GraphDirection;
      connected: boolean;
      version: number;
      /** Timings for the first-paint figures (Date.now() on the host; one machine, one clock); `sentAt` is taken before packing. */
      timing: { openedAt: number; sentAt: number; layoutMs: number };
    }
  /** Select a revision (from the tree) and bring it to the centre. */
  | { type: 'select'; id: string | undefined; reveal: boolean }
  | { type: 'fit' }
  /** Tests: answer with a `probe` message. */
  | { type: 'probe' }
  /**
   * Tests: a pointer event at the revision's place on the canvas, through the same handlers as the
   * mouse (then a click on the context menu's item for `menuCommand`), or a click on a toolbar button.
   */
  | { type: 'simulate'; id?: string; button?: 'left' | 'right'; menuCommand?: string; toolbar?: string };

/** What the webview shows, for the tests. */
export interface GraphProbe {
  version: number;
  direction: GraphDirection;
  selected: string | undefined;
  view: ViewState;
  nodes: number;
  /** Revisions on screen, with their client coordinates. */
  visible: { id: string; state?: string; ghost: boolean; x: number; y: number }[];
  /** The context menu when open: its revision and the commands it offers. */
  menu: { for: string | undefined; commands: (string | undefined)[] } | undefined;
  paintedMs: number;
}

export type FromWebview =
  | { type: 'ready' }
  /** The first paint of a picture: milliseconds from its arrival to the canvas drawn. */
  | { type: 'painted'; version: number; ms: number; nodes: number }
  | { type: 'open'; id: string }
  | { type: 'action'; command: NodeActionCommand; id: string }
  | { type: 'select'; id: string | undefined }
  | { type: 'saveSvg' }
  | { type: 'probe'; probe: GraphProbe };

/** What the panel keeps through a reload (webview state, handed to the serializer). */
export interface PersistedGraphState {
  config: string;
  view?: ViewState;
  selected?: string;
}

export const GRAPH_VIEW_TYPE = 'alembic.graph';
