import { ArrayType, Entity, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { Node } from '../../graphql/relay/node.interface.js';
import { Organization } from '../organization/organization.entity.js';
import { User } from '../user/user.entity.js';

@ObjectType({ implements: Node, description: "A partner's API token of an organization (without its secret)." })
@Entity()
@Index({ properties: ['organization'] })
export class ApiToken extends BaseEntity {
  @ManyToOne(() => Organization, { deleteRule: 'cascade' })
  organization: Rel<Organization>;

  @Field()
  @Property({ length: 100 })
  name: string;

  @Field(() => [String], { description: 'What the token may do, e.g. `read`, `write:commitments`.' })
  @Property({ type: ArrayType })
  scopes: string[];

  /** SHA-256 of the secret; the secret itself is shown once, at creation. */
  @Property({ length: 64, unique: true })
  secretHash: string;

  @Field({ description: 'First characters of the secret, to tell tokens apart.' })
  @Property({ length: 16 })
  prefix: string;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  createdBy?: Rel<User>;

  @Field({ nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  expiresAt?: Date;

  @Field({ nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  lastUsedAt?: Date;

  @Field({ nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date;
}
