// nodeFileSystem.readFile reads into a reused buffer instead of fs.readFileSync: same text always.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { nodeFileSystem } from '../../server/src/nodeFileSystem';

describe('nodeFileSystem.readFile', () => {
  it('reads exactly what readFileSync(…, "utf8") reads, empty, BOM, invalid UTF-8 and big files included', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'alembic-fs-'));
    try {
      const contents = [
        Buffer.from(''),
        Buffer.from('\ufeffrevision = "a"\r\n'),
        Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x0a, 0xe2, 0x82]),
        Buffer.alloc(700_000, 0x61),
        Buffer.concat([Buffer.alloc(256 * 1024 - 1, 0x61), Buffer.from('é€')]),
        Buffer.from('small again'),
      ];
      contents.forEach((content, i) => {
        const file = path.join(dir, `f${i}.py`);
        writeFileSync(file, content);
        assert.equal(nodeFileSystem.readFile(file), readFileSync(file, 'utf8'), `file ${i}`);
      });
      assert.equal(nodeFileSystem.readFile(dir), undefined, 'a folder');
      assert.equal(nodeFileSystem.readFile(path.join(dir, 'missing.py')), undefined, 'a missing file');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
