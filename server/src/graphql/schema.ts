import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { buildSchema, type PubSub } from 'type-graphql';
import { ActivityFeedResolver, ActivityResolver } from '../modules/activity/activity.resolver.js';
import { ApiTokenResolver, OrganizationApiTokensResolver } from '../modules/api-token/api-token.resolver.js';
import { authChecker } from '../modules/auth/auth-checker.js';
import { AuthResolver } from '../modules/auth/auth.resolver.js';
import { InvitationResolver } from '../modules/invitation/invitation.resolver.js';
import {
  MembershipResolver,
  OrganizationMembersResolver,
  UserResolver,
} from '../modules/membership/membership.resolver.js';
import { CommitmentMutationsResolver } from '../modules/commitment/commitment-mutations.resolver.js';
import { CommitmentResolver, OrganizationCommitmentsResolver } from '../modules/commitment/commitment.resolver.js';
import {
  CommentPartResolver,
  CommentResolver,
  ConsultationResolver,
  PositionResolver,
  ProjectConsultationResolver,
} from '../modules/consultation/consultation.resolver.js';
import { ConsultationMutationsResolver } from '../modules/consultation/consultation-mutations.resolver.js';
import { MatchingResolver } from '../modules/matching/matching.resolver.js';
import { NeedMutationsResolver } from '../modules/need/need-mutations.resolver.js';
import { ProgressUpdateResolver } from '../modules/progress-update/progress-update.resolver.js';
import { RateLimitResolver } from '../modules/rate-limit/rate-limit.resolver.js';
import { RegionStatsResolver } from '../modules/statistics/region-stats.resolver.js';
import { ProjectMutationsResolver } from '../modules/project/project-mutations.resolver.js';
import { ResourceMutationsResolver } from '../modules/resource/resource-mutations.resolver.js';
import { MilestoneMutationsResolver } from '../modules/milestone/milestone-mutations.resolver.js';
import { MilestoneResolver } from '../modules/milestone/milestone.resolver.js';
import { MilestoneProgressImportResolver } from '../modules/project-csv/milestone-progress-import.resolver.js';
import { NeedResolver } from '../modules/need/need.resolver.js';
import { OrganizationResolver } from '../modules/organization/organization.resolver.js';
import { ParticipantResolver, ProjectResolver } from '../modules/project/project.resolver.js';
import { RequirementResolver } from '../modules/project/requirement.resolver.js';
import { RegionResolver } from '../modules/region/region.resolver.js';
import { ResourceResolver } from '../modules/resource/resource.resolver.js';
import { NodeResolver } from './node.resolver.js';

export const resolvers = [
  NodeResolver,
  RegionResolver,
  OrganizationResolver,
  NeedResolver,
  ResourceResolver,
  ProjectResolver,
  ParticipantResolver,
  RequirementResolver,
  CommitmentResolver,
  OrganizationCommitmentsResolver,
  MilestoneResolver,
  MilestoneMutationsResolver,
  MilestoneProgressImportResolver,
  ProgressUpdateResolver,
  ProjectConsultationResolver,
  ConsultationResolver,
  CommentResolver,
  CommentPartResolver,
  PositionResolver,
  ConsultationMutationsResolver,
  ActivityResolver,
  ActivityFeedResolver,
  AuthResolver,
  UserResolver,
  MembershipResolver,
  OrganizationMembersResolver,
  InvitationResolver,
  ApiTokenResolver,
  OrganizationApiTokensResolver,
  NeedMutationsResolver,
  ResourceMutationsResolver,
  ProjectMutationsResolver,
  CommitmentMutationsResolver,
  MatchingResolver,
  RegionStatsResolver,
  RateLimitResolver,
] as const;

let built: Promise<GraphQLSchema> | undefined;

/**
 * type-graphql insists on a PubSub once there are subscriptions, but Cobuild's subscriptions
 * have `subscribe` functions of their own, fed by the activity bus (`modules/activity`), so
 * topics are refused rather than served by a second, in-process event system.
 */
const noTopics: PubSub = {
  publish() {
    throw new Error('Subscriptions are fed by the activity bus, not by type-graphql topics');
  },
  subscribe() {
    throw new Error('Subscriptions are fed by the activity bus, not by type-graphql topics');
  },
};

/** The executable schema, built once per process from the type-graphql classes. */
export function cobuildSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers,
    authChecker,
    authMode: 'error',
    pubSub: noTopics,
    scalarsMap: [{ type: Date, scalar: GraphQLDateTime }],
    validate: { forbidUnknownValues: false, validationError: { target: false, value: false } },
  });
  return built;
}

/** The SDL committed as schema/schema.graphql: sorted, so it diffs cleanly. */
export function printCobuildSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
