import { IsOptional, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { QuantityUnit, ResourceKind } from '../common/enums.js';
import { TITLE_MAX } from '../common/text-limits.js';

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

  @Field()
  @MinLength(1)
  @MaxLength(TITLE_MAX)
  titleZh: string;

  @Field()
  @MinLength(1)
  @MaxLength(TITLE_MAX)
  titleEn: string;

  @Field({ nullable: true, description: 'Retrying with the same key and input has one effect.' })
  @IsOptional()
  @MaxLength(100)
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

  @Field({ nullable: true })
  @IsOptional()
  @MinLength(1)
  @MaxLength(TITLE_MAX)
  titleZh?: string;

  @Field({ nullable: true })
  @IsOptional()
  @MinLength(1)
  @MaxLength(TITLE_MAX)
  titleEn?: string;
}
