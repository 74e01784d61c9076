import { expect } from 'vitest';
import { sessionHeaders, type Headers } from './accounts.js';
import type { ServerFixture } from './fixtures.js';
import { errorCodes, gql } from './graphql.js';
import { COMMUNITY, JINGHU, lookup } from './lookup.js';

/**
 * Factories for the three lists through the API, as the people of the demo would create
 * them: the community committee's admin reports needs and runs projects, Jinghu Water's
 * representative publishes and commits resources.
 */
export function listFactories(fx: ServerFixture) {
  const url = () => fx.server.graphqlUrl;
  const ids = () => lookup(url());
  let n = 0;
  const next = () => ++n;

  async function run<T = any>(
    document: string,
    input: Record<string, unknown>,
    headers: Headers,
    field: string,
  ): Promise<T> {
    const res = await gql<any>(url(), document, { i: input }, headers);
    expect(errorCodes(res), JSON.stringify(res.errors)).toEqual([]);
    expect(res.data[field].userErrors, field).toEqual([]);
    return res.data[field];
  }

  return {
    committeeAdmin: () => sessionHeaders(fx.db, 'community.admin@cobuild.demo'),
    representative: () => sessionHeaders(fx.db, 'rep.water@cobuild.demo'),
    run,
    async need(overrides: Record<string, unknown> = {}): Promise<string> {
      const k = next();
      const out = await run(
        `mutation($i: ReportNeedInput!) { reportNeed(input: $i) { need { id } userErrors { field code } } }`,
        {
          committeeId: await ids().committee(COMMUNITY),
          regionId: await ids().region(COMMUNITY),
          category: 'GREEN_SPACE',
          titleZh: `需求${k}`,
          titleEn: `Need ${k}`,
          ...overrides,
        },
        await this.committeeAdmin(),
        'reportNeed',
      );
      return out.need.id;
    },
    async project(overrides: Record<string, unknown> = {}): Promise<string> {
      const k = next();
      const out = await run(
        `mutation($i: CreateProjectInput!) { createProject(input: $i) { project { id } userErrors { field code } } }`,
        {
          committeeId: await ids().committee(COMMUNITY),
          regionId: await ids().region(COMMUNITY),
          category: 'GREEN_SPACE',
          titleZh: `项目${k}`,
          titleEn: `Project ${k}`,
          ...overrides,
        },
        await this.committeeAdmin(),
        'createProject',
      );
      return out.project.id;
    },
    async requirement(projectId: string, overrides: Record<string, unknown> = {}): Promise<string> {
      const out = await run(
        `mutation($i: AddRequirementInput!) { addRequirement(input: $i) { requirement { id } userErrors { field code } } }`,
        {
          projectId,
          kind: 'VOLUNTEER_HOURS',
          unit: 'PERSON_HOUR',
          quantity: 1000,
          titleZh: '志愿服务',
          titleEn: 'Volunteering',
          ...overrides,
        },
        await this.committeeAdmin(),
        'addRequirement',
      );
      return out.requirement.id;
    },
    async resource(overrides: Record<string, unknown> = {}): Promise<string> {
      const k = next();
      const out = await run(
        `mutation($i: PublishResourceInput!) { publishResource(input: $i) { resource { id } userErrors { field code } } }`,
        {
          organizationId: await ids().organization(JINGHU),
          kind: 'VOLUNTEER_HOURS',
          unit: 'PERSON_HOUR',
          capacity: 1000,
          titleZh: `志愿时${k}`,
          titleEn: `Hours ${k}`,
          ...overrides,
        },
        await this.representative(),
        'publishResource',
      );
      return out.resource.id;
    },
    /** A pledge of Jinghu Water (1 person-hour, no resource) to a new project's requirement. */
    async commitment(overrides: Record<string, unknown> = {}): Promise<string> {
      const requirementId = overrides.requirementId ?? (await this.requirement(await this.project()));
      const out = await run(
        `mutation($i: CommitResourceInput!) { commitResource(input: $i) { commitment { id } userErrors { field code } } }`,
        {
          requirementId,
          organizationId: await ids().organization(JINGHU),
          quantity: 1,
          unit: 'PERSON_HOUR',
          ...overrides,
        },
        await this.representative(),
        'commitResource',
      );
      return out.commitment.id;
    },
    /** Moves a project of the community committee's admin (who leads it) to `status`. */
    async moveProject(projectId: string, status: string): Promise<void> {
      await run(
        `mutation($i: ChangeProjectStatusInput!) { changeProjectStatus(input: $i) { project { id } userErrors { field code message } } }`,
        { projectId, status },
        await this.committeeAdmin(),
        'changeProjectStatus',
      );
    },
    /** States a position on a project for an organization (the lead committee by default). */
    async position(projectId: string, stance = 'SUPPORT', organizationId?: string, headers?: Headers): Promise<string> {
      const out = await run(
        `mutation($i: RecordPositionInput!) { recordPosition(input: $i) { position { id } userErrors { field code message } } }`,
        {
          projectId,
          organizationId: organizationId ?? (await ids().committee(COMMUNITY)),
          stance,
          reason: `${stance} for the record`,
        },
        headers ?? (await this.committeeAdmin()),
        'recordPosition',
      );
      return out.position.id;
    },
    /**
     * A project taken through consultation to APPROVED: the lead committee supports it, and so
     * does Jinghu Water when it takes part (the default rule needs a majority); `projectId` for
     * one made before, else a new one.
     */
    async approvedProject(projectId?: string): Promise<string> {
      const id = projectId ?? (await this.project());
      await this.moveProject(id, 'CONSULTING');
      await this.position(id);
      const jinghu = await ids().organization(JINGHU);
      const res = await gql<any>(
        url(),
        `query($id: ID!) { node(id: $id) { ... on Project { participants(first: 100) { nodes { status organization { id } } } } } }`,
        { id },
      );
      if (res.data.node.participants.nodes.some((p: any) => p.status === 'ACTIVE' && p.organization.id === jinghu)) {
        await this.position(id, 'SUPPORT', jinghu, await this.representative());
      }
      await this.moveProject(id, 'APPROVED');
      return id;
    },
    /** A project taken to IN_PROGRESS (see approvedProject), where deliveries happen. */
    async startedProject(projectId?: string): Promise<string> {
      const id = await this.approvedProject(projectId);
      await this.moveProject(id, 'IN_PROGRESS');
      return id;
    },
    /** A pledge of Jinghu Water (1 person-hour) to a project in progress, confirmed by the lead. */
    async confirmedCommitment(): Promise<string> {
      const requirementId = await this.requirement(await this.startedProject());
      const id = await this.commitment({ requirementId });
      await run(
        `mutation($i: CommitmentActionInput!) { confirmCommitment(input: $i) { commitment { id } userErrors { field code } } }`,
        { commitmentId: id },
        await this.committeeAdmin(),
        'confirmCommitment',
      );
      return id;
    },
    /** A new project of the community committee that Jinghu Water has joined. */
    async joinedProject(): Promise<string> {
      const projectId = await this.project();
      await run(
        `mutation($i: ParticipationInput!) { joinProject(input: $i) { participant { id } userErrors { field code } } }`,
        { projectId, organizationId: await ids().organization(JINGHU) },
        await this.representative(),
        'joinProject',
      );
      return projectId;
    },
  };
}
