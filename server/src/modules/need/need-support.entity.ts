import { Entity, ManyToOne, OptionalProps, PrimaryKeyProp, Property, type Rel } from '@mikro-orm/core';
import { Organization } from '../organization/organization.entity.js';
import { Need } from './need.entity.js';

/** One organization's support for a need; at most one per organization. */
@Entity()
export class NeedSupport {
  [PrimaryKeyProp]?: ['need', 'organization'];
  [OptionalProps]?: 'createdAt';

  @ManyToOne(() => Need, { primary: true, deleteRule: 'cascade' })
  need: Rel<Need>;

  @ManyToOne(() => Organization, { primary: true, index: true, deleteRule: 'cascade' })
  organization: Rel<Organization>;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
