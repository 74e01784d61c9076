import { Entity, Enum, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../common/base.entity.js';
import { Organization } from '../organization/organization.entity.js';
import { Project } from '../project/project.entity.js';
import { User } from '../user/user.entity.js';
import { Stance } from './consultation-rule.js';

/** An @mention: the organization named at `start` (the @) for `length` characters of the text. */
export interface Mention {
  start: number;
  length: number;
  organizationId: string;
}

/**
 * A comment in a project's consultation, for an organization; a reply answers a top-level
 * comment (one level). Removing one leaves a tombstone: the row stays, its text goes.
 */
@Entity()
@Index({ properties: ['project', 'parent', 'id'] })
@Index({ properties: ['parent', 'id'] })
export class Comment extends BaseEntity<'mentions'> {
  @ManyToOne(() => Project, { deleteRule: 'restrict' })
  project: Rel<Project>;

  /** The organization the author speaks for. */
  @ManyToOne(() => Organization, { index: true, deleteRule: 'restrict' })
  organization: Rel<Organization>;

  @ManyToOne(() => User, { nullable: true, index: true, deleteRule: 'set null' })
  author?: Rel<User> | null;

  /** The top-level comment this one replies to. */
  @ManyToOne(() => Comment, { nullable: true, deleteRule: 'restrict' })
  parent?: Rel<Comment> | null;

  /** Null once removed. */
  @Property({ type: 'text', nullable: true })
  text: string | null;

  @Property({ type: 'jsonb', default: '[]' })
  mentions: Mention[] = [];

  /** Set when the comment states its organization's position (recordPosition). */
  @Enum({ items: () => Stance, nullable: true })
  stance?: Stance | null;

  @Property({ type: 'timestamptz', nullable: true })
  editedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  removedAt?: Date | null;
}
