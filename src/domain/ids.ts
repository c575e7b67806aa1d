// Public ids: a resource prefix and a ULID, opaque to clients and sortable by creation time.
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

const ulid = monotonicFactory();

export function newId(kind: ResourceKind): string {
  return `${ID_PREFIXES[kind]}_${ulid()}`;
}

/** A JSON-schema pattern that accepts the ids of one resource kind. */
export function idPattern(kind: ResourceKind): string {
  return `^${ID_PREFIXES[kind]}_[0-9A-HJKMNP-TV-Z]{26}$`;
}
