import { Arg, Ctx, Field, ID, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { MutationPayload, runMutation } from '../../graphql/payload.js';
import { toGlobalId } from '../../graphql/relay/global-id.js';
import { Guard } from '../auth/guard.decorator.js';
import { AddMilestoneInput, RemoveMilestoneInput, UpdateMilestoneInput } from './milestone.inputs.js';
import { MilestoneNode } from './milestone.node.js';
import { addMilestone, removeMilestone, updateMilestone } from './milestone.service.js';

@ObjectType()
export class MilestonePayload extends MutationPayload {
  @Field(() => MilestoneNode, { nullable: true })
  milestone: MilestoneNode | null;
}

@ObjectType()
export class RemoveMilestonePayload extends MutationPayload {
  @Field(() => ID, { nullable: true, description: 'The removed milestone’s id.' })
  removedMilestoneId: string | null;
}

@Resolver()
export class MilestoneMutationsResolver {
  @Guard('addMilestone')
  @Mutation(() => MilestonePayload, { description: "Plans a step of a project; the project's progress follows." })
  addMilestone(
    @Ctx() ctx: Context,
    @Arg('input', () => AddMilestoneInput, { validate: false }) input: AddMilestoneInput,
  ): Promise<MilestonePayload> {
    return runMutation<MilestonePayload>(input, { milestone: null }, async () => ({
      milestone: await ctx.loaders.written(MilestoneNode, (await addMilestone(ctx.viewer, ctx.em, input)).id),
    }));
  }

  @Guard('updateMilestone')
  @Mutation(() => MilestonePayload, {
    description: 'Reports progress (0–100) and a note, or (the lead) changes the plan of a milestone.',
  })
  updateMilestone(
    @Ctx() ctx: Context,
    @Arg('input', () => UpdateMilestoneInput, { validate: false }) input: UpdateMilestoneInput,
  ): Promise<MilestonePayload> {
    return runMutation<MilestonePayload>(input, { milestone: null }, async () => ({
      milestone: await ctx.loaders.written(MilestoneNode, (await updateMilestone(ctx.viewer, ctx.em, input)).id),
    }));
  }

  @Guard('removeMilestone')
  @Mutation(() => RemoveMilestonePayload)
  removeMilestone(
    @Ctx() ctx: Context,
    @Arg('input', () => RemoveMilestoneInput, { validate: false }) input: RemoveMilestoneInput,
  ): Promise<RemoveMilestonePayload> {
    return runMutation<RemoveMilestonePayload>(input, { removedMilestoneId: null }, async () => ({
      removedMilestoneId: toGlobalId('Milestone', await removeMilestone(ctx.viewer, ctx.em, input)),
    }));
  }
}
