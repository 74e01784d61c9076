import { GraphQLLocalDate } from 'graphql-scalars';
import { BaseNode } from '../common/base.node.js';
import { Field, Int } from 'type-graphql';
import { NodeType } from '../../graphql/relay/node.interface.js';
import { Milestone } from './milestone.entity.js';
import { Localized } from '../../graphql/locale.js';

@Localized({ title: ['titleZh', 'titleEn'] })
@NodeType('Milestone', Milestone, {
  description: "A step of a project; the project's progress is the weighted mean of its milestones.",
})
export class MilestoneNode extends BaseNode {
  @Field()
  titleZh: string;

  @Field()
  titleEn: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'YYYY-MM-DD' })
  dueOn?: string;

  @Field(() => Int)
  weight: number;

  @Field(() => Int, { description: '0–100' })
  progress: number;

  @Field(() => String, { nullable: true, description: 'The latest word on it: what was done, what holds it up.' })
  note: string | null;

  projectId: string;

  ownerOrganizationId: string | null;
}
