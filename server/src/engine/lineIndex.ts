import type { Position, Range } from './model';

/** Maps string offsets to zero-based line/character positions. Built once per text. */
export class LineIndex {
  private readonly starts: number[] = [0];

  /** `end`: index only the lines before this offset (positions past it are not asked for). */
  constructor(text: string, end = text.length) {
    for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): Position {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: offset - this.starts[low] };
  }

  range(from: number, to: number): Range {
    return { start: this.position(from), end: this.position(to) };
  }

  offset(position: Position): number {
    const start = this.starts[Math.min(position.line, this.starts.length - 1)] ?? 0;
    return start + position.character;
  }

  get lineCount(): number {
    return this.starts.length;
  }
}

export function containsPosition(range: Range, position: Position): boolean {
  const afterStart = position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}
