import { Entity, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../common/base.entity.js';
import { User } from '../user/user.entity.js';

/** A signed-in browser. The cookie holds a random secret; only its SHA-256 is stored. */
@Entity()
@Index({ properties: ['user'] })
export class Session extends BaseEntity {
  @Property({ length: 64, unique: true })
  secretHash: string;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user: Rel<User>;

  @Property({ type: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date;
}
