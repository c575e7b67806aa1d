// API keys: random secrets shown once, stored only as SHA-256 hashes.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { SCOPES } from '../db/schema.js';
import { apiKeys } from '../db/schema.js';
import { newId } from '../domain/ids.js';

export type Scope = (typeof SCOPES)[number];

export interface Principal {
  keyId: string | null;
  name: string;
  scope: Scope;
}

const RANK: Record<Scope, number> = { read: 1, write: 2, admin: 3 };
export const allows = (held: Scope, needed: Scope) => RANK[held] >= RANK[needed];

const sha256 = (secret: string) => createHash('sha256').update(secret).digest('hex');
const now = () => new Date().toISOString();

export function createKeysRepository(db: Db) {
  return {
    /** Creates a key and returns its secret; the secret is not stored and cannot be shown again. */
    create(name: string, scope: Scope) {
      const secret = `ws_${randomBytes(32).toString('base64url')}`;
      const row = { id: newId('key'), name, scope, hash: sha256(secret), prefix: secret.slice(0, 10), createdAt: now() };
      db.insert(apiKeys).values(row).run();
      return { id: row.id, name, scope, prefix: row.prefix, created_at: row.createdAt, secret };
    },

    list() {
      return db.select().from(apiKeys).orderBy(desc(apiKeys.createdAt)).all().map((k) => ({
        id: k.id, name: k.name, scope: k.scope, prefix: k.prefix, created_at: k.createdAt,
        last_used_at: k.lastUsedAt, revoked_at: k.revokedAt,
      }));
    },

    /** Revokes a key by id; false when no live key has that id. */
    revoke(id: string): boolean {
      return db.update(apiKeys).set({ revokedAt: now() }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))).run().changes > 0;
    },

    countLive(): number {
      return db.select({ n: sql<number>`count(*)` }).from(apiKeys).where(isNull(apiKeys.revokedAt)).get()?.n ?? 0;
    },

    /** The principal a secret stands for, or null. Records use at most once a minute. */
    verify(secret: string, adminKey: string | undefined): Principal | null {
      const hash = sha256(secret);
      if (adminKey !== undefined && timingSafeEqual(Buffer.from(hash), Buffer.from(sha256(adminKey)))) {
        return { keyId: null, name: 'WHOSAID_ADMIN_KEY', scope: 'admin' };
      }
      const key = db.select().from(apiKeys).where(and(eq(apiKeys.hash, hash), isNull(apiKeys.revokedAt))).get();
      if (!key) return null;
      const stamp = now();
      if (!key.lastUsedAt || Date.parse(stamp) - Date.parse(key.lastUsedAt) > 60_000) {
        db.update(apiKeys).set({ lastUsedAt: stamp }).where(eq(apiKeys.id, key.id)).run();
      }
      return { keyId: key.id, name: key.name, scope: key.scope };
    },
  };
}
