// The engine's only window on the disk. The engine stays pure (DESIGN.md, convention 14): the
// Node implementation is server/src/nodeFileSystem.ts, the language server layers open documents on
// top of it, and tests can pass an in-memory implementation.

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
