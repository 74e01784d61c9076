import { GraphQLJSONObject } from 'graphql-scalars';
import { Field } from 'type-graphql';
import { Node, NodeType } from '../../graphql/relay/node.interface.js';
import { Activity } from './activity.entity.js';
import { mayReadActivity } from './activity-log.js';

@NodeType('Activity', Activity, {
  description: 'One event of the append-only activity log.',
  // Account and administration events are for the admins of their organization only.
  visible: (activity: ActivityNode, { viewer }) => mayReadActivity(viewer, activity),
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

  /** The writing transaction's id: with `id`, the event's position in the log. */
  xid: string;

  regionPath: string;

  subjectId: string;

  projectId: string | null;

  actorOrganizationId: string | null;

  actorUserId: string | null;

  actorTokenId: string | null;
}
