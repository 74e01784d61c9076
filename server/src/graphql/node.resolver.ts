import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { Activity } from '../modules/activity/activity.entity.js';
import { Commitment } from '../modules/commitment/commitment.entity.js';
import { Milestone } from '../modules/milestone/milestone.entity.js';
import { Need } from '../modules/need/need.entity.js';
import { Organization } from '../modules/organization/organization.entity.js';
import { Participant } from '../modules/project/participant.entity.js';
import { Project } from '../modules/project/project.entity.js';
import { Requirement } from '../modules/project/requirement.entity.js';
import { Region } from '../modules/region/region.entity.js';
import { Resource } from '../modules/resource/resource.entity.js';
import type { Context } from './context.js';
import { badUserInput } from './errors.js';
import { tryDecodeGlobalId } from './relay/global-id.js';
import { Node } from './relay/node.interface.js';

/**
 * The types `node(id:)` serves: the public graph. Memberships, invitations, API tokens and
 * people are reached only through fields that check who may see them.
 */
const nodeTypes = new Map<string, new () => Node>(
  [Region, Organization, Need, Resource, Project, Participant, Requirement, Commitment, Milestone, Activity].map(
    (e) => [e.name, e as unknown as new () => Node],
  ),
);

const MAX_IDS = 100;

@Resolver()
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description: 'Any object by its global ID; null when it does not exist (or no longer does).',
  })
  node(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<Node | null> {
    return loadNode(ctx, id, 'id');
  }

  @Query(() => [Node], {
    nullable: 'items',
    description: `Objects by global ID, in the order given (at most ${MAX_IDS}); null for each that does not exist.`,
  })
  nodes(@Ctx() ctx: Context, @Arg('ids', () => [ID]) ids: string[]): Promise<(Node | null)[]> {
    if (ids.length > MAX_IDS) throw badUserInput(`At most ${MAX_IDS} ids at once; got ${ids.length}.`, 'ids');
    return Promise.all(ids.map((id, i) => loadNode(ctx, id, `ids[${i}]`)));
  }
}

function loadNode({ loaders }: Context, globalId: string, argument: string): Promise<Node | null> {
  const decoded = tryDecodeGlobalId(globalId);
  const entity = decoded && nodeTypes.get(decoded.type);
  if (!decoded || !entity) throw badUserInput(`"${argument}" is not a valid ID.`, argument);
  return loaders.byId(entity, decoded.id);
}
