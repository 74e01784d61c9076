import type { EntityManager } from '@mikro-orm/postgresql';
import { notFound } from '../../graphql/errors.js';
import { pgTextArray } from '../common/pg-array.js';
import { Need } from '../need/need.entity.js';
import { Project } from '../project/project.entity.js';
import { Requirement } from '../project/requirement.entity.js';
import { Resource } from '../resource/resource.entity.js';
import { ancestorPaths } from '../region/region.service.js';
import { PROXIMITY_BY_DEPTH, PROXIMITY_TEXT, type ProjectMatch, type RequirementMatch } from './match.types.js';

/** Shared-region depth (0 city … 4 grid) of a candidate path with the target's ancestors, in SQL. */
const SHARED_DEPTH = (column: string) =>
  `(select max(a.depth)::int - 1 from unnest(?::text[]) with ordinality as a(path, depth) where ${column} like a.path || '%')`;

/**
 * For each requirement of the project that is not yet filled: active resources of the same
 * kind and unit with remaining capacity (and not past their availability), nearest region
 * first, then the one that closes more of the gap. One statement for the candidates.
 */
export async function requirementMatches(
  em: EntityManager,
  project: Project,
  perRequirement: number,
): Promise<RequirementMatch[]> {
  const rows = await em.execute<
    {
      requirement_id: string;
      open: number;
      resource_id: string | null;
      remaining: number | null;
      depth: number | null;
    }[]
  >(
    `with req as (
       select r.id, r.kind, r.unit,
         r.quantity - coalesce((select sum(c.quantity) from commitment c where c.requirement_id = r.id and c.status <> 'WITHDRAWN'), 0) as open
       from requirement r where r.project_id = ?
     ), candidates as (
       select req.id as requirement_id, req.open, res.id as resource_id, res.capacity - res.committed as remaining,
         ${SHARED_DEPTH('rg.path')} as depth
       from req
       join resource res on res.kind = req.kind and res.unit = req.unit and res.status = 'ACTIVE'
         and res.committed < res.capacity and (res.available_until is null or res.available_until >= current_date)
       join region rg on rg.id = res.region_id
       where req.open > 0
     ), ranked as (
       select *, row_number() over (partition by requirement_id order by depth desc nulls last, least(remaining, open) desc, resource_id) as rank
       from candidates
     )
     select req.id as requirement_id, req.open::int, ranked.resource_id, ranked.remaining::int, ranked.depth
     from req left join ranked on ranked.requirement_id = req.id and ranked.rank <= ?
     where req.open > 0
     order by req.id, ranked.rank`,
    [project.id, pgTextArray(ancestorPaths(project.region.path)), perRequirement],
  );
  const requirements = await em.find(Requirement, { id: { $in: [...new Set(rows.map((r) => r.requirement_id))] } });
  const resources = await em.find(
    Resource,
    { id: { $in: rows.flatMap((r) => (r.resource_id ? [r.resource_id] : [])) } },
    { populate: ['owner'] },
  );
  const result = new Map<string, RequirementMatch>();
  for (const row of rows) {
    const requirement = requirements.find((r) => r.id === row.requirement_id)!;
    const match = result.get(row.requirement_id) ?? { requirement, open: row.open, resources: [] };
    result.set(row.requirement_id, match);
    if (!row.resource_id) continue;
    const resource = resources.find((r) => r.id === row.resource_id)!;
    const proximity = PROXIMITY_BY_DEPTH[Math.max(0, row.depth ?? 0)];
    const suggestedQuantity = Math.min(row.open, row.remaining ?? 0);
    const text = PROXIMITY_TEXT[proximity];
    match.resources.push({
      resource,
      proximity,
      suggestedQuantity,
      score: (row.depth ?? 0) + suggestedQuantity / row.open,
      reason: `${resource.owner.nameEn} offers ${row.remaining} ${resource.unit} of ${resource.kind} ${text.en}; it covers ${suggestedQuantity} of the ${row.open} still needed.`,
      reasonZh: `${resource.owner.nameZh}（${text.zh}）尚可提供 ${row.remaining} ${resource.unit}，可满足尚缺 ${row.open} 中的 ${suggestedQuantity}。`,
    });
  }
  return [...result.values()];
}

/** Open projects of the need's category in its district, nearest first; those already answering it are left out. */
export async function projectMatches(em: EntityManager, need: Need, first: number): Promise<ProjectMatch[]> {
  const rows = await em.execute<{ id: string; depth: number; covers: boolean }[]>(
    `select p.id, ${SHARED_DEPTH('pr.path')} as depth, ? like pr.path || '%' as covers
     from project p join region pr on pr.id = p.region_id
     where p.category = ? and p.status in ('PROPOSED', 'CONSULTING', 'APPROVED', 'IN_PROGRESS')
       and pr.path like ? and not exists (select 1 from project_need pn where pn.project_id = p.id and pn.need_id = ?)
     order by covers desc, depth desc, p.id desc
     limit ?`,
    [
      pgTextArray(ancestorPaths(need.region.path)),
      need.region.path,
      need.category,
      `${ancestorPaths(need.region.path)[1] ?? '/'}%`,
      need.id,
      first,
    ],
  );
  const projects = await em.find(Project, { id: { $in: rows.map((r) => r.id) } }, { populate: ['region'] });
  return rows.map((row) => {
    const project = projects.find((p) => p.id === row.id)!;
    const proximity = PROXIMITY_BY_DEPTH[Math.max(0, row.depth)];
    const text = PROXIMITY_TEXT[proximity];
    return {
      project,
      proximity,
      reason: row.covers
        ? `A ${project.status.toLowerCase().replace('_', ' ')} ${project.category} project whose region (${project.region.nameEn}) covers the need.`
        : `A ${project.status.toLowerCase().replace('_', ' ')} ${project.category} project ${text.en}.`,
      reasonZh: row.covers
        ? `同类（${project.category}）项目，服务范围「${project.region.nameZh}」覆盖该需求。`
        : `同类（${project.category}）项目，位于${text.zh}。`,
    };
  });
}

export async function findProject(em: EntityManager, id: string): Promise<Project> {
  const project = await em.findOne(Project, { id }, { populate: ['region'] });
  if (!project) throw notFound('No such project.');
  return project;
}

export async function findNeed(em: EntityManager, id: string): Promise<Need> {
  const need = await em.findOne(Need, { id }, { populate: ['region'] });
  if (!need) throw notFound('No such need.');
  return need;
}
