import { Field, Int, ObjectType, type ClassType } from 'type-graphql';

@ObjectType({ description: 'Relay page information.' })
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field()
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true })
  startCursor: string | null;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

/**
 * What every connection resolver returns. `totalCount` is a getter so its COUNT query runs
 * only when a client asks for it.
 */
export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  readonly totalCount: Promise<number> | number;
}

const connectionTypes = new Map<string, ClassType>();

/** The `<Name>Connection` and `<Name>Edge` object types for a node type (one per name). */
export function ConnectionType<T extends object>(
  nodeType: ClassType<T>,
  name: string = (nodeType.prototype as { __typename?: string }).__typename ?? nodeType.name,
): ClassType<Connection<T>> {
  const existing = connectionTypes.get(name);
  if (existing) return existing as ClassType<Connection<T>>;

  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field({ description: 'Opaque cursor of this edge; pass it as `after` or `before`.' })
    cursor: string;

    @Field(() => nodeType)
    node: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} objects.` })
  class ConnectionClass {
    @Field(() => [EdgeType])
    edges: EdgeType[];

    @Field(() => [nodeType], { description: 'The nodes of `edges`, for clients that need no cursors.' })
    nodes: T[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int, { description: 'Number of items matching the filters, across all pages.' })
    totalCount: number;
  }

  connectionTypes.set(name, ConnectionClass);
  return ConnectionClass as unknown as ClassType<Connection<T>>;
}
