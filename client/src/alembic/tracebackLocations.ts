// Python tracebacks, read from Alembic's output: the frames (file, 1-based line, function) of each
// traceback (chained exceptions print several), the exception line that ends it, and the place a
// migration raised — the deepest frame inside one of the project's migration files. Pure text
// processing: no vscode, no I/O.
import path from 'node:path';

export interface TracebackFrame {
  /** As Python printed it (absolute for Alembic's migrations; `<string>` / `<frozen …>` for generated code). */
  file: string;
  /** 1-based, as Python prints it. */
  line: number;
  function: string;
  /** The source line Python printed under the frame, trimmed, when it did. */
  source?: string;
}

export interface Traceback {
  frames: TracebackFrame[];
  /** The exception's first line: `ValueError: boom`, `sqlalchemy.exc.ProgrammingError: (…) relation "x" does not exist`. */
  exception?: string;
  /** The exception's whole text (first line and the lines that continue it: HINT, [SQL: …]). */
  exceptionText?: string;
}

/** Where a migration raised. */
export interface RaisingLocation {
  /** Absolute path of the migration file. */
  file: string;
  /** 1-based. */
  line: number;
  function: string;
  source?: string;
  /** The exception's first line. */
  exception?: string;
}

const TRACEBACK_START = /^\s*Traceback \(most recent call last\):\s*$/;
const FRAME = /^\s*File "(.+)", line (\d+), in (.+?)\s*$/;
/** Python 3.11+'s position markers under a source line: ^^^^ and ~~~^^^. */
const MARKERS = /^\s*[~^]+\s*$/;
/** Where an exception's text ends: the chaining sentences, another traceback, a log record (blank lines inside it stay: SQLAlchemy's `[SQL: …]` follows one). */
const EXCEPTION_END =
  /^During handling of the above exception|^The above exception was the direct cause|^\s*Traceback \(most recent call last\)|^(INFO|WARNI|WARN|ERROR|DEBUG|CRITI)\s*\[/;

/** Every traceback in `text`, in the order printed (a chained exception's cause comes first). */
export function parseTracebacks(text: string): Traceback[] {
  const lines = text.split(/\r?\n/);
  const tracebacks: Traceback[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!TRACEBACK_START.test(lines[i])) continue;
    const traceback: Traceback = { frames: [] };
    tracebacks.push(traceback);
    let j = i + 1;
    for (; j < lines.length; j++) {
      const frame = FRAME.exec(lines[j]);
      if (frame) {
        traceback.frames.push({ file: frame[1], line: Number(frame[2]), function: frame[3] });
        continue;
      }
      const line = lines[j];
      if (/^\s/.test(line) && line.trim() !== '') {
        // The frame's source line, a position marker, or a `[Previous line repeated N more times]` note.
        const last = traceback.frames[traceback.frames.length - 1];
        if (last && last.source === undefined && !MARKERS.test(line) && !/^\s*\[Previous line repeated/.test(line)) last.source = line.trim();
        continue;
      }
      break;
    }
    if (j < lines.length && lines[j].trim() !== '' && !EXCEPTION_END.test(lines[j])) {
      const exceptionLines = [lines[j]];
      for (let k = j + 1; k < lines.length && !EXCEPTION_END.test(lines[k]); k++) exceptionLines.push(lines[k]);
      traceback.exception = lines[j].trim();
      traceback.exceptionText = exceptionLines.join('\n').trim();
      j += exceptionLines.length - 1;
    }
    i = j;
  }
  return tracebacks;
}

/**
 * The deepest frame inside one of `migrationFiles` (absolute paths; relative frame paths are taken
 * from `cwd`, where Alembic ran), in the last traceback that passes through one — the exception the
 * user sees; its cause, printed first, is the fallback. Undefined when no frame is in a migration.
 */
export function raisingLocation(text: string | readonly Traceback[], migrationFiles: Iterable<string>, cwd?: string): RaisingLocation | undefined {
  const tracebacks = typeof text === 'string' ? parseTracebacks(text) : text;
  const files = new Set<string>();
  for (const file of migrationFiles) files.add(path.resolve(file));
  const resolve = (file: string) => (cwd ? path.resolve(cwd, file) : path.resolve(file));
  for (let t = tracebacks.length - 1; t >= 0; t--) {
    const traceback = tracebacks[t];
    for (let f = traceback.frames.length - 1; f >= 0; f--) {
      const frame = traceback.frames[f];
      if (frame.file.startsWith('<')) continue;
      const file = resolve(frame.file);
      if (!files.has(file)) continue;
      return {
        file,
        line: frame.line,
        function: frame.function,
        source: frame.source,
        exception: traceback.exception ?? tracebacks[tracebacks.length - 1].exception,
      };
    }
  }
  return undefined;
}
