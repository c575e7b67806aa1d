// Public ids: a resource prefix and a ULID, opaque to clients and sortable by creation time.
import { randomFillSync } from 'node:crypto';
import { monotonicFactory } from 'ulid';

export const ID_PREFIXES = {
  article: 'art',
  actor: 'act',
  topic: 'top',
  claim: 'clm',
  position: 'pos',
  key: 'key',
  factCheck: 'fcr',
} as const;

export type ResourceKind = keyof typeof ID_PREFIXES;

/**
 * ulid's random source, a byte per character as its default is, but from a pool filled by the operating system's
 * CSPRNG `size` bytes (4 KiB) at a time: the default asks for each byte on its own, which cost more than the rest of making an id
 * (a profile of an import: 6% of its time).
 */
export function pooledRandom(size = 4096): () => number {
  const pool = new Uint8Array(size);
  let next = pool.length;
  return () => {
    if (next === pool.length) {
      randomFillSync(pool);
      next = 0;
    }
    return (pool[next++] as number) / 256;
  };
}

const ulid = monotonicFactory(pooledRandom());

export function newId(kind: ResourceKind): string {
  return `${ID_PREFIXES[kind]}_${ulid()}`;
}

/** A JSON-schema pattern that accepts the ids of one resource kind. */
export function idPattern(kind: ResourceKind): string {
  return `^${ID_PREFIXES[kind]}_[0-9A-HJKMNP-TV-Z]{26}$`;
}
