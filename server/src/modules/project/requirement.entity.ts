import { Check, Entity, Enum, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { QuantityUnit, ResourceKind } from '../common/enums.js';
import { Node } from '../../graphql/relay/node.interface.js';
import { Project } from './project.entity.js';

@ObjectType({ implements: Node, description: 'Something a project needs, in a quantity and unit.' })
@Entity()
@Check({ name: 'requirement_quantity_positive', expression: 'quantity > 0' })
export class Requirement extends BaseEntity {
  @ManyToOne(() => Project, { index: true, deleteRule: 'cascade' })
  project: Rel<Project>;

  @Field()
  @Property({ length: 200 })
  titleZh: string;

  @Field()
  @Property({ length: 200 })
  titleEn: string;

  @Field(() => ResourceKind)
  @Enum({ items: () => ResourceKind })
  kind: ResourceKind;

  @Field(() => QuantityUnit)
  @Enum({ items: () => QuantityUnit })
  unit: QuantityUnit;

  @Field(() => Int, { description: 'Quantity needed, in `unit`.' })
  @Property()
  quantity: number;
}
