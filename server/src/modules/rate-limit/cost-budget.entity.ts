import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One cost budget (a token bucket) per API token, signed-in user and anonymous IP address,
 * shared by every server instance. Charged and refunded by the `charge_cost_budget`
 * function (see cost-budget.ts and its migration), in one statement per call.
 */
@Entity()
export class CostBudget {
  /** `token:<id>`, `user:<id>` or `ip:<address>`. */
  @PrimaryKey({ type: 'text' })
  key: string;

  /** Points left at `updatedAt`; the bucket refills linearly from there up to the budget. */
  @Property({ type: 'double precision' })
  level: number;

  @Property({ type: 'timestamptz', index: true })
  updatedAt: Date;
}
