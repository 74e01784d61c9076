import { Entity, Index, ManyToOne, Property, Enum, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../common/base.entity.js';
import { MembershipRole } from '../membership/membership.entity.js';
import { Organization } from '../organization/organization.entity.js';
import { User } from '../user/user.entity.js';

@Entity()
@Index({ properties: ['organization'] })
export class Invitation extends BaseEntity {
  @ManyToOne(() => Organization, { deleteRule: 'cascade' })
  organization: Rel<Organization>;

  @Property({ length: 254 })
  email: string;

  @Enum({ items: () => MembershipRole })
  role: MembershipRole;

  /** SHA-256 of the secret in the invitation link. */
  @Property({ length: 64, unique: true })
  secretHash: string;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  invitedBy?: Rel<User>;

  @Property({ type: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  acceptedAt?: Date;
}
