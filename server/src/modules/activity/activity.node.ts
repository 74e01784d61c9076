import { GraphQLJSONObject } from 'graphql-scalars';
import { Field } from 'type-graphql';
import { Node, NodeType } from '../../graphql/relay/node.interface.js';
import { MembershipRole } from '../membership/membership.entity.js';
import { Activity } from './activity.entity.js';

/** Events of an organization's accounts and administration: members, invitations, tokens. */
const ACCOUNT_SUBJECTS = new Set(['Membership', 'Invitation', 'ApiToken']);

@NodeType('Activity', Activity, {
  description: 'One event of the append-only activity log.',
  // Account and administration events are for the admins of their organization only.
  visible: (activity: ActivityNode, { viewer }) =>
    !ACCOUNT_SUBJECTS.has(activity.subjectType) ||
    (activity.actorOrganizationId !== null &&
      viewer.hasRole({ id: activity.actorOrganizationId }, [MembershipRole.ADMIN])),
})
export class ActivityNode extends Node {
  @Field({ description: 'What happened, e.g. `project.created`, `commitment.confirmed`.' })
  type: string;

  @Field({ description: 'Type of the object the event is about.' })
  subjectType: string;

  @Field(() => GraphQLJSONObject, {
    description: 'Fields before and after the change: `{ field: { before, after } }`.',
  })
  changes: Record<string, unknown>;

  @Field()
  createdAt: Date;

  projectId: string | null;

  actorOrganizationId: string | null;

  actorUserId: string | null;
}
