import { MIGRATION_LOCK } from '../database/open-database.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Activity } from '../modules/activity/activity.entity.js';
import { Commitment, CommitmentStatus } from '../modules/commitment/commitment.entity.js';
import { Milestone } from '../modules/milestone/milestone.entity.js';
import { NeedSupport } from '../modules/need/need-support.entity.js';
import { Need, NeedStatus } from '../modules/need/need.entity.js';
import { Organization, OrganizationKind } from '../modules/organization/organization.entity.js';
import { Participant, ParticipantRole } from '../modules/project/participant.entity.js';
import { ProjectNeed } from '../modules/project/project-need.entity.js';
import { Project, ProjectStatus } from '../modules/project/project.entity.js';
import { Requirement } from '../modules/project/requirement.entity.js';
import { Region, RegionLevel } from '../modules/region/region.entity.js';
import { Resource } from '../modules/resource/resource.entity.js';
import { ApiToken } from '../modules/api-token/api-token.entity.js';
import { hashPassword } from '../modules/auth/password.js';
import { hashSecret } from '../modules/auth/secrets.js';
import { Membership } from '../modules/membership/membership.entity.js';
import { User } from '../modules/user/user.entity.js';
import { DEMO_ACCOUNTS, DEMO_PARTNER_TOKEN, DEMO_PASSWORD } from './demo-accounts.js';
import { demoData } from './demo-data.js';
import type { DemoData } from './demo-data.types.js';

class DemoDataError extends Error {
  override name = 'DemoDataError';
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new DemoDataError(`demo data refers to unknown ${what}`);
  return value;
}

/** Seeds the demo data unless the database already has regions; returns whether it seeded. */
export async function seedDemoIfEmpty(em: EntityManager): Promise<boolean> {
  // Instances starting together on an empty database take turns (the migrations' lock): the
  // first seeds, the others find the data there.
  return em.transactional(async (tx) => {
    await tx.execute('select pg_advisory_xact_lock(?)', [MIGRATION_LOCK]);
    if ((await tx.count(Region, {})) > 0) return false;
    await seedDemo(tx);
    return true;
  });
}

/**
 * Writes the bilingual demo data set in one transaction: the regional tree with one
 * committee per region down to communities, work units, needs, resources and projects with
 * participants, requirements, commitments, milestones and their activity.
 */
export async function seedDemo(em: EntityManager, data: DemoData = demoData): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await em.transactional(async (tx) => {
    const regions = new Map<string, Region>();
    const committees = new Map<string, Organization>();
    const addRegion = (
      code: string,
      level: RegionLevel,
      zh: string,
      en: string,
      parent: Region | null,
      illustrative: boolean,
    ) => {
      const region = tx.create(Region, {
        code,
        level,
        nameZh: zh,
        nameEn: en,
        parent: parent ?? undefined,
        path: `${parent?.path ?? '/'}${code}/`,
        depth: parent ? parent.depth + 1 : 0,
        illustrative,
      });
      regions.set(code, region);
      if (level !== RegionLevel.GRID) {
        committees.set(
          code,
          tx.create(Organization, {
            kind: OrganizationKind.COMMITTEE,
            nameZh: `${zh}区域化共建委员会`,
            nameEn: `${en} Co-building Committee`,
            descriptionZh: `统筹${zh}的区域化共建：需求、资源与项目三张清单。`,
            descriptionEn: `Coordinates regional co-building in ${en}: the needs, resources and projects lists.`,
            region,
          }),
        );
      }
      return region;
    };

    const city = addRegion(
      data.municipality.code,
      RegionLevel.MUNICIPALITY,
      data.municipality.zh,
      data.municipality.en,
      null,
      false,
    );
    for (const d of data.districts) {
      const district = addRegion(d.code, RegionLevel.DISTRICT, d.zh, d.en, city, false);
      // Sub-district names are real; their codes are illustrative.
      for (const s of d.subdistricts) addRegion(s.code, RegionLevel.SUBDISTRICT, s.zh, s.en, district, false);
    }
    for (const c of data.communities) {
      const community = addRegion(
        c.code,
        RegionLevel.COMMUNITY,
        c.zh,
        c.en,
        must(regions.get(c.subdistrictCode), `sub-district ${c.subdistrictCode}`),
        true,
      );
      for (let g = 1; g <= c.grids; g++) {
        const n = String(g).padStart(2, '0');
        addRegion(`${c.code}-G${n}`, RegionLevel.GRID, `${c.zh}第${g}网格`, `${c.en}, Grid ${g}`, community, true);
      }
    }

    const organizations = new Map<string, Organization>();
    for (const o of data.organizations) {
      if (organizations.has(o.key)) throw new DemoDataError(`duplicate organization ${o.key}`);
      organizations.set(
        o.key,
        tx.create(Organization, {
          kind: o.kind === 'WORK_UNIT' ? OrganizationKind.WORK_UNIT : OrganizationKind.SERVICE_CENTER,
          sector: o.sector,
          nameZh: o.zh,
          nameEn: o.en,
          descriptionZh: o.descriptionZh,
          descriptionEn: o.descriptionEn,
          region: must(regions.get(o.regionCode), `region ${o.regionCode}`),
        }),
      );
    }
    const org = (key: string) => must(organizations.get(key), `organization ${key}`);
    /** The committee of the community a region lies in (a grid's parent community). */
    const communityCommittee = (region: Region) =>
      must(
        committees.get(region.level === RegionLevel.GRID ? region.parent!.code : region.code),
        `committee of ${region.code}`,
      );

    for (const account of DEMO_ACCOUNTS) {
      const o = account.organization;
      const organization =
        'key' in o ? org(o.key) : must(committees.get(o.committeeOf), `committee of ${o.committeeOf}`);
      const user = tx.create(User, { email: account.email, displayName: account.displayName, passwordHash });
      tx.create(Membership, { user, organization, role: account.role });
    }
    tx.create(ApiToken, {
      organization: org('jinghu-water'),
      name: 'Demo partner (read only)',
      scopes: ['read'],
      secretHash: hashSecret(DEMO_PARTNER_TOKEN),
      prefix: DEMO_PARTNER_TOKEN.slice(0, 10),
    });

    const needs = new Map<string, Need>();
    for (const n of data.needs) {
      const region = must(regions.get(n.regionCode), `region ${n.regionCode}`);
      const need = tx.create(Need, {
        titleZh: n.titleZh,
        titleEn: n.titleEn,
        descriptionZh: n.descriptionZh,
        descriptionEn: n.descriptionEn,
        category: n.category,
        reporter: communityCommittee(region),
        region,
        supportCount: n.supporters.length,
      });
      needs.set(n.key, need);
      for (const s of new Set(n.supporters)) tx.create(NeedSupport, { need, organization: org(s) });
    }

    const resources = new Map<string, Resource>();
    for (const r of data.resources) {
      const owner = org(r.owner);
      resources.set(
        r.key,
        tx.create(Resource, {
          owner,
          region: owner.region,
          kind: r.kind,
          unit: r.unit,
          capacity: r.capacity,
          titleZh: r.titleZh,
          titleEn: r.titleEn,
          descriptionZh: r.descriptionZh,
          descriptionEn: r.descriptionEn,
          availableFrom: r.availableFrom,
          availableUntil: r.availableUntil,
        }),
      );
    }

    for (const p of data.projects) {
      const lead = must(committees.get(p.leadRegionCode), `committee of ${p.leadRegionCode}`);
      const region = must(regions.get(p.regionCode), `region ${p.regionCode}`);
      if (!region.path.startsWith(lead.region.path))
        throw new DemoDataError(`${p.key}: region outside the lead committee's`);
      const project = tx.create(Project, {
        titleZh: p.titleZh,
        titleEn: p.titleEn,
        summaryZh: p.summaryZh,
        summaryEn: p.summaryEn,
        category: p.category,
        status: p.status,
        leadCommittee: lead,
        region,
        startsOn: p.startsOn,
        endsOn: p.endsOn,
      });
      const activity = (
        type: string,
        subjectType: string,
        subjectId: string,
        actor: Organization,
        changes: Record<string, unknown>,
      ) =>
        tx.create(Activity, {
          type,
          project,
          regionPath: region.path,
          actorOrganization: actor,
          subjectType,
          subjectId,
          changes,
        });
      activity('project.created', 'Project', project.id, lead, { title: { before: null, after: p.titleEn } });
      tx.create(Participant, { project, organization: lead, role: ParticipantRole.LEAD });
      const partners = new Set(p.partners);
      for (const key of partners) {
        tx.create(Participant, { project, organization: org(key), role: ParticipantRole.PARTNER });
        activity('participant.joined', 'Organization', org(key).id, org(key), {});
      }
      for (const key of p.needs) {
        const need = must(needs.get(key), `need ${key}`);
        tx.create(ProjectNeed, { project, need });
        if (p.status === ProjectStatus.COMPLETED) need.status = NeedStatus.RESOLVED;
        else if (p.status === ProjectStatus.IN_PROGRESS && need.status === NeedStatus.OPEN)
          need.status = NeedStatus.MATCHED;
      }
      for (const r of p.requirements) {
        const active = r.commitments
          .filter((c) => c.status !== CommitmentStatus.WITHDRAWN)
          .reduce((sum, c) => sum + c.quantity, 0);
        if (active > r.quantity) throw new DemoDataError(`${p.key}: commitments exceed "${r.titleEn}"`);
        const requirement = tx.create(Requirement, {
          project,
          titleZh: r.titleZh,
          titleEn: r.titleEn,
          kind: r.kind,
          unit: r.unit,
          quantity: r.quantity,
          committed: active,
          delivered: r.commitments
            .filter((c) => c.status === CommitmentStatus.DELIVERED)
            .reduce((sum, c) => sum + c.quantity, 0),
        });
        for (const c of r.commitments) {
          if (!partners.has(c.organization))
            throw new DemoDataError(`${p.key}: ${c.organization} commits but is no partner`);
          const organization = org(c.organization);
          const resource = c.resource ? must(resources.get(c.resource), `resource ${c.resource}`) : undefined;
          if (resource) {
            if (resource.owner !== organization)
              throw new DemoDataError(`${p.key}: ${c.resource} is not ${c.organization}'s`);
            if (resource.kind !== r.kind || resource.unit !== r.unit)
              throw new DemoDataError(`${p.key}: ${c.resource} does not match`);
            if (c.status !== CommitmentStatus.WITHDRAWN) resource.committed += c.quantity;
            if (resource.committed > resource.capacity) throw new DemoDataError(`${c.resource} over-committed`);
          }
          const commitment = tx.create(Commitment, {
            project,
            requirement,
            organization,
            resource,
            quantity: c.quantity,
            unit: r.unit,
            status: c.status,
          });
          activity(`commitment.${c.status.toLowerCase()}`, 'Commitment', commitment.id, organization, {
            quantity: { before: null, after: c.quantity },
            status: { before: null, after: c.status },
          });
        }
      }
      for (const m of p.milestones) {
        tx.create(Milestone, {
          project,
          titleZh: m.titleZh,
          titleEn: m.titleEn,
          dueOn: m.dueOn,
          weight: m.weight,
          progress: m.progress,
        });
      }
      if (p.status !== ProjectStatus.PROPOSED) {
        activity('project.status_changed', 'Project', project.id, lead, {
          status: { before: ProjectStatus.PROPOSED, after: p.status },
        });
      }
    }
  });
}
