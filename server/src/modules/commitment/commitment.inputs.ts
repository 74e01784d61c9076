import { Max, Min } from 'class-validator';
import { LongTextField, IdempotencyKeyField } from '../common/input-fields.js';
import { Field, ID, InputType, Int } from 'type-graphql';
import { QuantityUnit } from '../common/enums.js';

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

  @LongTextField()
  note?: string;

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType()
export class CommitmentActionInput {
  @Field(() => ID)
  commitmentId: string;
}
