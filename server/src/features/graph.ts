// The custom graph request: every project's revisions as plain data for the client's tree.
import type { MigrationWorkspace } from '../engine/workspace';
import type { GraphResult } from '../protocol';

export function graphResult(workspace: MigrationWorkspace): GraphResult {
  return {
    projects: workspace.allProjects.map((project) => {
      const { files } = workspace.snapshot(project);
      return {
        config: project.configFile,
        scriptLocation: project.scriptLocation,
        versionLocations: project.versionLocations,
        revisions: files.flatMap((file) => {
          const revision = file.identifiers.revision?.values?.[0]?.value;
          if (!revision) return [];
          const strings = (name: 'down_revision' | 'depends_on' | 'branch_labels') => (file.identifiers[name]?.values ?? []).map((literal) => literal.value);
          return [{
            revision,
            downRevisions: strings('down_revision'),
            dependsOn: strings('depends_on'),
            branchLabels: strings('branch_labels'),
            file: file.path,
            message: file.message,
            createDate: file.createDate,
          }];
        }),
      };
    }),
  };
}
