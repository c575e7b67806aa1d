// Actors as Popolo (popoloproject.com): a person as a Person, any other kind as an Organization
// classified by its kind, roles as Memberships. Pure mapping, no I/O.
import type { ActorT, RoleT } from '../schemas/actors.js';

export const POPOLO_MEDIA_TYPE = 'application/vnd.popolo+json';

export interface PopoloOtherName { name: string }
export interface PopoloIdentifier { scheme: 'wikidata'; identifier: string }

/**
 * A role as a Membership. A person is named by person_id; an organisation that is itself a member
 * (e.g. a state in an alliance) by Popolo's `member` reference. Dates are Popolo's reduced-precision
 * dates, which whosaid's partial dates already are.
 */
export interface PopoloMembership {
  person_id?: string;
  member?: { '@type': 'Organization'; id: string };
  organization_id?: string;
  role: string;
  label: string;
  start_date?: string;
  end_date?: string;
}

export interface PopoloPerson {
  id: string;
  name: string;
  other_names: PopoloOtherName[];
  identifiers: PopoloIdentifier[];
  summary?: string;
  memberships?: PopoloMembership[];
  created_at: string;
  updated_at: string;
}

export interface PopoloOrganization {
  id: string;
  name: string;
  /** The actor's kind: organization, country, group, media or other. */
  classification: string;
  other_names: PopoloOtherName[];
  identifiers: PopoloIdentifier[];
  description?: string;
  memberships?: PopoloMembership[];
  created_at: string;
  updated_at: string;
}

/** Popolo's export format: people, organisations and the memberships linking them. */
export interface PopoloExport {
  persons: PopoloPerson[];
  organizations: PopoloOrganization[];
  memberships: PopoloMembership[];
}

export const isPerson = (actor: Pick<ActorT, 'kind'>) => actor.kind === 'person';

function membership(actor: ActorT, role: RoleT): PopoloMembership {
  return {
    ...(isPerson(actor) ? { person_id: actor.id } : { member: { '@type': 'Organization' as const, id: actor.id } }),
    ...(role.organization_id === null ? {} : { organization_id: role.organization_id }),
    role: role.title,
    label: role.organization === null ? role.title : `${role.title}, ${role.organization.name}`,
    ...(role.start === null ? {} : { start_date: role.start }),
    ...(role.end === null ? {} : { end_date: role.end }),
  };
}

/** The memberships of one actor: one per role, in the order given. */
export const membershipsOf = (actor: ActorT): PopoloMembership[] => actor.roles.map((role) => membership(actor, role));

function common(actor: ActorT, withMemberships: boolean) {
  return {
    id: actor.id,
    name: actor.name,
    other_names: actor.aliases.map((name) => ({ name })),
    identifiers: actor.wikidata_id === null ? [] : [{ scheme: 'wikidata' as const, identifier: actor.wikidata_id }],
    ...(withMemberships && actor.roles.length > 0 ? { memberships: membershipsOf(actor) } : {}),
  };
}

const stamps = (actor: ActorT) => ({ created_at: actor.created_at, updated_at: actor.updated_at });

export function toPerson(actor: ActorT, withMemberships = true): PopoloPerson {
  return { ...common(actor, withMemberships), ...(actor.description === null ? {} : { summary: actor.description }), ...stamps(actor) };
}

export function toOrganization(actor: ActorT, withMemberships = true): PopoloOrganization {
  return {
    ...common(actor, withMemberships), classification: actor.kind,
    ...(actor.description === null ? {} : { description: actor.description }), ...stamps(actor),
  };
}

/** One actor as a Person or an Organization, with its memberships nested (a single-record document). */
export const toPopolo = (actor: ActorT): PopoloPerson | PopoloOrganization => (isPerson(actor) ? toPerson(actor) : toOrganization(actor));

/** A page of actors in Popolo's export format; memberships are listed once, at the top level. */
export function toPopoloExport(actors: ActorT[]): PopoloExport {
  const out: PopoloExport = { persons: [], organizations: [], memberships: [] };
  for (const actor of actors) {
    if (isPerson(actor)) out.persons.push(toPerson(actor, false));
    else out.organizations.push(toOrganization(actor, false));
    out.memberships.push(...membershipsOf(actor));
  }
  return out;
}
