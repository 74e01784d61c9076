import { Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context.js';

@ObjectType({
  description:
    "The caller's query cost budget (per API token, signed-in user or anonymous IP address, shared by every instance), as charged for this request. The same numbers, with the request's `actual` cost, are in every response's `extensions.cost`.",
})
export class RateLimit {
  @Field(() => Int, { description: "This request's cost, measured from its document before it ran." })
  requested: number;

  @Field(() => Int, { description: 'Points per minute; the bucket holds at most this many.' })
  budget: number;

  @Field(() => Int, { description: 'Points left after charging this request.' })
  remaining: number;

  @Field({ description: 'When the budget is full again if nothing more is spent.' })
  resetAt: Date;
}

@Resolver()
export class RateLimitResolver {
  @Query(() => RateLimit, { description: "The caller's cost budget after charging this request." })
  rateLimit(@Ctx() { cost }: Context): RateLimit {
    // Admission charges every operation before its resolvers run.
    if (!cost) throw new Error('rateLimit resolved for an operation that was not admitted');
    return { requested: cost.requested, budget: cost.budget, remaining: cost.remaining, resetAt: cost.resetAt };
  }
}
