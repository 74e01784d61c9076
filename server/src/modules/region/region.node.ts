import { BaseNode } from '../common/base.node.js';
import { Field, Int } from 'type-graphql';
import { NodeType } from '../../graphql/relay/node.interface.js';
import { Region, RegionLevel } from './region.entity.js';
import { Localized } from '../../graphql/locale.js';

@Localized({ name: ['nameZh', 'nameEn'] })
@NodeType('Region', Region, { description: 'A node of the regional tree.' })
export class RegionNode extends BaseNode {
  @Field({ description: 'Administrative or illustrative code, unique.' })
  code: string;

  @Field(() => RegionLevel)
  level: RegionLevel;

  @Field()
  nameZh: string;

  @Field()
  nameEn: string;

  @Field(() => Int, { description: '0 for the municipality, 4 for a grid.' })
  depth: number;

  @Field({ description: 'True when the region is invented for demo data, not a real division.' })
  illustrative: boolean;

  /** Codes from the root down to this region, e.g. `/310000/310106/`; subtree = prefix match. */
  path: string;

  parentId: string | null;
}
