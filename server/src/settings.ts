// The server's view of the `alembic.*` settings, fetched from the client per resource (a project's
// folder: `alembic.rules` is resource-scoped, so two projects may differ) and cached until they change.
import type { Connection } from 'vscode-languageserver';
import type { SeveritySetting } from './engine/model';
import type { SeverityOverrides } from './engine/rules/registry';
import { DOWNGRADE_POLICIES, type DowngradePolicy } from './engine/rules/safety';
import { pathToUri } from './uri';

export interface ServerSettings {
  rules: SeverityOverrides;
  downgradePolicy: DowngradePolicy;
}

const DEFAULTS: ServerSettings = Object.freeze({ rules: Object.freeze({}), downgradePolicy: 'required' as DowngradePolicy });

/** A raw `alembic.downgradePolicy` value; anything but a known policy is the default. */
export function readDowngradePolicy(raw: unknown): DowngradePolicy {
  return DOWNGRADE_POLICIES.includes(raw as DowngradePolicy) ? (raw as DowngradePolicy) : 'required';
}
const VALID = new Set<SeveritySetting>(['off', 'info', 'warning', 'error']);

/** The valid entries of a raw `alembic.rules` value; anything else is ignored. */
export function readRules(raw: unknown): SeverityOverrides {
  const rules: Record<string, SeveritySetting> = {};
  if (raw && typeof raw === 'object') {
    for (const [id, value] of Object.entries(raw)) if (VALID.has(value as SeveritySetting)) rules[id] = value as SeveritySetting;
  }
  return rules;
}

export class SettingsCache {
  /** Folder → its settings (a promise, so requests arriving together ask the client once). */
  private readonly byFolder = new Map<string, Promise<ServerSettings>>();

  constructor(
    private readonly connection: Connection,
    private readonly canAsk: () => boolean,
  ) {}

  clear(): void {
    this.byFolder.clear();
  }

  /** The settings in effect for a folder (a project's root: where its alembic.ini is). */
  get(folder: string): Promise<ServerSettings> {
    let settings = this.byFolder.get(folder);
    if (!settings) {
      settings = this.fetch(folder);
      this.byFolder.set(folder, settings);
    }
    return settings;
  }

  private async fetch(folder: string): Promise<ServerSettings> {
    if (!this.canAsk()) return DEFAULTS;
    try {
      const raw = (await this.connection.workspace.getConfiguration({ scopeUri: pathToUri(folder), section: 'alembic' })) as {
        rules?: unknown;
        downgradePolicy?: unknown;
      } | null;
      return { rules: readRules(raw?.rules), downgradePolicy: readDowngradePolicy(raw?.downgradePolicy) };
    } catch {
      return DEFAULTS;
    }
  }
}
