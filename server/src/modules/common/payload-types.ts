import { Field, ObjectType } from 'type-graphql';
import { MutationPayload } from '../../graphql/payload.js';
import { Commitment } from '../commitment/commitment.entity.js';
import { Need } from '../need/need.entity.js';
import { Participant } from '../project/participant.entity.js';
import { Project } from '../project/project.entity.js';
import { Requirement } from '../project/requirement.entity.js';
import { Resource } from '../resource/resource.entity.js';

/** Payloads of the three lists' mutations: the object changed (null when refused) and userErrors. */

@ObjectType()
export class NeedPayload extends MutationPayload {
  @Field(() => Need, { nullable: true })
  need: Need | null;
}

@ObjectType()
export class ResourcePayload extends MutationPayload {
  @Field(() => Resource, { nullable: true })
  resource: Resource | null;
}

@ObjectType()
export class ProjectPayload extends MutationPayload {
  @Field(() => Project, { nullable: true })
  project: Project | null;
}

@ObjectType()
export class RequirementPayload extends MutationPayload {
  @Field(() => Requirement, { nullable: true })
  requirement: Requirement | null;
}

@ObjectType()
export class ParticipantPayload extends MutationPayload {
  @Field(() => Participant, { nullable: true })
  participant: Participant | null;
}

@ObjectType()
export class CommitmentPayload extends MutationPayload {
  @Field(() => Commitment, { nullable: true })
  commitment: Commitment | null;
}
