import { GraphQLJSONObject } from 'graphql-scalars';
import { Field } from 'type-graphql';
import { Node, NodeType } from '../../graphql/relay/node.interface.js';
import { Activity } from './activity.entity.js';

@NodeType('Activity', Activity, { description: 'One event of the append-only activity log.' })
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
