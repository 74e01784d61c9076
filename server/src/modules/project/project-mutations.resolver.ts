import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { runMutation } from '../../graphql/payload.js';
import { ParticipantNode } from './participant.node.js';
import { ProjectNode } from './project.node.js';
import { RequirementNode } from './requirement.node.js';
import { Guard } from '../auth/guard.decorator.js';
import { ParticipantPayload, ProjectPayload, RequirementPayload } from '../common/payload-types.js';
import { ParticipationInput } from './participant.inputs.js';
import { inviteParticipant, joinProject, leaveProject } from './participant.service.js';
import { changeProjectStatus } from './project-lifecycle.service.js';
import { createProject, updateProject } from './project-write.service.js';
import { addRequirement, updateRequirement } from './requirement.service.js';
import { ChangeProjectStatusInput, CreateProjectInput, UpdateProjectInput } from './project.inputs.js';
import { AddRequirementInput, UpdateRequirementInput } from './requirement.inputs.js';

@Resolver()
export class ProjectMutationsResolver {
  @Guard('createProject')
  @Mutation(() => ProjectPayload, { description: 'Creates a project led by a committee, answering needs.' })
  createProject(
    @Ctx() ctx: Context,
    @Arg('input', () => CreateProjectInput, { validate: false }) input: CreateProjectInput,
  ): Promise<ProjectPayload> {
    return runMutation<ProjectPayload>(input, { project: null }, async () => ({
      project: await ctx.loaders.written(ProjectNode, (await createProject(ctx.viewer, ctx.em, input)).id),
    }));
  }

  @Guard('updateProject')
  @Mutation(() => ProjectPayload)
  updateProject(
    @Ctx() ctx: Context,
    @Arg('input', () => UpdateProjectInput, { validate: false }) input: UpdateProjectInput,
  ): Promise<ProjectPayload> {
    return runMutation<ProjectPayload>(input, { project: null }, async () => ({
      project: await ctx.loaders.written(ProjectNode, (await updateProject(ctx.viewer, ctx.em, input)).id),
    }));
  }

  @Guard('changeProjectStatus')
  @Mutation(() => ProjectPayload, { description: 'Moves a project along its lifecycle; answered needs follow.' })
  changeProjectStatus(
    @Ctx() ctx: Context,
    @Arg('input', () => ChangeProjectStatusInput, { validate: false }) input: ChangeProjectStatusInput,
  ): Promise<ProjectPayload> {
    return runMutation<ProjectPayload>(input, { project: null }, async () => ({
      project: await ctx.loaders.written(ProjectNode, (await changeProjectStatus(ctx.viewer, ctx.em, input)).id),
    }));
  }

  @Guard('addRequirement')
  @Mutation(() => RequirementPayload, { description: 'Adds something the project needs: kind, quantity, unit.' })
  addRequirement(
    @Ctx() ctx: Context,
    @Arg('input', () => AddRequirementInput, { validate: false }) input: AddRequirementInput,
  ): Promise<RequirementPayload> {
    return runMutation<RequirementPayload>(input, { requirement: null }, async () => ({
      requirement: await ctx.loaders.written(RequirementNode, (await addRequirement(ctx.viewer, ctx.em, input)).id),
    }));
  }

  @Guard('updateRequirement')
  @Mutation(() => RequirementPayload)
  updateRequirement(
    @Ctx() ctx: Context,
    @Arg('input', () => UpdateRequirementInput, { validate: false }) input: UpdateRequirementInput,
  ): Promise<RequirementPayload> {
    return runMutation<RequirementPayload>(input, { requirement: null }, async () => ({
      requirement: await ctx.loaders.written(RequirementNode, (await updateRequirement(ctx.viewer, ctx.em, input)).id),
    }));
  }

  @Guard('inviteParticipant')
  @Mutation(() => ParticipantPayload, { description: 'Invites an organization to take part.' })
  inviteParticipant(
    @Ctx() ctx: Context,
    @Arg('input', () => ParticipationInput, { validate: false }) input: ParticipationInput,
  ): Promise<ParticipantPayload> {
    return runMutation<ParticipantPayload>(input, { participant: null }, async () => ({
      participant: await ctx.loaders.written(ParticipantNode, (await inviteParticipant(ctx.viewer, ctx.em, input)).id),
    }));
  }

  @Guard('joinProject')
  @Mutation(() => ParticipantPayload, {
    description: 'An organization joins a project (accepting an invitation, if any).',
  })
  joinProject(
    @Ctx() ctx: Context,
    @Arg('input', () => ParticipationInput, { validate: false }) input: ParticipationInput,
  ): Promise<ParticipantPayload> {
    return runMutation<ParticipantPayload>(input, { participant: null }, async () => ({
      participant: await ctx.loaders.written(ParticipantNode, (await joinProject(ctx.viewer, ctx.em, input)).id),
    }));
  }

  @Guard('leaveProject')
  @Mutation(() => ParticipantPayload, {
    description: 'An organization leaves a project (after withdrawing open commitments).',
  })
  leaveProject(
    @Ctx() ctx: Context,
    @Arg('input', () => ParticipationInput, { validate: false }) input: ParticipationInput,
  ): Promise<ParticipantPayload> {
    return runMutation<ParticipantPayload>(input, { participant: null }, async () => ({
      participant: await ctx.loaders.written(ParticipantNode, (await leaveProject(ctx.viewer, ctx.em, input)).id),
    }));
  }
}
