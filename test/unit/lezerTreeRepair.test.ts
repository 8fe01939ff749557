// The workaround for lezer's deep-tree bug (server/src/engine/lezerTreeRepair.ts), and the isolation
// that keeps any reader or rule failure to its own file.
import * as assert from 'node:assert/strict';
import { parser } from '@lezer/python';
import { analyzeProject } from '../../server/src/engine/check';
import type { MigrationFile } from '../../server/src/engine/model';
import { parseMigration, parsePythonTree } from '../../server/src/engine/parse';
import { migration, project } from './migrationBuilder';
import { lezerBreakingMigration } from './realisticMigrations';

const REPRODUCER = '('.repeat(2600) + ' '.repeat(1024) + "'a'";
const walk = (tree: ReturnType<typeof parsePythonTree>) => {
  let nodes = 0;
  tree.iterate({
    enter(node) {
      void node.type.isError;
      nodes++;
    },
  });
  return nodes;
};

describe('lezer deep-tree repair', () => {
  it('the bug is still there in the lezer we ship (drop the workaround when this fails)', () => {
    assert.throws(() => walk(parser.parse(REPRODUCER)), /isAnonymous/);
  });

  it('repaired trees iterate, also for a `not` chain and the fuzz-found migration', () => {
    for (const text of [REPRODUCER, `x = ${'not '.repeat(2751)}f('a', 'b') + g('c')\ny = 1\n`, lezerBreakingMigration()]) {
      assert.ok(walk(parsePythonTree(text)) > 0);
    }
    const file = parseMigration('/p/versions/3c4d5e6f7a8b_create_posts_table.py', lezerBreakingMigration());
    assert.equal(file.failures, undefined, 'read without a failure');
    assert.equal(file.syntaxErrors.length, 1, 'the unclosed brackets are a syntax error');
  });

  it('trees without the fault are left as they are', () => {
    const text = "revision = 'a'\ndef upgrade():\n    op.add_column('t', sa.Column('c', sa.Integer()))\n";
    assert.equal(walk(parsePythonTree(text)), walk(parser.parse(text)));
  });
});

describe('a reader or rule that throws costs only its own file', () => {
  it('a file whose parse throws on access gets a parse-error; its neighbours keep their findings', () => {
    const neighbour = migration('bbbb0002', { down: 'aaaa0001', downgrade: false });
    const good = migration('aaaa0001', { down: null });
    // What a bug in a reader would hand the rules: an object that throws when a rule reads it.
    const broken = { ...migration('cccc0003', { down: 'bbbb0002' }) } as MigrationFile;
    Object.defineProperty(broken, 'functions', {
      get() {
        throw new TypeError('simulated reader bug');
      },
    });
    const { findings } = analyzeProject({ project: project(), files: [good, neighbour, broken] });
    const rules = (file: MigrationFile) => findings.filter((f) => f.file === file.path).map((f) => f.rule);
    assert.deepEqual(rules(broken).filter((rule) => rule === 'parse-error').length, 1);
    assert.match(findings.find((f) => f.rule === 'parse-error')!.message, /simulated reader bug/);
    assert.ok(rules(neighbour).includes('missing-downgrade'), rules(neighbour).join());
  });
});
