// missing-upgrade, missing-downgrade, empty-downgrade: is each migration reversible on paper?
import type { MigrationFile } from '../model';
import type { Reporter } from './reporter';
import { deliberatelyIrreversible, type DowngradePolicy } from './safety';

const EMPTY_WORDS = {
  pass: 'only `pass`',
  ellipsis: 'only `...`',
  docstring: 'only a docstring',
  raise: 'nothing but raise an exception',
} as const;

export function checkFunctions(file: MigrationFile, report: Reporter, policy: DowngradePolicy = 'required'): void {
  const id = file.identifiers.revision?.values?.[0]?.value;
  const name = id ? `Migration ${id}` : 'This migration';
  if (!file.functions.upgrade) {
    report(
      'missing-upgrade',
      file,
      file.headRange,
      `${name} has no upgrade() function, so \`alembic upgrade\` fails on it. Add a module-level def upgrade() -> None.`,
    );
  }
  const downgrade = file.functions.downgrade;
  if (policy === 'none') return; // the team does not write downgrades
  if (!downgrade) {
    report(
      'missing-downgrade',
      file,
      file.functions.upgrade?.nameRange ?? file.headRange,
      `${name} has no downgrade() function, so \`alembic downgrade\` cannot undo it. Add a downgrade() that reverses upgrade().`,
    );
  } else if (
    downgrade.empty &&
    !(file.functions.upgrade?.empty && downgrade.empty !== 'raise') &&
    !(policy === 'raise-ok' && downgrade.empty === 'raise' && deliberatelyIrreversible(file))
  ) {
    // An empty downgrade under an empty upgrade (a merge revision, a no-op) reverses nothing: fine.
    report(
      'empty-downgrade',
      file,
      downgrade.nameRange,
      `downgrade() of ${id ? `migration ${id}` : 'this migration'} does ${EMPTY_WORDS[downgrade.empty]}, so a rollback past it leaves the schema as upgrade() left it. Write the reverse operations, or suppress this if the migration is deliberately irreversible.`,
    );
  }
}
