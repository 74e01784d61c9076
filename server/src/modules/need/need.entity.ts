import { Check, Entity, Enum, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { Category } from '../common/enums.js';
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

@Entity()
@Index({ properties: ['status', 'category'] })
@Check({ name: 'need_support_count_non_negative', expression: 'support_count >= 0' })
export class Need extends BaseEntity<'status' | 'supportCount'> {
  @Property({ length: 200 })
  titleZh: string;

  @Property({ length: 200 })
  titleEn: string;

  @Property({ type: 'text', nullable: true })
  descriptionZh?: string;

  @Property({ type: 'text', nullable: true })
  descriptionEn?: string;

  @Enum({ items: () => Category })
  category: Category;

  @Enum({ items: () => NeedStatus, default: NeedStatus.OPEN })
  status: NeedStatus = NeedStatus.OPEN;

  /** The committee that reported it. */
  @ManyToOne(() => Organization, { index: true, deleteRule: 'restrict' })
  reporter: Rel<Organization>;

  /** A community or a grid. */
  @ManyToOne(() => Region, { index: true, deleteRule: 'restrict' })
  region: Rel<Region>;

  @Property({ default: 0 })
  supportCount: number = 0;
}
