import { Check, Entity, Enum, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { Category } from '../common/enums.js';
import { Node } from '../../graphql/relay/node.interface.js';
import { Organization } from '../organization/organization.entity.js';
import { Region } from '../region/region.entity.js';

export enum NeedStatus {
  OPEN = 'OPEN',
  MATCHED = 'MATCHED',
  RESOLVED = 'RESOLVED',
}
registerEnumType(NeedStatus, {
  name: 'NeedStatus',
  description: 'OPEN until a project in progress answers it (MATCHED), RESOLVED when that project completes.',
});

@ObjectType({ implements: Node, description: "A residents' need reported by a committee." })
@Entity()
@Index({ properties: ['status', 'category'] })
@Check({ name: 'need_support_count_non_negative', expression: 'support_count >= 0' })
export class Need extends BaseEntity<'status' | 'supportCount'> {
  @Field()
  @Property({ length: 200 })
  titleZh: string;

  @Field()
  @Property({ length: 200 })
  titleEn: string;

  @Field({ nullable: true })
  @Property({ type: 'text', nullable: true })
  descriptionZh?: string;

  @Field({ nullable: true })
  @Property({ type: 'text', nullable: true })
  descriptionEn?: string;

  @Field(() => Category)
  @Enum({ items: () => Category })
  category: Category;

  @Field(() => NeedStatus)
  @Enum({ items: () => NeedStatus, default: NeedStatus.OPEN })
  status: NeedStatus = NeedStatus.OPEN;

  /** The committee that reported it. */
  @ManyToOne(() => Organization, { index: true, deleteRule: 'restrict' })
  reporter: Rel<Organization>;

  /** A community or a grid. */
  @ManyToOne(() => Region, { index: true, deleteRule: 'restrict' })
  region: Rel<Region>;

  @Field(() => Int, { description: 'Organizations that support this need.' })
  @Property({ default: 0 })
  supportCount: number = 0;
}
