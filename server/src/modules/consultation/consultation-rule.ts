import { registerEnumType } from 'type-graphql';

/** How many of a project's active participants must SUPPORT it before it is approved. */
export enum SupportThreshold {
  MAJORITY = 'MAJORITY',
  TWO_THIRDS = 'TWO_THIRDS',
  ALL = 'ALL',
}
registerEnumType(SupportThreshold, {
  name: 'SupportThreshold',
  description: 'MAJORITY: more than half of the active participants; TWO_THIRDS: at least two thirds; ALL: every one.',
});

/** What an objection does to approval. */
export enum ObjectionRule {
  LEAD_MUST_REPLY = 'LEAD_MUST_REPLY',
  BLOCKS = 'BLOCKS',
}
registerEnumType(ObjectionRule, {
  name: 'ObjectionRule',
  description:
    'LEAD_MUST_REPLY: every OBJECT needs a reply from the lead committee to the objection; BLOCKS: any OBJECT blocks approval.',
});

export enum Stance {
  SUPPORT = 'SUPPORT',
  OBJECT = 'OBJECT',
  ABSTAIN = 'ABSTAIN',
}
registerEnumType(Stance, { name: 'Stance', description: "A participating organization's position on a project." });

/** The tally the rule is checked against: active participants and their positions. */
export interface Tally {
  participants: number;
  supports: number;
  objects: number;
  abstains: number;
  /** Names (English) of active participants without a position. */
  missing: string[];
  /** Names (English) of objecting organizations the lead committee has not replied to. */
  unanswered: string[];
}

/** Supports needed out of `participants` under a threshold. */
export function supportsNeeded(threshold: SupportThreshold, participants: number): number {
  if (threshold === SupportThreshold.ALL) return participants;
  if (threshold === SupportThreshold.TWO_THIRDS) return Math.ceil((participants * 2) / 3);
  return Math.floor(participants / 2) + 1;
}

/**
 * What keeps the rule from being met, in words (empty when it is met). The lead committee is
 * a participant like the others: its SUPPORT counts.
 */
export function ruleBlockers(rule: { support: SupportThreshold; objections: ObjectionRule }, tally: Tally): string[] {
  const blockers: string[] = [];
  const needed = supportsNeeded(rule.support, tally.participants);
  if (tally.supports < needed) {
    blockers.push(
      `${tally.supports} of ${tally.participants} participants support it and ${rule.support.toLowerCase().replace('_', ' ')} needs ${needed}` +
        (tally.missing.length ? ` (no position yet: ${tally.missing.join(', ')})` : ''),
    );
  }
  if (rule.objections === ObjectionRule.BLOCKS && tally.objects > 0) {
    blockers.push(
      `${tally.objects} participant${tally.objects > 1 ? 's object' : ' objects'} and objections block approval`,
    );
  }
  if (rule.objections === ObjectionRule.LEAD_MUST_REPLY && tally.unanswered.length > 0) {
    blockers.push(`the lead committee has not replied to the objection of ${tally.unanswered.join(', ')}`);
  }
  return blockers;
}
