import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { runMutation } from '../../graphql/payload.js';
import { Guard } from '../auth/guard.decorator.js';
import { ImportMilestoneProgressInput, ImportMilestoneProgressPayload } from './milestone-progress-import.inputs.js';
import { importMilestoneProgress } from './milestone-progress-import.service.js';

@Resolver()
export class MilestoneProgressImportResolver {
  @Guard('importMilestoneProgress')
  @Mutation(() => ImportMilestoneProgressPayload, {
    description:
      'Applies the progress and note of the milestone rows of a projects CSV, all or nothing: every bad row is a userError whose field is ["input", "csv", "<line>", "<column>"].',
  })
  importMilestoneProgress(
    @Ctx() ctx: Context,
    @Arg('input', () => ImportMilestoneProgressInput, { validate: false }) input: ImportMilestoneProgressInput,
  ): Promise<ImportMilestoneProgressPayload> {
    return runMutation<ImportMilestoneProgressPayload>(
      input,
      { updatedMilestones: null, unchangedMilestones: null },
      async () => {
        const { updated, unchanged } = await importMilestoneProgress(ctx.viewer, ctx.em, input);
        return { updatedMilestones: updated, unchangedMilestones: unchanged };
      },
    );
  }
}
