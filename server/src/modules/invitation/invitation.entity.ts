import { Entity, Index, ManyToOne, Property, Enum, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { Node } from '../../graphql/relay/node.interface.js';
import { MembershipRole } from '../membership/membership.entity.js';
import { Organization } from '../organization/organization.entity.js';
import { User } from '../user/user.entity.js';

@ObjectType({ implements: Node, description: 'A single-use invitation to join an organization.' })
@Entity()
@Index({ properties: ['organization'] })
export class Invitation extends BaseEntity {
  @ManyToOne(() => Organization, { deleteRule: 'cascade' })
  organization: Rel<Organization>;

  @Field()
  @Property({ length: 254 })
  email: string;

  @Field(() => MembershipRole)
  @Enum({ items: () => MembershipRole })
  role: MembershipRole;

  /** SHA-256 of the secret in the invitation link. */
  @Property({ length: 64, unique: true })
  secretHash: string;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  invitedBy?: Rel<User>;

  @Field()
  @Property({ type: 'timestamptz' })
  expiresAt: Date;

  @Field({ nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  acceptedAt?: Date;
}
