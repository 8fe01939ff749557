// Builds real-looking migration sources for unit tests and parses them with the real parser.
import { parseMigration } from '../../server/src/engine/parse';
import type { MigrationFile } from '../../server/src/engine/model';
import { DEFAULT_FILE_TEMPLATE, type AlembicProject } from '../../server/src/engine/config';

export interface MigrationSpec {
  down?: string | string[] | null;
  dependsOn?: string | string[];
  labels?: string | string[];
  message?: string;
  createDate?: string;
  downgrade?: string | false;
  fileName?: string;
}

const py = (value: string | string[] | null | undefined): string =>
  value === null || value === undefined
    ? 'None'
    : Array.isArray(value)
      ? `(${value.map((v) => `'${v}'`).join(', ')}${value.length === 1 ? ',' : ''})`
      : `'${value}'`;

export function migrationSource(id: string, spec: MigrationSpec = {}): string {
  const message = spec.message ?? `change ${id}`;
  return [
    `"""${message}`,
    '',
    `Revision ID: ${id}`,
    `Revises: ${Array.isArray(spec.down) ? spec.down.join(', ') : (spec.down ?? '')}`,
    `Create Date: ${spec.createDate ?? '2024-01-01 00:00:00.000000'}`,
    '',
    '"""',
    'from typing import Sequence, Union',
    '',
    'from alembic import op',
    'import sqlalchemy as sa',
    '',
    `revision: str = '${id}'`,
    `down_revision: Union[str, Sequence[str], None] = ${py(spec.down)}`,
    `branch_labels: Union[str, Sequence[str], None] = ${py(spec.labels)}`,
    `depends_on: Union[str, Sequence[str], None] = ${py(spec.dependsOn)}`,
    '',
    '',
    'def upgrade() -> None:',
    `    op.create_table('t_${id}', sa.Column('id', sa.Integer(), primary_key=True))`,
    '',
    ...(spec.downgrade === false ? [] : ['', 'def downgrade() -> None:', spec.downgrade ?? `    op.drop_table('t_${id}')`]),
    '',
  ].join('\n');
}

export function migration(id: string, spec: MigrationSpec = {}, dir = '/p/versions'): MigrationFile {
  return parseMigration(
    `${dir}/${spec.fileName ?? `${id}_${(spec.message ?? `change ${id}`).replace(/\W+/g, '_').toLowerCase()}.py`}`,
    migrationSource(id, spec),
  );
}

export function project(overrides: Partial<AlembicProject> = {}): AlembicProject {
  return {
    configFile: '/p/alembic.ini',
    rootDir: '/p',
    scriptLocation: '/p',
    versionLocations: ['/p/versions'],
    recursiveVersionLocations: false,
    fileTemplate: DEFAULT_FILE_TEMPLATE,
    fileTemplateConfigured: false,
    truncateSlugLength: 40,
    problems: [],
    ...overrides,
  };
}

const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** A MigrationFile built without parsing, for graphs too large to parse in a unit test. */
export function syntheticMigration(id: string, down: string | string[] | null): MigrationFile {
  const literal = (value: string) => ({ value, range: zero });
  const assignment = (name: 'revision' | 'down_revision', values: string[] | null) => ({
    name,
    range: zero,
    valueRange: zero,
    values: values?.map(literal) ?? null,
    unresolved: false,
    valueText: '',
  });
  return {
    path: `/p/versions/${id}_x.py`,
    identifiers: { revision: assignment('revision', [id]), down_revision: assignment('down_revision', down === null ? null : [down].flat()) },
    functions: { upgrade: { name: 'upgrade', nameRange: zero, range: zero }, downgrade: { name: 'downgrade', nameRange: zero, range: zero } },
    syntaxErrors: [],
    suppressions: { file: [], lines: {} },
    headRange: zero,
  };
}
