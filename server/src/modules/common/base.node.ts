import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/relay/node.interface.js';

/** Timestamps every node of the domain tables carries (see BaseEntity). */
@ObjectType({ simpleResolvers: true })
export abstract class BaseNode extends Node {
  @Field({ description: 'When it was created.' })
  createdAt: Date;

  @Field({ description: 'When it last changed.' })
  updatedAt: Date;
}
