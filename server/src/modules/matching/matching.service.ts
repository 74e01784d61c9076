import { CATEGORY_LABELS, KIND_LABELS, STATUS_LABELS, UNIT_LABELS } from '../common/labels.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { notFound } from '../../graphql/errors.js';
import { pgTextArray } from '../common/pg-array.js';
import { readNodes } from '../../graphql/rows.js';
import { ProjectNode } from '../project/project.node.js';
import { RequirementNode } from '../project/requirement.node.js';
import { ResourceNode } from '../resource/resource.node.js';
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
  project: MatchTarget,
  perRequirement: number,
): Promise<RequirementMatch[]> {
  const rows = await em.execute<
    {
      requirement_id: string;
      open: number;
      resource_id: string | null;
      remaining: number | null;
      depth: number | null;
      owner_name_en: string | null;
      owner_name_zh: string | null;
    }[]
  >(
    `with req as (
       select r.id, r.kind, r.unit,
         r.quantity - r.committed as open
       from requirement r where r.project_id = ?
     ), candidates as (
       select req.id as requirement_id, req.open, res.id as resource_id, res.capacity - res.committed as remaining,
         ${SHARED_DEPTH('rg.path')} as depth, o.name_en as owner_name_en, o.name_zh as owner_name_zh
       from req
       join resource res on res.kind = req.kind and res.unit = req.unit and res.status = 'ACTIVE'
         and res.committed < res.capacity and (res.available_until is null or res.available_until >= current_date)
       join region rg on rg.id = res.region_id join organization o on o.id = res.owner_id
       where req.open > 0
     ), ranked as (
       select *, row_number() over (partition by requirement_id order by depth desc nulls last, least(remaining, open) desc, resource_id) as rank
       from candidates
     )
     select req.id as requirement_id, req.open::int, ranked.resource_id, ranked.remaining::int, ranked.depth,
       ranked.owner_name_en, ranked.owner_name_zh
     from req left join ranked on ranked.requirement_id = req.id and ranked.rank <= ?
     where req.open > 0
     order by req.id, ranked.rank`,
    [project.id, pgTextArray(ancestorPaths(project.regionPath)), perRequirement],
  );
  const requirements = await readNodes(em, RequirementNode, [...new Set(rows.map((r) => r.requirement_id))]);
  const resources = await readNodes(
    em,
    ResourceNode,
    rows.flatMap((r) => (r.resource_id ? [r.resource_id] : [])),
  );

  const result = new Map<string, RequirementMatch>();
  for (const row of rows) {
    const requirement = requirements.find((r) => r.id === row.requirement_id)!;
    const match = result.get(row.requirement_id) ?? { requirement, open: row.open, resources: [] };
    result.set(row.requirement_id, match);
    if (!row.resource_id) continue;
    const resource = resources.find((r) => r.id === row.resource_id)!;
    const owner = { nameEn: row.owner_name_en!, nameZh: row.owner_name_zh! };
    const proximity = PROXIMITY_BY_DEPTH[Math.max(0, row.depth ?? 0)];
    const suggestedQuantity = Math.min(row.open, row.remaining ?? 0);
    const text = PROXIMITY_TEXT[proximity];
    const unit = UNIT_LABELS[resource.unit];
    match.resources.push({
      resource,
      proximity,
      suggestedQuantity,
      score: (row.depth ?? 0) + suggestedQuantity / row.open,
      reason: `${owner.nameEn} offers ${row.remaining} ${unit.en} of ${KIND_LABELS[resource.kind].en} ${text.en}; it covers ${suggestedQuantity} of the ${row.open} still needed.`,
      reasonZh: `${owner.nameZh}（${text.zh}）尚可提供${KIND_LABELS[resource.kind].zh} ${row.remaining} ${unit.zh}，可满足尚缺 ${row.open} 中的 ${suggestedQuantity}。`,
    });
  }
  return [...result.values()];
}

/** Open projects of the need's category in its district, nearest first; those already answering it are left out. */
export async function projectMatches(em: EntityManager, need: MatchTarget, first: number): Promise<ProjectMatch[]> {
  const rows = await em.execute<
    { id: string; depth: number; covers: boolean; region_name_en: string; region_name_zh: string }[]
  >(
    `select p.id, ${SHARED_DEPTH('pr.path')} as depth, ? like pr.path || '%' as covers,
       pr.name_en as region_name_en, pr.name_zh as region_name_zh
     from project p join region pr on pr.id = p.region_id
     where p.category = ? and p.status in ('PROPOSED', 'CONSULTING', 'APPROVED', 'IN_PROGRESS')
       and pr.path like ? and not exists (select 1 from project_need pn where pn.project_id = p.id and pn.need_id = ?)
     order by covers desc, depth desc, p.id desc
     limit ?`,
    [
      pgTextArray(ancestorPaths(need.regionPath)),
      need.regionPath,
      need.category,
      `${ancestorPaths(need.regionPath)[1] ?? '/'}%`,
      need.id,
      first,
    ],
  );
  const projects = await readNodes(
    em,
    ProjectNode,
    rows.map((r) => r.id),
  );

  return rows.map((row) => {
    const project = projects.find((p) => p.id === row.id)!;
    const region = { nameEn: row.region_name_en, nameZh: row.region_name_zh };
    const proximity = PROXIMITY_BY_DEPTH[Math.max(0, row.depth)];
    const text = PROXIMITY_TEXT[proximity];
    return {
      project,
      proximity,
      reason: row.covers
        ? `A ${STATUS_LABELS[project.status].en} ${CATEGORY_LABELS[project.category].en} project whose region (${region.nameEn}) covers the need.`
        : `A ${STATUS_LABELS[project.status].en} ${CATEGORY_LABELS[project.category].en} project ${text.en}.`,
      reasonZh: row.covers
        ? `同类（${CATEGORY_LABELS[project.category].zh}）项目，${STATUS_LABELS[project.status].zh}，服务范围「${region.nameZh}」覆盖该需求。`
        : `同类（${CATEGORY_LABELS[project.category].zh}）项目，${STATUS_LABELS[project.status].zh}，位于${text.zh}。`,
    };
  });
}

/** What matching reads of a project or need: its id, category and region path, in one statement. */
export interface MatchTarget {
  id: string;
  category: string;
  regionPath: string;
}

async function matchTarget(em: EntityManager, table: 'project' | 'need', id: string): Promise<MatchTarget> {
  const [row] = await em.execute<MatchTarget[]>(
    `select x.id, x.category, r.path as "regionPath" from ${table} x join region r on r.id = x.region_id where x.id = ?`,
    [id],
  );
  if (!row) throw notFound(`No such ${table}.`);
  return row;
}

export function findProject(em: EntityManager, id: string): Promise<MatchTarget> {
  return matchTarget(em, 'project', id);
}

export function findNeed(em: EntityManager, id: string): Promise<MatchTarget> {
  return matchTarget(em, 'need', id);
}
