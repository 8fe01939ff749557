// missing-revision-id, invalid-revision-id, unresolved-identifier, duplicate-revision,
// duplicate-branch-label: can Alembic tell which revision each file is?
import { basename } from 'node:path';
import { invalidCharacters, revisionRange, type RevisionGraph } from '../graph';
import { IDENTIFIER_NAMES, type MigrationFile } from '../model';
import type { Reporter } from './reporter';

export function checkIdentifiers(file: MigrationFile, report: Reporter): void {
  for (const name of IDENTIFIER_NAMES) {
    const assignment = file.identifiers[name];
    if (!assignment?.unresolved) continue;
    report(
      'unresolved-identifier',
      file,
      assignment.valueRange,
      `\`${name}\` is set to \`${assignment.valueText.slice(0, 60)}\`, which is not a literal, so this checker cannot read it and treats it as absent (Alembic evaluates it at run time). Use a string literal${name === 'revision' ? '' : ', a tuple of them, or None'} if you can.`,
      { data: { identifier: name } },
    );
  }
  const revision = file.identifiers.revision;
  if (revision?.unresolved) return;
  const values = revision?.values;
  if (!revision && file.syntaxErrors.length) return; // the syntax error is the finding
  if (!revision || !values || values.length === 0 || values.every((v) => v.value === '')) {
    report(
      'missing-revision-id',
      file,
      revision?.range ?? file.headRange,
      revision
        ? `\`revision\` is ${values === null ? 'None' : 'empty'} in ${basename(file.path)}: Alembic cannot load a migration without an id. Set revision = '<id>' (Alembic generates 12 hex characters).`
        : `${basename(file.path)} is a .py file in a versions folder but has no module-level \`revision = '...'\`: Alembic fails with "Could not determine revision id". Add the revision identifiers, or move the file out of the versions folder.`,
    );
    return;
  }
  if (values.length > 1) {
    report('invalid-revision-id', file, revision.valueRange, `\`revision\` must be a single string, not a tuple of ${values.length}.`);
    return;
  }
  const bad = invalidCharacters(values[0].value);
  const whitespace = /\s/.test(values[0].value);
  if (bad.length || whitespace) {
    const what = [...bad.map((c) => `'${c}'`), ...(whitespace ? ['whitespace'] : [])].join(', ');
    report(
      'invalid-revision-id',
      file,
      values[0].range,
      `Revision id '${values[0].value}' contains ${what}, which Alembic does not allow in an id (it reads '@' as label@rev, '-'/'+' as relative steps). Use letters, digits and underscores.`,
    );
  }
}

export function checkIdentity(graph: RevisionGraph, report: Reporter): void {
  for (const duplicate of graph.duplicates) {
    const files = duplicate.files;
    // Alembic loads them in this order, warns "Revision … is present more than once" and keeps the last.
    const kept = files[files.length - 1];
    for (const file of files) {
      const others = files.filter((f) => f !== file);
      const fate =
        file === kept
          ? 'Alembic keeps this file (it loads it last) and ignores the other copies'
          : `Alembic keeps ${basename(kept.path)} (it loads it last) and ignores this one, though its id stays among \`alembic heads\``;
      report(
        'duplicate-revision',
        file,
        revisionRange(file),
        `Revision id '${duplicate.id}' is also used by ${others.map((f) => basename(f.path)).join(', ')}. ${fate}. Give one file a new id (and update whatever revises it).`,
        { related: others.map((f) => ({ file: f.path, range: revisionRange(f), message: `also revision '${duplicate.id}'` })) },
      );
    }
  }
  for (const duplicate of graph.duplicateLabels) {
    for (const file of duplicate.files) {
      const literal = file.identifiers.branch_labels?.values?.find((v) => v.value === duplicate.label);
      const others = duplicate.files.filter((f) => f !== file);
      const range = literal?.range ?? file.identifiers.revision?.values?.[0]?.range ?? file.headRange;
      const message =
        duplicate.clashesWithRevisionId && !literal
          ? `This revision's id '${duplicate.label}' is also used as a branch label in ${others.map((f) => basename(f.path)).join(', ')}; Alembic refuses a label that equals a revision id.`
          : duplicate.clashesWithRevisionId && others.every((f) => !f.identifiers.branch_labels?.values?.some((v) => v.value === duplicate.label))
            ? `Branch label '${duplicate.label}' is also the id of revision in ${others.map((f) => basename(f.path)).join(', ')}; Alembic fails with "Branch name '${duplicate.label}' ... already used". Rename the label.`
            : `Branch label '${duplicate.label}' is also declared in ${others.map((f) => basename(f.path)).join(', ')}; Alembic fails with "Branch name '${duplicate.label}' ... already used". Keep the label on the first revision of the branch only.`;
      report('duplicate-branch-label', file, range, message, {
        related: others.map((f) => ({
          file: f.path,
          range: f.identifiers.branch_labels?.values?.find((v) => v.value === duplicate.label)?.range ?? f.headRange,
          message: `also '${duplicate.label}'`,
        })),
      });
    }
  }
}
