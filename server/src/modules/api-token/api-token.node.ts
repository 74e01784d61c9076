import { BaseNode } from '../common/base.node.js';
import { Field } from 'type-graphql';
import { NodeType } from '../../graphql/relay/node.interface.js';
import { ApiToken } from './api-token.entity.js';

@NodeType('ApiToken', ApiToken, { description: "A partner's API token of an organization (without its secret)." })
export class ApiTokenNode extends BaseNode {
  @Field()
  name: string;

  @Field(() => [String], { description: 'What the token may do, e.g. `read`, `write:commitments`.' })
  scopes: string[];

  @Field({ description: 'First characters of the secret, to tell tokens apart.' })
  prefix: string;

  @Field({ nullable: true })
  expiresAt?: Date;

  @Field({ nullable: true })
  lastUsedAt?: Date;

  @Field({ nullable: true })
  revokedAt?: Date;

  organizationId: string;

  createdById: string | null;
}
