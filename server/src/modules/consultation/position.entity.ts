import { Entity, Enum, ManyToOne, Unique, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../common/base.entity.js';
import { Organization } from '../organization/organization.entity.js';
import { Project } from '../project/project.entity.js';
import { Comment } from './comment.entity.js';
import { Stance } from './consultation-rule.js';

/**
 * A participating organization's position on a project: one per organization, changeable
 * until the project is approved. Its reason is the comment that stated it, so the lead
 * committee answers an objection by replying to that comment.
 */
@Entity({ tableName: 'consultation_position' })
@Unique({ properties: ['project', 'organization'] })
export class Position extends BaseEntity {
  @ManyToOne(() => Project, { deleteRule: 'restrict' })
  project: Rel<Project>;

  @ManyToOne(() => Organization, { index: true, deleteRule: 'restrict' })
  organization: Rel<Organization>;

  @Enum({ items: () => Stance })
  stance: Stance;

  /** The comment that stated it, with the reason. */
  @ManyToOne(() => Comment, { index: true, deleteRule: 'restrict' })
  statement: Rel<Comment>;
}
