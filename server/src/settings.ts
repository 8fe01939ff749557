// The server's view of the `alembic.*` settings, fetched from the client and cached until they change.
import type { Connection } from 'vscode-languageserver';
import type { SeveritySetting } from './engine/model';
import type { SeverityOverrides } from './engine/rules/registry';

export interface ServerSettings {
  rules: SeverityOverrides;
}

const DEFAULTS: ServerSettings = { rules: {} };
const VALID = new Set<SeveritySetting>(['off', 'info', 'warning', 'error']);

export class SettingsCache {
  private cached: ServerSettings | undefined;

  constructor(private readonly connection: Connection, private readonly canAsk: () => boolean) {}

  clear(): void {
    this.cached = undefined;
  }

  async get(): Promise<ServerSettings> {
    if (this.cached) return this.cached;
    if (!this.canAsk()) return DEFAULTS;
    try {
      const raw = (await this.connection.workspace.getConfiguration('alembic')) as { rules?: Record<string, unknown> } | null;
      const rules: Record<string, SeveritySetting> = {};
      for (const [id, value] of Object.entries(raw?.rules ?? {})) if (VALID.has(value as SeveritySetting)) rules[id] = value as SeveritySetting;
      this.cached = { rules };
    } catch {
      this.cached = DEFAULTS;
    }
    return this.cached;
  }
}
