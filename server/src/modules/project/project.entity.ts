import { Check, Entity, Enum, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { Category } from '../common/enums.js';
import { Node } from '../../graphql/relay/node.interface.js';
import { Organization } from '../organization/organization.entity.js';
import { Region } from '../region/region.entity.js';

export enum ProjectStatus {
  PROPOSED = 'PROPOSED',
  CONSULTING = 'CONSULTING',
  APPROVED = 'APPROVED',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(ProjectStatus, {
  name: 'ProjectStatus',
  description: 'PROPOSED › CONSULTING › APPROVED › IN_PROGRESS › COMPLETED, or CANCELLED.',
});

@ObjectType({ implements: Node, description: 'A shared project of committees and work units.' })
@Entity()
@Index({ properties: ['status', 'category'] })
@Index({
  name: 'project_title_trgm_idx',
  expression:
    'create index "project_title_trgm_idx" on "project" using gin ((title_zh || \' \' || title_en) gin_trgm_ops)',
})
@Check({
  name: 'project_dates_ordered',
  expression: 'ends_on is null or starts_on is null or ends_on >= starts_on',
})
export class Project extends BaseEntity<'status'> {
  @Field()
  @Property({ length: 200 })
  titleZh: string;

  @Field()
  @Property({ length: 200 })
  titleEn: string;

  @Field({ nullable: true })
  @Property({ type: 'text', nullable: true })
  summaryZh?: string;

  @Field({ nullable: true })
  @Property({ type: 'text', nullable: true })
  summaryEn?: string;

  @Field(() => Category)
  @Enum({ items: () => Category })
  category: Category;

  @Field(() => ProjectStatus)
  @Enum({ items: () => ProjectStatus, default: ProjectStatus.PROPOSED })
  status: ProjectStatus = ProjectStatus.PROPOSED;

  @ManyToOne(() => Organization, { index: true, deleteRule: 'restrict' })
  leadCommittee: Rel<Organization>;

  /** The region the project serves; region filters match its whole subtree. */
  @ManyToOne(() => Region, { index: true, deleteRule: 'restrict' })
  region: Rel<Region>;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Target start date (YYYY-MM-DD).' })
  @Property({ type: 'date', nullable: true })
  startsOn?: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Target end date (YYYY-MM-DD).' })
  @Property({ type: 'date', nullable: true })
  endsOn?: string;
}
