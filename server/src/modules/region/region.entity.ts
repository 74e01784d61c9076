import { Entity, Enum, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';

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

@Entity()
@Index({
  name: 'region_path_prefix_idx',
  expression: 'create index "region_path_prefix_idx" on "region" ("path" text_pattern_ops)',
})
export class Region extends BaseEntity<'illustrative'> {
  @Property({ length: 32, unique: true })
  code: string;

  @Enum({ items: () => RegionLevel })
  level: RegionLevel;

  @Property({ length: 200 })
  nameZh: string;

  @Property({ length: 200 })
  nameEn: string;

  @ManyToOne(() => Region, { nullable: true, index: true, deleteRule: 'restrict' })
  parent?: Rel<Region>;

  /** Codes from the root down to this region, e.g. `/310000/310106/`; subtree = prefix match. */
  @Property({ type: 'text' })
  path: string;

  @Property({ type: 'smallint' })
  depth: number;

  @Property({ default: false })
  illustrative: boolean = false;
}
