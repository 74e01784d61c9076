import { Entity, Enum, Index, ManyToOne, Unique, type Rel } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { Node } from '../../graphql/relay/node.interface.js';
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

@ObjectType({ implements: Node, description: 'An organization taking part in a project.' })
@Entity()
@Unique({ properties: ['project', 'organization'] })
@Index({ properties: ['organization', 'status'] })
export class Participant extends BaseEntity<'status'> {
  @ManyToOne(() => Project, { deleteRule: 'cascade' })
  project: Rel<Project>;

  @ManyToOne(() => Organization, { deleteRule: 'restrict' })
  organization: Rel<Organization>;

  @Field(() => ParticipantRole)
  @Enum({ items: () => ParticipantRole })
  role: ParticipantRole;

  @Field(() => ParticipantStatus)
  @Enum({ items: () => ParticipantStatus, default: ParticipantStatus.ACTIVE })
  status: ParticipantStatus = ParticipantStatus.ACTIVE;
}
