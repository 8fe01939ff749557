// Custom LSP messages shared by the client and the server: declared once, imported by both.
import { NotificationType0, RequestType0 } from 'vscode-languageserver-protocol';

export interface GraphRevision {
  revision: string;
  downRevisions: string[];
  dependsOn: string[];
  branchLabels: string[];
  file: string;
  message?: string;
  createDate?: string;
}

export interface GraphProject {
  config: string;
  scriptLocation?: string;
  versionLocations: string[];
  revisions: GraphRevision[];
}

export interface GraphResult {
  projects: GraphProject[];
}

/** The revision graph of every Alembic project in the workspace. */
export const GraphRequest = { method: 'alembic/graph', type: new RequestType0<GraphResult, void>('alembic/graph') } as const;

/** Sent by the server whenever the graph may have changed, so the client refreshes its tree. */
export const GraphChangedNotification = { method: 'alembic/graphChanged', type: new NotificationType0('alembic/graphChanged') } as const;
