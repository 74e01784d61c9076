import { Field, Float, Int, ObjectType } from 'type-graphql';
import { QuantityUnit, ResourceKind } from '../common/enums.js';
import { ProjectStatus } from '../project/project.entity.js';
import { RegionNode } from '../region/region.node.js';

@ObjectType()
export class ProjectStatusCount {
  @Field(() => ProjectStatus)
  status: ProjectStatus;

  @Field(() => Int)
  count: number;
}

@ObjectType()
export class NeedCounts {
  @Field(() => Int)
  open: number;

  @Field(() => Int)
  matched: number;

  @Field(() => Int)
  resolved: number;

  @Field(() => Int)
  total: number;
}

@ObjectType({ description: 'Active resources of one kind and unit.' })
export class ResourceTotals {
  @Field(() => ResourceKind)
  kind: ResourceKind;

  @Field(() => QuantityUnit)
  unit: QuantityUnit;

  @Field(() => Int, { description: 'Number of active resources.' })
  resources: number;

  @Field(() => Float, { description: 'Sum of capacities (Float: sums of funds can exceed 32-bit integers).' })
  offered: number;

  @Field(() => Float, { description: 'Sum held by active commitments.' })
  committed: number;
}

@ObjectType({ description: 'How many communities of a region have an active project.' })
export class RegionCoverage {
  @Field(() => RegionNode)
  region: RegionNode;

  @Field(() => Int, { description: 'Communities in the region (a community counts itself).' })
  communities: number;

  @Field(() => Int, { description: 'Of those, the ones with an active (APPROVED or IN_PROGRESS) project.' })
  coveredCommunities: number;

  @Field(() => Float, { nullable: true, description: 'coveredCommunities ÷ communities; null without communities.' })
  coverage: number | null;
}

@ObjectType({ description: 'Roll-up of a region and everything below it, computed in SQL.' })
export class RegionStats {
  @Field(() => RegionNode)
  region: RegionNode;

  @Field(() => Int)
  projects: number;

  @Field(() => [ProjectStatusCount], { description: 'Every status, zero counts included.' })
  projectsByStatus: ProjectStatusCount[];

  @Field(() => NeedCounts)
  needs: NeedCounts;

  @Field(() => [ResourceTotals])
  resourcesByKind: ResourceTotals[];

  @Field(() => Int, { description: 'Work units and service centers taking active part in projects of the region.' })
  participatingUnits: number;

  @Field(() => Int, { description: 'Communities in the region.' })
  communities: number;

  @Field(() => Int, {
    description: 'Communities with at least one active (APPROVED or IN_PROGRESS) project located in them.',
  })
  coveredCommunities: number;

  @Field(() => Float, { nullable: true, description: 'coveredCommunities ÷ communities; null without communities.' })
  coverage: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'Mean progress (0–100) of the non-cancelled projects (one without milestones is at 0); null without any.',
  })
  averageProgress: number | null;
}
