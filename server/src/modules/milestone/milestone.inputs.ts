import { IsOptional, Max, Min } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { IdempotencyKeyField, LongTextField, TitleField } from '../common/input-fields.js';

@InputType()
export class AddMilestoneInput {
  @Field(() => ID)
  projectId: string;

  @TitleField()
  titleZh: string;

  @TitleField()
  titleEn: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'YYYY-MM-DD, today or later.' })
  dueOn?: string;

  @Field(() => Int, { nullable: true, description: "Share in the project's progress (≥ 1; 1 when left out)." })
  @IsOptional()
  @Min(1)
  @Max(1_000)
  weight?: number;

  @Field(() => ID, {
    nullable: true,
    description: 'A participating organization that reports its progress (besides the lead).',
  })
  ownerOrganizationId?: string;

  @LongTextField()
  note?: string;

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType({
  description:
    'Fields left out stay as they are. The owner organization may set only progress and note; the rest is the lead’s.',
})
export class UpdateMilestoneInput {
  @Field(() => ID)
  milestoneId: string;

  @TitleField({ optional: true })
  titleZh?: string;

  @TitleField({ optional: true })
  titleEn?: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'YYYY-MM-DD' })
  dueOn?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1)
  @Max(1_000)
  weight?: number;

  @Field(() => Int, { nullable: true, description: '0–100' })
  @IsOptional()
  @Min(0)
  @Max(100)
  progress?: number;

  @LongTextField()
  note?: string;
}

@InputType()
export class RemoveMilestoneInput {
  @Field(() => ID)
  milestoneId: string;
}
