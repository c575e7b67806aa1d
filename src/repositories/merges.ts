// Actor merges: folding duplicates into one actor, keeping the old ids resolvable, and undoing a merge on restore.
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { writeTransaction } from '../db/transactions.js';
import { actorAliases, actorRoles, actors, claimAddressees, claimObjects, claims, positions, revisions } from '../db/schema.js';
import { fold } from '../domain/text.js';
import { conflict, unprocessable } from '../plugins/errors.js';
import type { ActorT } from '../schemas/actors.js';
import type { ProblemBody } from '../schemas/common.js';
import type { Principal } from './keys.js';
import { recordRevision } from './revisions.js';

type Issue = NonNullable<ProblemBody['errors']>[number];

/** As many aliases and roles as an actor may be sent with (ActorCreate), so a merged actor can still be PATCHed. */
const MAX_ALIASES = 100;
const MAX_ROLES = 100;
/** Rows per IN (...) list, well under SQLite's bound-parameter limit. */
const CHUNK = 500;

/** A role as it was when the merge moved or re-pointed it: enough to find it again after ids changed. */
interface RoleRecord {
  id: number;
  actor_id: string;
  title: string;
  organization_id: string | null;
  start: string | null;
  end: string | null;
  position: number;
}

/** A claim_addressees or claim_objects row of the source: moved to the target, or dropped because the target had one. */
interface ParticipantRecord {
  moved: string[];
  dropped: { claim_id: string; position: number }[];
}

/** Exactly what one merge moved from a source to its target; kept in the source's merge revision as `after.moved`. */
export interface Moved {
  /** Aliases created on the target (the source's name and aliases that the target did not already spell). */
  aliases: { id: number; alias: string }[];
  /** The source's roles, now the target's. */
  roles: RoleRecord[];
  /** Claims (deleted ones too) whose speaker was the source. */
  claims: string[];
  claim_addressees: ParticipantRecord;
  claim_objects: ParticipantRecord;
  /** Positions (deleted ones too) that were the source's. */
  positions: string[];
  /** Other actors' roles whose organisation was the source. */
  organization_roles: RoleRecord[];
  /** The Wikidata id the target took from the source, if any. */
  wikidata_id: string | null;
}

/** What a restore could not move back because it changed after the merge (it stays where it is now). */
export interface NotMovedBack {
  aliases: string[];
  roles: number[];
  claims: string[];
  claim_addressees: string[];
  claim_objects: string[];
  positions: string[];
  organization_roles: number[];
  wikidata_id: string | null;
}

const PARTICIPANTS = { claim_addressees: claimAddressees, claim_objects: claimObjects } as const;
type ParticipantKind = keyof typeof PARTICIPANTS;

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

const nullableEq = (column: typeof actorRoles.start, value: string | null): SQL => (value === null ? isNull(column) : eq(column, value));

/** Reads a recorded `moved`, tolerating missing parts (a revision written by an older version or an import). */
function readMoved(after: unknown): Moved {
  const m = ((after as { moved?: Partial<Moved> } | null)?.moved ?? {}) as Partial<Moved>;
  const participants = (p: Partial<ParticipantRecord> | undefined): ParticipantRecord => ({ moved: p?.moved ?? [], dropped: p?.dropped ?? [] });
  return {
    aliases: m.aliases ?? [], roles: m.roles ?? [], claims: m.claims ?? [],
    claim_addressees: participants(m.claim_addressees), claim_objects: participants(m.claim_objects),
    positions: m.positions ?? [], organization_roles: m.organization_roles ?? [], wikidata_id: m.wikidata_id ?? null,
  };
}

export interface MergeDeps {
  /** The API representation of an actor, deleted or not. */
  load(id: string): ActorT | undefined;
  /** The live actor, or a 404/410 problem. */
  getLive(id: string): ActorT;
}

/** Where a merged actor now lives: the end of its merged_into chain; null when it was not merged. */
export function mergedActorTarget(db: Db, id: string): string | null {
  const row = db.get<{ id: string } | undefined>(sql`
    WITH RECURSIVE chain(id, depth) AS (
      SELECT merged_into, 1 FROM ${actors} WHERE id = ${id} AND merged_into IS NOT NULL
      UNION ALL
      SELECT a.merged_into, c.depth + 1 FROM ${actors} a JOIN chain c ON a.id = c.id WHERE a.merged_into IS NOT NULL AND c.depth < 1000
    )
    SELECT id FROM chain ORDER BY depth DESC LIMIT 1`);
  return row?.id ?? null;
}

export function createActorMerges(db: Db, deps: MergeDeps) {
  const now = () => new Date().toISOString();

  const mergedInto = (id: string) => mergedActorTarget(db, id);

  /** Writes to a merged id are refused: the record lives on under another id. */
  function refuseMerged(id: string): void {
    const into = mergedInto(id);
    if (into !== null) {
      throw conflict(`actor ${id} was merged into ${into}: change ${into} instead, or POST to ${id}'s /restore to undo the merge`, { merged_into: into });
    }
  }

  /** Every source must be a live actor other than the target; all bad ones are reported at once. */
  function checkSources(target: string, from: string[]): void {
    const rows = new Map(db.select({ id: actors.id, deletedAt: actors.deletedAt, mergedInto: actors.mergedInto }).from(actors)
      .where(inArray(actors.id, from)).all().map((r) => [r.id, r]));
    const issues: Issue[] = [];
    from.forEach((id, i) => {
      const row = rows.get(id);
      const message = id === target ? 'is the target itself'
        : row === undefined ? 'does not exist'
          : row.mergedInto !== null ? `was already merged into ${mergedInto(id) ?? row.mergedInto}`
            : row.deletedAt !== null ? 'is deleted; restore it first' : null;
      if (message !== null) issues.push({ in: 'body', pointer: `/from/${i}`, message });
    });
    if (issues.length > 0) throw unprocessable(issues.map((e) => `${e.pointer} ${e.message}`).join('; '), issues);

    // A role held by one merged actor in another would become a role of the target in itself.
    const group = [target, ...from];
    const inside = db.select({ actorId: actorRoles.actorId, organizationId: actorRoles.organizationId, title: actorRoles.title })
      .from(actorRoles).where(and(inArray(actorRoles.actorId, group), inArray(actorRoles.organizationId, group))).all();
    for (const role of inside) {
      const holder = from.indexOf(role.actorId);
      const org = role.organizationId === target ? 'the target' : `actor ${role.organizationId}`;
      issues.push(holder >= 0
        ? { in: 'body', pointer: `/from/${holder}`, message: `holds a role ("${role.title}") in ${org}, which would become a role of the target in itself; change that role first` }
        : { in: 'body', pointer: `/from/${from.indexOf(role.organizationId ?? '')}`, message: `is the organisation of the target's role "${role.title}", which would become a role of the target in itself; change that role first` });
    }
    if (issues.length > 0) throw unprocessable(issues.map((e) => `${e.pointer} ${e.message}`).join('; '), issues);
  }

  const roleRecord = (r: typeof actorRoles.$inferSelect): RoleRecord => ({
    id: r.id, actor_id: r.actorId, title: r.title, organization_id: r.organizationId, start: r.start, end: r.end, position: r.position,
  });

  /** Moves the source's rows of one claim-participant table to the target, dropping those the target already has. */
  function moveParticipants(kind: ParticipantKind, source: string, target: string, at: string): ParticipantRecord {
    const table = PARTICIPANTS[kind];
    const rows = db.all<{ claim_id: string; position: number; dup: number }>(sql`
      SELECT s.claim_id, s.position, EXISTS (SELECT 1 FROM ${table} t WHERE t.claim_id = s.claim_id AND t.actor_id = ${target}) AS dup
      FROM ${table} s WHERE s.actor_id = ${source} ORDER BY s.claim_id`);
    db.run(sql`UPDATE ${claims} SET updated_at = ${at} WHERE id IN (SELECT claim_id FROM ${table} WHERE actor_id = ${source})`);
    db.run(sql`DELETE FROM ${table} WHERE actor_id = ${source} AND claim_id IN (SELECT claim_id FROM ${table} WHERE actor_id = ${target})`);
    db.run(sql`UPDATE ${table} SET actor_id = ${target} WHERE actor_id = ${source}`);
    return {
      moved: rows.filter((r) => !r.dup).map((r) => r.claim_id),
      dropped: rows.filter((r) => r.dup).map((r) => ({ claim_id: r.claim_id, position: r.position })),
    };
  }

  /** Moves everything of one source to the target and marks the source merged. */
  function mergeOne(source: string, target: string, at: string): Moved {
    const src = db.select().from(actors).where(eq(actors.id, source)).get() as typeof actors.$inferSelect;
    const tgt = db.select().from(actors).where(eq(actors.id, target)).get() as typeof actors.$inferSelect;

    const targetAliases = db.select({ key: actorAliases.aliasKey, position: actorAliases.position }).from(actorAliases)
      .where(eq(actorAliases.actorId, target)).all();
    const keys = new Set([tgt.nameKey, ...targetAliases.map((a) => a.key)]);
    let aliasPosition = Math.max(-1, ...targetAliases.map((a) => a.position)) + 1;
    const sourceAliases = db.select({ alias: actorAliases.alias }).from(actorAliases)
      .where(eq(actorAliases.actorId, source)).orderBy(asc(actorAliases.position)).all().map((a) => a.alias);
    const aliases: Moved['aliases'] = [];
    for (const alias of [src.name, ...sourceAliases]) {
      const aliasKey = fold(alias);
      if (keys.has(aliasKey)) continue;
      keys.add(aliasKey);
      const row = db.insert(actorAliases).values({ actorId: target, alias, aliasKey, position: aliasPosition++ }).returning({ id: actorAliases.id }).get();
      aliases.push({ id: row.id, alias });
    }

    const targetRolePositions = db.select({ position: actorRoles.position }).from(actorRoles).where(eq(actorRoles.actorId, target)).all();
    let rolePosition = Math.max(-1, ...targetRolePositions.map((r) => r.position)) + 1;
    const roles = db.select().from(actorRoles).where(eq(actorRoles.actorId, source)).orderBy(asc(actorRoles.position)).all();
    for (const role of roles) db.update(actorRoles).set({ actorId: target, position: rolePosition++ }).where(eq(actorRoles.id, role.id)).run();

    const claimIds = db.select({ id: claims.id }).from(claims).where(eq(claims.actorId, source)).orderBy(asc(claims.id)).all().map((c) => c.id);
    db.update(claims).set({ actorId: target, updatedAt: at }).where(eq(claims.actorId, source)).run();
    const claim_addressees = moveParticipants('claim_addressees', source, target, at);
    const claim_objects = moveParticipants('claim_objects', source, target, at);

    const positionIds = db.select({ id: positions.id }).from(positions).where(eq(positions.actorId, source)).orderBy(asc(positions.id)).all().map((p) => p.id);
    db.update(positions).set({ actorId: target, updatedAt: at }).where(eq(positions.actorId, source)).run();

    const orgRoles = db.select().from(actorRoles).where(eq(actorRoles.organizationId, source)).orderBy(asc(actorRoles.id)).all();
    db.update(actors).set({ updatedAt: at })
      .where(inArray(actors.id, db.select({ id: actorRoles.actorId }).from(actorRoles).where(eq(actorRoles.organizationId, source)))).run();
    db.update(actorRoles).set({ organizationId: target }).where(eq(actorRoles.organizationId, source)).run();

    // wikidata_id is unique: free it on the source before the target takes it.
    const wikidata = tgt.wikidataId === null && src.wikidataId !== null ? src.wikidataId : null;
    db.update(actors).set({ mergedInto: target, deletedAt: at, updatedAt: at, ...(wikidata === null ? {} : { wikidataId: null }) })
      .where(eq(actors.id, source)).run();
    db.update(actors).set({ updatedAt: at, ...(wikidata === null ? {} : { wikidataId: wikidata }) }).where(eq(actors.id, target)).run();

    return {
      aliases, roles: roles.map(roleRecord), claims: claimIds, claim_addressees, claim_objects, positions: positionIds,
      organization_roles: orgRoles.map(roleRecord), wikidata_id: wikidata,
    };
  }

  /** The row on `holder` that is the recorded role: same title and dates and an organisation `orgMatches` accepts; its recorded id first. */
  function findRole(holder: string, r: RoleRecord, orgMatches: (org: string | null) => boolean, taken: Set<number>): number | undefined {
    const rows = db.select({ id: actorRoles.id, organizationId: actorRoles.organizationId }).from(actorRoles)
      .where(and(eq(actorRoles.actorId, holder), eq(actorRoles.title, r.title), nullableEq(actorRoles.start, r.start), nullableEq(actorRoles.end, r.end)))
      .orderBy(asc(actorRoles.id)).all()
      .filter((row) => !taken.has(row.id) && orgMatches(row.organizationId));
    const id = (rows.find((row) => row.id === r.id) ?? rows[0])?.id;
    if (id !== undefined) taken.add(id);
    return id;
  }

  /** Claims or positions among `ids` still held by `from`, moved to `to`; returns those that were not. */
  function moveBack(table: typeof claims | typeof positions, ids: string[], from: string, to: string, at: string): string[] {
    const skipped: string[] = [];
    for (const part of chunks(ids)) {
      const held = new Set(db.all<{ id: string }>(sql`SELECT id FROM ${table} WHERE actor_id = ${from} AND id IN ${part}`).map((r) => r.id));
      skipped.push(...part.filter((id) => !held.has(id)));
      if (held.size > 0) db.run(sql`UPDATE ${table} SET actor_id = ${to}, updated_at = ${at} WHERE id IN ${[...held]}`);
    }
    return skipped;
  }

  /**
   * Puts the source's participant rows back: a moved row if the target still has it, a dropped row (deleted by the
   * merge as a duplicate of the target's) by inserting it again; never where the source is already there.
   */
  function participantsBack(kind: ParticipantKind, record: ParticipantRecord, source: string, target: string, at: string): string[] {
    const table = PARTICIPANTS[kind];
    const absent = (claimId: string) => sql`NOT EXISTS (SELECT 1 FROM ${table} WHERE claim_id = ${claimId} AND actor_id = ${source})`;
    const skipped: string[] = [];
    const touched: string[] = [];
    for (const claimId of record.moved) {
      const done = db.run(sql`UPDATE ${table} SET actor_id = ${source} WHERE claim_id = ${claimId} AND actor_id = ${target} AND ${absent(claimId)}`);
      (done.changes > 0 ? touched : skipped).push(claimId);
    }
    for (const { claim_id: claimId, position } of record.dropped) {
      const done = db.run(sql`INSERT INTO ${table} (claim_id, actor_id, position)
        SELECT ${claimId}, ${source}, ${position} WHERE EXISTS (SELECT 1 FROM ${claims} WHERE id = ${claimId}) AND ${absent(claimId)}`);
      (done.changes > 0 ? touched : skipped).push(claimId);
    }
    for (const part of chunks(touched)) db.run(sql`UPDATE ${claims} SET updated_at = ${at} WHERE id IN ${part}`);
    return skipped;
  }

  /** Moves back what the source's last merge moved, as far as it is still where the merge put it. */
  function undo(source: string, target: string, moved: Moved, at: string): NotMovedBack {
    const removed = (alias: string) =>
      db.delete(actorAliases).where(and(eq(actorAliases.actorId, target), eq(actorAliases.aliasKey, fold(alias)))).run().changes > 0;
    const aliases = moved.aliases.filter((a) => !removed(a.alias)).map((a) => a.alias);

    const taken = new Set<number>();
    const sameOrg = (recorded: string | null) => (org: string | null) =>
      org === recorded || (recorded !== null && org !== null && mergedInto(recorded) === org);
    const roles: number[] = [];
    for (const r of moved.roles) {
      const id = findRole(target, r, sameOrg(r.organization_id), taken);
      if (id === undefined) roles.push(r.id);
      else db.update(actorRoles).set({ actorId: source, position: r.position }).where(eq(actorRoles.id, id)).run();
    }
    const organizationRoles: number[] = [];
    for (const r of moved.organization_roles) {
      const holder = mergedInto(r.actor_id) ?? r.actor_id;
      const id = findRole(holder, r, (org) => org === target, taken);
      if (id === undefined) { organizationRoles.push(r.id); continue; }
      db.update(actorRoles).set({ organizationId: source }).where(eq(actorRoles.id, id)).run();
      db.update(actors).set({ updatedAt: at }).where(eq(actors.id, holder)).run();
    }

    const claimsSkipped = moveBack(claims, moved.claims, target, source, at);
    const claim_addressees = participantsBack('claim_addressees', moved.claim_addressees, source, target, at);
    const claim_objects = participantsBack('claim_objects', moved.claim_objects, source, target, at);
    const positionsSkipped = moveBack(positions, moved.positions, target, source, at);

    // The Wikidata id goes back if the target still has it, or if no one has taken it since.
    let wikidata: string | null = null;
    if (moved.wikidata_id !== null) {
      const holder = db.select({ id: actors.id }).from(actors).where(eq(actors.wikidataId, moved.wikidata_id)).get();
      if (holder?.id === target) db.update(actors).set({ wikidataId: null }).where(eq(actors.id, target)).run();
      if (holder === undefined || holder.id === target) db.update(actors).set({ wikidataId: moved.wikidata_id }).where(eq(actors.id, source)).run();
      else wikidata = moved.wikidata_id;
    }
    return {
      aliases, roles, claims: claimsSkipped, claim_addressees, claim_objects, positions: positionsSkipped,
      organization_roles: organizationRoles, wikidata_id: wikidata,
    };
  }

  return {
    mergedInto,
    refuseMerged,

    /** Merges each actor of `from` into `target` in one transaction; returns the target as it is now. */
    merge(target: string, from: string[], by: Principal | null, precondition: (current: ActorT) => void): ActorT {
      return writeTransaction(db, () => {
        refuseMerged(target);
        const before = deps.getLive(target);
        precondition(before);
        checkSources(target, from);
        const at = now();
        for (const source of from) {
          const sourceBefore = deps.load(source) as ActorT;
          const moved = mergeOne(source, target, at);
          recordRevision(db, { type: 'actor', id: source, action: 'merge', by, before: sourceBefore, after: { merged_into: target, moved } });
        }
        const after = deps.load(target) as ActorT;
        if (after.aliases.length > MAX_ALIASES || after.roles.length > MAX_ROLES) {
          throw unprocessable(`merged, the target would have ${after.aliases.length} aliases and ${after.roles.length} roles; at most ${MAX_ALIASES} of each`,
            [{ in: 'body', pointer: '/from', message: `would give the target more than ${MAX_ALIASES} aliases or ${MAX_ROLES} roles` }]);
        }
        recordRevision(db, { type: 'actor', id: target, action: 'merge', by, before, after: { ...after, merged: from } });
        return after;
      });
    },

    /**
     * Undoes the merge of `source`: moves back what its last merge revision recorded, as far as each part is still
     * on the target, removes the aliases the merge gave the target, and brings the source back. What could not be
     * moved back is listed in the source's restore revision (after.not_moved_back).
     */
    unmerge(source: string, by: Principal | null): ActorT {
      return writeTransaction(db, () => {
        const row = db.select({ mergedInto: actors.mergedInto }).from(actors).where(eq(actors.id, source)).get();
        const target = row?.mergedInto;
        if (target === null || target === undefined) throw new Error(`actor ${source} is not merged`);
        const onward = mergedInto(target);
        if (onward !== null) {
          throw conflict(`actor ${source} was merged into ${target}, which was since merged into ${onward}: restore ${target} first`, { merged_into: onward });
        }
        const record = db.select({ after: revisions.after }).from(revisions)
          .where(and(eq(revisions.resourceType, 'actor'), eq(revisions.resourceId, source), eq(revisions.action, 'merge')))
          .orderBy(desc(revisions.id)).limit(1).get();
        const targetBefore = deps.load(target) as ActorT;
        const at = now();
        const notMovedBack = undo(source, target, readMoved(record?.after ?? null), at);
        db.update(actors).set({ mergedInto: null, deletedAt: null, updatedAt: at }).where(eq(actors.id, source)).run();
        db.update(actors).set({ updatedAt: at }).where(eq(actors.id, target)).run();
        const after = deps.load(source) as ActorT;
        recordRevision(db, { type: 'actor', id: source, action: 'restore', by, before: { merged_into: target }, after: { ...after, unmerged_from: target, not_moved_back: notMovedBack } });
        recordRevision(db, { type: 'actor', id: target, action: 'restore', by, before: targetBefore, after: { ...(deps.load(target) as ActorT), unmerged: source } });
        return after;
      });
    },
  };
}
