import { Field, ID, InterfaceType } from 'type-graphql';
import { toGlobalId } from './global-id.js';

/**
 * Relay Node: every object with an identity has an opaque global ID that `node(id:)` resolves.
 * Implementations keep their database id in `id`; the GraphQL `id` is derived from it.
 */
@InterfaceType({ description: 'An object with a globally unique, opaque ID.' })
export abstract class Node {
  id: string;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID; pass it to `node(id:)`.' })
  get globalId(): string {
    return toGlobalId(this.constructor.name, this.id);
  }
}
