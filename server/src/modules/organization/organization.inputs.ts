import { Field, ID, InputType } from 'type-graphql';
import { MaxLength } from 'class-validator';
import { OrganizationKind, Sector } from './organization.entity.js';

@InputType({ description: 'Filters of `organizations`; all given conditions must hold.' })
export class OrganizationFilter {
  @Field(() => ID, { nullable: true, description: 'Organizations in this region or below it.' })
  regionId?: string;

  @Field(() => [OrganizationKind], { nullable: true })
  kind?: OrganizationKind[];

  @Field(() => [Sector], { nullable: true })
  sector?: Sector[];

  @Field({ nullable: true, description: 'Part of the Chinese or English name.' })
  @MaxLength(100)
  search?: string;
}
