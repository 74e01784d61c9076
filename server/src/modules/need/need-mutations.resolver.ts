import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { runMutation } from '../../graphql/payload.js';
import { NeedNode } from './need.node.js';
import { Guard } from '../auth/guard.decorator.js';
import { NeedPayload } from '../common/payload-types.js';
import { ReportNeedInput, SupportNeedInput, UpdateNeedInput } from './need.inputs.js';
import { reportNeed, supportNeed, updateNeed } from './need.service.js';

@Resolver()
export class NeedMutationsResolver {
  @Guard('reportNeed')
  @Mutation(() => NeedPayload, { description: "Reports a residents' need for a community or grid." })
  reportNeed(
    @Ctx() ctx: Context,
    @Arg('input', () => ReportNeedInput, { validate: false }) input: ReportNeedInput,
  ): Promise<NeedPayload> {
    return runMutation<NeedPayload>(input, { need: null }, async () => ({
      need: await ctx.loaders.written(NeedNode, (await reportNeed(ctx.viewer, ctx.em, input)).id),
    }));
  }

  @Guard('updateNeed')
  @Mutation(() => NeedPayload, { description: 'Changes the text or category of a need.' })
  updateNeed(
    @Ctx() ctx: Context,
    @Arg('input', () => UpdateNeedInput, { validate: false }) input: UpdateNeedInput,
  ): Promise<NeedPayload> {
    return runMutation<NeedPayload>(input, { need: null }, async () => ({
      need: await ctx.loaders.written(NeedNode, (await updateNeed(ctx.viewer, ctx.em, input)).id),
    }));
  }

  @Guard('supportNeed')
  @Mutation(() => NeedPayload, { description: 'Records an organization’s support for a need (once per organization).' })
  supportNeed(
    @Ctx() ctx: Context,
    @Arg('input', () => SupportNeedInput, { validate: false }) input: SupportNeedInput,
  ): Promise<NeedPayload> {
    return runMutation<NeedPayload>(input, { need: null }, async () => ({
      need: await ctx.loaders.written(NeedNode, (await supportNeed(ctx.viewer, ctx.em, input)).id),
    }));
  }
}
