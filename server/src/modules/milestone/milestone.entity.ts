import { Check, Entity, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { Node } from '../../graphql/relay/node.interface.js';
import { Project } from '../project/project.entity.js';

@ObjectType({
  implements: Node,
  description: "A step of a project; the project's progress is the weighted mean of its milestones.",
})
@Entity()
@Index({ properties: ['project', 'dueOn'] })
@Check({ name: 'milestone_weight_positive', expression: 'weight > 0' })
@Check({ name: 'milestone_progress_range', expression: 'progress >= 0 and progress <= 100' })
export class Milestone extends BaseEntity<'weight' | 'progress'> {
  @ManyToOne(() => Project, { deleteRule: 'cascade' })
  project: Rel<Project>;

  @Field()
  @Property({ length: 200 })
  titleZh: string;

  @Field()
  @Property({ length: 200 })
  titleEn: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'YYYY-MM-DD' })
  @Property({ type: 'date', nullable: true })
  dueOn?: string;

  @Field(() => Int)
  @Property({ default: 1 })
  weight: number = 1;

  @Field(() => Int, { description: '0–100' })
  @Property({ type: 'smallint', default: 0 })
  progress: number = 0;
}
