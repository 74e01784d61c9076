import { Arg, Args, Ctx, Field, FieldResolver, ID, InputType, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { badUserInput, notFound } from '../../graphql/errors.js';
import { ConnectionArgs } from '../../graphql/relay/connection.args.js';
import { ConnectionType, type Connection } from '../../graphql/relay/connection.types.js';
import { decodeGlobalId } from '../../graphql/relay/global-id.js';
import { Node, nodeTypeNamed } from '../../graphql/relay/node.interface.js';
import { readNode } from '../../graphql/rows.js';
import { ApiTokenNode } from '../api-token/api-token.node.js';
import { OrganizationNode } from '../organization/organization.node.js';
import { ProjectNode } from '../project/project.node.js';
import { regionForFilter } from '../region/region-scope.js';
import { UserNode } from '../user/user.node.js';
import { ActivityEvent } from './activity-event.js';
import { openActivityFeed } from './activity-feed.js';
import { activityConnection, decodeActivityCursor, type ActivityFilter } from './activity-log.js';
import { ActivityNode } from './activity.node.js';

const ActivityConnection = ConnectionType(ActivityNode);

/** At most this many event types in one filter. */
const MAX_TYPES = 50;

@InputType('ActivityFilter', { description: 'Which events to list; all given conditions apply.' })
export class ActivityFilterInput {
  @Field(() => ID, { nullable: true, description: 'Events anywhere in this region and the regions below it.' })
  regionId?: string | null;

  @Field(() => ID, { nullable: true, description: "One project's events." })
  projectId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Events in which this organization acted.' })
  organizationId?: string | null;

  @Field(() => [String], { nullable: true, description: `Only these event types (at most ${MAX_TYPES}).` })
  types?: string[] | null;
}

async function feedFilter(ctx: Context, input: ActivityFilterInput | null | undefined): Promise<ActivityFilter> {
  const filter: ActivityFilter = {};
  if (input?.regionId != null) filter.regionPath = (await regionForFilter(ctx.em, input.regionId, 'regionId')).path;
  if (input?.projectId != null) filter.projectId = (await projectFor(ctx, input.projectId)).id;
  if (input?.organizationId != null) {
    const id = decodeGlobalId(input.organizationId, 'Organization', 'organizationId');
    if (!(await readNode(ctx.em, OrganizationNode, id)))
      throw notFound(`No organization with ID ${input.organizationId}.`);
    filter.organizationId = id;
  }
  if (input?.types != null) {
    if (input.types.length > MAX_TYPES)
      throw badUserInput(`At most ${MAX_TYPES} types; got ${input.types.length}.`, 'types');
    filter.types = input.types;
  }
  return filter;
}

async function projectFor(ctx: Context, globalId: string): Promise<ProjectNode> {
  const project = await readNode(ctx.em, ProjectNode, decodeGlobalId(globalId, 'Project', 'projectId'));
  if (!project) throw notFound(`No project with ID ${globalId}.`);
  return project;
}

/** The `subscribe` of a feed: which events `feedOf` selects, from `after` on. */
function subscribeTo(feedOf: (args: Record<string, unknown>) => ActivityFilterInput) {
  return async ({ args, context }: { args: Record<string, unknown>; context: Context }) =>
    openActivityFeed(
      context.em,
      context.viewer,
      await feedFilter(context, feedOf(args)),
      args.after == null ? null : decodeActivityCursor(String(args.after), 'after'),
    );
}

@Resolver(() => ActivityNode)
export class ActivityResolver {
  @FieldResolver(() => ProjectNode, {
    nullable: true,
    description: 'The project it happened in, if any, as it is now: its current progress, fill rate and totals.',
  })
  project(@Root() activity: ActivityNode, @Ctx() { loaders }: Context): Promise<ProjectNode | null> {
    return loaders.node(ProjectNode, activity.projectId);
  }

  @FieldResolver(() => OrganizationNode, { nullable: true, description: 'The organization that acted.' })
  actorOrganization(@Root() activity: ActivityNode, @Ctx() { loaders }: Context): Promise<OrganizationNode | null> {
    return loaders.node(OrganizationNode, activity.actorOrganizationId);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "Who acted: the person's display name, or the partner token's name; null for the system.",
  })
  async actor(@Root() activity: ActivityNode, @Ctx() { loaders }: Context): Promise<string | null> {
    if (activity.actorUserId !== null) return (await loaders.node(UserNode, activity.actorUserId))?.displayName ?? null;
    return (await loaders.node(ApiTokenNode, activity.actorTokenId))?.name ?? null;
  }

  @FieldResolver(() => Node, {
    nullable: true,
    description: 'The object the event is about, as it is now; null once it no longer exists.',
  })
  subject(@Root() activity: ActivityNode, @Ctx() { loaders }: Context): Promise<Node | null> {
    // Whoever may see the event may see its subject (account events reach only admins of
    // their organization), so the subject does not depend on who asks beyond that.
    const type = nodeTypeNamed(activity.subjectType);
    return type ? loaders.node(type, activity.subjectId) : Promise.resolve(null);
  }
}

@Resolver()
export class ActivityFeedResolver {
  @Query(() => ActivityConnection, {
    description:
      'Events newest first: history, and what a client shows before it subscribes. Account and ' +
      'administration events appear only to admins of their organization.',
  })
  async activity(
    @Ctx() ctx: Context,
    @Args({ validate: false }) args: ConnectionArgs,
    @Arg('filter', () => ActivityFilterInput, { nullable: true }) filter?: ActivityFilterInput | null,
  ): Promise<Connection<ActivityNode>> {
    return activityConnection(ctx.em, ctx.viewer, await feedFilter(ctx, filter), args);
  }

  @Subscription(() => ActivityEvent, {
    description:
      "Everything that happens in the region's subtree, live. With `after`, first every event after that " +
      'cursor, then live, with no gap and no repeat.',
    subscribe: subscribeTo((args) => ({ regionId: String(args.regionId) })),
  })
  regionActivity(
    @Root() event: ActivityEvent,
    @Arg('regionId', () => ID) _regionId: string,
    @Arg('after', () => String, { nullable: true }) _after?: string | null,
  ): ActivityEvent {
    return event;
  }

  @Subscription(() => ActivityEvent, {
    description:
      "One project's events, live. With `after`, first every event after that cursor, then live, with no gap " +
      'and no repeat.',
    subscribe: subscribeTo((args) => ({ projectId: String(args.projectId) })),
  })
  projectActivity(
    @Root() event: ActivityEvent,
    @Arg('projectId', () => ID) _projectId: string,
    @Arg('after', () => String, { nullable: true }) _after?: string | null,
  ): ActivityEvent {
    return event;
  }
}
