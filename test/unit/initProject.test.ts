// Initialize Alembic's pure parts: the templates offered from `alembic list_templates`' output
// (Alembic 1.16 lists pyproject; 1.8 does not), and where env.py assigns target_metadata.
import * as assert from 'node:assert/strict';
import { offeredTemplates, parseTemplates, targetMetadataAt } from '../../client/src/alembic/initProject';

const ALEMBIC_1_16 = `Available templates:

async - Generic single-database configuration with an async dbapi.
generic - Generic single-database configuration.
multidb - Rudimentary multi-database configuration.
pyproject - pep-621 compliant configuration that includes pyproject.toml
pyproject_async - Async pep-621 compliant configuration that includes pyproject.toml

Templates are used via the 'init' command, e.g.:

  alembic init --template generic ./scripts
`;

describe('Initialize Alembic: templates and target_metadata', () => {
  it('offers generic, async, pyproject in that order when Alembic lists them', () => {
    const installed = parseTemplates(ALEMBIC_1_16);
    assert.deepEqual(
      installed.map((t) => t.name),
      ['async', 'generic', 'multidb', 'pyproject', 'pyproject_async'],
    );
    assert.deepEqual(
      offeredTemplates(installed).map((t) => [t.name, t.description]),
      [
        ['generic', 'Generic single-database configuration.'],
        ['async', 'Generic single-database configuration with an async dbapi.'],
        ['pyproject', 'pep-621 compliant configuration that includes pyproject.toml'],
      ],
    );
  });

  it('offers only what an older Alembic has', () => {
    const older = ALEMBIC_1_16.split('\n')
      .filter((line) => !line.startsWith('pyproject'))
      .join('\n');
    assert.deepEqual(
      offeredTemplates(parseTemplates(older)).map((t) => t.name),
      ['generic', 'async'],
    );
  });

  it("finds target_metadata's value, skipping the commented example", () => {
    const envPy = ['from alembic import context', '', '# target_metadata = mymodel.Base.metadata', 'target_metadata = None  # set me', ''].join('\n');
    assert.deepEqual(targetMetadataAt(envPy), { line: 3, start: 18, end: 22 });
    assert.equal(targetMetadataAt('x = 1\n'), undefined);
  });
});
