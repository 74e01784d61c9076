import { Entity, Enum, Index, ManyToOne, Unique, type Rel } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { Organization } from '../organization/organization.entity.js';
import { Project } from './project.entity.js';

export enum ParticipantRole {
  LEAD = 'LEAD',
  PARTNER = 'PARTNER',
}
registerEnumType(ParticipantRole, { name: 'ParticipantRole' });

export enum ParticipantStatus {
  INVITED = 'INVITED',
  ACTIVE = 'ACTIVE',
  LEFT = 'LEFT',
}
registerEnumType(ParticipantStatus, { name: 'ParticipantStatus' });

@Entity()
@Unique({ properties: ['project', 'organization'] })
@Index({ properties: ['organization', 'status'] })
export class Participant extends BaseEntity<'status'> {
  @ManyToOne(() => Project, { deleteRule: 'cascade' })
  project: Rel<Project>;

  @ManyToOne(() => Organization, { deleteRule: 'restrict' })
  organization: Rel<Organization>;

  @Enum({ items: () => ParticipantRole })
  role: ParticipantRole;

  @Enum({ items: () => ParticipantStatus, default: ParticipantStatus.ACTIVE })
  status: ParticipantStatus = ParticipantStatus.ACTIVE;
}
