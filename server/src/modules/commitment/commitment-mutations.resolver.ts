import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { runMutation } from '../../graphql/payload.js';
import { Guard } from '../auth/guard.decorator.js';
import { CommitmentPayload } from '../common/payload-types.js';
import { CommitmentActionInput, CommitResourceInput } from './commitment.inputs.js';
import { CommitmentNode } from './commitment.node.js';
import { commitResource, moveCommitment } from './commitment.service.js';

@Resolver()
export class CommitmentMutationsResolver {
  @Guard('commitResource')
  @Mutation(() => CommitmentPayload, {
    description:
      "Commits a quantity to a requirement, optionally from one of the organization's resources (never beyond its capacity).",
  })
  commitResource(
    @Ctx() ctx: Context,
    @Arg('input', () => CommitResourceInput, { validate: false }) input: CommitResourceInput,
  ): Promise<CommitmentPayload> {
    return runMutation<CommitmentPayload>(input, { commitment: null }, async () => ({
      commitment: await ctx.loaders.written(CommitmentNode, await commitResource(ctx.viewer, ctx.em, input)),
    }));
  }

  @Guard('confirmCommitment')
  @Mutation(() => CommitmentPayload, { description: 'The lead committee accepts a pledge.' })
  confirmCommitment(
    @Ctx() ctx: Context,
    @Arg('input', () => CommitmentActionInput, { validate: false }) input: CommitmentActionInput,
  ): Promise<CommitmentPayload> {
    return runMutation<CommitmentPayload>(input, { commitment: null }, async () => ({
      commitment: await ctx.loaders.written(
        CommitmentNode,
        await moveCommitment(ctx.viewer, ctx.em, input.commitmentId, 'confirm'),
      ),
    }));
  }

  @Guard('markDelivered')
  @Mutation(() => CommitmentPayload, { description: 'Records that what was committed has been delivered.' })
  markDelivered(
    @Ctx() ctx: Context,
    @Arg('input', () => CommitmentActionInput, { validate: false }) input: CommitmentActionInput,
  ): Promise<CommitmentPayload> {
    return runMutation<CommitmentPayload>(input, { commitment: null }, async () => ({
      commitment: await ctx.loaders.written(
        CommitmentNode,
        await moveCommitment(ctx.viewer, ctx.em, input.commitmentId, 'deliver'),
      ),
    }));
  }

  @Guard('withdrawCommitment')
  @Mutation(() => CommitmentPayload, {
    description: 'Withdraws a pledged or confirmed commitment; its quantity returns to the resource.',
  })
  withdrawCommitment(
    @Ctx() ctx: Context,
    @Arg('input', () => CommitmentActionInput, { validate: false }) input: CommitmentActionInput,
  ): Promise<CommitmentPayload> {
    return runMutation<CommitmentPayload>(input, { commitment: null }, async () => ({
      commitment: await ctx.loaders.written(
        CommitmentNode,
        await moveCommitment(ctx.viewer, ctx.em, input.commitmentId, 'withdraw'),
      ),
    }));
  }
}
