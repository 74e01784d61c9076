import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { tryDecodeGlobalId } from '../../graphql/relay/global-id.js';
import type { Context } from '../../graphql/context.js';
import { ConnectionArgs } from '../../graphql/relay/connection.args.js';
import { ConnectionType, type Connection } from '../../graphql/relay/connection.types.js';
import { OrganizationNode } from '../organization/organization.node.js';
import { ProjectNeed } from '../project/project-need.entity.js';
import { ProjectNode } from '../project/project.node.js';
import { RegionNode } from '../region/region.node.js';
import { NeedNode } from './need.node.js';
import { NeedFilter } from './need.inputs.js';
import { listNeeds } from './need.service.js';

const NeedConnection = ConnectionType(NeedNode);
const SUPPORTED_BY = 'SELECT need_id AS id FROM need_support WHERE need_id = ANY($1) AND organization_id = $2';

@Resolver(() => NeedNode)
export class NeedResolver {
  @Query(() => NeedConnection, { description: "Residents' needs, newest first." })
  needs(
    @Ctx() { em }: Context,
    @Args({ validate: false }) args: ConnectionArgs,
    @Arg('filter', () => NeedFilter, { nullable: true }) filter?: NeedFilter,
  ): Promise<Connection<NeedNode>> {
    return listNeeds(em, filter, args);
  }

  @FieldResolver(() => OrganizationNode, { description: 'The committee that reported the need.' })
  reporter(@Root() need: NeedNode, @Ctx() { loaders }: Context): Promise<OrganizationNode> {
    return loaders.node(OrganizationNode, need.reporterId);
  }

  @FieldResolver(() => RegionNode, { description: 'The community or grid where it arose.' })
  region(@Root() need: NeedNode, @Ctx() { loaders }: Context): Promise<RegionNode> {
    return loaders.node(RegionNode, need.regionId);
  }

  @FieldResolver(() => Boolean, {
    description: 'Whether this organization supports the need; false for an ID that names no organization.',
  })
  async supportedBy(
    @Root() need: NeedNode,
    @Arg('organizationId', () => ID) organizationId: string,
    @Ctx() { loaders }: Context,
  ): Promise<boolean> {
    // No error here: in a mutation's payload it would read as a refusal of a write that was done.
    const decoded = tryDecodeGlobalId(organizationId);
    if (decoded?.type !== 'Organization') return false;
    return Boolean(await loaders.aggregate('Need.supportedBy', SUPPORTED_BY, need.id, [decoded.id]));
  }

  @FieldResolver(() => [ProjectNode], { description: 'Projects that answer this need.' })
  projects(@Root() need: NeedNode, @Ctx() { loaders }: Context): Promise<ProjectNode[]> {
    return loaders.linked(
      { name: 'Need.projects', type: ProjectNode, link: ProjectNeed, parent: 'need', child: 'project' },
      need.id,
    );
  }
}
