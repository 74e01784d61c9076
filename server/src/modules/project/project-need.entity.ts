import { Entity, ManyToOne, OptionalProps, PrimaryKeyProp, Property, type Rel } from '@mikro-orm/core';
import { Need } from '../need/need.entity.js';
import { Project } from './project.entity.js';

/** A need that a project answers. */
@Entity()
export class ProjectNeed {
  [PrimaryKeyProp]?: ['project', 'need'];
  [OptionalProps]?: 'createdAt';

  @ManyToOne(() => Project, { primary: true, deleteRule: 'cascade' })
  project: Rel<Project>;

  @ManyToOne(() => Need, { primary: true, index: true, deleteRule: 'cascade' })
  need: Rel<Need>;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
