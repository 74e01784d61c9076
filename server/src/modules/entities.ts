import { Activity } from './activity/activity.entity.js';
import { ApiToken } from './api-token/api-token.entity.js';
import { RateLimitBucket } from './rate-limit/rate-limit-bucket.entity.js';
import { CostBudget } from './rate-limit/cost-budget.entity.js';
import { Session } from './auth/session.entity.js';
import { RegionParticipation, RegionRollup } from './statistics/region-rollup.entity.js';
import { IdempotencyKey } from './idempotency/idempotency-key.entity.js';
import { Invitation } from './invitation/invitation.entity.js';
import { Membership } from './membership/membership.entity.js';
import { User } from './user/user.entity.js';
import { Commitment } from './commitment/commitment.entity.js';
import { Milestone } from './milestone/milestone.entity.js';
import { Comment } from './consultation/comment.entity.js';
import { Position } from './consultation/position.entity.js';
import { ProgressUpdate } from './progress-update/progress-update.entity.js';
import { NeedSupport } from './need/need-support.entity.js';
import { Need } from './need/need.entity.js';
import { Organization } from './organization/organization.entity.js';
import { Participant } from './project/participant.entity.js';
import { ProjectNeed } from './project/project-need.entity.js';
import { Project } from './project/project.entity.js';
import { Requirement } from './project/requirement.entity.js';
import { Region } from './region/region.entity.js';
import { Resource } from './resource/resource.entity.js';

/** Every table Cobuild maps; migrations are generated from these. */
export const entities = [
  Region,
  Organization,
  Need,
  NeedSupport,
  Resource,
  Project,
  ProjectNeed,
  Participant,
  Requirement,
  Commitment,
  Milestone,
  ProgressUpdate,
  Comment,
  Position,
  Activity,
  User,
  Membership,
  Session,
  Invitation,
  ApiToken,
  RateLimitBucket,
  CostBudget,
  IdempotencyKey,
  RegionRollup,
  RegionParticipation,
];
