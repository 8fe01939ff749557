// Each project's analysis with the settings of its folder: what diagnostics, the editor features
// and the tree all read. The workspace keeps the one cache (the same analysis until something
// changes); this only pairs it with settings and keeps one broken project from hiding the others.
import type { AlembicProject } from './engine/config';
import { buildGraph } from './engine/graph';
import type { MigrationWorkspace } from './engine/workspace';
import type { Analysis } from './features/context';
import type { SettingsCache } from './settings';

export class ProjectAnalyses {
  constructor(
    private readonly workspace: MigrationWorkspace,
    private readonly settings: SettingsCache,
    private readonly logError: (message: string) => void,
  ) {}

  /**
   * Every project's analysis, in workspace order. `focus` (file paths being typed into): their
   * findings first; an analysis may then be `partial` (MigrationWorkspace.analyze).
   */
  all(focus?: ReadonlySet<string>): Promise<Analysis[]> {
    return Promise.all(this.workspace.allProjects.map((project) => this.of(project, focus)));
  }

  async of(project: AlembicProject, focus?: ReadonlySet<string>): Promise<Analysis> {
    const { rules, downgradePolicy } = await this.settings.get(project.rootDir);
    try {
      return this.workspace.analyze(project, { severities: rules, downgradePolicy }, focus);
    } catch (error) {
      // A bug of ours in a graph rule must not silence every other project: say so on the config file.
      this.logError(`Analysing ${project.configFile} failed: ${(error as Error).stack ?? error}`);
      const position = { line: 0, character: 0 };
      return {
        project,
        files: [],
        graph: buildGraph([]),
        findings: [
          {
            rule: 'parse-error',
            severity: 'error',
            file: project.configFile,
            range: { start: position, end: position },
            message: `alembic-lint could not analyse this project (${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}). The Alembic output channel has the details.`,
          },
        ],
      };
    }
  }
}
