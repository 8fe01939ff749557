// The engine's live view of a workspace: its projects, their migration files parsed and cached
// by content, and open-editor text layered over the disk.
//
// Analyses are incremental: each project keeps its last graph, its graph-level findings and each
// file's own findings. When the files that changed since then differ only where no graph rule
// looks (a function body, say: what typing in upgrade() does), only their own rules run again and
// the rest is reused; otherwise the graph is rebuilt. Either way the findings are exactly what
// analyzeProject gives, in the same order.
import { checkFile, checkGraph, checkSchema, configFindings, type CheckOptions, type ProjectAnalysis, type ProjectSnapshot } from './check';
import type { AlembicProject } from './config';
import { discoverProjects, listMigrationFiles, projectOfFile } from './discovery';
import type { EngineFileSystem } from './fileSystem';
import { buildGraph, fileTableOf, type RevisionGraph } from './graph';
import type { Finding, MigrationFile } from './model';
import { parseMigration, unreadableMigration } from './parse';
import { createReporter } from './rules/reporter';
import { createReplayCache, type ReplayCache } from './schema/replay';
import type { Schema } from './schema/schema';

interface CachedFile {
  text: string;
  parsed: MigrationFile;
}

/** What the last analysis of a project was made of, to redo only what an edit touched. */
interface ProjectState {
  project: AlembicProject;
  severitiesKey: string;
  files: MigrationFile[];
  /** Each file's own findings (syntax, identifiers, functions), aligned with `files`. */
  fileFindings: Finding[][];
  configFindings: Finding[];
  graph: RevisionGraph;
  /** Path → current parse: the table the graph's nodes read their files from. Owned here, updated by reuse. */
  fileTable: Map<string, MigrationFile>;
  /** Findings of the graph rules (identity, references, file names, chronology). */
  graphFindings: Finding[];
  /** Findings of the schema rules (schema replay); they come last. */
  schemaFindings: Finding[];
  /** False when a focused replay left revisions above the focus as they were. */
  schemaComplete: boolean;
}

/** Above this many changed files a rebuild is as cheap as comparing them. */
const INCREMENTAL_LIMIT = 64;

/**
 * Everything of a file that buildGraph and the graph rules read: identifiers (values and ranges),
 * docstring message and date, the first line, suppressions, the path. Equal views, equal graph findings.
 */
function graphView(file: MigrationFile): string {
  return JSON.stringify([file.path, file.identifiers, file.message ?? null, file.createDate ?? null, file.headRange, file.suppressions]);
}

export class MigrationWorkspace {
  private projects: AlembicProject[] = [];
  /** Each project's migration files as listed on disk, in order, and as a set. */
  private readonly filesByProject = new Map<AlembicProject, { list: string[]; set: Set<string> }>();
  /** Disk text of each file, read once until invalidated. */
  private readonly diskText = new Map<string, string>();
  /** The last parse of each file, reused while its text is unchanged. */
  private readonly parses = new Map<string, CachedFile>();
  private readonly overlays = new Map<string, string>();
  private states = new WeakMap<AlembicProject, ProjectState>();
  /** analyze()'s last answer per project, with the generation and severities it was made for. */
  private answers = new WeakMap<AlembicProject, { generation: number; severitiesKey: string; analysis: ProjectAnalysis & ProjectSnapshot }>();
  /** Each project's schema replay cache (per severities): an edit replays only what it changed, even across graph rebuilds. */
  private replays = new WeakMap<AlembicProject, { key: string; cache: ReplayCache }>();
  /** Bumped by every change (an edit, a file on disk, a rescan): analyses of older generations are stale. */
  private generation = 0;

  constructor(
    private readonly fs: EngineFileSystem,
    private roots: string[],
  ) {}

  setRoots(roots: string[]): void {
    this.roots = roots;
    this.generation++;
  }

  /** Re-reads the configs and re-lists the version folders. Parsed files still listed stay cached by content. */
  rescan(): void {
    this.generation++;
    this.projects = discoverProjects(this.roots, this.fs);
    this.states = new WeakMap();
    this.filesByProject.clear();
    for (const project of this.projects) {
      const list = listMigrationFiles(project, this.fs);
      this.filesByProject.set(project, { list, set: new Set(list) });
    }
    // Forget files that left every version folder (deleted, renamed, config changed), unless open.
    const keep = new Set(this.overlays.keys());
    for (const { list } of this.filesByProject.values()) for (const file of list) keep.add(file);
    for (const file of this.parses.keys()) if (!keep.has(file)) this.parses.delete(file);
    for (const file of this.diskText.keys()) if (!keep.has(file)) this.diskText.delete(file);
  }

  get allProjects(): readonly AlembicProject[] {
    return this.projects;
  }

  /** An open editor's text wins over the disk; undefined removes the overlay. */
  setOverlay(file: string, text: string | undefined): void {
    this.generation++;
    if (text === undefined) this.overlays.delete(file);
    else this.overlays.set(file, text);
  }

  /** The disk copy changed (or vanished): forget the cached text. */
  invalidate(file: string): void {
    this.generation++;
    this.diskText.delete(file);
  }

  projectOf(file: string): AlembicProject | undefined {
    return projectOfFile(this.projects, file);
  }

  snapshot(project: AlembicProject): ProjectSnapshot {
    const listed = this.filesByProject.get(project);
    const files: MigrationFile[] = [];
    // A listed file that cannot be read stays listed, with a parse-error saying so.
    for (const file of listed?.list ?? []) files.push(this.read(file) ?? unreadableMigration(file));
    // Unsaved files not on disk (yet), after the listed ones.
    for (const file of this.overlays.keys()) {
      if (listed?.set.has(file) || this.projectOf(file) !== project) continue;
      const parsed = this.read(file);
      if (parsed) files.push(parsed);
    }
    return { project, files };
  }

  /**
   * The graph and findings of one project as the editor sees it now (overlays included). The same
   * object until something changes: every feature (diagnostics, hover, the tree) shares it.
   *
   * `focus` (file paths: what is being typed into) puts those files first: the schema replay stops
   * above them (replaySchema's focus), and when it left revisions as they were the analysis is
   * `partial` and not kept as the answer; the next analysis without a focus completes it.
   */
  analyze(project: AlembicProject, options: CheckOptions = {}, focus?: ReadonlySet<string>): ProjectAnalysis & ProjectSnapshot {
    const severitiesKey = JSON.stringify([options.severities ?? {}, options.downgradePolicy ?? 'required']);
    const answer = this.answers.get(project);
    if (answer && answer.generation === this.generation && answer.severitiesKey === severitiesKey) return answer.analysis;
    const previous = this.states.get(project);
    const snapshot = this.snapshot(project);
    const focusIds = focus && revisionsOf(snapshot.files, focus);
    const state =
      (previous && previous.severitiesKey === severitiesKey && this.reuse(previous, snapshot.files, options, focusIds)) ||
      this.rebuild(project, snapshot.files, options, severitiesKey, focusIds);
    const findings = [...state.configFindings];
    for (const own of state.fileFindings) for (const finding of own) findings.push(finding);
    for (const finding of state.graphFindings) findings.push(finding);
    for (const finding of state.schemaFindings) findings.push(finding);
    this.states.set(project, state);
    const analysis: ProjectAnalysis & ProjectSnapshot = { ...snapshot, graph: state.graph, findings };
    if (state.schemaComplete) this.answers.set(project, { generation: this.generation, severitiesKey, analysis });
    else analysis.partial = true;
    return analysis;
  }

  private rebuild(
    project: AlembicProject,
    files: MigrationFile[],
    options: CheckOptions,
    severitiesKey: string,
    focus: ReadonlySet<string> | undefined,
  ): ProjectState {
    const fileTable = fileTableOf(files);
    const graph = buildGraph(files, fileTable);
    const graphFindings: Finding[] = [];
    checkGraph(project, graph, createReporter(graphFindings, options.severities));
    const schema = checkSchema({ project, files }, graph, options, this.replayCache(project, severitiesKey), focus);
    return {
      project,
      severitiesKey,
      files,
      fileFindings: files.map((file) => ownFindings(file, options, severitiesKey)),
      configFindings: configFindings(project, options),
      graph,
      fileTable,
      graphFindings,
      schemaFindings: schema.findings,
      schemaComplete: schema.complete,
    };
  }

  /** The previous state brought up to `files` when no changed file differs where the graph rules look. */
  private reuse(previous: ProjectState, files: MigrationFile[], options: CheckOptions, focus: ReadonlySet<string> | undefined): ProjectState | undefined {
    if (previous.files.length !== files.length) return undefined;
    const changed: number[] = [];
    for (let i = 0; i < files.length; i++) {
      if (previous.files[i] === files[i]) continue;
      if (previous.files[i].path !== files[i].path || changed.length === INCREMENTAL_LIMIT) return undefined;
      changed.push(i);
    }
    if (changed.some((i) => graphView(previous.files[i]) !== graphView(files[i]))) return undefined;
    const fileFindings = [...previous.fileFindings];
    for (const i of changed) {
      fileFindings[i] = ownFindings(files[i], options, previous.severitiesKey);
      // The graph stays as it is: its nodes read their file from this table.
      previous.fileTable.set(files[i].path, files[i]);
    }
    const schema = checkSchema(
      { project: previous.project, files },
      previous.graph,
      options,
      this.replayCache(previous.project, previous.severitiesKey),
      focus,
    );
    return { ...previous, files, fileFindings, schemaFindings: schema.findings, schemaComplete: schema.complete };
  }

  /**
   * The replayed schema `file`'s revision starts from, as the last analysis of its project left it;
   * undefined when that analysis did not replay this very file (schema rules off, not analysed yet).
   */
  schemaBefore(project: AlembicProject, file: MigrationFile): Schema | undefined {
    const id = file.identifiers.revision?.values?.[0]?.value;
    const entry = id === undefined ? undefined : this.replays.get(project)?.cache.entries.get(id);
    return entry?.file === file ? entry.before : undefined;
  }

  private replayCache(project: AlembicProject, key: string): ReplayCache {
    let entry = this.replays.get(project);
    if (!entry || entry.key !== key) {
      entry = { key, cache: createReplayCache({ keepOperations: true }) };
      this.replays.set(project, entry);
    }
    return entry.cache;
  }

  /** Parsed view of one file as the editor sees it (overlay first), if it is readable. */
  file(path: string): MigrationFile | undefined {
    return this.read(path);
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

/** The revision ids of the files of `paths` among `files` (undefined when none of them is here: no focus for this project). */
function revisionsOf(files: readonly MigrationFile[], paths: ReadonlySet<string>): Set<string> | undefined {
  const ids = new Set<string>();
  for (const file of files) {
    if (!paths.has(file.path)) continue;
    const id = file.identifiers.revision?.values?.[0]?.value;
    if (id !== undefined) ids.add(id);
  }
  return ids.size > 0 ? ids : undefined;
}

const ownFindingsCache = new WeakMap<MigrationFile, { severitiesKey: string; findings: Finding[] }>();

/** A file's own findings, as analyzeProject reports them for it (kept with the parse while severities stay). */
function ownFindings(file: MigrationFile, options: CheckOptions, severitiesKey: string): Finding[] {
  const cached = ownFindingsCache.get(file);
  if (cached?.severitiesKey === severitiesKey) return cached.findings;
  const findings: Finding[] = [];
  checkFile(file, createReporter(findings, options.severities), options);
  ownFindingsCache.set(file, { severitiesKey, findings });
  return findings;
}
