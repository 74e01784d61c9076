import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { entities } from '../modules/entities.js';
import type { Context } from './context.js';
import { badUserInput } from './errors.js';
import { tryDecodeGlobalId } from './relay/global-id.js';
import { Node } from './relay/node.interface.js';

/** Entity classes that are Nodes, by GraphQL type name. */
const nodeTypes = new Map(
  entities.filter((e) => e.prototype instanceof Node).map((e) => [e.name, e as unknown as new () => Node]),
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
