import { Field } from 'type-graphql';
import { NodeType } from '../../graphql/relay/node.interface.js';
import { BaseNode } from '../common/base.node.js';
import { ProgressUpdate } from './progress-update.entity.js';

@NodeType('ProgressUpdate', ProgressUpdate, {
  description: "A participant's report on a project's progress; it appears in the project's activity.",
})
export class ProgressUpdateNode extends BaseNode {
  @Field()
  text: string;

  @Field(() => [String])
  links: string[];

  projectId: string;

  organizationId: string;
}
