import { Field, ID, InterfaceType, ObjectType } from 'type-graphql';
import type { Context } from '../context.js';
import { toGlobalId } from './global-id.js';

/**
 * Relay Node: every object with an identity has an opaque global ID that `node(id:)` resolves.
 * Node objects are the read model: built from plain rows (see `graphql/loaders.ts`), never
 * from ORM entities. They keep their database id in `id`; the GraphQL `id` is derived from it.
 */
@InterfaceType({ description: 'An object with a globally unique, opaque ID.' })
export abstract class Node {
  /** The database id. */
  id: string;

  /** The GraphQL type name, set on each node type's prototype by `@NodeType`. */
  declare readonly __typename: string;

  // Not a simple field: the default resolver would read the database `id`.
  @Field(() => ID, { name: 'id', simple: false, description: 'Opaque global ID; pass it to `node(id:)`.' })
  get globalId(): string {
    return toGlobalId(this.__typename, this.id);
  }
}

/** A node type's class: instances are made from a row with no constructor arguments. */
export type NodeClass<T extends Node = Node> = (new () => T) & { prototype: T };

/** Where a node type's rows live: the ORM entity (its table and columns) that writes them. */
export interface NodeSource {
  /** The ORM entity class whose table holds the rows. */
  entity: abstract new (...args: never[]) => object;
  /**
   * Whether the caller may see a node reached by its global ID (`node`, `nodes`); without it,
   * anyone may. A node the caller may not see is answered as if it did not exist.
   */
  visible?: (node: never, context: Context) => boolean;
}

const sources = new Map<NodeClass, NodeSource>();
const byTypeName = new Map<string, NodeClass>();

/**
 * Declares a GraphQL object type that implements Node and is read from `entity`'s table.
 * Its plain fields resolve straight from the row (type-graphql's simple resolvers).
 */
export function NodeType(
  name: string,
  entity: NodeSource['entity'],
  options: { description?: string; visible?: NodeSource['visible'] } = {},
): ClassDecorator {
  return (target) => {
    ObjectType(name, { implements: Node, simpleResolvers: true, description: options.description })(target);
    Object.defineProperty(target.prototype, '__typename', { value: name });
    sources.set(target as unknown as NodeClass, { entity, visible: options.visible });
    byTypeName.set(name, target as unknown as NodeClass);
  };
}

export function nodeSource(type: NodeClass): NodeSource {
  const source = sources.get(type);
  if (!source) throw new Error(`${type.name} is not declared with @NodeType`);
  return source;
}

/** The node type of a GraphQL type name, if it is one. */
export function nodeTypeNamed(name: string): NodeClass | undefined {
  return byTypeName.get(name);
}
