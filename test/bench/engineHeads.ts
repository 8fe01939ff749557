// Bench helper (bundled by bench.mjs with esbuild): prints the engine's heads of the project whose
// alembic.ini is argv[2], as JSON. The correctness guard compares them with `alembic heads`, even
// when the CLI has no graph command yet.
import { nodeFileSystem } from '../../server/src/engine/fileSystem';
import { loadProject } from '../../server/src/engine/config';
import { MigrationWorkspace } from '../../server/src/engine/workspace';

const project = loadProject(process.argv[2], nodeFileSystem);
if (!project) throw new Error(`cannot load ${process.argv[2]}`);
const workspace = new MigrationWorkspace(nodeFileSystem, [project.rootDir]);
workspace.rescan();
const analysed = workspace.allProjects.map((p) => workspace.analyze(p));
process.stdout.write(JSON.stringify(analysed.map((a) => a.graph.heads)));
