import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadProject, splitVersionLocations } from '../../server/src/engine/config';
import { compareCodePoints, discoverProjects, listMigrationFiles } from '../../server/src/engine/discovery';
import { nodeFileSystem } from '../../server/src/nodeFileSystem';

describe('config discovery', () => {
  let root: string;
  const write = (relative: string, text = '') => {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  };
  const folder = (relative: string) => mkdirSync(path.join(root, relative), { recursive: true });

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'alembic-config-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reads alembic.ini with %(here)s, %% escapes, continuation lines and truncate_slug_length', () => {
    folder('db/migrations/versions');
    const ini = write(
      'alembic.ini',
      '[DEFAULT]\nbase = db\n\n[alembic]\nscript_location = %(here)s/%(base)s/migrations\nfile_template = %%(year)d_%%(rev)s\n  _%%(slug)s\ntruncate_slug_length = 20\ntimezone = UTC\n',
    );
    const project = loadProject(ini, nodeFileSystem)!;
    assert.deepEqual(project.problems, []);
    assert.equal(project.scriptLocation, path.join(root, 'db/migrations'));
    assert.deepEqual(project.versionLocations, [path.join(root, 'db/migrations/versions')]);
    assert.equal(project.fileTemplate, '%(year)d_%(rev)s\n_%(slug)s');
    assert.equal(project.fileTemplateConfigured, true);
    assert.equal(project.truncateSlugLength, 20);
    assert.equal(project.timezone, 'UTC');
  });

  it('resolves script_location in package:path form through prepend_sys_path and src/', () => {
    folder('src/app/db/migrations/versions');
    write('src/app/__init__.py');
    const ini = write('alembic.ini', '[alembic]\nscript_location = app.db:migrations\nprepend_sys_path = . src\n');
    assert.equal(loadProject(ini, nodeFileSystem)!.scriptLocation, path.join(root, 'src/app/db/migrations'));
  });

  it('splits version_locations by path_separator, version_path_separator or the legacy rule', () => {
    assert.deepEqual(splitVersionLocations('a b,c', undefined), ['a', 'b', 'c']);
    assert.deepEqual(splitVersionLocations('a:b', 'os'), ['a', 'b']);
    assert.deepEqual(splitVersionLocations('a;b c', ';'), ['a', 'b c']);
    assert.deepEqual(splitVersionLocations('a b', 'space'), ['a', 'b']);
    assert.deepEqual(splitVersionLocations('a b\nc', 'newline'), ['a b', 'c']);
    folder('migrations/versions');
    folder('extra one');
    const ini = write(
      'alembic.ini',
      '[alembic]\nscript_location = migrations\nversion_locations = %(here)s/migrations/versions;%(here)s/extra one\npath_separator = ;\nrecursive_version_locations = true\n',
    );
    const project = loadProject(ini, nodeFileSystem)!;
    assert.deepEqual(project.versionLocations, [path.join(root, 'migrations/versions'), path.join(root, 'extra one')]);
    assert.equal(project.recursiveVersionLocations, true);
  });

  it('reads pyproject.toml [tool.alembic], alone or beside alembic.ini', () => {
    folder('migrations/versions');
    const toml = write(
      'pyproject.toml',
      '[project]\nname = "x"\n\n[tool.alembic]\nscript_location = "%(here)s/migrations"\nfile_template = "%%(rev)s"\nversion_locations = ["%(here)s/migrations/versions"]\n',
    );
    const project = loadProject(toml, nodeFileSystem)!;
    assert.deepEqual(project.problems, []);
    assert.equal(project.fileTemplate, '%(rev)s');
    assert.deepEqual(project.versionLocations, [path.join(root, 'migrations/versions')]);
    assert.equal(loadProject(write('other/pyproject.toml', '[project]\nname = "y"\n'), nodeFileSystem), undefined, 'no [tool.alembic]: not a project');
  });

  it('turns a broken config into problems with the line, never an exception', () => {
    const cases: [string, RegExp][] = [
      ['[other]\nx = 1\n', /no \[alembic\] section/],
      ['[alembic]\nsqlalchemy.url = x\n', /No script_location/],
      ['[alembic]\nscript_location = nowhere\n', /script_location 'nowhere' does not exist/],
      ['[alembic]\nscript_location = .\ntruncate_slug_length = many\n', /truncate_slug_length must be a whole number/],
      ['[alembic]\nscript_location = .\nversion_locations = gone\n', /version location .*gone does not exist/],
    ];
    for (const [text, message] of cases) {
      const project = loadProject(write('alembic.ini', text), nodeFileSystem)!;
      assert.match(project.problems.map((p) => p.message).join('\n'), message, text);
    }
    const line = loadProject(write('alembic.ini', '[alembic]\n\nscript_location = nowhere\n'), nodeFileSystem)!.problems[0].line;
    assert.equal(line, 2);
  });

  it("finds several projects in one workspace, skipping node_modules and virtualenvs, and lists files with Alembic's filter", () => {
    folder('svc_a/migrations/versions/sub');
    folder('svc_b/alembic/versions');
    write('svc_a/alembic.ini', '[alembic]\nscript_location = migrations\n');
    write('svc_b/alembic.ini', '[alembic]\nscript_location = alembic\n');
    write('node_modules/pkg/alembic.ini', '[alembic]\nscript_location = x\n');
    write('.venv/lib/alembic.ini', '[alembic]\nscript_location = x\n');
    for (const name of ['a1_x.py', '__init__.py', '.#a1_x.py', 'README', 'notes.txt', 'sub/b2_y.py'])
      write(`svc_a/migrations/versions/${name}`, "revision = 'x'\n");
    const projects = discoverProjects([root], nodeFileSystem);
    assert.deepEqual(projects.map((p) => path.relative(root, p.configFile)).sort(), ['svc_a/alembic.ini', 'svc_b/alembic.ini']);
    const a = projects.find((p) => p.configFile.includes('svc_a'))!;
    assert.deepEqual(
      listMigrationFiles(a, nodeFileSystem).map((f) => path.relative(root, f)),
      ['svc_a/migrations/versions/a1_x.py'],
    );
    assert.equal(listMigrationFiles({ ...a, recursiveVersionLocations: true }, nodeFileSystem).length, 2);
  });

  it("lists files in Alembic's load order: locations in config order, a folder's files by name, then its subfolders depth first", () => {
    for (const name of ['b_2.py', 'a_1.py', 'a_dir/z_9.py', 'a_dir/deeper/c_3.py', 'a_dir/b_8.py', 'legacy/a_0.py', 'z_last.py', '__pycache__/a_1.py'])
      write(`versions/${name}`, "revision = 'x'\n");
    write('other/a_5.py', "revision = 'x'\n");
    const versions = path.join(root, 'versions');
    const other = path.join(root, 'other');
    const base = {
      configFile: path.join(root, 'alembic.ini'),
      rootDir: root,
      fileTemplate: '%(rev)s_%(slug)s',
      fileTemplateConfigured: false,
      truncateSlugLength: 40,
      problems: [],
    };
    const list = (versionLocations: string[], recursiveVersionLocations: boolean) =>
      listMigrationFiles({ ...base, versionLocations, recursiveVersionLocations }, nodeFileSystem).map((f) => path.relative(root, f));
    // os.walk top-down with sorted files, then `dirs.sort()`: every file of a folder before any of its subfolders.
    assert.deepEqual(list([versions, other], true), [
      'versions/a_1.py',
      'versions/b_2.py',
      'versions/z_last.py',
      'versions/a_dir/b_8.py',
      'versions/a_dir/z_9.py',
      'versions/a_dir/deeper/c_3.py',
      'versions/legacy/a_0.py',
      'other/a_5.py',
    ]);
    assert.deepEqual(list([other, versions], false), ['other/a_5.py', 'versions/a_1.py', 'versions/b_2.py', 'versions/z_last.py']);
    // A location inside another recursive one is listed once, where the walk first reached it (Alembic skips files loaded twice).
    assert.deepEqual(list([path.join(versions, 'legacy'), versions], true).slice(0, 2), ['versions/legacy/a_0.py', 'versions/a_1.py']);
    assert.equal(list([path.join(versions, 'legacy'), versions], true).filter((f) => f === 'versions/legacy/a_0.py').length, 1);
    assert.deepEqual(list([versions, path.join(versions, 'legacy')], false), [
      'versions/a_1.py',
      'versions/b_2.py',
      'versions/z_last.py',
      'versions/legacy/a_0.py',
    ]);
  });

  it('sorts names by code point, as Python does', () => {
    const names = ['\u{1F600}.py', '\uFB01.py', 'a.py', 'B.py'];
    assert.deepEqual([...names].sort(compareCodePoints), ['B.py', 'a.py', '\uFB01.py', '\u{1F600}.py']);
  });
});
