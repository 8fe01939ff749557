// The demo Alembic project that `npm start` opens (and the e2e tests may reuse): a small SQLModel
// app (Hero / Team) whose migrations live in a package (`script_location = app:migrations`) and
// are named with a date prefix (`file_template = %%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s`).
// Five migrations in a chain: the 3rd has NO downgrade() (the extension flags it with
// `missing-downgrade`), and after upgradeDemo() the database is at the 4th, so the 5th is pending.
//
//   writeDemoProject(dir, {databaseUrl})   writes the files (dir is created when missing)
//   upgradeDemo(dir, {databaseUrl, target, python})  runs the real Alembic: upgrade <target>
//   DEMO                                   the revision ids and file names
//
// Node builtins only.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, SYSTEM_PYTHON, run } from './bootstrap.mjs';

/** The five revisions, oldest first. */
const REVISIONS = [
  { id: '5e1f0a2b3c4d', date: '2024-03-01 09:12:44.118203', slug: 'create_team_table', message: 'create team table' },
  { id: '6f2a1b3c4d5e', date: '2024-03-04 16:40:02.913377', slug: 'create_hero_table', message: 'create hero table' },
  { id: '7a3b2c4d5e6f', date: '2024-03-11 11:05:37.550941', slug: 'add_age_to_hero', message: 'add age to hero' },
  { id: '8b4c3d5e6f7a', date: '2024-03-18 14:27:19.004512', slug: 'create_mission_table', message: 'create mission table' },
  { id: '9c5d4e6f7a8b', date: '2024-03-25 10:51:08.662030', slug: 'add_founded_year_to_team', message: 'add founded year to team' },
];
const fileName = (r) => `${r.date.slice(0, 10).replaceAll('-', '')}_${r.id}_${r.slug}.py`;

export const DEMO = Object.freeze({
  revisions: REVISIONS.map((r) => ({ ...r, file: `app/migrations/versions/${fileName(r)}` })),
  /** The migration without downgrade(). */
  noDowngrade: REVISIONS[2].id,
  /** Where upgradeDemo() leaves the database. */
  current: REVISIONS[3].id,
  /** The head, pending after upgradeDemo(). */
  head: REVISIONS[4].id,
  ini: 'alembic.ini',
  versionsDir: 'app/migrations/versions',
});

// ---------------------------------------------------------------------------------------------
// Files

const ALEMBIC_INI = `# Alembic configuration of the demo app (SQLModel models in app/models.py).
# The database URL comes from DATABASE_URL (see app/migrations/env.py and .env);
# sqlalchemy.url below is Alembic's template placeholder.

[alembic]
# path to migration scripts, as package:path (the "app" package, found through prepend_sys_path)
script_location = app:migrations

# migration file names start with the date: 20240301_5e1f0a2b3c4d_create_team_table.py
file_template = %%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s

# sys.path path, will be prepended to sys.path if present.
prepend_sys_path = .

# the models' MetaData for autogenerate, as module:attribute (read by app/migrations/env.py)
target_metadata = app.models:SQLModel.metadata

# max length of characters to apply to the "slug" field
truncate_slug_length = 40

# version path separator; "os" uses os.pathsep.
version_path_separator = os

sqlalchemy.url = driver://user:pass@localhost/dbname


[post_write_hooks]

# Logging configuration
[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console
qualname =

[logger_sqlalchemy]
level = WARN
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = INFO
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
datefmt = %H:%M:%S
`;

const MODELS_PY = `"""The demo app's tables, declared with SQLModel."""
from typing import List, Optional

from sqlmodel import Field, Relationship, SQLModel


class Team(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    headquarters: str
    founded_year: Optional[int] = None

    heroes: List["Hero"] = Relationship(back_populates="team")


class Hero(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    secret_name: str
    age: Optional[int] = Field(default=None, index=True)

    team_id: Optional[int] = Field(default=None, foreign_key="team.id")
    team: Optional[Team] = Relationship(back_populates="heroes")
    missions: List["Mission"] = Relationship(back_populates="hero")


class Mission(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    title: str
    completed: bool = False

    hero_id: Optional[int] = Field(default=None, foreign_key="hero.id")
    hero: Optional[Hero] = Relationship(back_populates="missions")
`;

// env.py is the basic fixture's (DATABASE_URL, else sqlalchemy.url); the ini's `target_metadata`
// option above points it at the SQLModel models for autogenerate.
const ENV_PY = readFileSync(path.join(ROOT, 'test', 'fixtures', 'basic', 'migrations', 'env.py'), 'utf8');

const SCRIPT_MAKO = `"""\${message}

Revision ID: \${up_revision}
Revises: \${down_revision | comma,n}
Create Date: \${create_date}

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel
\${imports if imports else ""}

# revision identifiers, used by Alembic.
revision: str = \${repr(up_revision)}
down_revision: Union[str, None] = \${repr(down_revision)}
branch_labels: Union[str, Sequence[str], None] = \${repr(branch_labels)}
depends_on: Union[str, Sequence[str], None] = \${repr(depends_on)}


def upgrade() -> None:
    \${upgrades if upgrades else "pass"}


def downgrade() -> None:
    \${downgrades if downgrades else "pass"}
`;

// Bodies of the five migrations (as autogenerate writes them for SQLModel).
const BODIES = [
  {
    upgrade: `    op.create_table(
        'team',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('headquarters', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_team_name'), 'team', ['name'], unique=False)`,
    downgrade: `    op.drop_index(op.f('ix_team_name'), table_name='team')
    op.drop_table('team')`,
  },
  {
    upgrade: `    op.create_table(
        'hero',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('secret_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('team_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['team_id'], ['team.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_hero_name'), 'hero', ['name'], unique=False)`,
    downgrade: `    op.drop_index(op.f('ix_hero_name'), table_name='hero')
    op.drop_table('hero')`,
  },
  {
    // No downgrade(): the migration the extension flags with `missing-downgrade`.
    upgrade: `    op.add_column('hero', sa.Column('age', sa.Integer(), nullable=True))
    op.create_index(op.f('ix_hero_age'), 'hero', ['age'], unique=False)`,
    downgrade: null,
  },
  {
    upgrade: `    op.create_table(
        'mission',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('completed', sa.Boolean(), nullable=False),
        sa.Column('hero_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['hero_id'], ['hero.id']),
        sa.PrimaryKeyConstraint('id'),
    )`,
    downgrade: `    op.drop_table('mission')`,
  },
  {
    upgrade: `    op.add_column('team', sa.Column('founded_year', sa.Integer(), nullable=True))`,
    downgrade: `    op.drop_column('team', 'founded_year')`,
  },
];

function migration(rev, parent, body) {
  const lines = [
    `"""${rev.message}`,
    '',
    `Revision ID: ${rev.id}`,
    `Revises: ${parent ? parent.id : ''}`,
    `Create Date: ${rev.date}`,
    '',
    '"""',
    'from typing import Sequence, Union',
    '',
    'from alembic import op',
    'import sqlalchemy as sa',
    'import sqlmodel',
    '',
    '',
    '# revision identifiers, used by Alembic.',
    `revision: str = '${rev.id}'`,
    `down_revision: Union[str, None] = ${parent ? `'${parent.id}'` : 'None'}`,
    'branch_labels: Union[str, Sequence[str], None] = None',
    'depends_on: Union[str, Sequence[str], None] = None',
    '',
    '',
    'def upgrade() -> None:',
    body.upgrade,
  ];
  if (body.downgrade) lines.push('', '', 'def downgrade() -> None:', body.downgrade);
  return `${lines.join('\n')}\n`;
}

/** The URL without its password (for settings files: the password belongs in SecretStorage / .env). */
export function withoutPassword(url) {
  const u = new URL(url);
  u.password = '';
  return u.toString();
}

/**
 * Writes the demo project into `dir`:
 *   alembic.ini, requirements.txt, README.md, .env (DATABASE_URL, when given),
 *   .vscode/settings.json (alembic.pythonPath = Debian's python3; alembic.databaseUrl WITHOUT the password),
 *   app/__init__.py, app/models.py, app/migrations/{env.py, script.py.mako, README}, app/migrations/versions/ (5 files).
 * Returns {dir, ini, versionsDir, files}.
 */
export function writeDemoProject(dir, { databaseUrl, pythonPath = SYSTEM_PYTHON } = {}) {
  const files = {
    'alembic.ini': ALEMBIC_INI,
    'requirements.txt': 'alembic>=1.8\nsqlmodel>=0.0.8\npsycopg2>=2.9\n',
    'README.md': [
      '# Heroes: an Alembic demo',
      '',
      'SQLModel models in `app/models.py`, migrations in `app/migrations/versions/` (configured as',
      '`script_location = app:migrations`, date-prefixed file names).',
      '',
      `- \`${fileName(REVISIONS[2])}\` has no \`downgrade()\`: the extension flags it.`,
      `- The database is at \`${DEMO.current}\`; \`${DEMO.head}\` (the head) is pending.`,
      '',
      'The database URL is in `.env` (`DATABASE_URL`, with the password). `.vscode/settings.json` names the',
      'same database in `alembic.databaseUrl` without the password: passwords do not belong in settings files.',
      '',
      'Run Alembic by hand: `set -a; . ./.env; set +a; /usr/bin/python3 -m alembic current`',
      '',
    ].join('\n'),
    'app/__init__.py': '',
    'app/models.py': MODELS_PY,
    'app/migrations/README': 'Generic single-database configuration, with SQLModel metadata.\n',
    'app/migrations/env.py': ENV_PY,
    'app/migrations/script.py.mako': SCRIPT_MAKO,
    '.vscode/settings.json': `${JSON.stringify(
      {
        'alembic.pythonPath': pythonPath,
        ...(databaseUrl ? { 'alembic.databaseUrl': withoutPassword(databaseUrl) } : {}),
      },
      null,
      2,
    )}\n`,
  };
  if (databaseUrl) files['.env'] = `DATABASE_URL=${databaseUrl}\n`;
  REVISIONS.forEach((rev, i) => {
    files[`${DEMO.versionsDir}/${fileName(rev)}`] = migration(rev, REVISIONS[i - 1], BODIES[i]);
  });
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return { dir, ini: path.join(dir, DEMO.ini), versionsDir: path.join(dir, DEMO.versionsDir), files: Object.keys(files) };
}

/**
 * Runs the real Alembic in the demo project: `python -m alembic -c alembic.ini upgrade <target>`
 * (cwd = dir, since prepend_sys_path = . must find the app package). Default target: DEMO.current.
 */
export async function upgradeDemo(dir, { databaseUrl, target = DEMO.current, python = SYSTEM_PYTHON } = {}) {
  if (!databaseUrl) throw new Error('upgradeDemo: databaseUrl is required');
  return run(python, ['-m', 'alembic', '-c', path.join(dir, DEMO.ini), 'upgrade', target], {
    cwd: dir,
    env: { ...process.env, DATABASE_URL: databaseUrl, PYTHONDONTWRITEBYTECODE: '1' },
  });
}
