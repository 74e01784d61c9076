import { GraphQLLocalDate } from 'graphql-scalars';
import { Category } from '../common/enums.js';
import { BaseNode } from '../common/base.node.js';
import { Field } from 'type-graphql';
import { NodeType } from '../../graphql/relay/node.interface.js';
import { Project, ProjectStatus } from './project.entity.js';
import { Localized } from '../../graphql/locale.js';

@Localized({ title: ['titleZh', 'titleEn'], summary: ['summaryZh', 'summaryEn', { nullable: true }] })
@NodeType('Project', Project, { description: 'A shared project of committees and work units.' })
export class ProjectNode extends BaseNode {
  @Field()
  titleZh: string;

  @Field()
  titleEn: string;

  @Field({ nullable: true })
  summaryZh?: string;

  @Field({ nullable: true })
  summaryEn?: string;

  @Field(() => Category)
  category: Category;

  @Field(() => ProjectStatus)
  status: ProjectStatus;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Target start date (YYYY-MM-DD).' })
  startsOn?: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Target end date (YYYY-MM-DD).' })
  endsOn?: string;

  /** Weighted mean of the milestones, kept on the row (see Project.progress); rounded by the resolver. */
  progress: number;

  leadCommitteeId: string;

  regionId: string;
}
