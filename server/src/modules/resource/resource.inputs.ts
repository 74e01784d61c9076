import { Field, ID, InputType } from 'type-graphql';
import { MaxLength } from 'class-validator';
import { ResourceKind } from '../common/enums.js';
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
