import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from './context.js';
import { badUserInput } from './errors.js';
import { tryDecodeGlobalId } from './relay/global-id.js';
import { Node, nodeSource, nodeTypeNamed } from './relay/node.interface.js';

/**
 * The types `node(id:)` serves: the public graph. Memberships, invitations, API tokens and
 * people are reached only through fields that check who may see them.
 */
const PUBLIC_TYPES = new Set([
  'Region',
  'Organization',
  'Need',
  'Resource',
  'Project',
  'Participant',
  'Requirement',
  'Commitment',
  'Milestone',
  'ProgressUpdate',
  'Comment',
  'Position',
  'Activity',
]);

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

async function loadNode(context: Context, globalId: string, argument: string): Promise<Node | null> {
  const decoded = tryDecodeGlobalId(globalId);
  const type = decoded && PUBLIC_TYPES.has(decoded.type) ? nodeTypeNamed(decoded.type) : undefined;
  if (!decoded || !type) throw badUserInput(`"${argument}" is not a valid ID.`, argument);
  const node = await context.loaders.node(type, decoded.id);
  const visible = nodeSource(type).visible;
  return node && (!visible || visible(node as never, context)) ? node : null;
}
