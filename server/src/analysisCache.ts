// The last analysis of each project, shared by diagnostics and the editor features until anything
// changes (an edit, a file on disk, the settings): a hover must not re-check the whole project.
import type { AlembicProject } from './engine/config';
import type { SeverityOverrides } from './engine/rules/registry';
import type { MigrationWorkspace } from './engine/workspace';
import type { Analysis } from './features/context';

export class AnalysisCache {
  private readonly analyses = new Map<AlembicProject, { severities: SeverityOverrides; analysis: Analysis }>();

  constructor(private readonly workspace: MigrationWorkspace) {}

  clear(): void {
    this.analyses.clear();
  }

  get(project: AlembicProject, severities: SeverityOverrides): Analysis {
    const cached = this.analyses.get(project);
    if (cached && cached.severities === severities) return cached.analysis;
    const analysis = this.workspace.analyze(project, { severities });
    this.analyses.set(project, { severities, analysis });
    return analysis;
  }
}
