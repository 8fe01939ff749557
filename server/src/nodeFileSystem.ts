// EngineFileSystem on node:fs, for the language server and the CLI (the engine itself does no I/O).
import * as fs from 'node:fs';
import type { EngineFileSystem } from './engine/fileSystem';

/** One buffer reused by every read (the engine reads synchronously), grown for big files. */
let readBuffer = Buffer.allocUnsafe(256 * 1024);

/** fs.readFileSync(path, 'utf8') without its per-call stat and buffer: thousands of small files add up. */
function readUtf8(path: string): string {
  const fd = fs.openSync(path, 'r');
  try {
    let length = 0;
    for (;;) {
      if (length === readBuffer.length) {
        const bigger = Buffer.allocUnsafe(readBuffer.length * 2);
        readBuffer.copy(bigger, 0, 0, length);
        readBuffer = bigger;
      }
      const count = fs.readSync(fd, readBuffer, length, readBuffer.length - length, null);
      if (count === 0) return readBuffer.toString('utf8', 0, length);
      length += count;
    }
  } finally {
    fs.closeSync(fd);
  }
}

export const nodeFileSystem: EngineFileSystem = {
  readFile(path) {
    try {
      return readUtf8(path);
    } catch {
      return undefined;
    }
  },
  readDirectory(path) {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path, { withFileTypes: true });
    } catch {
      return undefined;
    }
    return entries.map((entry) => {
      let isFile = entry.isFile();
      let isDirectory = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        try {
          const stat = fs.statSync(`${path}/${entry.name}`);
          isFile = stat.isFile();
          isDirectory = stat.isDirectory();
        } catch {
          // a dangling link: neither
        }
      }
      return { name: entry.name, isFile, isDirectory };
    });
  },
  realPath(path) {
    try {
      return fs.realpathSync(path);
    } catch {
      return undefined;
    }
  },
};
