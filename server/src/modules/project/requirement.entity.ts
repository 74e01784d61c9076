import { Check, Entity, Enum, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../common/base.entity.js';
import { QuantityUnit, ResourceKind } from '../common/enums.js';
import { Project } from './project.entity.js';

@Entity()
@Check({ name: 'requirement_quantity_positive', expression: 'quantity > 0' })
@Check({
  name: 'requirement_counters_within_quantity',
  expression: 'committed >= 0 and committed <= quantity and delivered >= 0 and delivered <= committed',
})
export class Requirement extends BaseEntity<'committed' | 'delivered'> {
  @ManyToOne(() => Project, { index: true, deleteRule: 'cascade' })
  project: Rel<Project>;

  @Property({ length: 200 })
  titleZh: string;

  @Property({ length: 200 })
  titleEn: string;

  @Enum({ items: () => ResourceKind })
  kind: ResourceKind;

  @Enum({ items: () => QuantityUnit })
  unit: QuantityUnit;

  @Property()
  quantity: number;

  /**
   * Sum of the active (pledged, confirmed, delivered) commitments towards it. Kept by a guarded
   * UPDATE under the requirement's row lock in the same transaction as each commitment change,
   * and bounded by a CHECK constraint, so reads never sum the commitment table.
   */
  @Property({ default: 0 })
  committed: number = 0;

  /** Sum of the delivered commitments, kept like `committed`. */
  @Property({ default: 0 })
  delivered: number = 0;
}
