import { ArrayType, Entity, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../common/base.entity.js';
import { Organization } from '../organization/organization.entity.js';
import { User } from '../user/user.entity.js';

@Entity()
@Index({ properties: ['organization'] })
export class ApiToken extends BaseEntity {
  @ManyToOne(() => Organization, { deleteRule: 'cascade' })
  organization: Rel<Organization>;

  @Property({ length: 100 })
  name: string;

  @Property({ type: ArrayType })
  scopes: string[];

  /** SHA-256 of the secret; the secret itself is shown once, at creation. */
  @Property({ length: 64, unique: true })
  secretHash: string;

  @Property({ length: 16 })
  prefix: string;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  createdBy?: Rel<User>;

  @Property({ type: 'timestamptz', nullable: true })
  expiresAt?: Date;

  @Property({ type: 'timestamptz', nullable: true })
  lastUsedAt?: Date;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date;
}
