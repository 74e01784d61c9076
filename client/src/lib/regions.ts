import { graphql } from './graphql';
import type { Client } from '@urql/core';

const CITY = graphql(`
  query City {
    regions(first: 1, filter: { level: MUNICIPALITY }) {
      nodes {
        id
      }
    }
  }
`);

/** The municipality's region (the top of every drill-down and live feed); null when unreachable. */
export async function cityRegionId(client: Client): Promise<string | null> {
  const result = await client.query(CITY, {}).toPromise();
  return result.data?.regions.nodes[0]?.id ?? null;
}
