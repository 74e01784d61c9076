import { Category } from '../common/enums.js';
import { BaseNode } from '../common/base.node.js';
import { Field, Int } from 'type-graphql';
import { NodeType } from '../../graphql/relay/node.interface.js';
import { Need, NeedStatus } from './need.entity.js';
import { Localized } from '../../graphql/locale.js';

@Localized({ title: ['titleZh', 'titleEn'], description: ['descriptionZh', 'descriptionEn', { nullable: true }] })
@NodeType('Need', Need, { description: "A residents' need reported by a committee." })
export class NeedNode extends BaseNode {
  @Field()
  titleZh: string;

  @Field()
  titleEn: string;

  @Field({ nullable: true })
  descriptionZh?: string;

  @Field({ nullable: true })
  descriptionEn?: string;

  @Field(() => Category)
  category: Category;

  @Field(() => NeedStatus)
  status: NeedStatus;

  @Field(() => Int, { description: 'Organizations that support this need.' })
  supportCount: number;

  reporterId: string;

  regionId: string;
}
