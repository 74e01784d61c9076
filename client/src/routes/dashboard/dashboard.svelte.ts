import { cityRegionId, followRegion } from '../../lib/regions';
import { graphql } from '../../lib/graphql';
import type { Client } from '@urql/core';

export interface RegionRef {
  id: string;
  nameZh: string;
  nameEn: string;
  level: string;
}

export interface Dashboard {
  region: RegionRef & { ancestors: RegionRef[] };
  children: RegionRef[];
  stats: {
    projects: number;
    projectsByStatus: { status: string; count: number }[];
    needs: { open: number; matched: number; resolved: number; total: number };
    resourcesByKind: { kind: string; unit: string; resources: number; offered: number; committed: number }[];
    participatingUnits: number;
    communities: number;
    coveredCommunities: number;
    coverage: number | null;
    averageProgress: number | null;
    coverageByChild: {
      region: { id: string; nameZh: string; nameEn: string };
      communities: number;
      coveredCommunities: number;
      coverage: number | null;
    }[];
  };
}

const DASHBOARD = graphql(`
  query Dashboard($id: ID!) {
    region: node(id: $id) {
      ... on Region {
        id
        nameZh
        nameEn
        level
        ancestors {
          id
          nameZh
          nameEn
          level
        }
        children(first: 100) {
          nodes {
            id
            nameZh
            nameEn
            level
          }
        }
      }
    }
    stats: regionStats(regionId: $id) {
      projects
      projectsByStatus {
        status
        count
      }
      needs {
        open
        matched
        resolved
        total
      }
      resourcesByKind {
        kind
        unit
        resources
        offered
        committed
      }
      participatingUnits
      communities
      coveredCommunities
      coverage
      averageProgress
      coverageByChild {
        region {
          id
          nameZh
          nameEn
        }
        communities
        coveredCommunities
        coverage
      }
    }
  }
`);
/** A region's figures (the city's without a region), followed live. */
export class DashboardData {
  data = $state<Dashboard | null>(null);
  loading = $state(true);
  failed = $state(false);
  /** When the first figures arrived (ms after the screen opened), for the tests' timing. */
  firstDataMs = $state<number | null>(null);
  private readonly opened = performance.now();
  private regionId: string | null;

  constructor(
    private readonly client: Client,
    regionId: string | null,
  ) {
    this.regionId = regionId;
  }

  async load(showLoading = true): Promise<void> {
    if (showLoading) this.loading = true;
    this.failed = false;
    if (!this.regionId) {
      this.regionId = await cityRegionId(this.client);
      if (!this.regionId) {
        this.failed = true;
        this.loading = false;
        return;
      }
    }
    const result = await this.client
      .query(DASHBOARD, { id: this.regionId }, { requestPolicy: 'network-only' })
      .toPromise();
    this.failed = Boolean(result.error);
    const region = result.data?.region;
    if (result.data && region && 'children' in region) {
      const { stats } = result.data;
      this.data = { region, children: region.children.nodes, stats };
      this.firstDataMs ??= Math.round(performance.now() - this.opened);
    }
    this.loading = false;
  }

  /** Reads the figures again on each event in the region's subtree (batched). */
  follow(): () => void {
    if (!this.regionId) return () => {};
    return followRegion(this.client, this.regionId, () => void this.load(false));
  }
}
