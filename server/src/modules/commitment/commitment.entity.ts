import { Check, Entity, Enum, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { QuantityUnit } from '../common/enums.js';
import { Organization } from '../organization/organization.entity.js';
import { Project } from '../project/project.entity.js';
import { Requirement } from '../project/requirement.entity.js';
import { Resource } from '../resource/resource.entity.js';

export enum CommitmentStatus {
  PLEDGED = 'PLEDGED',
  CONFIRMED = 'CONFIRMED',
  DELIVERED = 'DELIVERED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(CommitmentStatus, {
  name: 'CommitmentStatus',
  description: 'PLEDGED › CONFIRMED › DELIVERED, or WITHDRAWN (no longer counts).',
});

@Entity()
@Index({ properties: ['requirement', 'status'] })
@Index({ properties: ['project', 'status'] })
@Index({ properties: ['organization', 'status'] })
@Index({ properties: ['resource', 'status'] })
@Check({ name: 'commitment_quantity_positive', expression: 'quantity > 0' })
export class Commitment extends BaseEntity<'status'> {
  /** Denormalized from the requirement so project-wide lists need no join. */
  @ManyToOne(() => Project, { deleteRule: 'cascade' })
  project: Rel<Project>;

  @ManyToOne(() => Requirement, { deleteRule: 'cascade' })
  requirement: Rel<Requirement>;

  @ManyToOne(() => Organization, { deleteRule: 'restrict' })
  organization: Rel<Organization>;

  /** The organization's resource it draws on, if any. */
  @ManyToOne(() => Resource, { nullable: true, deleteRule: 'restrict' })
  resource?: Rel<Resource>;

  @Property()
  quantity: number;

  @Enum({ items: () => QuantityUnit })
  unit: QuantityUnit;

  @Enum({ items: () => CommitmentStatus, default: CommitmentStatus.PLEDGED })
  status: CommitmentStatus = CommitmentStatus.PLEDGED;

  @Property({ type: 'text', nullable: true })
  note?: string;
}
