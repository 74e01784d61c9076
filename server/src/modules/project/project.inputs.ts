import { Field, ID, InputType } from 'type-graphql';
import { MaxLength } from 'class-validator';
import { Category } from '../common/enums.js';
import { ProjectStatus } from './project.entity.js';

@InputType({ description: 'Filters of `projects`; all given conditions must hold.' })
export class ProjectFilter {
  @Field(() => [ProjectStatus], { nullable: true })
  status?: ProjectStatus[];

  @Field(() => [Category], { nullable: true })
  category?: Category[];

  @Field(() => ID, { nullable: true, description: 'Projects serving this region or a region below it.' })
  regionId?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Projects in which this organization takes part (as lead or partner).',
  })
  participantOrganizationId?: string;

  @Field({ nullable: true, description: 'Words of the Chinese or English title.' })
  @MaxLength(100)
  text?: string;
}
