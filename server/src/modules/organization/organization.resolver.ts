import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { ConnectionArgs } from '../../graphql/relay/connection.args.js';
import { ConnectionType, type Connection } from '../../graphql/relay/connection.types.js';
import { RegionNode } from '../region/region.node.js';
import { ResourceStatus } from '../resource/resource.entity.js';
import { ResourceNode } from '../resource/resource.node.js';
import { RESOURCE_ORDER } from '../resource/resource.service.js';
import { OrganizationNode } from './organization.node.js';
import { OrganizationFilter } from './organization.inputs.js';
import { listOrganizations } from './organization.service.js';

const OrganizationConnection = ConnectionType(OrganizationNode);
const ResourceConnection = ConnectionType(ResourceNode);

@Resolver(() => OrganizationNode)
export class OrganizationResolver {
  @Query(() => OrganizationConnection, { description: 'Committees, work units and service centers, by English name.' })
  organizations(
    @Ctx() { em }: Context,
    @Args({ validate: false }) args: ConnectionArgs,
    @Arg('filter', () => OrganizationFilter, { nullable: true }) filter?: OrganizationFilter,
  ): Promise<Connection<OrganizationNode>> {
    return listOrganizations(em, filter, args);
  }

  @FieldResolver(() => RegionNode)
  region(@Root() organization: OrganizationNode, @Ctx() { loaders }: Context): Promise<RegionNode> {
    return loaders.node(RegionNode, organization.regionId);
  }

  @FieldResolver(() => ResourceConnection, { description: 'Active resources it offers, newest first.' })
  resources(
    @Root() organization: OrganizationNode,
    @Ctx() { loaders }: Context,
    @Args({ validate: false }) args: ConnectionArgs,
  ): Promise<Connection<ResourceNode>> {
    return loaders.children(
      {
        name: 'Organization.resources',
        type: ResourceNode,
        parent: 'owner',
        orderBy: RESOURCE_ORDER,
        where: { status: ResourceStatus.ACTIVE },
      },
      organization.id,
      args,
    );
  }
}
