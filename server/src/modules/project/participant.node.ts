import { BaseNode } from '../common/base.node.js';
import { Field } from 'type-graphql';
import { NodeType } from '../../graphql/relay/node.interface.js';
import { Participant, ParticipantRole, ParticipantStatus } from './participant.entity.js';

@NodeType('Participant', Participant, { description: 'An organization taking part in a project.' })
export class ParticipantNode extends BaseNode {
  @Field(() => ParticipantRole)
  role: ParticipantRole;

  @Field(() => ParticipantStatus)
  status: ParticipantStatus;

  projectId: string;

  organizationId: string;
}
