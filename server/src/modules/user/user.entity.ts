import { Entity, Property } from '@mikro-orm/core';
import { BaseEntity } from '../common/base.entity.js';

@Entity({ tableName: 'app_user' })
export class User extends BaseEntity {
  /** Stored lower-cased; unique. Shown only to the user and to admins of their organizations. */
  @Property({ length: 254, unique: true })
  email: string;

  @Property({ length: 100 })
  displayName: string;

  /** argon2id; never leaves the server. */
  @Property({ type: 'text', hidden: true, lazy: true })
  passwordHash: string;
}
