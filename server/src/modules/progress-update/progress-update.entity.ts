import { Entity, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../common/base.entity.js';
import { Organization } from '../organization/organization.entity.js';
import { Project } from '../project/project.entity.js';
import { User } from '../user/user.entity.js';

/** A participant's report on a project's progress, shown in its activity stream. */
@Entity()
@Index({ properties: ['project', 'id'] })
export class ProgressUpdate extends BaseEntity {
  @ManyToOne(() => Project, { deleteRule: 'restrict' })
  project: Rel<Project>;

  /** The participating organization that reports. */
  @ManyToOne(() => Organization, { deleteRule: 'restrict' })
  organization: Rel<Organization>;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  author?: Rel<User> | null;

  @Property({ type: 'text' })
  text: string;

  /** Links to photos, documents or posts about it (http or https, at most 10). */
  @Property({ type: 'text[]', default: '{}' })
  links: string[] = [];
}
