// The engine's live view of a workspace: its projects, their migration files parsed and cached
// by content, and open-editor text layered over the disk.
import { analyzeProject, type CheckOptions, type ProjectAnalysis, type ProjectSnapshot } from './check';
import type { AlembicProject } from './config';
import { discoverProjects, listMigrationFiles, projectOfFile } from './discovery';
import type { EngineFileSystem } from './fileSystem';
import type { Finding, MigrationFile } from './model';
import { parseMigration } from './parse';

interface CachedFile {
  text: string;
  parsed: MigrationFile;
}

export class MigrationWorkspace {
  private projects: AlembicProject[] = [];
  private readonly filesByProject = new Map<AlembicProject, string[]>();
  /** Disk text of each file, read once until invalidated. */
  private readonly diskText = new Map<string, string>();
  /** The last parse of each file, reused while its text is unchanged. */
  private readonly parses = new Map<string, CachedFile>();
  private readonly overlays = new Map<string, string>();

  constructor(private readonly fs: EngineFileSystem, private roots: string[]) {}

  setRoots(roots: string[]): void {
    this.roots = roots;
  }

  /** Re-reads the configs and re-lists the version folders. Parsed files stay cached by content. */
  rescan(): void {
    this.projects = discoverProjects(this.roots, this.fs);
    this.filesByProject.clear();
    for (const project of this.projects) this.filesByProject.set(project, listMigrationFiles(project, this.fs));
  }

  get allProjects(): readonly AlembicProject[] {
    return this.projects;
  }

  /** An open editor's text wins over the disk; undefined removes the overlay. */
  setOverlay(file: string, text: string | undefined): void {
    if (text === undefined) this.overlays.delete(file);
    else this.overlays.set(file, text);
  }

  /** The disk copy changed (or vanished): forget the cached text. */
  invalidate(file: string): void {
    this.diskText.delete(file);
  }

  projectOf(file: string): AlembicProject | undefined {
    return projectOfFile(this.projects, file);
  }

  snapshot(project: AlembicProject): ProjectSnapshot {
    const paths = new Set(this.filesByProject.get(project) ?? []);
    for (const file of this.overlays.keys()) if (this.projectOf(file) === project) paths.add(file);
    const files: MigrationFile[] = [];
    for (const file of paths) {
      const parsed = this.read(file);
      if (parsed) files.push(parsed);
    }
    return { project, files };
  }

  /** The graph and findings of one project as the editor sees it now (overlays included). */
  analyze(project: AlembicProject, options?: CheckOptions): ProjectAnalysis & ProjectSnapshot {
    const snapshot = this.snapshot(project);
    return { ...snapshot, ...analyzeProject(snapshot, options) };
  }

  /** Parsed view of one file as the editor sees it (overlay first), if it is readable. */
  file(path: string): MigrationFile | undefined {
    return this.read(path);
  }

  check(options?: CheckOptions): Finding[] {
    return this.projects.flatMap((project) => this.analyze(project, options).findings);
  }

  private read(file: string): MigrationFile | undefined {
    const text = this.overlays.get(file) ?? this.readDisk(file);
    if (text === undefined) return undefined;
    const cached = this.parses.get(file);
    if (cached && cached.text === text) return cached.parsed;
    const parsed = parseMigration(file, text);
    this.parses.set(file, { text, parsed });
    return parsed;
  }

  private readDisk(file: string): string | undefined {
    let text = this.diskText.get(file);
    if (text === undefined) {
      text = this.fs.readFile(file);
      if (text === undefined) this.parses.delete(file);
      else this.diskText.set(file, text);
    }
    return text;
  }
}
