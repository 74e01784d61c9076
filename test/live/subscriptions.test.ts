import fs from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { DEMO_PARTNER_TOKEN, type Headers } from '../support/accounts.js';
import { useSeededServer } from '../support/fixtures.js';
import { errorCodes, gql } from '../support/graphql.js';
import { listFactories } from '../support/lists.js';
import { about, EVENT_FIELDS, LiveSocket, PROJECT_ACTIVITY, REGION_ACTIVITY, type LiveEvent } from '../support/live.js';
import { JINGAN, JINGHU, lookup, XUHUI } from '../support/lookup.js';
import { sessionHeaders } from '../support/accounts.js';

const fx = useSeededServer('live');
const make = listFactories(fx);
let districtAdmin: Headers;
let rep: Headers;
let jingan: string;
const sockets: LiveSocket[] = [];

beforeAll(async () => {
  districtAdmin = await sessionHeaders(fx.db, 'district.admin@cobuild.demo');
  rep = await make.representative();
  jingan = await lookup(fx.server.graphqlUrl).region(JINGAN);
});

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

async function open(credentials: { headers?: Headers; token?: string }): Promise<LiveSocket> {
  const socket = await LiveSocket.open(fx.server.graphqlUrl, credentials);
  sockets.push(socket);
  return socket;
}

const ACCOUNT_SUBJECTS = ['Membership', 'Invitation', 'ApiToken'];

/**
 * The activity rows of a region's subtree (or of one project there) in event order, as the
 * table holds them, without account events (the district's admin administers none of the
 * organizations concerned).
 */
async function tableEvents(regionCode: string, projectId?: string): Promise<string[]> {
  const rows = await fx.db.query<{ id: string }>(
    `select a.id from activity a where a.region_path like '%/' || $1 || '/%'
       and a.subject_type <> all($2::text[]) and ($3::uuid is null or a.project_id = $3)
     order by a.xid, a.id`,
    [regionCode, ACCOUNT_SUBJECTS, projectId ?? null],
  );
  return rows.map((r) => r.id);
}

const dbId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];
/** Results that carry errors (none expected). */
const errored = (results: any[]) => results.filter((r) => r.errors);

describe('regionActivity and projectActivity', () => {
  it('delivers what a representative publishes to the district committee within a second', async () => {
    const socket = await open({ headers: districtAdmin });
    const sub = socket.subscribe(REGION_ACTIVITY, { r: jingan });
    // The subscription is registered once the server has read the region.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    const resourceId = await make.resource({ titleEn: 'Evening volunteers' });
    const [event] = await sub.waitForEvents(about(resourceId), 1, 1_000);
    const latency = Date.now() - started;
    expect(errored(sub.results)).toEqual([]);
    expect(event.activity).toMatchObject({
      type: 'resource.published',
      subjectType: 'Resource',
      actor: '静湖水务 周洁',
      actorOrganization: { nameEn: JINGHU },
      subject: { __typename: 'Resource', id: resourceId },
      project: null,
    });
    expect(typeof event.cursor).toBe('string');
    expect(latency).toBeLessThan(1_000);
  });

  it("carries the project's current figures and names a partner token as the actor", async () => {
    const projectId = await make.project();
    const requirementId = await make.requirement(projectId, { quantity: 10 });
    const jinghu = await lookup(fx.server.graphqlUrl).organization(JINGHU);
    const created = await make.run(
      `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { secret userErrors { field code } } }`,
      { organizationId: jinghu, name: 'Volunteer portal', scopes: ['write:commitments'] },
      await sessionHeaders(fx.db, 'unit.admin@cobuild.demo'),
      'createApiToken',
    );
    const socket = await open({ token: DEMO_PARTNER_TOKEN });
    const sub = socket.subscribe(PROJECT_ACTIVITY, { p: projectId });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await make.run(
      `mutation($i: CommitResourceInput!) { commitResource(input: $i) { commitment { id } userErrors { field code } } }`,
      { requirementId, organizationId: jinghu, quantity: 4, unit: 'PERSON_HOUR' },
      { authorization: `Bearer ${created.secret}` },
      'commitResource',
    );
    // The token's organization joins the project, then pledges.
    await sub.waitFor(2);
    expect(sub.events().map((e) => e.activity.type)).toEqual(['participant.joined', 'commitment.pledged']);
    expect(sub.events()[1].activity).toMatchObject({
      actor: 'Volunteer portal',
      actorOrganization: { nameEn: JINGHU },
      project: { id: projectId, fillRate: 0.4 },
    });
    // Nothing else of the region reaches a project subscription.
    await make.resource();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sub.results).toHaveLength(2);
  });

  it('replays every event after a cursor, then continues live, with no gap and no repeat', async () => {
    const socket = await open({ headers: districtAdmin });
    const first = socket.subscribe(REGION_ACTIVITY, { r: jingan });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const seenId = await make.resource();
    const [seen] = await first.waitForEvents(about(seenId));
    first.complete();
    const missedIds = [await make.resource(), await make.resource(), await make.need()];
    const resumed = socket.subscribe(REGION_ACTIVITY, { r: jingan, after: seen.cursor });
    await resumed.waitForEvents(about(...missedIds), 3);
    const liveId = await make.resource();
    const [live] = await resumed.waitForEvents(about(liveId));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const subjects = resumed
      .events()
      .filter(about(seenId, ...missedIds, liveId))
      .map((e) => e.activity.subject.id);
    expect(subjects).toEqual([...missedIds, liveId]);
    // Up to the live one, the same events as the table holds after the cursor (whoever wrote
    // them), in its order, exactly once.
    const table = await tableEvents(JINGAN);
    const delivered = resumed
      .events()
      .filter((e) => !ACCOUNT_SUBJECTS.includes(e.activity.subjectType))
      .map((e) => dbId(e.activity.id));
    expect(delivered.slice(0, delivered.indexOf(dbId(live.activity.id)) + 1)).toEqual(
      table.slice(table.indexOf(dbId(seen.activity.id)) + 1, table.indexOf(dbId(live.activity.id)) + 1),
    );
  });

  it('lists the same events newest first in `activity`, with cursors a subscription resumes from', async () => {
    // A project of the test's own in Jing'an: its creation and four requirements are five
    // events no one else writes, so the lists are exact whatever else happens in the region.
    const projectId = await make.project();
    const requirements: string[] = [];
    for (let i = 0; i < 4; i++) requirements.push(await make.requirement(projectId));
    const list = (page: string, variables: Record<string, unknown> = {}) =>
      gql<any>(
        fx.server.graphqlUrl,
        `query($r: ID, $p: ID, $c: String) { activity(filter: { regionId: $r, projectId: $p }, ${page}) {
          totalCount edges { cursor node { id type subject { id } } } pageInfo { hasNextPage hasPreviousPage endCursor } } }`,
        { r: jingan, p: projectId, ...variables },
        districtAdmin,
      );
    const res = await list('first: 3, after: $c');
    expect(errorCodes(res)).toEqual([]);
    const edges = res.data.activity.edges;
    expect(edges.map((e: any) => [e.node.type, e.node.subject.id])).toEqual([
      ['requirement.added', requirements[3]],
      ['requirement.added', requirements[2]],
      ['requirement.added', requirements[1]],
    ]);
    expect(res.data.activity.totalCount).toBe(5);
    expect(res.data.activity.pageInfo.hasNextPage).toBe(true);
    const table = await tableEvents(JINGAN, dbId(projectId));
    expect(table).toHaveLength(5);
    expect(edges.map((e: any) => dbId(e.node.id))).toEqual(table.slice(-3).reverse());
    // Resuming the region's feed from the third newest replays the two newer ones (among
    // whatever else the region had since).
    const socket = await open({ headers: districtAdmin });
    const sub = socket.subscribe(REGION_ACTIVITY, { r: jingan, after: edges[2].cursor });
    const ofProject = (e: LiveEvent) => e.activity.project?.id === projectId;
    const replayed = await sub.waitForEvents(ofProject, 2);
    expect(replayed.map((e) => e.activity.id)).toEqual([edges[1].node.id, edges[0].node.id]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sub.events().filter(ofProject)).toHaveLength(2);
    // The next page continues where the first ended, down to the creation.
    const next = await list('first: 3, after: $c', { c: res.data.activity.pageInfo.endCursor });
    expect(next.data.activity.edges.map((e: any) => [e.node.type, e.node.subject.id])).toEqual([
      ['requirement.added', requirements[0]],
      ['project.created', projectId],
    ]);
    expect(next.data.activity.edges.map((e: any) => dbId(e.node.id))).toEqual(table.slice(0, 2).reverse());
    expect(next.data.activity.pageInfo.hasNextPage).toBe(false);
    // And back: the two events newer than the third newest, newest first.
    const back = await list('last: 2, before: $c', { c: edges[2].cursor });
    expect(back.data.activity.edges.map((e: any) => e.node.id)).toEqual([edges[0].node.id, edges[1].node.id]);
    expect(back.data.activity.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  });

  it('filters the activity query by project, acting organization and type', async () => {
    const projectId = await make.project();
    await make.requirement(projectId);
    const byProject = await gql<any>(
      fx.server.graphqlUrl,
      `query($p: ID) { activity(filter: { projectId: $p }) { nodes { type } } }`,
      { p: projectId },
    );
    const types = byProject.data.activity.nodes.map((n: any) => n.type);
    expect([types[0], types.at(-1)]).toEqual(['requirement.added', 'project.created']);
    const jinghu = await lookup(fx.server.graphqlUrl).organization(JINGHU);
    const byOrganization = await gql<any>(
      fx.server.graphqlUrl,
      `query($o: ID) { activity(filter: { organizationId: $o, types: ["resource.published"] }, first: 100) { nodes { type actorOrganization { id } } } }`,
      { o: jinghu },
    );
    expect(byOrganization.data.activity.nodes.length).toBeGreaterThan(0);
    for (const node of byOrganization.data.activity.nodes) {
      expect(node).toEqual({ type: 'resource.published', actorOrganization: { id: jinghu } });
    }
  });
});

describe('transactional announcements', () => {
  it('announces nothing of a mutation that fails half-way, and still what commits after it', async () => {
    // The resource row is written, then the transaction fails: its activity row must not be announced.
    await fx.db.query(`create or replace function fail_on_title() returns trigger language plpgsql as $$
      begin if new.title_en = 'Fails half-way' then raise exception 'injected failure'; end if; return new; end $$`);
    await fx.db.query(
      `create trigger fail_on_title after insert on resource for each row execute function fail_on_title()`,
    );
    try {
      const socket = await open({ headers: districtAdmin });
      const sub = socket.subscribe(REGION_ACTIVITY, { r: jingan });
      await new Promise((resolve) => setTimeout(resolve, 200));
      // An announcement of the failed mutation would name a resource that does not exist.
      const orphans = () =>
        fx.db.query(
          `select a.id from activity a where a.subject_type = 'Resource'
             and not exists (select 1 from resource r where r.id::text = a.subject_id)`,
        );
      const before = await orphans();
      const failed = await gql<any>(
        fx.server.graphqlUrl,
        `mutation($i: PublishResourceInput!) { publishResource(input: $i) { resource { id } } }`,
        {
          i: {
            organizationId: await lookup(fx.server.graphqlUrl).organization(JINGHU),
            kind: 'VOLUNTEER_HOURS',
            unit: 'PERSON_HOUR',
            capacity: 5,
            titleZh: '失败',
            titleEn: 'Fails half-way',
          },
        },
        rep,
      );
      expect(errorCodes(failed)).toEqual(['INTERNAL_SERVER_ERROR']);
      expect(await orphans()).toEqual(before);
      const committed = await make.resource({ titleEn: 'Commits' });
      await sub.waitForEvents(about(committed));
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Everything announced is a committed row of the table, and no resource event lacks its resource.
      const announced = sub.events().map((e) => dbId(e.activity.id));
      const stored = await fx.db.query<{ id: string }>(`select id::text from activity where id = any($1::bigint[])`, [
        announced,
      ]);
      expect(stored.map((r) => r.id).sort()).toEqual([...announced].sort());
      expect(sub.events().filter((e) => e.activity.subjectType === 'Resource' && !e.activity.subject)).toEqual([]);
    } finally {
      await fx.db.query('drop trigger fail_on_title on resource');
    }
  });

  it('never skips an event whose transaction commits after a later one (commit order, not insert order)', async () => {
    const socket = await open({ headers: districtAdmin });
    const sub = socket.subscribe(REGION_ACTIVITY, { r: jingan });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const [early, late] = [new pg.Client(fx.db.url), new pg.Client(fx.db.url)];
    await early.connect();
    await late.connect();
    const insert = (client: pg.Client, type: string) =>
      client.query(
        `insert into activity (type, region_path, subject_type, subject_id)
         select $1, path, 'Region', id from region where code = $2 returning id`,
        [type, JINGAN],
      );
    try {
      // `early` inserts first (the lower id) and stays open while `late` inserts and commits.
      await early.query('begin');
      const lowId = (await insert(early, 'test.early')).rows[0].id;
      await late.query('begin');
      const highId = (await insert(late, 'test.late')).rows[0].id;
      await late.query('commit');
      await new Promise((resolve) => setTimeout(resolve, 400));
      // Held back while the older transaction is open: delivering it now would let a
      // subscriber's cursor pass the early event before it commits.
      const ours =
        (...ids: string[]) =>
        (e: LiveEvent) =>
          ids.includes(dbId(e.activity.id));
      expect(sub.events().filter(ours(lowId, highId))).toEqual([]);
      const listed = await gql<any>(
        fx.server.graphqlUrl,
        `query($r: ID) { activity(filter: { regionId: $r, types: ["test.late"] }, first: 20) { nodes { id } } }`,
        { r: jingan },
      );
      expect(errorCodes(listed)).toEqual([]);
      expect(listed.data.activity.nodes.map((n: any) => dbId(n.id))).not.toContain(highId);
      await early.query('commit');
      const both = await sub.waitForEvents(ours(lowId, highId), 2);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(both.map((e) => dbId(e.activity.id))).toEqual([lowId, highId]);
      expect(sub.events().filter(ours(lowId, highId))).toHaveLength(2);

      // The other interleaving: the transaction that began first inserts last (a higher id)
      // and commits last; both arrive, each once.
      await early.query('begin');
      await early.query('select pg_current_xact_id()');
      await late.query('begin');
      const lateLow = (await insert(late, 'test.late')).rows[0].id;
      const earlyHigh = (await insert(early, 'test.early')).rows[0].id;
      await late.query('commit');
      await early.query('commit');
      await sub.waitForEvents(ours(earlyHigh, lateLow), 2);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(
        sub
          .events()
          .filter(ours(earlyHigh, lateLow))
          .map((e) => dbId(e.activity.id)),
      ).toEqual([earlyHigh, lateLow]);
    } finally {
      await early.end();
      await late.end();
    }
  });
});

describe('who sees account events', () => {
  it('shows invitations only to admins of the organization, live and in the list', async () => {
    const unitAdmin = await sessionHeaders(fx.db, 'unit.admin@cobuild.demo');
    const jinghu = await lookup(fx.server.graphqlUrl).organization(JINGHU);
    const adminSocket = await open({ headers: unitAdmin });
    const repSocket = await open({ headers: rep });
    const adminSub = adminSocket.subscribe(REGION_ACTIVITY, { r: jingan });
    const repSub = repSocket.subscribe(REGION_ACTIVITY, { r: jingan });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const invited = await gql<any>(
      fx.server.graphqlUrl,
      `mutation($i: InviteMemberInput!) { inviteMember(input: $i) { invitation { id } userErrors { code } } }`,
      { i: { organizationId: jinghu, email: `new.${Date.now()}@example.com`, role: 'REPRESENTATIVE' } },
      unitAdmin,
    );
    expect(errorCodes(invited)).toEqual([]);
    expect(invited.data.inviteMember.userErrors).toEqual([]);
    const invitationId = invited.data.inviteMember.invitation.id;
    const resourceId = await make.resource();
    const ours = about(invitationId, resourceId);
    await adminSub.waitForEvents(ours, 2);
    await repSub.waitForEvents(ours);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(
      adminSub
        .events()
        .filter(ours)
        .map((e) => [e.activity.subjectType, e.activity.subject.id]),
    ).toEqual([
      ['Invitation', invitationId],
      ['Resource', resourceId],
    ]);
    expect(
      repSub
        .events()
        .filter(ours)
        .map((e) => e.activity.subject.id),
    ).toEqual([resourceId]);
    expect(repSub.events().filter((e) => ACCOUNT_SUBJECTS.includes(e.activity.subjectType))).toEqual([]);
    const list = (headers: Headers) =>
      gql<any>(
        fx.server.graphqlUrl,
        `query($o: ID) { activity(filter: { organizationId: $o }, first: 100) { nodes { subjectType subject { id } } } }`,
        { o: jinghu },
        headers,
      );
    expect((await list(unitAdmin)).data.activity.nodes.map((n: any) => n.subject?.id)).toContain(invitationId);
    expect((await list(rep)).data.activity.nodes.map((n: any) => n.subjectType)).not.toContain('Invitation');
    expect((await list({})).data.activity.nodes.map((n: any) => n.subjectType)).not.toContain('Invitation');
  });
});

describe('bad input on a subscription', () => {
  it('answers each with a coded error on that subscription; the connection and its other subscriptions carry on', async () => {
    const socket = await open({ headers: districtAdmin });
    const live = socket.subscribe(REGION_ACTIVITY, { r: jingan });
    const projectsCursor = (await gql<any>(fx.server.graphqlUrl, '{ projects(first: 1) { edges { cursor } } }')).data
      .projects.edges[0].cursor;
    const xuhui = await lookup(fx.server.graphqlUrl).region(XUHUI);
    const unknownRegion = Buffer.from('Region:00000000-0000-4000-8000-000000000000').toString('base64url');
    const wrongType = await lookup(fx.server.graphqlUrl).organization(JINGHU);
    const cases: [string, Record<string, unknown>, string][] = [
      [REGION_ACTIVITY, { r: 'garbage' }, 'BAD_USER_INPUT'],
      [REGION_ACTIVITY, { r: wrongType }, 'BAD_USER_INPUT'],
      [REGION_ACTIVITY, { r: unknownRegion }, 'NOT_FOUND'],
      [PROJECT_ACTIVITY, { p: xuhui }, 'BAD_USER_INPUT'],
      [REGION_ACTIVITY, { r: jingan, after: 'not a cursor' }, 'BAD_USER_INPUT'],
      [REGION_ACTIVITY, { r: jingan, after: projectsCursor }, 'BAD_USER_INPUT'],
      [
        REGION_ACTIVITY,
        { r: jingan, after: Buffer.from(JSON.stringify(['Activity', '999999999', '999999999'])).toString('base64url') },
        'BAD_USER_INPUT',
      ],
      [
        REGION_ACTIVITY,
        {
          r: jingan,
          after: Buffer.from(JSON.stringify(['Activity', '1', '99999999999999999999'])).toString('base64url'),
        },
        'BAD_USER_INPUT',
      ],
      [REGION_ACTIVITY, { r: 42 }, 'BAD_USER_INPUT'],
      ['subscription { regionActivity(regionId: "x") { nope } }', {}, 'GRAPHQL_VALIDATION_FAILED'],
      ['subscription { regionActivity(', {}, 'GRAPHQL_PARSE_FAILED'],
    ];
    for (const [query, variables, code] of cases) {
      const sub = socket.subscribe(query, variables);
      await sub.ended();
      const errors = sub.errors ?? sub.results[0]?.errors;
      expect(
        errors?.map((e: any) => e.extensions?.code),
        `${JSON.stringify(variables)} ${query}`,
      ).toEqual([code]);
    }
    // More than 20 subscriptions on one connection.
    const extra = Array.from({ length: 20 }, () => socket.subscribe(REGION_ACTIVITY, { r: jingan }));
    await extra[19].ended();
    expect(extra[19].errors?.map((e: any) => e.extensions.code)).toEqual(['TOO_MANY_SUBSCRIPTIONS']);
    expect(extra.slice(0, 19).every((s) => !s.completed)).toBe(true);
    // The connection still delivers to its first subscription.
    const resourceId = await make.resource();
    const [delivered] = await live.waitForEvents(about(resourceId));
    expect(delivered.activity.subject.id).toBe(resourceId);
  });

  it('refuses a subscription sent over HTTP POST with 405 and a coded message', async () => {
    const res = await fetch(fx.server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `subscription { regionActivity(regionId: "${jingan}") { cursor } }` }),
    });
    expect(res.status).toBe(405);
    const body = (await res.json()) as any;
    expect(body.errors.map((e: any) => e.extensions.code)).toEqual(['BAD_REQUEST']);
    expect(body.errors[0].message).toMatch(/WebSocket/);
  });

  it("runs the README's subscription as written", async () => {
    const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Live updates'));
    const document = /```graphql\n([\s\S]*?)```/.exec(section)![1];
    const socket = await open({ headers: districtAdmin });
    const sub = socket.subscribe(document, { regionId: jingan });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const resourceId = await make.resource({ titleEn: 'From the README' });
    const [event] = await sub.waitForEvents(about(resourceId));
    expect(errored(sub.results)).toEqual([]);
    expect(event.activity).toMatchObject({
      type: 'resource.published',
      subject: { id: resourceId, titleEn: 'From the README', capacity: 1000, committed: 0 },
    });
  });

  it('selects the same event fields from one subscription as from the activity query', async () => {
    const socket = await open({ headers: districtAdmin });
    const sub = socket.subscribe(`subscription($r: ID!) { regionActivity(regionId: $r) { ${EVENT_FIELDS} } }`, {
      r: jingan,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const [event] = await sub.waitForEvents(about(await make.resource()));
    const listed = await gql<any>(
      fx.server.graphqlUrl,
      `query($id: ID!) { node(id: $id) { ... on Activity { id type subjectType actor actorOrganization { nameEn } changes subject { __typename id } project { id progress fillRate } } } }`,
      { id: event.activity.id },
      districtAdmin,
    );
    expect(listed.data.node).toEqual(event.activity);
  });
});

describe('when access changes on an open connection', () => {
  it('closes a subscriber whose own role changes with 4410; it resumes with its new rights', async () => {
    const unitAdmin = await sessionHeaders(fx.db, 'unit.admin@cobuild.demo');
    const me = await gql<any>(fx.server.graphqlUrl, '{ viewer { memberships { id role } } }', {}, rep);
    const membershipId = me.data.viewer.memberships[0].id;
    const setRole = (role: string) =>
      make.run(
        `mutation($i: SetMemberRoleInput!) { setMemberRole(input: $i) { userErrors { field code } } }`,
        { membershipId, role },
        unitAdmin,
        'setMemberRole',
      );
    const socket = await open({ headers: rep });
    const sub = socket.subscribe(REGION_ACTIVITY, { r: jingan });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const seen = await make.resource();
    const [seenEvent] = await sub.waitForEvents(about(seen));
    try {
      await setRole('ADMIN');
      const closed = await socket.closed;
      expect(closed.code).toBe(4410);
      // Reconnected with its cursor, the new admin now sees its organization's account events.
      const again = await open({ headers: rep });
      const resumed = again.subscribe(REGION_ACTIVITY, { r: jingan, after: seenEvent.cursor });
      const [changed] = await resumed.waitForEvents(about(membershipId));
      expect(changed.activity).toMatchObject({ type: 'member.role_changed', subjectType: 'Membership' });
      // The old connection, closed for the change, never carried it.
      expect(
        sub
          .events()
          .filter(about(seen, membershipId))
          .map((e) => e.activity.subject.id),
      ).toEqual([seen]);
    } finally {
      await setRole('REPRESENTATIVE');
    }
  });

  it('closes a subscriber whose token is revoked with 4410, and refuses its next subscription with UNAUTHENTICATED', async () => {
    const unitAdmin = await sessionHeaders(fx.db, 'unit.admin@cobuild.demo');
    const jinghu = await lookup(fx.server.graphqlUrl).organization(JINGHU);
    const created = await make.run(
      `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { apiToken { id } secret userErrors { field code } } }`,
      { organizationId: jinghu, name: 'Short-lived' },
      unitAdmin,
      'createApiToken',
    );
    const socket = await open({ token: created.secret });
    const sub = socket.subscribe(REGION_ACTIVITY, { r: jingan });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await make.run(
      `mutation($i: RevokeApiTokenInput!) { revokeApiToken(input: $i) { userErrors { field code } } }`,
      { apiTokenId: created.apiToken.id },
      unitAdmin,
      'revokeApiToken',
    );
    expect((await socket.closed).code).toBe(4410);
    // Nothing of its own revocation reached it, nor any error.
    expect(sub.events().filter(about(created.apiToken.id))).toEqual([]);
    expect(errored(sub.results)).toEqual([]);
    // Reconnecting with the revoked token is refused at connection_init.
    await expect(LiveSocket.open(fx.server.graphqlUrl, { token: created.secret })).rejects.toThrow(/4403/);
  });

  it('refuses a new subscription after logout on an open connection with UNAUTHENTICATED', async () => {
    const session = await sessionHeaders(fx.db, 'district.admin@cobuild.demo');
    const socket = await open({ headers: session });
    const live = socket.subscribe(REGION_ACTIVITY, { r: jingan });
    await gql(fx.server.graphqlUrl, 'mutation { logout { loggedOut } }', {}, session);
    const refused = socket.subscribe(REGION_ACTIVITY, { r: jingan });
    await refused.ended();
    const errors: any[] = refused.errors ?? refused.results[0]?.errors ?? [];
    expect(errors.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
    expect(live.completed).toBe(false);
  });
});
