// The Marketplace package: `npm run package` (production build, then vsce) on a git snapshot of this
// working tree prints no warning and gives a .vsix under 1 MB that holds the icon, the walkthrough's
// media and the README's screenshots — every file the manifest and the README point at.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { npmEnv, REPO_ROOT, snapshotRepository, type RepoSnapshot } from './repoSnapshot';

interface Manifest {
  icon?: string;
  galleryBanner?: { color?: string; theme?: string };
  contributes: {
    viewsContainers: { activitybar: { icon: string }[] };
    walkthroughs?: { title: string; steps: { id: string; media: { image?: string; markdown?: string }; completionEvents?: string[] }[] }[];
  };
}

describe('the .vsix (npm run package)', function () {
  this.timeout(240_000);
  let snapshot: RepoSnapshot;
  before(() => {
    snapshot = snapshotRepository();
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(snapshot.dir, 'node_modules'));
  });
  after(() => snapshot?.dispose());

  it('packages without a warning, under 1 MB, with the icon, the walkthrough and the screenshots', () => {
    const run = spawnSync('npm', ['run', 'package'], { cwd: snapshot.dir, env: npmEnv({ NO_COLOR: '1' }), encoding: 'utf8' });
    const output = `${run.stdout}${run.stderr}`;
    assert.equal(run.status, 0, output);
    assert.doesNotMatch(output, /WARNING|warn/i, output);
    const vsix = path.join(snapshot.dir, 'dist', 'alembic-migrations.vsix');
    const size = statSync(vsix).size;
    console.log(`      ${path.basename(vsix)}: ${(size / 1024).toFixed(1)} KiB`);
    assert.ok(size < 1_000_000, `the .vsix is ${size} bytes (1 MB at most)`);

    const entries = new Set(
      execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map((entry) => entry.replace(/^extension\//, '')),
    );
    const manifest = JSON.parse(execFileSync('unzip', ['-p', vsix, 'extension/package.json'], { encoding: 'utf8' })) as Manifest;
    // The Marketplace icon: a 128×128 PNG (its IHDR), in the package.
    assert.equal(manifest.icon, 'media/icon.png');
    assert.ok(entries.has('media/icon.png'));
    const png = execFileSync('unzip', ['-p', vsix, 'extension/media/icon.png']);
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
    assert.match(manifest.galleryBanner?.color ?? '', /^#[0-9a-f]{6}$/i);
    assert.ok(entries.has(manifest.contributes.viewsContainers.activitybar[0].icon));

    // The walkthrough: five steps, each completing on an event, each medium shipped.
    const [walkthrough] = manifest.contributes.walkthroughs ?? [];
    assert.equal(walkthrough?.title, 'Get started with Alembic');
    assert.deepEqual(
      walkthrough.steps.map((step) => step.id),
      ['project', 'database', 'pending', 'upgrade', 'revision'],
    );
    for (const step of walkthrough.steps) {
      assert.ok(step.completionEvents?.length, `step ${step.id} completes on an event`);
      const medium = step.media.image ?? step.media.markdown;
      assert.ok(medium && entries.has(medium), `step ${step.id}'s ${medium} is in the .vsix`);
    }

    // The README's images are in the package, where its relative links point.
    const readme = execFileSync('unzip', ['-p', vsix, 'extension/readme.md'], { encoding: 'utf8' });
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    assert.deepEqual(images, ['docs/images/revisions.png', 'docs/images/quick-fix.png', 'docs/images/graph.png']);
    for (const image of images) assert.ok(entries.has(image), `${image} is in the .vsix`);
  });
});
