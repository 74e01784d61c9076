import { beforeAll, describe, expect, it } from 'vitest';
import { sessionHeaders, type Headers } from '../support/accounts.js';
import { useSeededServer } from '../support/fixtures.js';
import { errorCodes, gql } from '../support/graphql.js';
import { listFactories } from '../support/lists.js';
import { CAOJIADU, COMMUNITY, JINGHU, lookup, SHENJIAN, XUHUI } from '../support/lookup.js';
import { rowCounts } from '../support/row-counts.js';

const fx = useSeededServer('three_lists');
const make = listFactories(fx);
let committee: Headers;
let rep: Headers;
let ids: ReturnType<typeof lookup>;

beforeAll(async () => {
  committee = await make.committeeAdmin();
  rep = await make.representative();
  ids = lookup(fx.server.graphqlUrl);
});

/** Runs a mutation and returns its payload; top-level errors fail the test. */
async function mutate(field: string, document: string, input: Record<string, unknown>, headers: Headers): Promise<any> {
  const res = await gql<any>(fx.server.graphqlUrl, document, { i: input }, headers);
  expect(errorCodes(res), JSON.stringify(res.errors)).toEqual([]);
  return res.data[field];
}

/** Expects exactly one userError with `code` on `field`, and that nothing was written. */
async function refused(
  field: string,
  document: string,
  input: Record<string, unknown>,
  headers: Headers,
  code: string,
  path: string[],
) {
  const before = await rowCounts(fx.db);
  const payload = await mutate(field, document, input, headers);
  expect(payload.userErrors.map((e: { code: string; field: string[] }) => ({ code: e.code, field: e.field }))).toEqual([
    { code, field: path },
  ]);
  expect(await rowCounts(fx.db)).toEqual(before);
}

const node = async (id: string, selection: string) =>
  (await gql<any>(fx.server.graphqlUrl, `query($id: ID!) { node(id: $id) { ... on ${selection} } }`, { id })).data.node;

const REPORT = `mutation($i: ReportNeedInput!) { reportNeed(input: $i) { need { id status titleEn reporter { nameEn } region { code } } userErrors { field code message } } }`;
const UPDATE_NEED = `mutation($i: UpdateNeedInput!) { updateNeed(input: $i) { need { titleEn category } userErrors { field code } } }`;
const SUPPORT = `mutation($i: SupportNeedInput!) { supportNeed(input: $i) { need { supportCount } userErrors { field code } } }`;
const PUBLISH = `mutation($i: PublishResourceInput!) { publishResource(input: $i) { resource { id capacity committed remaining status owner { nameEn } region { code } } userErrors { field code message } } }`;
const UPDATE_RESOURCE = `mutation($i: UpdateResourceInput!) { updateResource(input: $i) { resource { capacity committed remaining } userErrors { field code } } }`;
const RETIRE = `mutation($i: RetireResourceInput!) { retireResource(input: $i) { resource { status } userErrors { field code } } }`;
const COMMIT = `mutation($i: CommitResourceInput!) { commitResource(input: $i) { commitment { id status quantity unit organization { nameEn } resource { committed remaining } requirement { committed open } } userErrors { field code message } } }`;
const MOVE = (name: string) =>
  `mutation($i: CommitmentActionInput!) { ${name}(input: $i) { commitment { status resource { committed } } userErrors { field code } } }`;
const STATUS = `mutation($i: ChangeProjectStatusInput!) { changeProjectStatus(input: $i) { project { status } userErrors { field code } } }`;

describe('needs', () => {
  it('a community committee reports a need for its community or a grid; it starts OPEN', async () => {
    const payload = await mutate(
      'reportNeed',
      REPORT,
      {
        committeeId: await ids.committee(COMMUNITY),
        regionId: await ids.region(`${COMMUNITY}-G01`),
        category: 'ELDERLY_CARE',
        titleZh: '楼道缺少扶手',
        titleEn: 'No handrails in the stairwells',
        descriptionEn: 'Older residents struggle on the stairs.',
      },
      committee,
    );
    expect(payload.userErrors).toEqual([]);
    expect(payload.need).toMatchObject({
      status: 'OPEN',
      titleEn: 'No handrails in the stairwells',
      region: { code: `${COMMUNITY}-G01` },
    });
    const [activity] = await fx.db.query<{ type: string; changes: unknown; actor: string }>(
      `select a.type, a.changes, u.email as actor from activity a join app_user u on u.id = a.actor_user_id where a.type = 'need.reported'`,
    );
    expect(activity).toMatchObject({
      type: 'need.reported',
      actor: 'community.admin@cobuild.demo',
      changes: { titleEn: { before: null, after: 'No handrails in the stairwells' } },
    });
  });

  it('refuses regions outside the committee or above community level, and non-committees', async () => {
    const base = { committeeId: await ids.committee(COMMUNITY), category: 'HEALTH', titleZh: '需求', titleEn: 'Need' };
    await refused(
      'reportNeed',
      REPORT,
      { ...base, regionId: await ids.region('310104001001') },
      committee,
      'INVALID_REGION',
      ['input', 'regionId'],
    );
    const district = await sessionHeaders(fx.db, 'district.admin@cobuild.demo');
    await refused(
      'reportNeed',
      REPORT,
      { ...base, committeeId: await ids.committee('310106'), regionId: await ids.region(CAOJIADU) },
      district,
      'INVALID_REGION',
      ['input', 'regionId'],
    );
    await refused(
      'reportNeed',
      REPORT,
      { ...base, committeeId: await ids.organization(JINGHU), regionId: await ids.region(COMMUNITY) },
      rep,
      'INVALID',
      ['input', 'committeeId'],
    );
    await refused(
      'reportNeed',
      REPORT,
      { ...base, regionId: await ids.region(COMMUNITY), titleEn: 'x'.repeat(201) },
      committee,
      'TOO_LONG',
      ['input', 'titleEn'],
    );
  });

  it('is updated by its committee or one above, with before/after in the activity', async () => {
    const needId = await make.need();
    const district = await sessionHeaders(fx.db, 'district.admin@cobuild.demo');
    const payload = await mutate(
      'updateNeed',
      UPDATE_NEED,
      { needId, titleEn: 'Shade on the riverside path', category: 'ENVIRONMENT' },
      district,
    );
    expect(payload).toEqual({
      need: { titleEn: 'Shade on the riverside path', category: 'ENVIRONMENT' },
      userErrors: [],
    });
    const [row] = await fx.db.query<{ changes: Record<string, unknown> }>(
      `select changes from activity where type = 'need.updated' order by id desc limit 1`,
    );
    expect(row.changes).toMatchObject({
      category: { before: 'GREEN_SPACE', after: 'ENVIRONMENT' },
      titleEn: { after: 'Shade on the riverside path' },
    });
  });

  it('counts a title’s length as the database does: emoji with a variation selector are two characters', async () => {
    const needId = await make.need();
    // 200 emoji with their variation selector: 400 characters for PostgreSQL's varchar(200).
    await refused('updateNeed', UPDATE_NEED, { needId, titleZh: '😀\uFE0F'.repeat(200) }, committee, 'TOO_LONG', [
      'input',
      'titleZh',
    ]);
    expect(
      await mutate(
        'updateNeed',
        UPDATE_NEED,
        { needId, titleZh: '😀\uFE0F'.repeat(100), titleEn: 'Smiles' },
        committee,
      ),
    ).toMatchObject({
      userErrors: [],
    });
  });

  it('is supported once per organization', async () => {
    const needId = await make.need();
    const input = { needId, organizationId: await ids.organization(JINGHU) };
    expect(await mutate('supportNeed', SUPPORT, input, rep)).toEqual({ need: { supportCount: 1 }, userErrors: [] });
    await refused('supportNeed', SUPPORT, input, rep, 'ALREADY_SUPPORTED', ['input', 'organizationId']);
    expect((await node(needId, 'Need { supportCount }')).supportCount).toBe(1);
  });

  it('says which needs an organization supports: per need, and as a filter of the list', async () => {
    const [supported, other] = [await make.need(), await make.need()];
    const jinghu = await ids.organization(JINGHU);
    await mutate('supportNeed', SUPPORT, { needId: supported, organizationId: jinghu }, rep);
    const read = async (id: string, org = jinghu) =>
      (
        await gql<any>(
          fx.server.graphqlUrl,
          `query($id: ID!, $org: ID!) { node(id: $id) { ... on Need { supportedBy(organizationId: $org) } } }`,
          { id, org },
        )
      ).data.node.supportedBy;
    expect([await read(supported), await read(other)]).toEqual([true, false]);
    const list = await gql<any>(
      fx.server.graphqlUrl,
      `query($org: ID!) { needs(first: 100, filter: { supportedById: $org }) { nodes { id } } }`,
      { org: jinghu },
    );
    const listed = list.data.needs.nodes.map((n: { id: string }) => n.id);
    expect(listed).toContain(supported);
    expect(listed).not.toContain(other);
    const wrong = await gql<any>(fx.server.graphqlUrl, `{ needs(filter: { supportedById: "nope" }) { totalCount } }`);
    expect(errorCodes(wrong)).toEqual(['BAD_USER_INPUT']);
    // Per need, an ID that names no organization supports nothing (no error: a mutation's payload
    // may ask, and an error there would read as a refusal of a write that was done).
    expect(await read(supported, 'nope')).toBe(false);
    expect(await read(supported, supported)).toBe(false);
  });
});

describe('resources', () => {
  it('a representative publishes a resource; remaining = capacity − committed', async () => {
    const payload = await mutate(
      'publishResource',
      PUBLISH,
      {
        organizationId: await ids.organization(JINGHU),
        kind: 'VENUE',
        unit: 'SESSION',
        capacity: 12,
        titleZh: '二楼会议室',
        titleEn: 'Second-floor meeting room',
        availableFrom: '2026-12-01',
        availableUntil: '2027-06-30',
      },
      rep,
    );
    expect(payload.userErrors).toEqual([]);
    expect(payload.resource).toMatchObject({
      capacity: 12,
      committed: 0,
      remaining: 12,
      status: 'ACTIVE',
      owner: { nameEn: JINGHU },
      region: { code: COMMUNITY },
    });
  });

  it('refuses a unit that does not fit the kind, a zero capacity, reversed dates, a region outside the owner’s', async () => {
    const base = {
      organizationId: await ids.organization(JINGHU),
      kind: 'FUNDS',
      unit: 'YUAN',
      capacity: 1000,
      titleZh: '基金',
      titleEn: 'Fund',
    };
    await refused('publishResource', PUBLISH, { ...base, unit: 'HOUR' }, rep, 'UNIT_MISMATCH', ['input', 'unit']);
    await refused('publishResource', PUBLISH, { ...base, capacity: 0 }, rep, 'INVALID', ['input', 'capacity']);
    await refused('publishResource', PUBLISH, { ...base, capacity: -5 }, rep, 'INVALID', ['input', 'capacity']);
    await refused(
      'publishResource',
      PUBLISH,
      { ...base, availableFrom: '2027-01-02', availableUntil: '2027-01-01' },
      rep,
      'INVALID_DATES',
      ['input', 'availableUntil'],
    );
    // A resource lies in its owner's region or below it, not in another district.
    await refused('publishResource', PUBLISH, { ...base, regionId: await ids.region(XUHUI) }, rep, 'INVALID_REGION', [
      'input',
      'regionId',
    ]);
  });

  it('capacity may not drop below what is committed; a retired resource takes no commitments', async () => {
    const resourceId = await make.resource({ capacity: 100 });
    const requirementId = await make.requirement(await make.project());
    const committed = await mutate(
      'commitResource',
      COMMIT,
      { requirementId, organizationId: await ids.organization(JINGHU), quantity: 40, unit: 'PERSON_HOUR', resourceId },
      rep,
    );
    expect(committed.commitment.resource).toEqual({ committed: 40, remaining: 60 });
    await refused('updateResource', UPDATE_RESOURCE, { resourceId, capacity: 39 }, rep, 'CAPACITY_BELOW_COMMITTED', [
      'input',
      'capacity',
    ]);
    expect(await mutate('updateResource', UPDATE_RESOURCE, { resourceId, capacity: 40 }, rep)).toEqual({
      resource: { capacity: 40, committed: 40, remaining: 0 },
      userErrors: [],
    });
    expect(await mutate('updateResource', UPDATE_RESOURCE, { resourceId, capacity: 150 }, rep)).toEqual({
      resource: { capacity: 150, committed: 40, remaining: 110 },
      userErrors: [],
    });
    expect((await mutate('retireResource', RETIRE, { resourceId }, rep)).resource.status).toBe('RETIRED');
    await refused(
      'commitResource',
      COMMIT,
      { requirementId, organizationId: await ids.organization(JINGHU), quantity: 1, unit: 'PERSON_HOUR', resourceId },
      rep,
      'RESOURCE_RETIRED',
      ['input', 'resourceId'],
    );
  });
});

describe('projects and commitments', () => {
  it('run from pledge to delivery; requirement, resource and fill rate follow', async () => {
    const needId = await make.need();
    const projectId = await make.project({ needIds: [needId] });
    const requirementId = await make.requirement(projectId, { quantity: 50 });
    const resourceId = await make.resource({ capacity: 100 });
    const jinghu = await ids.organization(JINGHU);
    const start = await node(
      projectId,
      'Project { status fillRate participants { nodes { role organization { nameEn } } } needs { id } }',
    );
    expect(start).toMatchObject({
      status: 'PROPOSED',
      fillRate: 0,
      needs: [{ id: needId }],
      participants: { nodes: [{ role: 'LEAD' }] },
    });

    const pledge = await mutate(
      'commitResource',
      COMMIT,
      { requirementId, organizationId: jinghu, quantity: 30, unit: 'PERSON_HOUR', resourceId, note: '周末两场' },
      rep,
    );
    expect(pledge.userErrors).toEqual([]);
    expect(pledge.commitment).toMatchObject({
      status: 'PLEDGED',
      quantity: 30,
      unit: 'PERSON_HOUR',
      organization: { nameEn: JINGHU },
      resource: { committed: 30, remaining: 70 },
      requirement: { committed: 30, open: 20 },
    });
    const joined = await node(
      projectId,
      'Project { fillRate participants { nodes { role status organization { nameEn } } } }',
    );
    expect(joined.fillRate).toBeCloseTo(0.6);
    expect(joined.participants.nodes).toContainEqual({
      role: 'PARTNER',
      status: 'ACTIVE',
      organization: { nameEn: JINGHU },
    });

    const id = pledge.commitment.id;
    expect(
      (await mutate('confirmCommitment', MOVE('confirmCommitment'), { commitmentId: id }, committee)).commitment.status,
    ).toBe('CONFIRMED');
    await make.startedProject(projectId);
    expect((await mutate('markDelivered', MOVE('markDelivered'), { commitmentId: id }, rep)).commitment.status).toBe(
      'DELIVERED',
    );
    expect(await node(requirementId, 'Requirement { committed delivered open }')).toEqual({
      committed: 30,
      delivered: 30,
      open: 20,
    });
    await refused('withdrawCommitment', MOVE('withdrawCommitment'), { commitmentId: id }, rep, 'INVALID_TRANSITION', [
      'input',
      'commitmentId',
    ]);

    const second = await mutate(
      'commitResource',
      COMMIT,
      { requirementId, organizationId: jinghu, quantity: 20, unit: 'PERSON_HOUR', resourceId },
      rep,
    );
    expect(second.commitment.resource).toEqual({ committed: 50, remaining: 50 });
    const withdrawn = await mutate(
      'withdrawCommitment',
      MOVE('withdrawCommitment'),
      { commitmentId: second.commitment.id },
      rep,
    );
    expect(withdrawn.commitment).toEqual({ status: 'WITHDRAWN', resource: { committed: 30 } });
    await refused(
      'withdrawCommitment',
      MOVE('withdrawCommitment'),
      { commitmentId: second.commitment.id },
      rep,
      'INVALID_TRANSITION',
      ['input', 'commitmentId'],
    );
    expect(await node(resourceId, 'Resource { committed remaining }')).toEqual({ committed: 30, remaining: 70 });
    const types = await fx.db.query<{ type: string }>(
      `select type from activity where project_id = (select project_id from requirement where title_en = 'Volunteering' and quantity = 50 limit 1) order by id`,
    );
    expect(types.map((t) => t.type)).toEqual([
      'project.created',
      'requirement.added',
      'participant.joined',
      'commitment.pledged',
      'commitment.confirmed',
      // Consultation (the lead committee and Jinghu Water support it), approval, start.
      'project.status_changed',
      'comment.posted',
      'position.recorded',
      'comment.posted',
      'position.recorded',
      'project.status_changed',
      'project.status_changed',
      'commitment.delivered',
      'commitment.pledged',
      'commitment.withdrawn',
    ]);
  });

  it('refuses bad commitments with a userError and writes nothing', async () => {
    const projectId = await make.project();
    const requirementId = await make.requirement(projectId, { quantity: 10 });
    const small = await make.resource({ capacity: 5 });
    const funds = await make.resource({ kind: 'FUNDS', unit: 'YUAN', capacity: 1000 });
    const jinghu = await ids.organization(JINGHU);
    const shenjianResources = await gql<any>(
      fx.server.graphqlUrl,
      `query($o: ID) { resources(filter: { ownerId: $o }) { nodes { id } } }`,
      { o: await ids.organization(SHENJIAN) },
    );
    const base = { requirementId, organizationId: jinghu, quantity: 3, unit: 'PERSON_HOUR' };
    await refused('commitResource', COMMIT, { ...base, quantity: 0 }, rep, 'INVALID', ['input', 'quantity']);
    await refused('commitResource', COMMIT, { ...base, quantity: -4 }, rep, 'INVALID', ['input', 'quantity']);
    await refused('commitResource', COMMIT, { ...base, unit: 'YUAN' }, rep, 'UNIT_MISMATCH', ['input', 'unit']);
    await refused('commitResource', COMMIT, { ...base, resourceId: small, quantity: 6 }, rep, 'INSUFFICIENT_CAPACITY', [
      'input',
      'quantity',
    ]);
    await refused('commitResource', COMMIT, { ...base, resourceId: funds }, rep, 'RESOURCE_MISMATCH', [
      'input',
      'resourceId',
    ]);
    await refused(
      'commitResource',
      COMMIT,
      { ...base, resourceId: shenjianResources.data.resources.nodes[0].id },
      rep,
      'NOT_OWN_RESOURCE',
      ['input', 'resourceId'],
    );
    await refused('commitResource', COMMIT, { ...base, note: 'n'.repeat(5001) }, rep, 'TOO_LONG', ['input', 'note']);
    await refused(
      'commitResource',
      COMMIT,
      { ...base, requirementId: Buffer.from('Requirement:01900000-0000-7000-8000-000000000000').toString('base64url') },
      rep,
      'NOT_FOUND',
      ['input', 'requirementId'],
    );
    const garbage = await gql(fx.server.graphqlUrl, COMMIT, { i: { ...base, requirementId: 'garbage' } }, rep);
    expect(errorCodes(garbage)).toEqual(['BAD_USER_INPUT']);
    expect(await node(small, 'Resource { committed }')).toEqual({ committed: 0 });
  });

  it('follow the lifecycle: needs become MATCHED and RESOLVED, closed projects take no commitments', async () => {
    const needId = await make.need();
    const projectId = await make.project({ needIds: [needId] });
    const requirementId = await make.requirement(projectId);
    await refused(
      'changeProjectStatus',
      STATUS,
      { projectId, status: 'IN_PROGRESS' },
      committee,
      'INVALID_TRANSITION',
      ['input', 'status'],
    );
    await make.approvedProject(projectId);
    expect((await node(projectId, 'Project { status }')).status).toBe('APPROVED');
    expect((await node(needId, 'Need { status }')).status).toBe('OPEN');
    await mutate('changeProjectStatus', STATUS, { projectId, status: 'IN_PROGRESS' }, committee);
    expect((await node(needId, 'Need { status }')).status).toBe('MATCHED');
    await mutate('changeProjectStatus', STATUS, { projectId, status: 'COMPLETED' }, committee);
    expect(await node(needId, 'Need { status projects { status } }')).toEqual({
      status: 'RESOLVED',
      projects: [{ status: 'COMPLETED' }],
    });
    const changes = await fx.db.query<{ changes: unknown }>(
      `select changes from activity where type = 'need.status_changed' and subject_id = $1 order by id`,
      [Buffer.from(needId, 'base64url').toString().split(':')[1]],
    );
    expect(changes.map((c) => c.changes)).toEqual([
      { status: { before: 'OPEN', after: 'MATCHED' } },
      { status: { before: 'MATCHED', after: 'RESOLVED' } },
    ]);
    await refused(
      'commitResource',
      COMMIT,
      { requirementId, organizationId: await ids.organization(JINGHU), quantity: 1, unit: 'PERSON_HOUR' },
      rep,
      'PROJECT_CLOSED',
      ['input', 'requirementId'],
    );
    await refused('changeProjectStatus', STATUS, { projectId, status: 'CANCELLED' }, committee, 'INVALID_TRANSITION', [
      'input',
      'status',
    ]);

    const cancelled = await make.project();
    const cancelledRequirement = await make.requirement(cancelled);
    await mutate('changeProjectStatus', STATUS, { projectId: cancelled, status: 'CANCELLED' }, committee);
    await refused(
      'commitResource',
      COMMIT,
      {
        requirementId: cancelledRequirement,
        organizationId: await ids.organization(JINGHU),
        quantity: 1,
        unit: 'PERSON_HOUR',
      },
      rep,
      'PROJECT_CLOSED',
      ['input', 'requirementId'],
    );
  });

  it('participants: invited, joined, cannot leave with open commitments; the lead never leaves', async () => {
    const projectId = await make.project();
    const jinghu = await ids.organization(JINGHU);
    const PARTICIPATE = (name: string) =>
      `mutation($i: ParticipationInput!) { ${name}(input: $i) { participant { status role } userErrors { field code } } }`;
    expect(
      (
        await mutate(
          'inviteParticipant',
          PARTICIPATE('inviteParticipant'),
          { projectId, organizationId: jinghu },
          committee,
        )
      ).participant,
    ).toEqual({ status: 'INVITED', role: 'PARTNER' });
    expect(
      (await mutate('joinProject', PARTICIPATE('joinProject'), { projectId, organizationId: jinghu }, rep)).participant,
    ).toEqual({ status: 'ACTIVE', role: 'PARTNER' });
    await refused(
      'joinProject',
      PARTICIPATE('joinProject'),
      { projectId, organizationId: jinghu },
      rep,
      'ALREADY_PARTICIPANT',
      ['input', 'projectId'],
    );
    const requirementId = await make.requirement(projectId);
    const pledge = await mutate(
      'commitResource',
      COMMIT,
      { requirementId, organizationId: jinghu, quantity: 2, unit: 'PERSON_HOUR' },
      rep,
    );
    await refused(
      'leaveProject',
      PARTICIPATE('leaveProject'),
      { projectId, organizationId: jinghu },
      rep,
      'HAS_ACTIVE_COMMITMENTS',
      ['input', 'organizationId'],
    );
    await mutate('withdrawCommitment', MOVE('withdrawCommitment'), { commitmentId: pledge.commitment.id }, rep);
    expect(
      (await mutate('leaveProject', PARTICIPATE('leaveProject'), { projectId, organizationId: jinghu }, rep))
        .participant.status,
    ).toBe('LEFT');
    await refused(
      'leaveProject',
      PARTICIPATE('leaveProject'),
      { projectId, organizationId: await ids.committee(COMMUNITY) },
      committee,
      'LEAD_CANNOT_LEAVE',
      ['input', 'organizationId'],
    );
  });

  it('a project may only serve its committee’s region and answer needs there', async () => {
    const CREATE = `mutation($i: CreateProjectInput!) { createProject(input: $i) { project { id } userErrors { field code } } }`;
    const base = {
      committeeId: await ids.committee(COMMUNITY),
      regionId: await ids.region(COMMUNITY),
      category: 'HEALTH',
      titleZh: '项目',
      titleEn: 'Project',
    };
    await refused(
      'createProject',
      CREATE,
      { ...base, regionId: await ids.region(XUHUI) },
      committee,
      'INVALID_REGION',
      ['input', 'regionId'],
    );
    await refused(
      'createProject',
      CREATE,
      { ...base, startsOn: '2027-05-01', endsOn: '2027-04-01' },
      committee,
      'INVALID_DATES',
      ['input', 'endsOn'],
    );
    const xuhuiNeed = await fx.db.query<{ id: string }>(
      `select n.id from need n join region r on r.id = n.region_id where r.path like '/310000/310104/%' limit 1`,
    );
    const foreign = Buffer.from(`Need:${xuhuiNeed[0].id}`).toString('base64url');
    await refused('createProject', CREATE, { ...base, needIds: [foreign] }, committee, 'INVALID_REGION', [
      'input',
      'needIds',
    ]);
  });
});

describe('an organization’s commitments', () => {
  it('are listed across its projects, newest first, and by status', async () => {
    const jinghu = await ids.organization(JINGHU);
    const first = await make.commitment({ quantity: 2 });
    const second = await make.commitment({ quantity: 3 });
    await make.run(
      `mutation($i: CommitmentActionInput!) { withdrawCommitment(input: $i) { commitment { id } userErrors { field code } } }`,
      { commitmentId: first },
      rep,
      'withdrawCommitment',
    );
    const list = async (status?: string) =>
      (
        await gql<any>(
          fx.server.graphqlUrl,
          `query($o: ID!, $s: CommitmentStatus) { node(id: $o) { ... on Organization {
            commitments(first: 100, status: $s) { totalCount nodes { id status quantity project { id } } } } } }`,
          { o: jinghu, s: status },
        )
      ).data.node.commitments;
    const all = await list();
    const [{ n }] = await fx.db.query<{ n: number }>(
      `select count(*)::int as n from commitment where organization_id = (select id from organization where name_en = $1)`,
      [JINGHU],
    );
    expect(all.totalCount).toBe(n);
    expect(all.nodes.slice(0, 2).map((c: { id: string }) => c.id)).toEqual([second, first]);
    const withdrawn = await list('WITHDRAWN');
    expect(withdrawn.nodes.map((c: { id: string }) => c.id)).toContain(first);
    expect(withdrawn.nodes.every((c: { status: string }) => c.status === 'WITHDRAWN')).toBe(true);
    expect((await list('PLEDGED')).nodes.map((c: { id: string }) => c.id)).toContain(second);
  });
});
