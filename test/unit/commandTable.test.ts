// The command table (client/src/commands/table.ts) is the manifest's `contributes.commands`: same
// ids, same titles, every one in the "Alembic" category; menus name only declared commands.
// Loading the table here, in plain Node, also proves it imports no `vscode` at run time.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { COMMAND_IDS, COMMANDS } from '../../client/src/commands/table';

interface ManifestCommand {
  command: string;
  title: string;
  category?: string;
}
interface Manifest {
  contributes: { commands: ManifestCommand[]; menus?: Record<string, Array<{ command?: string; submenu?: string }>> };
}

const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as Manifest;
const contributed = manifest.contributes.commands;

describe('command table = package.json contributes.commands', () => {
  it('declares the same ids with the same titles', () => {
    const fromTable = COMMAND_IDS.map((id) => ({ command: id, title: COMMANDS[id].title })).sort((a, b) => a.command.localeCompare(b.command));
    const fromManifest = contributed.map(({ command, title }) => ({ command, title })).sort((a, b) => a.command.localeCompare(b.command));
    assert.deepEqual(fromTable, fromManifest);
  });

  it('declares each id once', () => {
    const ids = contributed.map((c) => c.command);
    assert.deepEqual(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      [],
      'ids contributed twice',
    );
  });

  it('puts every command in the "Alembic" category', () => {
    assert.deepEqual(
      contributed.filter((c) => c.category !== 'Alembic').map((c) => `${c.command} (category ${c.category ?? 'none'})`),
      [],
    );
  });

  it('every table entry has a title and a lazily loaded handler', () => {
    assert.ok(COMMAND_IDS.length > 0, 'the table is empty');
    for (const id of COMMAND_IDS) {
      assert.match(id, /^alembic\.[a-z][A-Za-z]*$/, `${id}: ids are alembic.camelCase`);
      assert.ok(COMMANDS[id].title.trim() && !COMMANDS[id].title.startsWith('Alembic'), `${id}: a title without the category`);
      assert.equal(typeof COMMANDS[id].load, 'function');
    }
  });

  it('menus name only declared commands', () => {
    const declared = new Set<string>(COMMAND_IDS);
    const unknown = Object.entries(manifest.contributes.menus ?? {}).flatMap(([menu, items]) =>
      items.filter((item) => item.command !== undefined && !declared.has(item.command)).map((item) => `${menu}: ${item.command}`),
    );
    assert.deepEqual(unknown, []);
  });
});
