import { OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from './uuid.js';

/** Id (UUIDv7, so ordering by id is ordering by creation) and timestamps shared by the domain tables. */
export abstract class BaseEntity<Optional extends string = never> {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | Optional;

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
