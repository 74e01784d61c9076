import { IsOptional, Max, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { QuantityUnit } from '../common/enums.js';
import { DESCRIPTION_MAX } from '../common/text-limits.js';

@InputType()
export class CommitResourceInput {
  @Field(() => ID)
  requirementId: string;

  @Field(() => ID, { description: 'The committing organization (acting for it); it joins the project if needed.' })
  organizationId: string;

  @Field(() => Int, { description: 'How much, in `unit` (≥ 1).' })
  @Min(1)
  @Max(1_000_000_000)
  quantity: number;

  @Field(() => QuantityUnit, {
    description: "Must be the requirement's unit (stated, so no one commits yuan as hours).",
  })
  unit: QuantityUnit;

  @Field(() => ID, {
    nullable: true,
    description: "One of the organization's resources to draw on; its remaining capacity bounds the quantity.",
  })
  resourceId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(DESCRIPTION_MAX)
  note?: string;

  @Field({ nullable: true, description: 'Retrying with the same key and input has one effect.' })
  @IsOptional()
  @MaxLength(100)
  idempotencyKey?: string;
}

@InputType()
export class CommitmentActionInput {
  @Field(() => ID)
  commitmentId: string;
}
