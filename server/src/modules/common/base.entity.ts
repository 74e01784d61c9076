import { OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { uuidv7 } from './uuid.js';
import { Node } from '../../graphql/relay/node.interface.js';

/** Id (UUIDv7, so ordering by id is ordering by creation) and timestamps shared by the domain tables. */
@ObjectType()
export abstract class BaseEntity<Optional extends string = never> extends Node {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'globalId' | Optional;

  @PrimaryKey({ type: 'uuid' })
  override id: string = uuidv7();

  @Field({ description: 'When it was created.' })
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field({ description: 'When it last changed.' })
  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
