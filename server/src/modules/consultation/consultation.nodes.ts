import { Field, Int, ObjectType } from 'type-graphql';
import { NodeType } from '../../graphql/relay/node.interface.js';
import { BaseNode } from '../common/base.node.js';
import { Comment, type Mention } from './comment.entity.js';
import { ObjectionRule, Stance, SupportThreshold, type Tally } from './consultation-rule.js';
import { Position } from './position.entity.js';

@NodeType('Comment', Comment, {
  description:
    "A comment in a project's consultation, for an organization; replies answer a top-level comment (one level). A removed comment stays as a tombstone without its text.",
})
export class CommentNode extends BaseNode {
  @Field(() => String, { nullable: true, description: 'Plain text; null once removed.' })
  text: string | null;

  @Field(() => Stance, { nullable: true, description: "Set when the comment states its organization's position." })
  stance: Stance | null;

  @Field(() => Date, { nullable: true, description: 'When its author last edited it.' })
  editedAt: Date | null;

  removedAt: Date | null;

  mentions: Mention[];

  projectId: string;

  organizationId: string;

  authorId: string | null;

  parentId: string | null;
}

@ObjectType({ description: 'A piece of a comment: plain text, or an @mention linking to an organization.' })
export class CommentPart {
  @Field({ description: 'The text as written (for a mention, "@" and the name).' })
  text: string;

  organizationId: string | null;
}

@NodeType('Position', Position, {
  description:
    "A participating organization's position on a project (one per organization, changeable until approval).",
})
export class PositionNode extends BaseNode {
  @Field(() => Stance)
  stance: Stance;

  projectId: string;

  organizationId: string;

  statementId: string;
}

@ObjectType({ description: 'When a project may be approved; set by the lead committee before consultation starts.' })
export class ConsultationRule {
  @Field(() => SupportThreshold)
  support: SupportThreshold;

  @Field(() => ObjectionRule)
  objections: ObjectionRule;
}

@ObjectType({
  description:
    "Where a project's consultation stands: its active participants' positions (the lead committee included) against the rule.",
})
export class Consultation implements Omit<Tally, 'missing' | 'unanswered'> {
  @Field(() => ConsultationRule)
  rule: ConsultationRule;

  @Field(() => Int, { description: 'Active participants, the lead committee included.' })
  participants: number;

  @Field(() => Int)
  supports: number;

  @Field(() => Int, { description: 'SUPPORT positions the rule needs out of `participants`.' })
  supportsNeeded: number;

  @Field(() => Int)
  objects: number;

  @Field(() => Int)
  abstains: number;

  @Field({ description: 'Whether the rule is met, so the lead committee may approve the project.' })
  met: boolean;

  @Field(() => [String], { description: 'What keeps the rule from being met, in words; empty when it is met.' })
  blockers: string[];

  missingIds: string[];

  unansweredIds: string[];
}
