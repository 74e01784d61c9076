import { BaseNode } from '../common/base.node.js';
import { Field } from 'type-graphql';
import { NodeType } from '../../graphql/relay/node.interface.js';
import { User } from './user.entity.js';

@NodeType('User', User, { description: 'A person who signs in to Cobuild.' })
export class UserNode extends BaseNode {
  /** Shown only to the person (see UserResolver.email). */
  email: string;

  @Field()
  displayName: string;
}
