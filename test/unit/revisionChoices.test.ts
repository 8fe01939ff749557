import * as assert from 'node:assert/strict';
import { generatedFile, parentOf, revisionChoices } from '../../client/src/alembic/revisionChoices';
import type { ProjectSummary, RevisionSummary } from '../../server/src/protocol';

const revision = (id: string, down: string[], roles: RevisionSummary['roles'], message: string): RevisionSummary => ({
  id,
  file: `/p/versions/${id}.py`,
  line: 0,
  message,
  downRevisions: down,
  dependsOn: [],
  branches: [],
  roles,
  errors: 0,
  warnings: 0,
});
const project: ProjectSummary = {
  config: '/p/alembic.ini',
  rootDir: '/p',
  versionLocations: ['/p/versions'],
  heads: ['cccc00000003', 'dddd00000004'],
  errors: 0,
  revisions: [
    revision('aaaa00000001', [], ['base'], 'create users'),
    revision('bbbb00000002', ['aaaa00000001'], ['branchpoint'], 'add email'),
    revision('cccc00000003', ['bbbb00000002'], ['head'], 'create posts'),
    revision('dddd00000004', ['bbbb00000002'], ['head'], 'create tags'),
  ],
};
const state = {
  versionTableExists: true,
  current: ['bbbb00000002'],
  states: { aaaa00000001: 'applied', bbbb00000002: 'current', cccc00000003: 'pending', dddd00000004: 'pending' },
  pending: ['cccc00000003', 'dddd00000004'],
  unknownToFiles: [],
  atHead: false,
} as const;

describe('revision pickers', () => {
  it('heads first, then newest first; message, short id, state', () => {
    const choices = revisionChoices(project, {
      ...state,
      states: { ...state.states },
      current: [...state.current],
      pending: [...state.pending],
      unknownToFiles: [],
    });
    assert.deepEqual(
      choices.map((c) => c.id),
      ['dddd00000004', 'cccc00000003', 'bbbb00000002', 'aaaa00000001'],
    );
    assert.equal(choices[0].label, 'create tags');
    assert.equal(choices[0].description, 'dddd00000004 · head · pending');
    const pendingOnly = revisionChoices(
      project,
      { ...state, states: { ...state.states }, current: [], pending: [], unknownToFiles: [] },
      (s) => s === 'pending',
    );
    assert.deepEqual(
      pendingOnly.map((c) => c.id),
      ['dddd00000004', 'cccc00000003'],
    );
  });

  it('parents for Downgrade One, and the file alembic revision generated', () => {
    assert.equal(parentOf(project, 'cccc00000003'), 'bbbb00000002');
    assert.equal(parentOf(project, 'aaaa00000001'), 'base');
    assert.equal(generatedFile('  Generating /tmp/x/versions/ab12_add_thing.py ...  done\n'), '/tmp/x/versions/ab12_add_thing.py');
  });
});
