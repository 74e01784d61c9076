import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { bearer, DEMO_PASSWORD, sessionHeaders, type Headers } from '../../support/accounts.js';
import type { ServerFixture } from '../../support/fixtures.js';
import { errorCodes, gql } from '../../support/graphql.js';
import { globalId } from './values.js';

/** The callers every case is sent as. */
export const ACTORS = ['anonymous', 'representative', 'committeeAdmin', 'apiToken'] as const;
export type Actor = (typeof ACTORS)[number];

/** Global IDs by type, split into the lane's own objects and those of its foreign organizations. */
export class Pools {
  private readonly own = new Map<string, string[]>();
  private readonly foreign = new Map<string, string[]>();
  readonly cursors: string[] = [];
  /** Invitation secrets not yet known to be used. */
  readonly secrets: string[] = [];
  /** Email addresses of people who exist, and the passwords that may be theirs. */
  readonly emails: string[] = [];
  readonly passwords: string[] = [DEMO_PASSWORD];
  /** Own organizations by role: `unit` (the work unit), `committee` (the committees). */
  readonly roles = new Map<string, string[]>();

  add(type: string, id: string, side: 'own' | 'foreign' = 'own'): void {
    const map = side === 'own' ? this.own : this.foreign;
    const list = map.get(type) ?? [];
    if (!list.includes(id) && list.length < 400) list.push(id);
    map.set(type, list);
  }

  ids(type: string, side: 'own' | 'foreign'): string[] {
    return (side === 'own' ? this.own : this.foreign).get(type) ?? [];
  }

  /** Own IDs of every type but `type` (an ID of the wrong type). */
  others(type: string): string[] {
    return [...this.own].filter(([t]) => t !== type).flatMap(([, ids]) => ids);
  }

  types(): string[] {
    return [...new Set([...this.own.keys(), ...this.foreign.keys()])].sort();
  }

  addCursor(cursor: unknown): void {
    if (typeof cursor === 'string' && !this.cursors.includes(cursor) && this.cursors.length < 400) {
      this.cursors.push(cursor);
    }
  }

  /**
   * Takes what an accepted response carries into the pools: every object with `__typename` and
   * `id` (new needs, projects, commitments, … become targets of later cases), cursors, secrets.
   */
  harvest(value: unknown): void {
    if (Array.isArray(value)) {
      for (const item of value) this.harvest(item);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (typeof record.__typename === 'string' && typeof record.id === 'string') this.add(record.__typename, record.id);
    if (typeof record.invitationSecret === 'string') this.secrets.push(record.invitationSecret);
    for (const [key, item] of Object.entries(record)) {
      if (key === 'cursor' || key === 'endCursor' || key === 'startCursor') this.addCursor(item);
      else if (item && typeof item === 'object') this.harvest(item);
    }
  }
}

/** Row ids (not global IDs) of a lane's fixed objects, for SQL. */
export interface LaneRows {
  regions: {
    district: string;
    subdistrict: string;
    community: string;
    grid: string;
    foreignDistrict: string;
    foreignCommunity: string;
  };
  orgs: { committee: string; communityCommittee: string; unit: string; foreignCommittee: string; foreignUnit: string };
  users: Record<
    'committeeAdmin' | 'representative' | 'unitAdmin' | 'victimMember' | 'victimRep' | 'foreignAdmin' | 'foreignRep',
    string
  >;
  /** The actors' memberships as they must stay: [user, organization, role]. */
  actorMemberships: [string, string, string][];
  actorTokenId: string;
}

export interface Lane {
  index: number;
  tag: string;
  /** `/310000/FZ…/` prefixes of the lane's two districts, for LIKE. */
  pathPatterns: string[];
  rows: LaneRows;
  pools: Pools;
  /** Headers of an actor; people get a fresh session when `fresh` (a case may log it out). */
  headers(actor: Actor, fresh?: boolean): Promise<Headers>;
  /** Puts the actors' memberships and token back as they were; true when anything had changed. */
  restoreActors(): Promise<boolean>;
}

const MUNICIPALITY = '310000';

/** A pg pool of the fuzz's own, wide enough for lanes running side by side. */
export function fuzzPool(fx: ServerFixture, max = 10): pg.Pool {
  return new pg.Pool({ connectionString: fx.db.url, max });
}

async function api(
  fx: ServerFixture,
  headers: Headers,
  document: string,
  input: Record<string, unknown>,
): Promise<any> {
  const res = await gql<any>(fx.server.graphqlUrl, document, { i: input }, headers);
  const field = Object.keys(res.data ?? {})[0];
  const payload = field ? res.data[field] : undefined;
  if (errorCodes(res).length || !payload || payload.userErrors?.length) {
    throw new Error(
      `fuzz fixture failed: ${document.slice(0, 60)} ${JSON.stringify(res.errors ?? payload?.userErrors)}`,
    );
  }
  return payload;
}

const REPORT_NEED = `mutation($i: ReportNeedInput!) { reportNeed(input: $i) { need { id } userErrors { code } } }`;
const CREATE_PROJECT = `mutation($i: CreateProjectInput!) { createProject(input: $i) { project { id } userErrors { code } } }`;
const ADD_REQUIREMENT = `mutation($i: AddRequirementInput!) { addRequirement(input: $i) { requirement { id } userErrors { code } } }`;
const PUBLISH = `mutation($i: PublishResourceInput!) { publishResource(input: $i) { resource { id } userErrors { code } } }`;
const COMMIT = `mutation($i: CommitResourceInput!) { commitResource(input: $i) { commitment { id } userErrors { code } } }`;
const TOKEN = `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { secret apiToken { id } userErrors { code } } }`;
const INVITE = `mutation($i: InviteMemberInput!) { inviteMember(input: $i) { invitationSecret invitation { id } userErrors { code } } }`;

/**
 * A lane: two fresh districts of its own under the municipality (one "home", one "foreign"),
 * their committees, work units and people (written with SQL: Cobuild has no API to create
 * them), and then, through the API as those people would, needs, projects, requirements,
 * resources, commitments, tokens and invitations on both sides. Lanes share nothing, so
 * they can be fuzzed side by side and each lane's rows tell what its cases wrote.
 */
export async function buildLane(fx: ServerFixture, db: pg.Pool, tag: string, index: number): Promise<Lane> {
  const code = `FZ${tag}${index}`;
  const [{ id: root }] = (await db.query(`select id from region where code = $1`, [MUNICIPALITY])).rows;
  const id = () => randomUUID();
  const regions = {
    district: id(),
    subdistrict: id(),
    community: id(),
    grid: id(),
    foreignDistrict: id(),
    foreignCommunity: id(),
  };
  const P = `/${MUNICIPALITY}`;
  const regionRows: [string, string, string, string | null, string, number][] = [
    [regions.district, `${code}D`, 'DISTRICT', root, `${P}/${code}D/`, 1],
    [regions.subdistrict, `${code}S`, 'SUBDISTRICT', regions.district, `${P}/${code}D/${code}S/`, 2],
    [regions.community, `${code}C`, 'COMMUNITY', regions.subdistrict, `${P}/${code}D/${code}S/${code}C/`, 3],
    [regions.grid, `${code}G`, 'GRID', regions.community, `${P}/${code}D/${code}S/${code}C/${code}G/`, 4],
    [regions.foreignDistrict, `${code}X`, 'DISTRICT', root, `${P}/${code}X/`, 1],
    [regions.foreignCommunity, `${code}XC`, 'COMMUNITY', regions.foreignDistrict, `${P}/${code}X/${code}XC/`, 3],
  ];
  for (const [rid, rcode, level, parent, path, depth] of regionRows) {
    await db.query(
      `insert into region (id, code, level, name_zh, name_en, parent_id, path, depth, illustrative)
       values ($1, $2, $3, $4, $5, $6, $7, $8, true)`,
      [rid, rcode, level, `模糊测试${rcode}`, `Fuzz ${rcode}`, parent, path, depth],
    );
  }
  const orgs = { committee: id(), communityCommittee: id(), unit: id(), foreignCommittee: id(), foreignUnit: id() };
  const orgRows: [string, string, string | null, string][] = [
    [orgs.committee, 'COMMITTEE', null, regions.district],
    [orgs.communityCommittee, 'COMMITTEE', null, regions.community],
    [orgs.unit, 'WORK_UNIT', 'PRIVATE_ENTERPRISE', regions.community],
    [orgs.foreignCommittee, 'COMMITTEE', null, regions.foreignDistrict],
    [orgs.foreignUnit, 'WORK_UNIT', 'SCHOOL', regions.foreignCommunity],
  ];
  for (const [oid, kind, sector, region] of orgRows) {
    await db.query(
      `insert into organization (id, kind, sector, name_zh, name_en, region_id) values ($1, $2, $3, $4, $5, $6)`,
      [oid, kind, sector, `模糊${code}${kind}${oid.slice(0, 4)}`, `Fuzz ${code} ${kind} ${oid.slice(0, 4)}`, region],
    );
  }
  const users = {
    committeeAdmin: id(),
    representative: id(),
    unitAdmin: id(),
    victimMember: id(),
    victimRep: id(),
    foreignAdmin: id(),
    foreignRep: id(),
  };
  const email = (who: string) => `${code.toLowerCase()}.${who.toLowerCase()}@fuzz.test`;
  const memberships: [keyof typeof users, string, string][] = [
    ['committeeAdmin', orgs.committee, 'ADMIN'],
    ['representative', orgs.unit, 'REPRESENTATIVE'],
    ['unitAdmin', orgs.unit, 'ADMIN'],
    ['victimMember', orgs.unit, 'MEMBER'],
    ['victimRep', orgs.committee, 'REPRESENTATIVE'],
    ['foreignAdmin', orgs.foreignCommittee, 'ADMIN'],
    ['foreignRep', orgs.foreignUnit, 'REPRESENTATIVE'],
  ];
  for (const [who, uid] of Object.entries(users)) {
    // The demo accounts' password hash: every fuzz person's password is the demo password.
    await db.query(
      `insert into app_user (id, email, display_name, password_hash)
       select $1, $2, $3, password_hash from app_user where email = 'rep.water@cobuild.demo'`,
      [uid, email(who), `Fuzz ${who}`],
    );
  }
  const membershipIds: Record<string, string> = {};
  for (const [who, org, role] of memberships) {
    membershipIds[who] = id();
    await db.query(`insert into membership (id, user_id, organization_id, role) values ($1, $2, $3, $4)`, [
      membershipIds[who],
      users[who],
      org,
      role,
    ]);
  }

  const fxDb = fx.db;
  const session = (who: keyof typeof users) => sessionHeaders(fxDb, email(who));
  const home = { committee: await session('committeeAdmin'), rep: await session('representative') };
  const unitAdmin = await session('unitAdmin');
  const foreign = { admin: await session('foreignAdmin'), rep: await session('foreignRep') };
  const g = (type: string, uuid: string) => globalId(type, uuid);

  const actorToken = await api(fx, unitAdmin, TOKEN, {
    organizationId: g('Organization', orgs.unit),
    name: `fuzz ${code} partner`,
    scopes: ['write:commitments', 'write:resources'],
  });
  const victimToken = await api(fx, unitAdmin, TOKEN, { organizationId: g('Organization', orgs.unit), name: 'victim' });
  const foreignToken = await api(fx, foreign.admin, TOKEN, {
    organizationId: g('Organization', orgs.foreignCommittee),
    name: 'foreign',
    scopes: ['write:resources'],
  });

  async function side(
    headers: { committee: Headers; rep: Headers },
    committee: string,
    unit: string,
    community: string,
  ) {
    const need = (
      await api(fx, headers.committee, REPORT_NEED, {
        committeeId: g('Organization', committee),
        regionId: g('Region', community),
        category: 'GREEN_SPACE',
        titleZh: '模糊需求',
        titleEn: 'Fuzz need',
      })
    ).need.id as string;
    const project = (
      await api(fx, headers.committee, CREATE_PROJECT, {
        committeeId: g('Organization', committee),
        regionId: g('Region', community),
        category: 'GREEN_SPACE',
        titleZh: '模糊项目',
        titleEn: 'Fuzz project',
        needIds: [need],
      })
    ).project.id as string;
    const hours = (
      await api(fx, headers.committee, ADD_REQUIREMENT, {
        projectId: project,
        kind: 'VOLUNTEER_HOURS',
        unit: 'PERSON_HOUR',
        quantity: 1000,
        titleZh: '志愿时',
        titleEn: 'Hours',
      })
    ).requirement.id as string;
    const funds = (
      await api(fx, headers.committee, ADD_REQUIREMENT, {
        projectId: project,
        kind: 'FUNDS',
        unit: 'YUAN',
        quantity: 100_000,
        titleZh: '资金',
        titleEn: 'Funds',
      })
    ).requirement.id as string;
    const hoursResource = (
      await api(fx, headers.rep, PUBLISH, {
        organizationId: g('Organization', unit),
        kind: 'VOLUNTEER_HOURS',
        unit: 'PERSON_HOUR',
        capacity: 500,
        titleZh: '志愿服务',
        titleEn: 'Volunteering',
      })
    ).resource.id as string;
    const fundsResource = (
      await api(fx, headers.rep, PUBLISH, {
        organizationId: g('Organization', unit),
        kind: 'FUNDS',
        unit: 'YUAN',
        capacity: 50_000,
        titleZh: '资金',
        titleEn: 'Funds',
      })
    ).resource.id as string;
    const commitments: string[] = [];
    for (const [requirementId, resourceId, quantity, unitName] of [
      [hours, hoursResource, 10, 'PERSON_HOUR'],
      [hours, hoursResource, 5, 'PERSON_HOUR'],
      [funds, fundsResource, 1000, 'YUAN'],
      [hours, null, 3, 'PERSON_HOUR'],
    ] as const) {
      commitments.push(
        (
          await api(fx, headers.rep, COMMIT, {
            requirementId,
            organizationId: g('Organization', unit),
            resourceId,
            quantity,
            unit: unitName,
          })
        ).commitment.id,
      );
    }
    return { need, project, requirements: [hours, funds], resources: [hoursResource, fundsResource], commitments };
  }

  const own = await side(home, orgs.committee, orgs.unit, regions.community);
  const far = await side(
    { committee: foreign.admin, rep: foreign.rep },
    orgs.foreignCommittee,
    orgs.foreignUnit,
    regions.foreignCommunity,
  );

  const invitations = [];
  for (const [org, role, headers] of [
    [orgs.committee, 'MEMBER', home.committee],
    [orgs.committee, 'REPRESENTATIVE', home.committee],
    [orgs.unit, 'MEMBER', unitAdmin],
    [orgs.foreignCommittee, 'MEMBER', foreign.admin],
  ] as const) {
    invitations.push(
      await api(fx, headers, INVITE, {
        organizationId: g('Organization', org),
        email: `${code.toLowerCase()}.invitee${invitations.length}@fuzz.test`,
        role,
      }),
    );
  }

  // Milestones have no mutation: a few written as a seed would, so projects have progress.
  for (const [project, weight, progress] of [
    [own.project, 1, 30],
    [own.project, 3, 80],
    [far.project, 2, 50],
  ] as const) {
    await db.query(
      `insert into milestone (id, project_id, title_zh, title_en, weight, progress) values ($1, $2, '里程碑', 'Milestone', $3, $4)`,
      [id(), Buffer.from(project, 'base64url').toString().split(':')[1], weight, progress],
    );
  }

  const pools = new Pools();
  for (const [type, value] of [
    ['Region', regions.district],
    ['Region', regions.subdistrict],
    ['Region', regions.community],
    ['Region', regions.grid],
    ['Organization', orgs.committee],
    ['Organization', orgs.communityCommittee],
    ['Organization', orgs.unit],
    ['User', users.committeeAdmin],
    ['User', users.representative],
    ['User', users.victimMember],
    ['Membership', membershipIds.victimMember],
    ['Membership', membershipIds.victimRep],
    ['Membership', membershipIds.unitAdmin],
    ['Membership', membershipIds.committeeAdmin],
    ['Membership', membershipIds.representative],
  ] as const) {
    pools.add(type, g(type, value));
  }
  for (const [type, value] of [
    ['Region', regions.foreignDistrict],
    ['Region', regions.foreignCommunity],
    ['Organization', orgs.foreignCommittee],
    ['Organization', orgs.foreignUnit],
    ['User', users.foreignAdmin],
    ['Membership', membershipIds.foreignAdmin],
    ['Membership', membershipIds.foreignRep],
  ] as const) {
    pools.add(type, g(type, value), 'foreign');
  }
  pools.roles.set('unit', [g('Organization', orgs.unit)]);
  pools.roles.set('committee', [g('Organization', orgs.committee), g('Organization', orgs.communityCommittee)]);
  pools.add('ApiToken', actorToken.apiToken.id);
  pools.add('ApiToken', victimToken.apiToken.id);
  pools.add('ApiToken', foreignToken.apiToken.id, 'foreign');
  for (const [objects, sideName] of [
    [own, 'own'],
    [far, 'foreign'],
  ] as const) {
    pools.add('Need', objects.need, sideName);
    pools.add('Project', objects.project, sideName);
    for (const r of objects.requirements) pools.add('Requirement', r, sideName);
    for (const r of objects.resources) pools.add('Resource', r, sideName);
    for (const c of objects.commitments) pools.add('Commitment', c, sideName);
  }
  invitations.forEach((inv, i) => {
    pools.add('Invitation', inv.invitation.id, i < 3 ? 'own' : 'foreign');
    pools.secrets.push(inv.invitationSecret);
  });
  pools.emails.push(
    ...Object.keys(users).map(email),
    ...invitations.map((_, i) => `${code.toLowerCase()}.invitee${i}@fuzz.test`),
  );

  // Participants, activity and cursors as the API lists them.
  for (const [project, sideName] of [
    [own.project, 'own'],
    [far.project, 'foreign'],
  ] as const) {
    const res = await gql<any>(
      fx.server.graphqlUrl,
      `query($id: ID!) { node(id: $id) { ... on Project {
         participants { edges { cursor node { __typename id } } }
         requirements { edges { cursor } }
         milestones { edges { cursor node { __typename id } } }
         activity(first: 30) { edges { cursor node { __typename id } } } } } }`,
      { id: project },
      home.committee,
    );
    const node = res.data.node;
    for (const list of [node.participants, node.milestones, node.activity]) {
      for (const edge of list.edges) pools.add(edge.node.__typename, edge.node.id, sideName);
    }
    pools.harvest(node);
  }

  const actorMemberships: [string, string, string][] = [
    [users.committeeAdmin, orgs.committee, 'ADMIN'],
    [users.representative, orgs.unit, 'REPRESENTATIVE'],
  ];
  const fixedHeaders: Record<Actor, Headers> = {
    anonymous: {},
    representative: home.rep,
    committeeAdmin: home.committee,
    apiToken: bearer(actorToken.secret),
  };
  const actorToken_ = actorToken.apiToken.id as string;
  const actorTokenRow = Buffer.from(actorToken_, 'base64url').toString().split(':')[1];

  return {
    index,
    tag: code,
    pathPatterns: [`${P}/${code}D/%`, `${P}/${code}X/%`],
    rows: { regions, orgs, users, actorMemberships, actorTokenId: actorTokenRow },
    pools,
    async headers(actor, fresh = false) {
      if (!fresh || actor === 'anonymous' || actor === 'apiToken') return fixedHeaders[actor];
      return session(actor === 'representative' ? 'representative' : 'committeeAdmin');
    },
    async restoreActors() {
      let changed = false;
      for (const [user, org, role] of actorMemberships) {
        const { rowCount } = await db.query(
          `insert into membership (id, user_id, organization_id, role) values ($1, $2, $3, $4)
           on conflict (user_id, organization_id) do update set role = excluded.role where membership.role <> excluded.role`,
          [id(), user, org, role],
        );
        if (rowCount) changed = true;
      }
      const { rowCount } = await db.query(
        `update api_token set revoked_at = null where id = $1 and revoked_at is not null`,
        [actorTokenRow],
      );
      if (rowCount) changed = true;
      const { rowCount: passwords } = await db.query(
        `update app_user u set password_hash = d.password_hash from app_user d
         where d.email = 'rep.water@cobuild.demo' and u.id = any($1::uuid[]) and u.password_hash <> d.password_hash`,
        [[users.committeeAdmin, users.representative]],
      );
      if (passwords) changed = true;
      return changed;
    },
  };
}

/**
 * Count and order-independent hash of the rows `x` of a table, each as text, minus what
 * authentication touches by itself (a token's last use).
 */
function digestOf(table: string): string {
  const row = table === 'api_token' ? `(to_jsonb(x) - 'last_used_at')::text` : 'x::text';
  return `count(*)::text || ':' || coalesce(sum(hashtextextended(${row}, 0)::numeric), 0)::text`;
}

/**
 * A digest of every row a lane's cases could touch, table by table: its organizations,
 * regions, people (and those its invitations brought), tokens, and everything of theirs or
 * located in its regions, their activity and idempotency keys, its roll-ups. Equal digests
 * before and after a case mean the case wrote nothing of the lane.
 */
export async function laneDigest(db: pg.Pool, lane: Lane): Promise<Record<string, string>> {
  const { orgs, users } = lane.rows;
  const table = (name: string, where: string) =>
    `select '${name}' as t, ${digestOf(name)} as h from ${name} x where ${where}`;
  const sql = `
    with o as (select unnest($1::uuid[]) as id),
      rg as (select id from region where path like any($2::text[])),
      pj as (select id from project where lead_committee_id in (select id from o) or region_id in (select id from rg)),
      nd as (select id from need where reporter_id in (select id from o) or region_id in (select id from rg)),
      rs as (select id from resource where owner_id in (select id from o) or region_id in (select id from rg)),
      us as (select unnest($3::uuid[]) as id
        union select user_id from membership where organization_id in (select id from o)
        union select u.id from app_user u join invitation i on lower(i.email) = lower(u.email) where i.organization_id in (select id from o)),
      tk as (select id from api_token where organization_id in (select id from o)),
      pr as (select 'user:' || id || ':%' as p from us union all select 'token:' || id || ':%' from tk)
    ${[
      table('organization', 'x.id in (select id from o)'),
      table('region', 'x.id in (select id from rg)'),
      table('need', 'x.id in (select id from nd)'),
      table('need_support', 'x.need_id in (select id from nd) or x.organization_id in (select id from o)'),
      table('project', 'x.id in (select id from pj)'),
      table('project_need', 'x.project_id in (select id from pj) or x.need_id in (select id from nd)'),
      table('participant', 'x.project_id in (select id from pj) or x.organization_id in (select id from o)'),
      table('requirement', 'x.project_id in (select id from pj)'),
      table(
        'commitment',
        'x.project_id in (select id from pj) or x.organization_id in (select id from o) or x.resource_id in (select id from rs)',
      ),
      table('resource', 'x.id in (select id from rs)'),
      table('milestone', 'x.project_id in (select id from pj)'),
      table('membership', 'x.organization_id in (select id from o) or x.user_id in (select id from us)'),
      table('app_user', 'x.id in (select id from us)'),
      table('session', 'x.user_id in (select id from us)'),
      table('api_token', 'x.organization_id in (select id from o)'),
      table('invitation', 'x.organization_id in (select id from o)'),
      table('idempotency_key', 'x.scope like any(array(select p from pr))'),
      table(
        'activity',
        `x.project_id in (select id from pj) or x.actor_organization_id in (select id from o)
         or x.actor_user_id in (select id from us) or x.actor_token_id in (select id from tk) or x.region_path like any($2::text[])`,
      ),
      table('region_rollup', 'x.region_id in (select id from rg)'),
      table('region_participation', 'x.organization_id in (select id from o) or x.region_id in (select id from rg)'),
    ].join('\n union all ')}`;
  const { rows } = await db.query<{ t: string; h: string }>(sql, [
    Object.values(orgs),
    lane.pathPatterns,
    Object.values(users),
  ]);
  return Object.fromEntries(rows.map((r) => [r.t, r.h]));
}

/** Tables whose digests differ. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((t) => before[t] !== after[t]).sort();
}

/**
 * A digest of the whole database, table by table, but for what changes without any write of a
 * caller: rate-limit and cost-budget counters, sessions' and tokens' last use.
 */
export async function databaseDigest(db: pg.Pool): Promise<Record<string, string>> {
  const { rows: tables } = await db.query<{ tablename: string }>(
    `select tablename from pg_tables where schemaname = 'public'
       and tablename <> 'mikro_orm_migrations' and tablename !~ '(rate|limit|budget|cost)' order by tablename`,
  );
  const parts = tables.map(
    ({ tablename }) => `select '${tablename}' as t, ${digestOf(tablename)} as h from "${tablename}" x`,
  );
  const { rows } = await db.query<{ t: string; h: string }>(parts.join(' union all '));
  return Object.fromEntries(rows.map((r) => [r.t, r.h]));
}
