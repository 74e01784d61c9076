import { Field, ObjectType } from 'type-graphql';
import type { LoadedTogether } from '../../websocket/fan-out.js';
import { encodeActivityCursor, positionOf, readWith } from './activity-log.js';
import { ActivityNode } from './activity.node.js';

/** What the subscriptions yield: one event and its position in the log. */
@ObjectType('ActivityEvent', { description: 'One event of a live feed and its position in the log.' })
export class ActivityEvent implements LoadedTogether {
  @Field(() => ActivityNode)
  readonly activity: ActivityNode;

  constructor(activity: ActivityNode) {
    this.activity = activity;
  }

  @Field({
    description:
      'Position of the event: pass it as `after` to resume a subscription, or to the `activity` query. ' +
      'Cursors of the query and of both subscriptions are interchangeable.',
  })
  get cursor(): string {
    return encodeActivityCursor(positionOf(this.activity));
  }

  /** Events read from the table together are shown from one set of loaders. */
  get loadGroup(): object {
    return readWith(this.activity) ?? this;
  }
}
