import { Arg, Args, Ctx, Extensions, FieldResolver, Resolver, Root, registerEnumType } from 'type-graphql';
import { PER_VIEWER } from '../../websocket/fan-out.js';
import { actsFor, actsForOrGoverns } from '../auth/policy.js';
import { organizationRef } from '../organization/organization-access.js';
import { isClosed } from '../project/project-lifecycle.js';
import { ProjectStatus } from '../project/project.entity.js';
import { ConnectionArgs } from '../../graphql/relay/connection.args.js';
import { ConnectionType, type Connection } from '../../graphql/relay/connection.types.js';
import { CommitmentStatus } from './commitment.entity.js';
import type { Context } from '../../graphql/context.js';
import { OrganizationNode } from '../organization/organization.node.js';
import { ProjectNode } from '../project/project.node.js';
import { RequirementNode } from '../project/requirement.node.js';
import { ResourceNode } from '../resource/resource.node.js';
import { CommitmentNode } from './commitment.node.js';

/** What may be done to a commitment: confirmCommitment, markDelivered, withdrawCommitment. */
export enum CommitmentAction {
  CONFIRM = 'CONFIRM',
  DELIVER = 'DELIVER',
  WITHDRAW = 'WITHDRAW',
}
registerEnumType(CommitmentAction, {
  name: 'CommitmentAction',
  description: 'CONFIRM: confirmCommitment; DELIVER: markDelivered; WITHDRAW: withdrawCommitment.',
});

@Resolver(() => CommitmentNode)
export class CommitmentResolver {
  @Extensions(PER_VIEWER)
  @FieldResolver(() => [CommitmentAction], {
    description:
      'What the viewer may do to it now: CONFIRM (the lead committee, a pledge of an open project), DELIVER (the committer or the lead, once confirmed and the project is IN_PROGRESS), WITHDRAW (the committer, while pledged or confirmed).',
  })
  async allowedActions(
    @Root() commitment: CommitmentNode,
    @Ctx() { loaders, viewer }: Context,
  ): Promise<CommitmentAction[]> {
    const open = commitment.status === CommitmentStatus.PLEDGED || commitment.status === CommitmentStatus.CONFIRMED;
    if (!open || viewer.principal.kind === 'anonymous') return [];
    const project = await loaders.node(ProjectNode, commitment.projectId);
    const lead = await organizationRef(loaders, await loaders.node(OrganizationNode, project.leadCommitteeId));
    const byLead = actsForOrGoverns(viewer, lead);
    const byCommitter = actsFor(viewer, { id: commitment.organizationId }, 'write:commitments');
    const actions: CommitmentAction[] = [];
    if (commitment.status === CommitmentStatus.PLEDGED && byLead && !isClosed(project.status)) {
      actions.push(CommitmentAction.CONFIRM);
    }
    if (
      commitment.status === CommitmentStatus.CONFIRMED &&
      project.status === ProjectStatus.IN_PROGRESS &&
      (byLead || byCommitter)
    ) {
      actions.push(CommitmentAction.DELIVER);
    }
    if (byCommitter) actions.push(CommitmentAction.WITHDRAW);
    return actions;
  }

  @FieldResolver(() => OrganizationNode, { description: 'The organization that commits.' })
  organization(@Root() commitment: CommitmentNode, @Ctx() { loaders }: Context): Promise<OrganizationNode> {
    return loaders.node(OrganizationNode, commitment.organizationId);
  }

  @FieldResolver(() => RequirementNode)
  requirement(@Root() commitment: CommitmentNode, @Ctx() { loaders }: Context): Promise<RequirementNode> {
    return loaders.node(RequirementNode, commitment.requirementId);
  }

  @FieldResolver(() => ProjectNode)
  project(@Root() commitment: CommitmentNode, @Ctx() { loaders }: Context): Promise<ProjectNode> {
    return loaders.node(ProjectNode, commitment.projectId);
  }

  @FieldResolver(() => ResourceNode, { nullable: true, description: 'The resource it draws on, if any.' })
  resource(@Root() commitment: CommitmentNode, @Ctx() { loaders }: Context): Promise<ResourceNode | null> {
    return loaders.node(ResourceNode, commitment.resourceId);
  }
}

const CommitmentConnection = ConnectionType(CommitmentNode);

@Resolver(() => OrganizationNode)
export class OrganizationCommitmentsResolver {
  @FieldResolver(() => CommitmentConnection, {
    description: "The organization's commitments across projects, newest first; `status` keeps those in one status.",
  })
  commitments(
    @Root() organization: OrganizationNode,
    @Ctx() { loaders }: Context,
    @Args({ validate: false }) args: ConnectionArgs,
    @Arg('status', () => CommitmentStatus, { nullable: true }) status?: CommitmentStatus | null,
  ): Promise<Connection<CommitmentNode>> {
    return loaders.children(
      {
        name: 'Organization.commitments',
        type: CommitmentNode,
        parent: 'organization',
        orderBy: [{ property: 'id', direction: 'desc' }],
        ...(status ? { where: { status } } : {}),
      },
      organization.id,
      args,
    );
  }
}
