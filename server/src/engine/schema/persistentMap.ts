// An immutable string-keyed map whose `with` shares everything it does not change, so the schema
// after each of 5,000 revisions can be kept without copying 5,000 tables each time. Three levels,
// like a log-structured merge: a big flat base, a middle map of recent changes, and a stack of
// small layers (one per `with`). Lookups read the layers, then the middle, then the base. When the
// stack is DEPTH deep it is folded into a new middle map (a copy of the middle, which stays small);
// when the middle outgrows a quarter of the base it is folded into a new base. Each copy is paid for
// by many `with`s before it.
const DEPTH = 24;
const MIN_MIDDLE = 512;

type Entries<V> = ReadonlyMap<string, V | undefined>;

export class PersistentMap<V> {
  private constructor(
    private readonly base: Entries<V>,
    private readonly middle: Entries<V>,
    /** Newest first. */
    private readonly layers: readonly Entries<V>[],
  ) {}

  static empty<V>(): PersistentMap<V> {
    return new PersistentMap<V>(new Map(), new Map(), []);
  }

  get(key: string): V | undefined {
    for (const layer of this.layers) if (layer.has(key)) return layer.get(key);
    if (this.middle.has(key)) return this.middle.get(key);
    return this.base.get(key);
  }

  /** A map with these keys set (undefined removes a key); this one is unchanged. */
  with(changes: ReadonlyMap<string, V | undefined>): PersistentMap<V> {
    if (changes.size === 0) return this;
    const own = copy(changes);
    if (this.layers.length + 1 < DEPTH) return new PersistentMap(this.base, this.middle, [own, ...this.layers]);
    // forEach rather than for-of (and copy() rather than new Map(map)): no [key, value] array per
    // entry, of which the replay would make tens of megabytes.
    const middle = copy(this.middle);
    const into = (value: V | undefined, key: string) => middle.set(key, value);
    for (let i = this.layers.length - 1; i >= 0; i--) this.layers[i].forEach(into);
    own.forEach(into);
    if (middle.size <= Math.max(MIN_MIDDLE, this.base.size / 4)) return new PersistentMap(this.base, middle, []);
    const base = copy(this.base);
    middle.forEach((value, key) => {
      if (value === undefined) base.delete(key);
      else base.set(key, value);
    });
    return new PersistentMap(base, new Map(), []);
  }

  set(key: string, value: V | undefined): PersistentMap<V> {
    return this.with(new Map([[key, value]]));
  }

  /** Every entry (for tests and generators, not for hot paths). */
  entries(): [string, V][] {
    const flat = new Map<string, V | undefined>(this.base);
    for (const [key, value] of this.middle) flat.set(key, value);
    for (let i = this.layers.length - 1; i >= 0; i--) for (const [key, value] of this.layers[i]) flat.set(key, value);
    return [...flat].filter((entry): entry is [string, V] => entry[1] !== undefined);
  }
}

/** A copy of `map`, made without an entry array per key (what `new Map(map)` allocates). */
function copy<K, V>(map: ReadonlyMap<K, V>): Map<K, V> {
  const out = new Map<K, V>();
  map.forEach((value, key) => out.set(key, value));
  return out;
}
