// Actors: the only SQL for actors, their aliases and their roles.
import { and, asc, eq, gt, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias as aliasTable, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client.js';
import { writeTransaction } from '../db/transactions.js';
import { actorAliases, actorRoles, actors, claimAddressees, claimObjects, claims, positions } from '../db/schema.js';
import { parsePartialDate, type PartialDate } from '../domain/partial-date.js';
import { escapeLike, fold } from '../domain/text.js';
import { conflict, invalid, unprocessable } from '../plugins/errors.js';
import type { ActorCreateT, ActorListQueryT, ActorPatchT, ActorRefT, ActorT, RoleInputT, RoleT } from '../schemas/actors.js';
import type { ProblemBody } from '../schemas/common.js';
import type { Principal } from './keys.js';
import { createLifecycle, identity, type CreateMeta, type Lifecycle } from './lifecycle.js';
import { createActorMerges } from './merges.js';
import { decodeCursor, pageOf } from './pagination.js';
import { recordRevision } from './revisions.js';

type Row = typeof actors.$inferSelect;
type Issue = NonNullable<ProblemBody['errors']>[number];
type Precision = RoleT['start_precision'];

/** A role as stored, with its organisation's name. */
interface RoleRow {
  actorId: string;
  title: string;
  organizationId: string | null;
  organizationName: string | null;
  start: string | null;
  startPrecision: string | null;
  end: string | null;
  endPrecision: string | null;
}

/** A role input with its dates parsed. */
interface ParsedRole {
  title: string;
  organizationId: string | null;
  start: PartialDate | null;
  end: PartialDate | null;
}

/** Rank of a q match, best first; NO_MATCH rows are left out. */
const NO_MATCH = 3;

const toRole = (r: RoleRow): RoleT => ({
  title: r.title,
  organization_id: r.organizationId,
  organization: r.organizationId === null ? null : { id: r.organizationId, name: r.organizationName ?? '' },
  start: r.start,
  start_precision: r.startPrecision as Precision,
  end: r.end,
  end_precision: r.endPrecision as Precision,
});

const toApi = (r: Row, aliases: string[], roles: RoleT[]): ActorT => ({
  id: r.id, name: r.name, kind: r.kind, aliases, description: r.description, wikidata_id: r.wikidataId,
  country: r.country, roles, created_at: r.createdAt, updated_at: r.updatedAt,
});

/** How well a folded column matches the folded query: 0 exact, 1 prefix, 2 contains, else NO_MATCH. */
function matchRank(column: AnySQLiteColumn | SQL, key: string): SQL<number> {
  const escaped = escapeLike(key);
  return sql<number>`CASE WHEN ${column} = ${key} THEN 0
    WHEN ${column} LIKE ${`${escaped}%`} ESCAPE '\\' THEN 1
    WHEN ${column} LIKE ${`%${escaped}%`} ESCAPE '\\' THEN 2 ELSE ${NO_MATCH} END`;
}

export function createActorsRepository(db: Db) {
  const organization = aliasTable(actors, 'organization');

  /** Actors with their aliases and roles: three queries whatever the number of rows. */
  function hydrate(rows: Row[]): ActorT[] {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const aliasRows = db.select({ actorId: actorAliases.actorId, alias: actorAliases.alias }).from(actorAliases)
      .where(inArray(actorAliases.actorId, ids)).orderBy(asc(actorAliases.actorId), asc(actorAliases.position)).all();
    const roleRows: RoleRow[] = db.select({
      actorId: actorRoles.actorId, title: actorRoles.title, organizationId: actorRoles.organizationId, organizationName: organization.name,
      start: actorRoles.start, startPrecision: actorRoles.start_precision, end: actorRoles.end, endPrecision: actorRoles.end_precision,
    }).from(actorRoles).leftJoin(organization, eq(organization.id, actorRoles.organizationId))
      .where(inArray(actorRoles.actorId, ids)).orderBy(asc(actorRoles.actorId), asc(actorRoles.position)).all();
    const aliasesOf = new Map<string, string[]>();
    for (const a of aliasRows) aliasesOf.set(a.actorId, [...(aliasesOf.get(a.actorId) ?? []), a.alias]);
    const rolesOf = new Map<string, RoleT[]>();
    for (const r of roleRows) rolesOf.set(r.actorId, [...(rolesOf.get(r.actorId) ?? []), toRole(r)]);
    return rows.map((r) => toApi(r, aliasesOf.get(r.id) ?? [], rolesOf.get(r.id) ?? []));
  }

  /** The statements of one actor's load and of creates, prepared once (an import creates actors by the thousand). */
  let statements: ReturnType<typeof prepareStatements> | undefined;
  function prepareStatements() {
    const sqlite = db.$client;
    return {
      actor: sqlite.prepare<[string], { id: string; name: string; kind: ActorT['kind']; description: string | null; wikidata_id: string | null;
        country: string | null; created_at: string; updated_at: string }>(
        'SELECT id, name, kind, description, wikidata_id, country, created_at, updated_at FROM actors WHERE id = ?'),
      aliases: sqlite.prepare<[string], { alias: string }>('SELECT alias FROM actor_aliases WHERE actor_id = ? ORDER BY position'),
      roles: sqlite.prepare<[string], { title: string; organization_id: string | null; organization_name: string | null; start: string | null;
        start_precision: string | null; end: string | null; end_precision: string | null }>(
        `SELECT r.title, r.organization_id, o.name AS organization_name, r.start, r.start_precision, r."end", r.end_precision
        FROM actor_roles r LEFT JOIN actors o ON o.id = r.organization_id WHERE r.actor_id = ? ORDER BY r.position`),
      byWikidataId: sqlite.prepare<[string], { id: string }>('SELECT id FROM actors WHERE wikidata_id = ? AND deleted_at IS NULL ORDER BY id LIMIT 1'),
      state: sqlite.prepare<[string], { deleted_at: string | null; merged_into: string | null }>('SELECT deleted_at, merged_into FROM actors WHERE id = ?'),
      named: sqlite.prepare<[string, string], { id: string; name: string; kind: ActorT['kind'] }>(`SELECT id, name, kind FROM actors
        WHERE deleted_at IS NULL AND (name_key = ? OR id IN (SELECT actor_id FROM actor_aliases WHERE alias_key = ?)) ORDER BY id`),
      byKindAndName: sqlite.prepare<[string, string], { id: string }>(`SELECT id FROM actors
        WHERE kind = ? AND name_key = ? AND deleted_at IS NULL AND merged_into IS NULL ORDER BY id LIMIT 2`),
      wikidataOwner: sqlite.prepare<[string], { id: string; deleted_at: string | null }>('SELECT id, deleted_at FROM actors WHERE wikidata_id = ? LIMIT 1'),
      insert: sqlite.prepare<[string, string, string, string, string | null, string | null, string | null, string, string]>(
        `INSERT INTO actors (id, name, name_key, kind, description, wikidata_id, country, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      removeAliases: sqlite.prepare<[string]>('DELETE FROM actor_aliases WHERE actor_id = ?'),
      insertAlias: sqlite.prepare<[string, string, string, number]>('INSERT INTO actor_aliases (actor_id, alias, alias_key, position) VALUES (?, ?, ?, ?)'),
    };
  }
  const prepared = () => (statements ??= prepareStatements());

  /** One actor with its aliases and roles, as hydrate makes it, by three prepared statements. */
  const load = (id: string): ActorT | undefined => {
    const p = prepared();
    const row = p.actor.get(id);
    if (row === undefined) return undefined;
    const roles = p.roles.all(id).map((r) => toRole({
      actorId: id, title: r.title, organizationId: r.organization_id, organizationName: r.organization_name,
      start: r.start, startPrecision: r.start_precision, end: r.end, endPrecision: r.end_precision,
    }));
    return {
      id: row.id, name: row.name, kind: row.kind, aliases: p.aliases.all(id).map((a) => a.alias), description: row.description,
      wikidata_id: row.wikidata_id, country: row.country, roles, created_at: row.created_at, updated_at: row.updated_at,
    };
  };

  const records = createLifecycle<ActorT>(db, {
    type: 'actor',
    label: 'actor',
    table: actors,
    load,
    beforeDelete(id) {
      const used = db.get<{ as_speaker: number; as_addressee: number; as_object: number; positions: number; roles: number }>(sql`
        SELECT (SELECT count(*) FROM ${claims} WHERE actor_id = ${id} AND deleted_at IS NULL) AS as_speaker,
               (SELECT count(*) FROM ${claimAddressees} x JOIN ${claims} c ON c.id = x.claim_id
                 WHERE x.actor_id = ${id} AND c.deleted_at IS NULL) AS as_addressee,
               (SELECT count(*) FROM ${claimObjects} x JOIN ${claims} c ON c.id = x.claim_id
                 WHERE x.actor_id = ${id} AND c.deleted_at IS NULL) AS as_object,
               (SELECT count(*) FROM ${positions} WHERE actor_id = ${id} AND deleted_at IS NULL) AS positions,
               (SELECT count(*) FROM ${actorRoles} r JOIN ${actors} a ON a.id = r.actor_id
                 WHERE r.organization_id = ${id} AND r.actor_id <> ${id} AND a.deleted_at IS NULL) AS roles`);
      if (used && used.as_speaker + used.as_addressee + used.as_object + used.positions + used.roles > 0) {
        throw conflict(
          `actor ${id} is still referenced by ${used.as_speaker} claim(s) as speaker, ${used.as_addressee} as addressee, ` +
          `${used.as_object} as object, ${used.positions} position(s) and ${used.roles} role(s) of other actors`,
          { usage: used },
        );
      }
    },
    beforeRestore(actor) {
      checkRoles(actor.id, actor.roles.map((r) => ({
        title: r.title, organizationId: r.organization_id,
        start: r.start === null ? null : parsePartialDate(r.start), end: r.end === null ? null : parsePartialDate(r.end),
      })));
    },
  });

  const merges = createActorMerges(db, { load, getLive: (id) => records.getLive(id) });

  /**
   * A merged actor is deleted and lives on in the actor it was merged into: writes to its id are a 409 naming that
   * actor, and its restore undoes the merge.
   */
  const lifecycle: Lifecycle<ActorT> = {
    ...records,
    getLive(id) {
      merges.refuseMerged(id);
      return records.getLive(id);
    },
    remove(id, by, precondition) {
      merges.refuseMerged(id);
      records.remove(id, by, precondition);
    },
    restore(id, by) {
      return merges.mergedInto(id) === null ? records.restore(id, by) : merges.unmerge(id, by);
    },
  };

  /**
   * Aliases must differ from each other and from the name once folded (case and diacritics ignored).
   * When the aliases were not sent (a PATCH of the name only), the clash is reported on /name.
   */
  function aliasIssues(name: string, aliases: string[], sent: boolean): Issue[] {
    const issues: Issue[] = [];
    const seen = new Map<string, number>([[fold(name), -1]]);
    aliases.forEach((alias, i) => {
      const key = fold(alias);
      const clash = seen.get(key);
      if (key === '') {
        issues.push({ in: 'body', pointer: `/aliases/${i}`, message: 'has no letters once case and diacritics are ignored' });
      } else if (clash === -1) {
        issues.push(sent
          ? { in: 'body', pointer: `/aliases/${i}`, message: 'is the name itself (case and diacritics ignored)' }
          : { in: 'body', pointer: '/name', message: `is the same as alias ${i} (case and diacritics ignored); send aliases too` });
      } else if (clash !== undefined) {
        issues.push({ in: 'body', pointer: `/aliases/${i}`, message: `repeats alias ${clash} (case and diacritics ignored)` });
      } else {
        seen.set(key, i);
      }
    });
    return issues;
  }

  /** Parses role dates; a date that does not exist (2021-02-30) is an issue at its pointer. */
  function parseRoles(roles: RoleInputT[], issues: Issue[]): ParsedRole[] {
    return roles.map((role, i) => {
      const parse = (field: 'start' | 'end') => {
        const value = role[field];
        if (value === undefined || value === null) return null;
        const date = parsePartialDate(value);
        if (date === null) issues.push({ in: 'body', pointer: `/roles/${i}/${field}`, message: 'is not a date that exists' });
        return date;
      };
      return { title: role.title, organizationId: role.organization_id ?? null, start: parse('start'), end: parse('end') };
    });
  }

  /** Roles must end after they start and name live organisations other than the actor itself. */
  function checkRoles(id: string | null, roles: ParsedRole[]) {
    const orgIds = [...new Set(roles.flatMap((r) => (r.organizationId === null ? [] : [r.organizationId])))];
    const live = new Set(orgIds.length === 0 ? [] : db.select({ id: actors.id }).from(actors)
      .where(and(inArray(actors.id, orgIds), isNull(actors.deletedAt))).all().map((r) => r.id));
    const issues: Issue[] = [];
    roles.forEach((role, i) => {
      if (role.start && role.end && role.start.lo > role.end.hi) {
        issues.push({ in: 'body', pointer: `/roles/${i}/end`, message: `is before start (${role.start.value})` });
      }
      if (role.organizationId === null) return;
      if (role.organizationId === id) {
        issues.push({ in: 'body', pointer: `/roles/${i}/organization_id`, message: 'is this actor' });
      } else if (!live.has(role.organizationId)) {
        issues.push({ in: 'body', pointer: `/roles/${i}/organization_id`, message: 'is not a live actor' });
      }
    });
    if (issues.length > 0) throw unprocessable(issues.map((e) => `${e.pointer} ${e.message}`).join('; '), issues);
  }

  function checkWikidataFree(wikidataId: string, id: string | null) {
    const other = prepared().wikidataOwner.get(wikidataId);
    if (other && other.id !== id) {
      const state = other.deleted_at === null ? '' : ' (deleted: restore it instead)';
      throw conflict(`the Wikidata id ${wikidataId} belongs to actor ${other.id}${state}`, { existing_id: other.id });
    }
  }

  /** Replaces an actor's aliases; `fresh`: the actor was just inserted and has none. */
  function writeAliases(actorId: string, aliases: string[], fresh = false) {
    const p = prepared();
    if (!fresh) p.removeAliases.run(actorId);
    aliases.forEach((alias, position) => p.insertAlias.run(actorId, alias, fold(alias), position));
  }

  /** Replaces an actor's roles; `fresh`: the actor was just inserted and has none. */
  function writeRoles(actorId: string, roles: ParsedRole[], fresh = false) {
    if (!fresh) db.delete(actorRoles).where(eq(actorRoles.actorId, actorId)).run();
    if (roles.length === 0) return;
    db.insert(actorRoles).values(roles.map((r, position) => ({
      actorId, title: r.title, organizationId: r.organizationId, position,
      start: r.start?.value ?? null, start_precision: r.start?.precision ?? null, start_lo: r.start?.lo ?? null, start_hi: r.start?.hi ?? null,
      end: r.end?.value ?? null, end_precision: r.end?.precision ?? null, end_lo: r.end?.lo ?? null, end_hi: r.end?.hi ?? null,
    }))).run();
  }

  /** Checks a create or a patch in the order clients fix things: malformed (400), taken (409), dangling (422). */
  function prepare(id: string | null, name: string, aliases: string[], aliasesSent: boolean, roles: RoleInputT[] | undefined, wikidataId: string | null | undefined) {
    const issues = aliasIssues(name, aliases, aliasesSent);
    const parsed = roles === undefined ? undefined : parseRoles(roles, issues);
    if (issues.length > 0) throw invalid(issues);
    if (wikidataId) checkWikidataFree(wikidataId, id);
    if (parsed !== undefined) checkRoles(id, parsed);
    return parsed;
  }

  return {
    lifecycle,

    /** Where a merged actor now lives (the end of the chain of merges), or null. */
    mergedInto: merges.mergedInto,

    /** Merges each actor of `from` into `target` (see merges.ts); returns the target. */
    merge: merges.merge,

    list(q: ActorListQueryT) {
      const limit = q.limit ?? 50;
      const filters = [
        isNull(actors.deletedAt),
        q.kind === undefined ? undefined : eq(actors.kind, q.kind),
        q.country === undefined ? undefined : eq(actors.country, q.country),
        q.wikidata_id === undefined ? undefined : eq(actors.wikidataId, q.wikidata_id),
      ];
      if (q.q === undefined) {
        const after = decodeCursor(q.cursor, 1);
        const rows = db.select().from(actors)
          .where(and(...filters, after === null ? undefined : gt(actors.id, String(after[0]))))
          .orderBy(asc(actors.id)).limit(limit + 1).all();
        return pageOf(hydrate(rows), limit, (a) => [a.id]);
      }
      // Ranked: the best of the name's and the aliases' matches; the cursor carries [rank, id].
      const key = fold(q.q);
      const aliasRank = sql`(SELECT min(${matchRank(sql`x.alias_key`, key)}) FROM ${actorAliases} x WHERE x.actor_id = ${actors.id})`;
      const ranked = db.select({ id: actors.id, rank: sql<number>`min(${matchRank(actors.nameKey, key)}, coalesce(${aliasRank}, ${NO_MATCH}))`.as('rank') })
        .from(actors).where(and(...filters)).as('ranked');
      const after = decodeCursor(q.cursor, 2);
      const rows = db.select({ actor: actors, rank: ranked.rank }).from(ranked).innerJoin(actors, eq(actors.id, ranked.id))
        .where(and(
          lt(ranked.rank, NO_MATCH),
          after === null ? undefined : or(gt(ranked.rank, Number(after[0])), and(eq(ranked.rank, Number(after[0])), gt(ranked.id, String(after[1])))),
        ))
        .orderBy(asc(ranked.rank), asc(ranked.id)).limit(limit + 1).all();
      const rankOf = new Map(rows.map((r) => [r.actor.id, r.rank]));
      return pageOf(hydrate(rows.map((r) => r.actor)), limit, (a) => [rankOf.get(a.id) ?? NO_MATCH, a.id]);
    },

    /** The id of the live actor with this Wikidata id, as list({ wikidata_id, limit: 1 }) finds it. */
    idByWikidataId(wikidataId: string): string | undefined {
      return prepared().byWikidataId.get(wikidataId)?.id;
    },

    /** The live actor with this Wikidata id, as list({ wikidata_id, limit: 1 }) finds it. */
    byWikidataId(wikidataId: string): ActorT | undefined {
      const id = prepared().byWikidataId.get(wikidataId)?.id;
      return id === undefined ? undefined : load(id);
    },

    /** Whether an actor is deleted and what it was merged into; undefined when there is no such actor. */
    stateOf(id: string): { deleted_at: string | null; merged_into: string | null } | undefined {
      return prepared().state.get(id);
    },

    /** id, name and kind of the live actors whose name or one of whose aliases folds to `key` (fold), oldest first. */
    namedOrAliased(key: string): { id: string; name: string; kind: ActorT['kind'] }[] {
      return prepared().named.all(key, key);
    },

    /** Ids of at most two live, unmerged actors of this kind whose name folds to `key`, oldest first. */
    idsByKindAndName(kind: ActorT['kind'], key: string): string[] {
      return prepared().byKindAndName.all(kind, key).map((r) => r.id);
    },

    /** {id, name} of each actor named, deleted or not, for embedding in other records; one query. */
    refsByIds(ids: readonly string[]): Map<string, ActorRefT> {
      const unique = [...new Set(ids)];
      if (unique.length === 0) return new Map();
      const rows = db.select({ id: actors.id, name: actors.name }).from(actors).where(inArray(actors.id, unique)).all();
      return new Map(rows.map((r) => [r.id, r]));
    },

    create(input: ActorCreateT, by: Principal | null, meta: CreateMeta = {}): ActorT {
      return writeTransaction(db, () => {
        const aliases = input.aliases ?? [];
        const roles = prepare(null, input.name, aliases, true, input.roles ?? [], input.wikidata_id) ?? [];
        const { id, createdAt, updatedAt } = identity('actor', meta);
        prepared().insert.run(id, input.name, fold(input.name), input.kind, input.description ?? null, input.wikidata_id ?? null,
          input.country ?? null, createdAt, updatedAt);
        writeAliases(id, aliases, true);
        writeRoles(id, roles, true);
        const after = load(id) as ActorT;
        recordRevision(db, { type: 'actor', id, action: 'create', by, before: null, after });
        return after;
      });
    },

    update(id: string, patch: ActorPatchT, by: Principal | null, precondition: (current: ActorT) => void): ActorT {
      return writeTransaction(db, () => {
        const before = lifecycle.getLive(id);
        precondition(before);
        const name = patch.name ?? before.name;
        const roles = prepare(id, name, patch.aliases ?? before.aliases, patch.aliases !== undefined, patch.roles, patch.wikidata_id);
        db.update(actors).set({
          name: patch.name, nameKey: patch.name === undefined ? undefined : fold(patch.name), kind: patch.kind,
          description: patch.description, wikidataId: patch.wikidata_id, country: patch.country, updatedAt: new Date().toISOString(),
        }).where(eq(actors.id, id)).run();
        if (patch.aliases !== undefined) writeAliases(id, patch.aliases);
        if (roles !== undefined) writeRoles(id, roles);
        const after = load(id) as ActorT;
        recordRevision(db, { type: 'actor', id, action: 'update', by, before, after });
        return after;
      });
    },
  };
}
