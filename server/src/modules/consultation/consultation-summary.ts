import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '../common/pg-array.js';
import { ruleBlockers, type ObjectionRule, type SupportThreshold, type Tally } from './consultation-rule.js';

/** A project's consultation: its rule and the tally of its active participants' positions. */
export interface ConsultationRow extends Tally {
  id: string;
  support: SupportThreshold;
  objections: ObjectionRule;
  /** Ids of active participants without a position. */
  missingIds: string[];
  /** Ids of OBJECT positions the lead committee has not replied to. */
  unansweredIds: string[];
}

/**
 * One row per project (the ids are the one parameter, a uuid[]). Only ACTIVE participants
 * count, the lead committee included; an objection is answered by a live reply of the lead
 * committee to the comment that stated it (a changed position needs a new reply).
 */
export const CONSULTATION_SQL = `
  select p.id, p.consultation_support as support, p.consultation_objections as objections,
    count(pa.id)::int as participants,
    count(po.id) filter (where po.stance = 'SUPPORT')::int as supports,
    count(po.id) filter (where po.stance = 'OBJECT')::int as objects,
    count(po.id) filter (where po.stance = 'ABSTAIN')::int as abstains,
    coalesce(array_agg(pa.organization_id order by o.name_en, o.id) filter (where pa.id is not null and po.id is null), '{}') as "missingIds",
    coalesce(array_agg(o.name_en order by o.name_en, o.id) filter (where pa.id is not null and po.id is null), '{}') as missing,
    coalesce(array_agg(po.id order by o.name_en, o.id) filter (where po.stance = 'OBJECT' and not answered.yes), '{}') as "unansweredIds",
    coalesce(array_agg(o.name_en order by o.name_en, o.id) filter (where po.stance = 'OBJECT' and not answered.yes), '{}') as unanswered
  from project p
  left join participant pa on pa.project_id = p.id and pa.status = 'ACTIVE'
  left join organization o on o.id = pa.organization_id
  left join consultation_position po on po.project_id = p.id and po.organization_id = pa.organization_id
  cross join lateral (
    select exists (
      select 1 from comment r
      where r.parent_id = po.statement_id and r.organization_id = p.lead_committee_id and r.removed_at is null
    ) as yes
  ) answered
  where p.id = any(?::uuid[])
  group by p.id`;

/** What keeps a project's consultation rule from being met, read in the caller's transaction. */
export async function consultationBlockers(tx: EntityManager, projectId: string): Promise<string[]> {
  const [row] = await tx.execute<ConsultationRow[]>(CONSULTATION_SQL, [pgArray([projectId])]);
  return ruleBlockers(row, row);
}
