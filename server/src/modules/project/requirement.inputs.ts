import { IsOptional, Max, Min } from 'class-validator';
import { TitleField, IdempotencyKeyField } from '../common/input-fields.js';
import { Field, ID, InputType, Int } from 'type-graphql';
import { QuantityUnit, ResourceKind } from '../common/enums.js';

@InputType()
export class AddRequirementInput {
  @Field(() => ID)
  projectId: string;

  @Field(() => ResourceKind)
  kind: ResourceKind;

  @Field(() => QuantityUnit, { description: 'Must fit the kind.' })
  unit: QuantityUnit;

  @Field(() => Int, { description: 'Quantity needed, in `unit` (≥ 1).' })
  @Min(1)
  @Max(1_000_000_000)
  quantity: number;

  @TitleField()
  titleZh: string;

  @TitleField()
  titleEn: string;

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType({ description: 'Fields left out stay as they are; kind and unit are fixed.' })
export class UpdateRequirementInput {
  @Field(() => ID)
  requirementId: string;

  @Field(() => Int, { nullable: true, description: 'May not drop below what is already committed.' })
  @IsOptional()
  @Min(1)
  @Max(1_000_000_000)
  quantity?: number;

  @TitleField({ optional: true })
  titleZh?: string;

  @TitleField({ optional: true })
  titleEn?: string;
}
