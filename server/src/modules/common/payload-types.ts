import { Field, ObjectType } from 'type-graphql';
import { MutationPayload } from '../../graphql/payload.js';
import { CommitmentNode } from '../commitment/commitment.node.js';
import { NeedNode } from '../need/need.node.js';
import { ParticipantNode } from '../project/participant.node.js';
import { ProjectNode } from '../project/project.node.js';
import { RequirementNode } from '../project/requirement.node.js';
import { ResourceNode } from '../resource/resource.node.js';

/** Payloads of the three lists' mutations: the object changed (null when refused) and userErrors. */

@ObjectType()
export class NeedPayload extends MutationPayload {
  @Field(() => NeedNode, { nullable: true })
  need: NeedNode | null;
}

@ObjectType()
export class ResourcePayload extends MutationPayload {
  @Field(() => ResourceNode, { nullable: true })
  resource: ResourceNode | null;
}

@ObjectType()
export class ProjectPayload extends MutationPayload {
  @Field(() => ProjectNode, { nullable: true })
  project: ProjectNode | null;
}

@ObjectType()
export class RequirementPayload extends MutationPayload {
  @Field(() => RequirementNode, { nullable: true })
  requirement: RequirementNode | null;
}

@ObjectType()
export class ParticipantPayload extends MutationPayload {
  @Field(() => ParticipantNode, { nullable: true })
  participant: ParticipantNode | null;
}

@ObjectType()
export class CommitmentPayload extends MutationPayload {
  @Field(() => CommitmentNode, { nullable: true })
  commitment: CommitmentNode | null;
}
