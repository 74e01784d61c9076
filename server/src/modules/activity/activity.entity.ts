import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Node } from '../../graphql/relay/node.interface.js';
import { Organization } from '../organization/organization.entity.js';
import { Project } from '../project/project.entity.js';
import { User } from '../user/user.entity.js';

/**
 * Append-only log of what happened, written in the same transaction as the change it
 * describes. Ids come from a sequence, so they order events and serve as resume cursors.
 */
@ObjectType({ implements: Node, description: 'One event of the append-only activity log.' })
@Entity()
@Index({ properties: ['project', 'id'] })
@Index({
  name: 'activity_region_path_idx',
  expression: 'create index "activity_region_path_idx" on "activity" ("region_path" text_pattern_ops, "id")',
})
export class Activity extends Node {
  [OptionalProps]?: 'createdAt' | 'globalId';

  @PrimaryKey({ type: 'bigint', autoincrement: true })
  override id: string;

  @Field({ description: 'What happened, e.g. `project.created`, `commitment.confirmed`.' })
  @Property({ length: 64 })
  type: string;

  @ManyToOne(() => Project, { nullable: true, deleteRule: 'cascade' })
  project?: Rel<Project>;

  /** Path of the region concerned, so region feeds filter by prefix. */
  @Property({ type: 'text' })
  regionPath: string;

  @ManyToOne(() => Organization, { nullable: true, deleteRule: 'set null' })
  actorOrganization?: Rel<Organization>;

  /** The person who acted (null for a partner token or the system). */
  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  actorUser?: Rel<User>;

  /** The partner token that acted, if any. */
  @Property({ type: 'uuid', nullable: true })
  actorTokenId?: string;

  @Field({ description: 'Type of the object the event is about.' })
  @Property({ length: 64 })
  subjectType: string;

  @Property({ type: 'text' })
  subjectId: string;

  @Field(() => GraphQLJSONObject, {
    description: 'Fields before and after the change: `{ field: { before, after } }`.',
  })
  @Property({ type: 'jsonb', default: '{}' })
  changes: Record<string, unknown> = {};

  @Field()
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
