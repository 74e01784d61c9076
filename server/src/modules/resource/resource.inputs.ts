import { IsOptional, Max, MaxLength, Min } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { TitleField, LongTextField, IdempotencyKeyField } from '../common/input-fields.js';
import { Field, ID, InputType, Int } from 'type-graphql';
import { QuantityUnit, ResourceKind } from '../common/enums.js';
import { ResourceStatus } from './resource.entity.js';

@InputType({ description: 'Filters of `resources`; all given conditions must hold.' })
export class ResourceFilter {
  @Field(() => [ResourceKind], { nullable: true })
  kind?: ResourceKind[];

  @Field(() => [ResourceStatus], { nullable: true, description: 'Default: ACTIVE only.' })
  status?: ResourceStatus[];

  @Field(() => ID, { nullable: true, description: 'Resources offered by this organization.' })
  ownerId?: string;

  @Field(() => ID, { nullable: true, description: 'Resources located in this region or below it.' })
  regionId?: string;

  @Field({ nullable: true, description: 'Only resources with remaining capacity.' })
  available?: boolean;

  @Field({ nullable: true, description: 'Part of the Chinese or English title.' })
  @MaxLength(100)
  search?: string;
}

@InputType()
export class PublishResourceInput {
  @Field(() => ID, { description: 'The organization offering it (acting for it).' })
  organizationId: string;

  @Field(() => ResourceKind)
  kind: ResourceKind;

  @Field(() => QuantityUnit, {
    description: 'Must fit the kind, e.g. YUAN for FUNDS, PERSON_HOUR for VOLUNTEER_HOURS.',
  })
  unit: QuantityUnit;

  @Field(() => Int, { description: 'Total quantity offered, in `unit` (≥ 1).' })
  @Min(1)
  @Max(1_000_000_000)
  capacity: number;

  @TitleField()
  titleZh: string;

  @TitleField()
  titleEn: string;

  @LongTextField()
  descriptionZh?: string;

  @LongTextField()
  descriptionEn?: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  availableFrom?: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  availableUntil?: string;

  @Field(() => ID, { nullable: true, description: 'Where it is; default: the organization’s region.' })
  regionId?: string;

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

@InputType({ description: 'Fields left out stay as they are.' })
export class UpdateResourceInput {
  @Field(() => ID)
  resourceId: string;

  @Field(() => Int, { nullable: true, description: 'May not drop below what is already committed.' })
  @IsOptional()
  @Min(1)
  @Max(1_000_000_000)
  capacity?: number;

  @TitleField({ optional: true })
  titleZh?: string;

  @TitleField({ optional: true })
  titleEn?: string;

  @LongTextField()
  descriptionZh?: string;

  @LongTextField()
  descriptionEn?: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  availableFrom?: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  availableUntil?: string;
}

@InputType()
export class RetireResourceInput {
  @Field(() => ID)
  resourceId: string;
}
