// The engine's only window on the disk. The language server layers open documents on top of it;
// tests can pass an in-memory implementation.
import * as fs from 'node:fs';

export interface DirEntry {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
}

export interface EngineFileSystem {
  /** File text, or undefined when it cannot be read. */
  readFile(path: string): string | undefined;
  /** Directory entries (symlinks followed), or undefined when not a readable directory. */
  readDirectory(path: string): DirEntry[] | undefined;
  /** Canonical path (symlinks resolved), or undefined when it does not exist. */
  realPath(path: string): string | undefined;
}

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
