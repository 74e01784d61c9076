import { BaseNode } from '../common/base.node.js';
import { Field } from 'type-graphql';
import { NodeType } from '../../graphql/relay/node.interface.js';
import { Organization, OrganizationKind, Sector } from './organization.entity.js';
import { Localized } from '../../graphql/locale.js';

@Localized({ name: ['nameZh', 'nameEn'], description: ['descriptionZh', 'descriptionEn', { nullable: true }] })
@NodeType('Organization', Organization)
export class OrganizationNode extends BaseNode {
  @Field(() => OrganizationKind)
  kind: OrganizationKind;

  @Field(() => Sector, { nullable: true, description: 'Set for work units.' })
  sector?: Sector;

  @Field()
  nameZh: string;

  @Field()
  nameEn: string;

  @Field({ nullable: true })
  descriptionZh?: string;

  @Field({ nullable: true })
  descriptionEn?: string;

  regionId: string;
}
