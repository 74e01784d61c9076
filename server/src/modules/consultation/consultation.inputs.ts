import { MaxLength, MinLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { IdempotencyKeyField } from '../common/input-fields.js';
import { DESCRIPTION_MAX } from '../common/text-limits.js';
import { ObjectionRule, Stance, SupportThreshold } from './consultation-rule.js';

/** The text of a comment or a position's reason: 1–5,000 characters after trimming. */
function CommentText(description: string): PropertyDecorator {
  return (target, key) => {
    Field({ description })(target, key);
    MinLength(1, { message: '$property must not be empty or only spaces' })(target, key);
    MaxLength(DESCRIPTION_MAX)(target, key);
  };
}

@InputType()
export class PostCommentInput {
  @Field(() => ID)
  projectId: string;

  @Field(() => ID, { description: 'The organization the author speaks for.' })
  organizationId: string;

  @CommentText(
    'Plain text, 1–5,000 characters (trimmed). "@" followed by an organization’s Chinese or English name mentions it.',
  )
  text: string;

  @Field(() => ID, { nullable: true, description: 'A top-level comment of the project to reply to (one level).' })
  parentId?: string;

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType()
export class EditCommentInput {
  @Field(() => ID)
  commentId: string;

  @CommentText('The new text (its author, within 15 minutes of posting).')
  text: string;
}

@InputType()
export class RemoveCommentInput {
  @Field(() => ID)
  commentId: string;
}

@InputType()
export class RecordPositionInput {
  @Field(() => ID)
  projectId: string;

  @Field(() => ID, { description: 'A participating organization (the lead committee included).' })
  organizationId: string;

  @Field(() => Stance)
  stance: Stance;

  @CommentText('Why: posted to the consultation as a comment the lead committee can reply to.')
  reason: string;

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType()
export class SetConsultationRuleInput {
  @Field(() => ID)
  projectId: string;

  @Field(() => SupportThreshold)
  support: SupportThreshold;

  @Field(() => ObjectionRule)
  objections: ObjectionRule;
}
