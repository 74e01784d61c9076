import { Entity, Index, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';

/**
 * A create-style mutation's idempotency key: per caller and mutation, the hash of the input
 * it came with and the id of what it created. Kept at least 24 hours (swept after 48).
 */
@Entity()
@Index({ properties: ['createdAt'] })
export class IdempotencyKey {
  [PrimaryKeyProp]?: ['scope', 'key'];

  /** `<user or token id>:<mutation>` */
  @PrimaryKey({ type: 'text' })
  scope: string;

  @PrimaryKey({ type: 'text' })
  key: string;

  @Property({ length: 64 })
  requestHash: string;

  @Property({ type: 'text', nullable: true })
  resultId?: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
