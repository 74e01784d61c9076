import type { EntityManager } from '@mikro-orm/postgresql';
import { Category, QuantityUnit, ResourceKind } from '../modules/common/enums.js';
import { uuidv7 } from '../modules/common/uuid.js';
import { OrganizationKind, Sector } from '../modules/organization/organization.entity.js';
import { ProjectStatus } from '../modules/project/project.entity.js';
import { CommitmentStatus } from '../modules/commitment/commitment.entity.js';
import { Region, RegionLevel } from '../modules/region/region.entity.js';
import { seedDemoIfEmpty } from './demo-seed.js';

export interface VolumeOptions {
  organizations: number;
  projects: number;
  commitments: number;
  /** Seed of the pseudo-random generator, so runs are repeatable. */
  seed?: number;
}

export interface VolumeResult extends VolumeOptions {
  /** VOLUME_SEED_VERSION of the code that seeded. */
  version: number;
  participants: number;
  requirements: number;
  resources: number;
  milestones: number;
  milliseconds: number;
}

/**
 * Bumped whenever what the volume seed writes changes, so a benchmark database seeded by an
 * older version is recognised as stale (`pnpm bench` reseeds it).
 */
export const VOLUME_SEED_VERSION = 2;

type Column = [name: string, pgType: string];

/**
 * Inserts rows in chunks, each chunk one `INSERT … SELECT FROM json_to_recordset($1)`
 * statement: one bound parameter however many rows.
 */
async function insertRows(em: EntityManager, table: string, columns: Column[], rows: unknown[][]): Promise<void> {
  const chunk = 5_000;
  const names = columns.map(([n]) => `"${n}"`).join(', ');
  const types = columns.map(([n, t]) => `"${n}" ${t}`).join(', ');
  const conn = em.getConnection();
  for (let start = 0; start < rows.length; start += chunk) {
    const records = rows.slice(start, start + chunk).map((r) => Object.fromEntries(columns.map(([n], i) => [n, r[i]])));
    await conn.execute(
      `insert into "${table}" (${names}) select ${names} from json_to_recordset(?::json) as r(${types})`,
      [JSON.stringify(records)],
    );
  }
}

/** Small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Steps a volume project may plan, in order; a project takes a run of them. */
const MILESTONE_STEPS: readonly [zh: string, en: string][] = [
  ['居民需求征询', 'Residents’ needs survey'],
  ['方案设计', 'Plan design'],
  ['共建单位资源对接', 'Matching partner resources'],
  ['居民议事会审议', 'Residents’ council review'],
  ['实施第一阶段', 'Implementation, first phase'],
  ['实施第二阶段', 'Implementation, second phase'],
  ['中期评估', 'Mid-term review'],
  ['竣工验收', 'Completion and handover'],
];

const DAY_MS = 86_400_000;

/**
 * Progress of the `index`-th of `count` milestones, consistent with the project's status:
 * nothing done before approval (PROPOSED almost always 0), earlier steps done first while
 * under way, everything done once COMPLETED.
 */
function milestoneProgress(status: ProjectStatus, index: number, count: number, stage: number): number {
  switch (status) {
    case ProjectStatus.COMPLETED:
      return 100;
    case ProjectStatus.PROPOSED:
    case ProjectStatus.CONSULTING:
    case ProjectStatus.APPROVED:
      // `stage` is the progress of the first step (0 for most proposed projects).
      return index === 0 ? stage : 0;
    case ProjectStatus.IN_PROGRESS:
    case ProjectStatus.CANCELLED: {
      // `stage` in [0, 1): how far along the plan the project got.
      const done = stage * count;
      if (index + 1 <= done) return 100;
      if (index < done) return Math.round((done - index) * 100);
      return 0;
    }
  }
}

/**
 * Adds benchmark volume on top of the demo data: work units spread over the communities,
 * projects led by committees, three requirements and a few partners per project, commitments
 * drawn from the partners' resources (never beyond capacity), and up to five milestones per
 * project with progress that fits its status.
 */
export async function seedVolume(em: EntityManager, options: VolumeOptions): Promise<VolumeResult> {
  const started = Date.now();
  await seedDemoIfEmpty(em.fork());
  const rnd = random(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const regions = await em.fork().find(Region, { level: { $ne: RegionLevel.GRID } });
  const communities = regions.filter((r) => r.level === RegionLevel.COMMUNITY);
  const committeeRows: Record<string, unknown>[] = await em
    .getConnection()
    .execute(`select o.id, r.path from organization o join region r on r.id = o.region_id where o.kind = 'COMMITTEE'`);
  const committees = committeeRows.map((r) => ({ id: String(r.id), path: String(r.path) }));
  const regionByPath = new Map(regions.map((r) => [r.path, r]));
  const regionsUnder = (path: string) => regions.filter((r) => r.path.startsWith(path));
  const sectors = Object.values(Sector);
  const categories = Object.values(Category);
  const statuses = Object.values(ProjectStatus);
  const kinds: [ResourceKind, QuantityUnit][] = [
    [ResourceKind.VOLUNTEER_HOURS, QuantityUnit.PERSON_HOUR],
    [ResourceKind.FUNDS, QuantityUnit.YUAN],
    [ResourceKind.VENUE, QuantityUnit.SESSION],
    [ResourceKind.EQUIPMENT, QuantityUnit.ITEM],
    [ResourceKind.EXPERTISE, QuantityUnit.HOUR],
  ];

  const orgs: { id: string; regionId: string; resourceIds: string[] }[] = [];
  const orgRows: unknown[][] = [];
  const resourceRows: unknown[][] = [];
  for (let i = 0; i < options.organizations; i++) {
    const region = pick(communities);
    const id = uuidv7();
    const n = i + 1;
    orgRows.push([id, OrganizationKind.WORK_UNIT, pick(sectors), `共建单位${n}号`, `Partner Unit No. ${n}`, region.id]);
    // One resource of each kind, large enough that the commitments below never exhaust it.
    const resourceIds = kinds.map(([kind, unit]) => {
      const rid = uuidv7();
      resourceRows.push([rid, `单位${n}的${kind}`, `${kind} of unit ${n}`, kind, unit, 1_000_000, id, region.id]);
      return rid;
    });
    orgs.push({ id, regionId: region.id, resourceIds });
  }
  await insertRows(
    em,
    'organization',
    [
      ['id', 'uuid'],
      ['kind', 'text'],
      ['sector', 'text'],
      ['name_zh', 'varchar'],
      ['name_en', 'varchar'],
      ['region_id', 'uuid'],
    ],
    orgRows,
  );

  const projectRows: unknown[][] = [];
  const participantRows: unknown[][] = [];
  const requirementRows: unknown[][] = [];
  const projects: { id: string; partners: number[]; requirements: { id: string; kind: number; open: number }[] }[] = [];
  for (let i = 0; i < options.projects; i++) {
    const lead = pick(committees);
    const region = pick(regionsUnder(lead.path)) ?? regionByPath.get(lead.path)!;
    const id = uuidv7();
    const n = i + 1;
    projectRows.push([
      id,
      `共建项目${n}`,
      `Co-building project ${n}`,
      pick(categories),
      pick(statuses),
      lead.id,
      region.id,
    ]);
    participantRows.push([uuidv7(), id, lead.id, 'LEAD']);
    const partners = new Set<number>();
    const partnerCount = 2 + Math.floor(rnd() * 4);
    while (partners.size < Math.min(partnerCount, orgs.length)) partners.add(Math.floor(rnd() * orgs.length));
    for (const p of partners) participantRows.push([uuidv7(), id, orgs[p].id, 'PARTNER']);
    const requirements = [0, 1, 2].map(() => {
      const kind = Math.floor(rnd() * kinds.length);
      const rid = uuidv7();
      const quantity = 50 + Math.floor(rnd() * 500);
      requirementRows.push([
        rid,
        id,
        `需求${n}`,
        `Requirement of project ${n}`,
        kinds[kind][0],
        kinds[kind][1],
        quantity,
      ]);
      return { id: rid, kind, open: quantity };
    });
    projects.push({ id, partners: [...partners], requirements });
  }
  await insertRows(
    em,
    'project',
    [
      ['id', 'uuid'],
      ['title_zh', 'varchar'],
      ['title_en', 'varchar'],
      ['category', 'text'],
      ['status', 'text'],
      ['lead_committee_id', 'uuid'],
      ['region_id', 'uuid'],
    ],
    projectRows,
  );
  await insertRows(
    em,
    'participant',
    [
      ['id', 'uuid'],
      ['project_id', 'uuid'],
      ['organization_id', 'uuid'],
      ['role', 'text'],
    ],
    participantRows,
  );
  await insertRows(
    em,
    'requirement',
    [
      ['id', 'uuid'],
      ['project_id', 'uuid'],
      ['title_zh', 'varchar'],
      ['title_en', 'varchar'],
      ['kind', 'text'],
      ['unit', 'text'],
      ['quantity', 'int'],
    ],
    requirementRows,
  );
  await insertRows(
    em,
    'resource',
    [
      ['id', 'uuid'],
      ['title_zh', 'varchar'],
      ['title_en', 'varchar'],
      ['kind', 'text'],
      ['unit', 'text'],
      ['capacity', 'int'],
      ['owner_id', 'uuid'],
      ['region_id', 'uuid'],
    ],
    resourceRows,
  );

  const commitmentRows: unknown[][] = [];
  const committed = new Map<string, number>();
  const commitmentStatuses = Object.values(CommitmentStatus);
  for (
    let i = 0, tries = 0;
    i < options.commitments && projects.length > 0 && tries < options.commitments * 20;
    tries++
  ) {
    const project = pick(projects);
    const requirement = pick(project.requirements);
    const org = orgs[pick(project.partners)];
    const status = pick(commitmentStatuses);
    // Active commitments never exceed what a requirement needs (as commitResource enforces).
    const quantity = Math.min(
      1 + Math.floor(rnd() * 20),
      status === CommitmentStatus.WITHDRAWN ? 20 : requirement.open,
    );
    if (quantity < 1) continue;
    if (status !== CommitmentStatus.WITHDRAWN) requirement.open -= quantity;
    i++;
    const resourceId = rnd() < 0.7 ? org.resourceIds[requirement.kind] : null;
    if (resourceId && status !== CommitmentStatus.WITHDRAWN)
      committed.set(resourceId, (committed.get(resourceId) ?? 0) + quantity);
    commitmentRows.push([
      uuidv7(),
      project.id,
      requirement.id,
      org.id,
      resourceId,
      quantity,
      kinds[requirement.kind][1],
      status,
    ]);
  }
  await insertRows(
    em,
    'commitment',
    [
      ['id', 'uuid'],
      ['project_id', 'uuid'],
      ['requirement_id', 'uuid'],
      ['organization_id', 'uuid'],
      ['resource_id', 'uuid'],
      ['quantity', 'int'],
      ['unit', 'text'],
      ['status', 'text'],
    ],
    commitmentRows,
  );
  // Milestones draw from a generator of their own, so the rows above stay what they were
  // before milestones were added for the same seed.
  const mrnd = random((options.seed ?? 42) ^ 0x5eed_0002);
  const milestoneRows: unknown[][] = [];
  const firstDue = Date.UTC(2025, 0, 1);
  projectRows.forEach(([projectId, , , , status], i) => {
    // 0–5 milestones; about one project in ten has none yet.
    const count = mrnd() < 0.1 ? 0 : 1 + Math.floor(mrnd() * 5);
    const firstStep = Math.floor(mrnd() * (MILESTONE_STEPS.length - count + 1));
    let stage: number;
    if (status === ProjectStatus.PROPOSED) stage = mrnd() < 0.9 ? 0 : 5 * (1 + Math.floor(mrnd() * 4));
    else if (status === ProjectStatus.CONSULTING) stage = 10 * Math.floor(mrnd() * 6);
    else if (status === ProjectStatus.APPROVED) stage = 10 * Math.floor(mrnd() * 11);
    else stage = mrnd();
    let due = firstDue + Math.floor(mrnd() * 540) * DAY_MS;
    for (let j = 0; j < count; j++) {
      const [zh, en] = MILESTONE_STEPS[firstStep + j];
      milestoneRows.push([
        uuidv7(),
        projectId,
        `${zh}（项目${i + 1}）`,
        `${en} (project ${i + 1})`,
        new Date(due).toISOString().slice(0, 10),
        1 + Math.floor(mrnd() * 3),
        milestoneProgress(status as ProjectStatus, j, count, stage),
      ]);
      due += (14 + Math.floor(mrnd() * 90)) * DAY_MS;
    }
  });
  await insertRows(
    em,
    'milestone',
    [
      ['id', 'uuid'],
      ['project_id', 'uuid'],
      ['title_zh', 'varchar'],
      ['title_en', 'varchar'],
      ['due_on', 'date'],
      ['weight', 'int'],
      ['progress', 'smallint'],
    ],
    milestoneRows,
  );
  const totals = [...committed.entries()].map(([id, n]) => ({ id, n }));
  for (let start = 0; start < totals.length; start += 5_000) {
    await em
      .getConnection()
      .execute(
        `update resource r set committed = t.n from json_to_recordset(?::json) as t(id uuid, n int) where r.id = t.id`,
        [JSON.stringify(totals.slice(start, start + 5_000))],
      );
  }
  // The requirement counters that commitResource keeps, set in one statement for the whole volume.
  await em.getConnection().execute(
    `update requirement r set committed = c.committed, delivered = c.delivered
     from (select requirement_id,
             coalesce(sum(quantity) filter (where status <> 'WITHDRAWN'), 0)::int as committed,
             coalesce(sum(quantity) filter (where status = 'DELIVERED'), 0)::int as delivered
           from commitment group by requirement_id) c
     where c.requirement_id = r.id`,
  );
  await em.getConnection().execute('analyze');
  return {
    ...options,
    version: VOLUME_SEED_VERSION,
    participants: participantRows.length,
    requirements: requirementRows.length,
    resources: resourceRows.length,
    milestones: milestoneRows.length,
    milliseconds: Date.now() - started,
  };
}
