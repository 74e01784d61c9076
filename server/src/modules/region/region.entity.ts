import { Entity, Enum, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { Node } from '../../graphql/relay/node.interface.js';

export enum RegionLevel {
  MUNICIPALITY = 'MUNICIPALITY',
  DISTRICT = 'DISTRICT',
  SUBDISTRICT = 'SUBDISTRICT',
  COMMUNITY = 'COMMUNITY',
  GRID = 'GRID',
}
registerEnumType(RegionLevel, {
  name: 'RegionLevel',
  description: 'Levels of the regional tree, from the city down to a grid of a community.',
});

/** Depth of each level in the tree; a region's children are exactly one level deeper. */
export const LEVEL_DEPTH: Record<RegionLevel, number> = {
  MUNICIPALITY: 0,
  DISTRICT: 1,
  SUBDISTRICT: 2,
  COMMUNITY: 3,
  GRID: 4,
};

@ObjectType({ implements: Node, description: 'A node of the regional tree.' })
@Entity()
@Index({
  name: 'region_path_prefix_idx',
  expression: 'create index "region_path_prefix_idx" on "region" ("path" text_pattern_ops)',
})
export class Region extends BaseEntity<'illustrative'> {
  @Field({ description: 'Administrative or illustrative code, unique.' })
  @Property({ length: 32, unique: true })
  code: string;

  @Field(() => RegionLevel)
  @Enum({ items: () => RegionLevel })
  level: RegionLevel;

  @Field()
  @Property({ length: 200 })
  nameZh: string;

  @Field()
  @Property({ length: 200 })
  nameEn: string;

  @ManyToOne(() => Region, { nullable: true, index: true, deleteRule: 'restrict' })
  parent?: Rel<Region>;

  /** Codes from the root down to this region, e.g. `/310000/310106/`; subtree = prefix match. */
  @Property({ type: 'text' })
  path: string;

  @Field(() => Int, { description: '0 for the municipality, 4 for a grid.' })
  @Property({ type: 'smallint' })
  depth: number;

  @Field({ description: 'True when the region is invented for demo data, not a real division.' })
  @Property({ default: false })
  illustrative: boolean = false;
}
