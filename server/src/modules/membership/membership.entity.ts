import { Entity, Enum, Index, ManyToOne, Unique, type Rel } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { Node } from '../../graphql/relay/node.interface.js';
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

@ObjectType({ implements: Node, description: "A person's role in an organization." })
@Entity()
@Unique({ properties: ['user', 'organization'] })
@Index({ properties: ['organization', 'role'] })
export class Membership extends BaseEntity {
  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user: Rel<User>;

  @ManyToOne(() => Organization, { deleteRule: 'cascade' })
  organization: Rel<Organization>;

  @Field(() => MembershipRole)
  @Enum({ items: () => MembershipRole })
  role: MembershipRole;
}
