import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Fixed-window counters shared by every server instance (login attempts per email and per
 * IP). Updated with one atomic upsert; see rate-limit.ts.
 */
@Entity()
export class RateLimitBucket {
  @PrimaryKey({ type: 'text' })
  key: string;

  @Property({ type: 'timestamptz' })
  windowStartedAt: Date;

  @Property()
  hits: number;
}
