// Turns an alembic.ini and/or a pyproject.toml [tool.alembic] table into an AlembicProject:
// where the migrations live and how their files are named. Problems become ConfigProblems,
// never exceptions.
import * as path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { EngineFileSystem } from './fileSystem';
import { iniValue, parseIni, type IniDocument } from './iniFile';
import { readEnvPyVersionTable, type EnvPyVersionTable } from './versionTable';

export const DEFAULT_FILE_TEMPLATE = '%(rev)s_%(slug)s';
export const DEFAULT_TRUNCATE_SLUG_LENGTH = 40;

export interface ConfigProblem {
  file: string;
  /** Zero-based line, when known. */
  line: number;
  message: string;
}

export interface AlembicProject {
  /** The file the project was read from: an alembic.ini, else a pyproject.toml. */
  configFile: string;
  /** The folder of the config file (`%(here)s`). */
  rootDir: string;
  scriptLocation?: string;
  versionLocations: string[];
  recursiveVersionLocations: boolean;
  fileTemplate: string;
  /** True when file_template came from the config rather than Alembic's default. */
  fileTemplateConfigured: boolean;
  truncateSlugLength: number;
  timezone?: string;
  sqlalchemyUrl?: string;
  versionTable?: string;
  versionTableSchema?: string;
  /** `<script_location>/env.py` when it exists, with the literal version_table / version_table_schema it passes to context.configure. */
  envPy?: { file: string; versionTable: EnvPyVersionTable };
  problems: ConfigProblem[];
}

/** Raw `[alembic]`-style settings, whichever file they came from. */
type Settings = Map<string, { value: string | string[]; file: string; line: number }>;

const INI_KEYS = [
  'script_location',
  'version_locations',
  'path_separator',
  'version_path_separator',
  'recursive_version_locations',
  'file_template',
  'truncate_slug_length',
  'timezone',
  'sqlalchemy.url',
  'prepend_sys_path',
  'version_table',
  'version_table_schema',
];

/**
 * Reads the project whose config is `configFile` (alembic.ini or pyproject.toml). An alembic.ini
 * also takes the [tool.alembic] table of a pyproject.toml beside it, as Alembic 1.16+ does.
 * Returns undefined for a pyproject.toml without [tool.alembic].
 */
export function loadProject(configFile: string, fs: EngineFileSystem, ini?: string): AlembicProject | undefined {
  const rootDir = path.dirname(configFile);
  const problems: ConfigProblem[] = [];
  const settings: Settings = new Map();
  const isIni = path.basename(configFile) !== 'pyproject.toml';
  if (isIni) {
    const text = ini ?? fs.readFile(configFile);
    if (text === undefined) {
      problems.push({ file: configFile, line: 0, message: `Cannot read ${configFile}.` });
    } else readIniSettings(configFile, text, rootDir, settings, problems);
    const pyproject = path.join(rootDir, 'pyproject.toml');
    const pyText = fs.readFile(pyproject);
    if (pyText !== undefined) readTomlSettings(pyproject, pyText, rootDir, settings, problems, false);
  } else {
    const text = fs.readFile(configFile);
    if (text === undefined) return undefined;
    if (!readTomlSettings(configFile, text, rootDir, settings, problems, true)) return undefined;
  }
  return buildProject(configFile, rootDir, settings, problems, fs);
}

function readIniSettings(file: string, text: string, rootDir: string, settings: Settings, problems: ConfigProblem[]): void {
  let doc: IniDocument;
  try {
    doc = parseIni(text);
  } catch (error) {
    problems.push({ file, line: 0, message: `Cannot parse ${path.basename(file)}: ${String(error)}` });
    return;
  }
  for (const error of doc.errors) problems.push({ file, line: error.line, message: `${path.basename(file)}: ${error.message}.` });
  const section = doc.sections.get('alembic');
  if (!section) {
    problems.push({
      file,
      line: 0,
      message: `${path.basename(file)} has no [alembic] section, so Alembic cannot find the migrations. Add [alembic] with script_location = <folder>.`,
    });
    return;
  }
  for (const key of INI_KEYS) {
    const value = iniValue(doc, 'alembic', key, { here: rootDir });
    if (value !== undefined) settings.set(key, { value, file, line: section.values.get(key)?.line ?? section.line });
  }
}

/** Returns false when the file has no [tool.alembic] table. */
function readTomlSettings(file: string, text: string, rootDir: string, settings: Settings, problems: ConfigProblem[], standalone: boolean): boolean {
  let data: Record<string, unknown>;
  try {
    data = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    const line = typeof (error as { line?: unknown }).line === 'number' ? (error as { line: number }).line - 1 : 0;
    if (standalone || /\[tool\.alembic\]/.test(text)) {
      problems.push({ file, line, message: `Cannot parse ${path.basename(file)}: ${(error as Error).message.split('\n')[0]}` });
      return true;
    }
    return false;
  }
  const table = (data.tool as Record<string, unknown> | undefined)?.alembic as Record<string, unknown> | undefined;
  if (!table || typeof table !== 'object') return false;
  const lines = text.split('\n');
  const lineOf = (key: string) =>
    Math.max(
      0,
      lines.findIndex((line) => line.trimStart().startsWith(key)),
    );
  const here = (value: string) => value.replace(/%\(here\)s/g, rootDir).replace(/%%/g, '%');
  for (const [key, raw] of Object.entries(table)) {
    const normalized = key.toLowerCase();
    if (typeof raw === 'string') settings.set(normalized, { value: here(raw), file, line: lineOf(key) });
    else if (typeof raw === 'number' || typeof raw === 'boolean') settings.set(normalized, { value: String(raw), file, line: lineOf(key) });
    else if (Array.isArray(raw) && raw.every((item) => typeof item === 'string')) {
      settings.set(normalized, { value: raw.map(here), file, line: lineOf(key) });
    }
  }
  return true;
}

function buildProject(configFile: string, rootDir: string, settings: Settings, problems: ConfigProblem[], fs: EngineFileSystem): AlembicProject {
  const text = (key: string): string | undefined => {
    const entry = settings.get(key);
    if (!entry) return undefined;
    return Array.isArray(entry.value) ? entry.value.join('\n') : entry.value;
  };
  const project: AlembicProject = {
    configFile,
    rootDir,
    versionLocations: [],
    recursiveVersionLocations: /^(true|1|yes|on)$/i.test(text('recursive_version_locations') ?? ''),
    fileTemplate: text('file_template') ?? DEFAULT_FILE_TEMPLATE,
    fileTemplateConfigured: settings.has('file_template'),
    truncateSlugLength: DEFAULT_TRUNCATE_SLUG_LENGTH,
    timezone: text('timezone'),
    sqlalchemyUrl: text('sqlalchemy.url'),
    versionTable: text('version_table'),
    versionTableSchema: text('version_table_schema'),
    problems,
  };
  const truncate = text('truncate_slug_length');
  if (truncate !== undefined) {
    if (/^\d+$/.test(truncate.trim())) project.truncateSlugLength = Number(truncate.trim());
    else problems.push({ ...where(settings, 'truncate_slug_length', configFile), message: `truncate_slug_length must be a whole number, not '${truncate}'.` });
  }

  const scriptLocation = text('script_location');
  if (scriptLocation === undefined) {
    if (problems.length === 0) {
      problems.push({
        file: configFile,
        line: 0,
        message: `No script_location is set in ${path.basename(configFile)}, so Alembic cannot find the migrations. Add script_location = <folder>.`,
      });
    }
    return project;
  }
  const sysPath = splitPrependSysPath(text('prepend_sys_path'), rootDir);
  const resolved = resolveScriptLocation(scriptLocation.trim(), rootDir, sysPath, fs);
  if (!resolved) {
    problems.push({
      ...where(settings, 'script_location', configFile),
      message: `script_location '${scriptLocation}' does not exist (looked for it relative to ${rootDir}${sysPath.length ? ` and prepend_sys_path` : ''}).`,
    });
    return project;
  }
  project.scriptLocation = resolved;
  const envPyFile = path.join(resolved, 'env.py');
  const envPyText = fs.readFile(envPyFile);
  if (envPyText !== undefined) project.envPy = { file: envPyFile, versionTable: readEnvPyVersionTable(envPyText) };

  const locations = settings.get('version_locations');
  if (locations) {
    const list = Array.isArray(locations.value)
      ? locations.value
      : splitVersionLocations(locations.value, text('path_separator') ?? text('version_path_separator'));
    project.versionLocations = list.map((location) => resolveLocation(location, rootDir, sysPath, fs));
  } else {
    project.versionLocations = [path.join(resolved, 'versions')];
  }
  for (const location of project.versionLocations) {
    if (!fs.readDirectory(location)) {
      problems.push({
        ...where(settings, locations ? 'version_locations' : 'script_location', configFile),
        message: `The version location ${location} does not exist or is not a folder.`,
      });
    }
  }
  return project;
}

function where(settings: Settings, key: string, fallback: string): { file: string; line: number } {
  const entry = settings.get(key);
  return entry ? { file: entry.file, line: entry.line } : { file: fallback, line: 0 };
}

/** Alembic's path_separator / version_path_separator semantics; unset means the legacy split on spaces and commas. */
export function splitVersionLocations(value: string, separator: string | undefined): string[] {
  const sep = separator?.trim();
  let parts: string[];
  if (sep === undefined || sep === '') parts = value.split(/, *| +|\n/);
  else if (sep === 'os' || sep === ':') parts = value.split(':');
  else if (sep === ';') parts = value.split(';');
  else if (sep === 'space') parts = value.split(' ');
  else if (sep === 'newline') parts = value.split('\n');
  else parts = value.split(sep);
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

function splitPrependSysPath(value: string | undefined, rootDir: string): string[] {
  if (!value) return [];
  return value
    .split(/[\s:;]+/)
    .filter((part) => part !== '')
    .map((part) => path.resolve(rootDir, part));
}

/** `folder`, `%(here)s/folder` (already interpolated) or `package.module:folder`. */
function resolveScriptLocation(value: string, rootDir: string, sysPath: string[], fs: EngineFileSystem): string | undefined {
  const candidate = resolveLocation(value, rootDir, sysPath, fs);
  return fs.readDirectory(candidate) ? candidate : undefined;
}

function resolveLocation(value: string, rootDir: string, sysPath: string[], fs: EngineFileSystem): string {
  const packageForm = /^([A-Za-z_][\w.]*):(.*)$/.exec(value);
  if (packageForm && !/^[A-Za-z]:[\\/]/.test(value)) {
    const packagePath = packageForm[1].split('.').join(path.sep);
    const bases = [...sysPath, rootDir, path.join(rootDir, 'src')];
    for (const base of bases) {
      const candidate = path.join(base, packagePath, packageForm[2]);
      if (fs.readDirectory(candidate)) return candidate;
    }
    return path.join(rootDir, packagePath, packageForm[2]);
  }
  return path.resolve(rootDir, value);
}
