import { graphql } from './graphql';
import { followLive } from './outcome';
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

const REGION_ACTIVITY = graphql(`
  subscription RegionActivity($id: ID!, $after: String) {
    regionActivity(regionId: $id, after: $after) {
      cursor
    }
  }
`);

/**
 * Follows what happens in a region's subtree (the whole city's without a region) and calls
 * `onEvents` at most once a `delayMs` (default a second) for the events meanwhile: a busy
 * city's screens re-read about once a second, well within a person's cost budget. Returns the
 * unsubscribe function.
 */
export function followRegion(
  client: Client,
  regionId: string | null,
  onEvents: () => void,
  delayMs = 1000,
): () => void {
  let stop = () => {};
  let stopped = false;
  void (regionId ? Promise.resolve(regionId) : cityRegionId(client)).then((id) => {
    if (id && !stopped) stop = followLive(client, REGION_ACTIVITY, { id }, onEvents, delayMs);
  });
  return () => {
    stopped = true;
    stop();
  };
}
