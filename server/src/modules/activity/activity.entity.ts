import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Organization } from '../organization/organization.entity.js';
import { Project } from '../project/project.entity.js';
import { User } from '../user/user.entity.js';

/**
 * Append-only log of what happened, written in the same transaction as the change it
 * describes: the truth behind every live update and the audit trail.
 *
 * Events are ordered by (xid, id): the writing transaction's id, then the row's sequence id.
 * Readers only read rows whose transaction is older than every transaction still in flight
 * (see `activity-log.ts`), so an event never appears behind a position a reader has passed.
 */
@Entity()
@Index({ properties: ['xid', 'id'] })
@Index({ properties: ['project', 'xid', 'id'] })
@Index({
  name: 'activity_region_path_idx',
  expression: 'create index "activity_region_path_idx" on "activity" ("region_path" text_pattern_ops, "xid", "id")',
})
export class Activity {
  [OptionalProps]?: 'createdAt' | 'xid';

  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id: string;

  /** The writing transaction's id (`pg_current_xact_id()`), the first key of the event order. */
  @Property({ columnType: 'xid8', defaultRaw: 'pg_current_xact_id()' })
  xid: string;

  @Property({ length: 64 })
  type: string;

  // The log is append-only (a trigger refuses UPDATE and DELETE): what it names cannot be
  // deleted from under it.
  @ManyToOne(() => Project, { nullable: true, deleteRule: 'restrict' })
  project?: Rel<Project>;

  /** Path of the region concerned, so region feeds filter by prefix. */
  @Property({ type: 'text' })
  regionPath: string;

  @ManyToOne(() => Organization, { nullable: true, deleteRule: 'restrict' })
  actorOrganization?: Rel<Organization>;

  /** The person who acted (null for a partner token or the system). */
  @ManyToOne(() => User, { nullable: true, deleteRule: 'restrict' })
  actorUser?: Rel<User>;

  /** The partner token that acted, if any. */
  @Property({ type: 'uuid', nullable: true })
  actorTokenId?: string;

  @Property({ length: 64 })
  subjectType: string;

  @Property({ type: 'text' })
  subjectId: string;

  @Property({ type: 'jsonb', default: '{}' })
  changes: Record<string, unknown> = {};

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
