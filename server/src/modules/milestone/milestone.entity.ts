import { Check, Entity, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../common/base.entity.js';
import { Organization } from '../organization/organization.entity.js';
import { Project } from '../project/project.entity.js';

@Entity()
@Index({ properties: ['project', 'dueOn'] })
@Check({ name: 'milestone_weight_positive', expression: 'weight > 0' })
@Check({ name: 'milestone_progress_range', expression: 'progress >= 0 and progress <= 100' })
export class Milestone extends BaseEntity<'weight' | 'progress'> {
  @ManyToOne(() => Project, { deleteRule: 'cascade' })
  project: Rel<Project>;

  @Property({ length: 200 })
  titleZh: string;

  @Property({ length: 200 })
  titleEn: string;

  @Property({ type: 'date', nullable: true })
  dueOn?: string;

  @Property({ default: 1 })
  weight: number = 1;

  @Property({ type: 'smallint', default: 0 })
  progress: number = 0;

  /** A participating organization that reports this milestone's progress (besides the lead). */
  @ManyToOne(() => Organization, { nullable: true, deleteRule: 'set null' })
  ownerOrganization?: Rel<Organization> | null;

  /** The latest word on it: what was done, what is holding it up. */
  @Property({ type: 'text', nullable: true })
  note?: string | null;
}
