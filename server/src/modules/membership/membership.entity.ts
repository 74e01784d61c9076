import { Entity, Enum, Index, ManyToOne, Unique, type Rel } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { Organization } from '../organization/organization.entity.js';
import { User } from '../user/user.entity.js';

export enum MembershipRole {
  ADMIN = 'ADMIN',
  REPRESENTATIVE = 'REPRESENTATIVE',
  MEMBER = 'MEMBER',
}
registerEnumType(MembershipRole, {
  name: 'MembershipRole',
  description:
    'ADMIN manages the organization (members, tokens) and acts for it; REPRESENTATIVE acts for it (resources, commitments, progress); MEMBER reads.',
});

@Entity()
@Unique({ properties: ['user', 'organization'] })
@Index({ properties: ['organization', 'role'] })
export class Membership extends BaseEntity {
  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user: Rel<User>;

  @ManyToOne(() => Organization, { deleteRule: 'cascade' })
  organization: Rel<Organization>;

  @Enum({ items: () => MembershipRole })
  role: MembershipRole;
}
