// Generates a synthetic, Alembic-loadable project of N revisions for the benchmark: realistic
// migration files (~1–1.5 KB: docstring header, imports, annotated identifiers, upgrade() with
// several op calls, downgrade()), branches and two-way merges, one three-way merge, depends_on
// edges (one on a branch label), a labelled branch, a stray unlabelled head, and a handful of
// files that make rules fire without stopping Alembic from loading the tree.
// `brokenDrafts()` are half-written files Alembic cannot load (syntax errors); the bench puts them in
// the tree only while our commands run.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Deterministic numbers in [0, 1) (a linear congruential generator), so every run benchmarks the same tree. */
function random(seed) {
  let state = seed % 2147483648;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

const TABLES = ['users', 'orders', 'invoices', 'products', 'payments', 'shipments', 'customers', 'audit_log', 'sessions', 'tags'];
const KINDS = ['String(length=255)', 'Integer()', 'Boolean()', 'DateTime()', 'Numeric(precision=12, scale=2)', 'Text()'];

/** Alembic's slug for the default file_template (words of the message, lower-cased, 40 characters). */
function slug(message) {
  let s = (message.match(/\w+/g) ?? []).join('_').toLowerCase();
  if (s.length > 40) {
    const cut = s.slice(0, 40);
    s = `${cut.slice(0, Math.max(0, cut.lastIndexOf('_')))}_`;
  }
  return s;
}

/** The revision plan: [{id, down, dependsOn, labels, message, date, fault}] in creation order. */
export function planRevisions(count, seed = 42) {
  const next = random(seed + count);
  const ids = new Set();
  const newId = () => {
    for (;;) {
      const id = Array.from({ length: 12 }, () => Math.floor(next() * 16).toString(16)).join('');
      if (!ids.has(id)) {
        ids.add(id);
        return id;
      }
    }
  };
  const revisions = [];
  const add = (spec) => {
    const index = revisions.length;
    const table = TABLES[index % TABLES.length];
    const revision = {
      id: newId(),
      down: null,
      dependsOn: undefined,
      labels: undefined,
      message: `add ${table} column c${index}`,
      date: new Date(Date.UTC(2020, 0, 1) + index * 3_600_000),
      table,
      index,
      fault: undefined,
      ...spec,
    };
    revisions.push(revision);
    return revision.id;
  };

  let head = add({ message: 'create base tables' });
  const labelledAt = Math.floor(count / 3);
  const threeWayAt = Math.floor(count / 2);
  let threeWayDone = false;
  let labelledDone = false;
  let labelledTip;
  // Room for the stray head and the revision depending on the label.
  while (revisions.length < count - 2) {
    const index = revisions.length;
    const left = count - 2 - index;
    if (!labelledDone && index >= labelledAt && left > 20) {
      labelledDone = true;
      let tip = add({ down: head, labels: ['audit'], message: 'start the audit branch' });
      for (let k = 0; k < 12; k++) tip = add({ down: tip, message: `audit trail step ${k}` });
      labelledTip = tip;
    } else if (!threeWayDone && index >= threeWayAt && left > 12) {
      threeWayDone = true;
      const tips = [0, 1, 2].map((line) => {
        let tip = head;
        for (let k = 0; k < 3; k++) tip = add({ down: tip, message: `parallel work ${line}.${k}` });
        return tip;
      });
      head = add({ down: tips, message: 'merge three heads' });
    } else if (index % 45 === 20 && left > 10) {
      const tips = [0, 1].map((line) => {
        let tip = head;
        for (let k = 0; k < 2 + line; k++) tip = add({ down: tip, message: `feature ${index} part ${line}.${k}` });
        return tip;
      });
      head = add({ down: tips, message: `merge feature ${index}` });
    } else {
      const dependsOn = index % 97 === 0 && index > 20 ? [revisions[index - 1 - Math.floor(next() * 15)].id] : undefined;
      head = add({ down: head, dependsOn });
    }
  }
  // A revision that depends on the labelled branch by label, and a stray head off an old revision.
  if (labelledTip) head = add({ down: head, dependsOn: ['audit'], message: 'use the audit tables' });
  add({ down: revisions[Math.floor(revisions.length / 2)].id, message: 'hotfix forgotten on a branch' });

  // Faults Alembic tolerates (it loads the tree), each making a rule fire.
  const pick = (i) => revisions[Math.min(revisions.length - 1, i)];
  for (const revision of revisions) {
    if (revision.index % 250 === 7) revision.fault = 'missing-downgrade';
    else if (revision.index % 300 === 11) revision.fault = 'empty-downgrade';
  }
  pick(5).fault = 'filename-template';
  pick(9).fault = 'filename-revision-mismatch';
  pick(13).fault = 'unresolved-identifier';
  pick(17).fault = 'suppressed-missing-downgrade';
  pick(29).fault = 'ellipsis-downgrade';
  const late = pick(33);
  late.date = new Date(Date.UTC(2019, 5, 1));
  return revisions;
}

const quote = (value) => `'${value}'`;
const tuple = (values) => `(${values.map(quote).join(', ')}${values.length === 1 ? ',' : ''})`;

export function migrationSource(revision, style) {
  const { id, down, dependsOn, labels, message, date, table, index, fault } = revision;
  const downs = down === null ? [] : [down].flat();
  const stamp = `${date.toISOString().slice(0, 19).replace('T', ' ')}.${String(100000 + index).slice(-6)}`;
  const downValue = downs.length === 0 ? 'None' : downs.length === 1 ? quote(downs[0]) : tuple(downs);
  const annotated = style % 5 !== 0; // one file in five in the pre-1.13 plain style
  const lines = [`"""${message}`, '', `Revision ID: ${id}`, `Revises: ${downs.join(', ')}`, `Create Date: ${stamp}`, '', '"""'];
  if (fault === 'suppressed-missing-downgrade') lines.unshift('# alembic-lint: disable-file=missing-downgrade');
  if (annotated) lines.push('from typing import Sequence, Union', '');
  lines.push('from alembic import op', 'import sqlalchemy as sa', '', '');
  if (fault === 'unresolved-identifier') lines.push('_DEPENDS = None', '');
  lines.push('# revision identifiers, used by Alembic.');
  const dependsValue = fault === 'unresolved-identifier' ? '_DEPENDS' : dependsOn ? (dependsOn.length === 1 ? quote(dependsOn[0]) : tuple(dependsOn)) : 'None';
  const labelsValue = labels ? tuple(labels) : 'None';
  if (annotated) {
    lines.push(
      `revision: str = ${quote(id)}`,
      `down_revision: Union[str, Sequence[str], None] = ${downValue}`,
      `branch_labels: Union[str, Sequence[str], None] = ${labelsValue}`,
      `depends_on: Union[str, Sequence[str], None] = ${dependsValue}`,
    );
  } else {
    lines.push(`revision = ${quote(id)}`, `down_revision = ${downValue}`, `branch_labels = ${labelsValue}`, `depends_on = ${dependsValue}`);
  }
  const column = `c${index}`;
  const kind = KINDS[index % KINDS.length];
  const created = `${table}_history_${index}`;
  lines.push(
    '',
    '',
    'def upgrade() -> None:',
    '    # ### commands auto generated by Alembic - please adjust! ###',
    '    op.create_table(',
    `        '${created}',`,
    "        sa.Column('id', sa.Integer(), nullable=False),",
    `        sa.Column('${table}_id', sa.Integer(), nullable=False),`,
    `        sa.Column('changed_at', sa.DateTime(), server_default=sa.text('now()'), nullable=False),`,
    `        sa.ForeignKeyConstraint(['${table}_id'], ['${table}.id'], ondelete='CASCADE'),`,
    "        sa.PrimaryKeyConstraint('id'),",
    '    )',
    `    op.add_column('${table}', sa.Column('${column}', sa.${kind}, nullable=True))`,
    `    op.create_index(op.f('ix_${table}_${column}'), '${table}', ['${column}'], unique=False)`,
    '    # ### end Alembic commands ###',
  );
  if (fault !== 'missing-downgrade' && fault !== 'suppressed-missing-downgrade') {
    lines.push('', '', 'def downgrade() -> None:');
    if (fault === 'empty-downgrade') lines.push('    pass');
    else if (fault === 'ellipsis-downgrade') lines.push('    """Irreversible."""', '    ...');
    else {
      lines.push(
        '    # ### commands auto generated by Alembic - please adjust! ###',
        `    op.drop_index(op.f('ix_${table}_${column}'), table_name='${table}')`,
        `    op.drop_column('${table}', '${column}')`,
        `    op.drop_table('${created}')`,
        '    # ### end Alembic commands ###',
      );
    }
  }
  lines.push('');
  return lines.join('\n');
}

export function fileNameOf(revision, revisions) {
  if (revision.fault === 'filename-template') return `${slug(revision.message).replace(/_/g, '-')}-${revision.id}.py`;
  if (revision.fault === 'filename-revision-mismatch') return `${revisions[0].id}_${slug(revision.message)}.py`;
  return `${revision.id}_${slug(revision.message)}.py`;
}

/** The basic fixture: a real alembic.ini, env.py (no database needed for `heads`) and script.py.mako. */
const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'basic');

/** Writes the project under `dir`; returns {ini, versions, revisions, files}. */
export function writeProject(dir, count) {
  const versions = path.join(dir, 'migrations', 'versions');
  mkdirSync(versions, { recursive: true });
  for (const file of ['alembic.ini', 'migrations/env.py', 'migrations/script.py.mako', 'migrations/README'])
    copyFileSync(path.join(FIXTURE, file), path.join(dir, file));
  writeFileSync(path.join(versions, 'README'), 'Not a migration: Alembic and the linter skip it.\n');
  writeFileSync(path.join(versions, '__init__.py'), '');
  const revisions = planRevisions(count);
  const files = new Map();
  for (const [style, revision] of revisions.entries()) {
    const file = path.join(versions, fileNameOf(revision, revisions));
    writeFileSync(file, migrationSource(revision, style));
    files.set(revision.id, file);
  }
  return { ini: path.join(dir, 'alembic.ini'), versions, revisions, files };
}

/** Half-written files Alembic cannot import; the linter must report their syntax errors. */
export function brokenDrafts() {
  return [
    {
      name: 'draft_add_reports_table.py',
      text: '"""add reports table\n\n"""\nfrom alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade(:\n    op.create_table("reports")\n',
    },
    {
      name: 'draft_unterminated_docstring.py',
      text: '"""rename column\n\nRevises: nothing yet\nfrom alembic import op\n\n\ndef upgrade() -> None:\n    op.alter_column("users", "name", new_column_name="full_name")\n',
    },
  ];
}
