import { Field, ID, InputType } from 'type-graphql';
import { MaxLength } from 'class-validator';
import { Category } from '../common/enums.js';
import { NeedStatus } from './need.entity.js';

@InputType({ description: 'Filters of `needs`; all given conditions must hold.' })
export class NeedFilter {
  @Field(() => [NeedStatus], { nullable: true })
  status?: NeedStatus[];

  @Field(() => [Category], { nullable: true })
  category?: Category[];

  @Field(() => ID, { nullable: true, description: 'Needs of this region or below it.' })
  regionId?: string;

  @Field({ nullable: true, description: 'Part of the Chinese or English title.' })
  @MaxLength(100)
  search?: string;
}
