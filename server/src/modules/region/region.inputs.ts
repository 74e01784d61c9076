import { Field, ID, InputType } from 'type-graphql';
import { MaxLength } from 'class-validator';
import { RegionLevel } from './region.entity.js';

@InputType({ description: 'Filters of `regions`; all given conditions must hold.' })
export class RegionFilter {
  @Field(() => RegionLevel, { nullable: true })
  level?: RegionLevel;

  @Field(() => ID, { nullable: true, description: 'Only direct children of this region.' })
  parentId?: string;

  @Field(() => ID, { nullable: true, description: 'Only this region and everything below it.' })
  withinId?: string;

  @Field({ nullable: true, description: 'Part of the Chinese or English name, or of the code.' })
  @MaxLength(100)
  search?: string;
}
