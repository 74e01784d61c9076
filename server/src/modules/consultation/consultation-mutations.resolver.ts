import { Arg, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { MutationPayload, runMutation } from '../../graphql/payload.js';
import { Guard } from '../auth/guard.decorator.js';
import { ProjectPayload } from '../common/payload-types.js';
import { ProjectNode } from '../project/project.node.js';
import { editComment, postComment, removeComment } from './comment.service.js';
import {
  EditCommentInput,
  PostCommentInput,
  RecordPositionInput,
  RemoveCommentInput,
  SetConsultationRuleInput,
} from './consultation.inputs.js';
import { CommentNode, PositionNode } from './consultation.nodes.js';
import { recordPosition, setConsultationRule } from './position.service.js';

@ObjectType()
export class CommentPayload extends MutationPayload {
  @Field(() => CommentNode, { nullable: true })
  comment: CommentNode | null;
}

@ObjectType()
export class PositionPayload extends MutationPayload {
  @Field(() => PositionNode, { nullable: true })
  position: PositionNode | null;
}

@Resolver()
export class ConsultationMutationsResolver {
  @Guard('postComment')
  @Mutation(() => CommentPayload, {
    description: "Comments on a project's consultation for an organization, or replies to a top-level comment.",
  })
  postComment(
    @Ctx() ctx: Context,
    @Arg('input', () => PostCommentInput, { validate: false }) input: PostCommentInput,
  ): Promise<CommentPayload> {
    return runMutation<CommentPayload>(input, { comment: null }, async () => ({
      comment: await ctx.loaders.written(CommentNode, (await postComment(ctx.viewer, ctx.em, input)).id),
    }));
  }

  @Guard('editComment')
  @Mutation(() => CommentPayload, { description: 'Its author changes a comment within 15 minutes of posting it.' })
  editComment(
    @Ctx() ctx: Context,
    @Arg('input', () => EditCommentInput, { validate: false }) input: EditCommentInput,
  ): Promise<CommentPayload> {
    return runMutation<CommentPayload>(input, { comment: null }, async () => ({
      comment: await ctx.loaders.written(CommentNode, (await editComment(ctx.viewer, ctx.em, input)).id),
    }));
  }

  @Guard('removeComment')
  @Mutation(() => CommentPayload, { description: 'Removes a comment, leaving a tombstone; its replies stay.' })
  removeComment(
    @Ctx() ctx: Context,
    @Arg('input', () => RemoveCommentInput, { validate: false }) input: RemoveCommentInput,
  ): Promise<CommentPayload> {
    return runMutation<CommentPayload>(input, { comment: null }, async () => ({
      comment: await ctx.loaders.written(CommentNode, (await removeComment(ctx.viewer, ctx.em, input)).id),
    }));
  }

  @Guard('recordPosition')
  @Mutation(() => PositionPayload, {
    description:
      "States (or changes) a participating organization's position on a project, until it is approved; the reason is posted as a comment.",
  })
  recordPosition(
    @Ctx() ctx: Context,
    @Arg('input', () => RecordPositionInput, { validate: false }) input: RecordPositionInput,
  ): Promise<PositionPayload> {
    return runMutation<PositionPayload>(input, { position: null }, async () => ({
      position: await ctx.loaders.written(PositionNode, await recordPosition(ctx.viewer, ctx.em, input)),
    }));
  }

  @Guard('setConsultationRule')
  @Mutation(() => ProjectPayload, {
    description: 'The lead committee sets when the project may be approved, before consultation starts.',
  })
  setConsultationRule(
    @Ctx() ctx: Context,
    @Arg('input', () => SetConsultationRuleInput, { validate: false }) input: SetConsultationRuleInput,
  ): Promise<ProjectPayload> {
    return runMutation<ProjectPayload>(input, { project: null }, async () => ({
      project: await ctx.loaders.written(ProjectNode, (await setConsultationRule(ctx.viewer, ctx.em, input)).id),
    }));
  }
}
