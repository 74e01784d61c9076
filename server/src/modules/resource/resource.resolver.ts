import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { ConnectionArgs } from '../../graphql/relay/connection.args.js';
import { ConnectionType, type Connection } from '../../graphql/relay/connection.types.js';
import { OrganizationNode } from '../organization/organization.node.js';
import { RegionNode } from '../region/region.node.js';
import { ResourceNode } from './resource.node.js';
import { ResourceFilter } from './resource.inputs.js';
import { listResources } from './resource.service.js';

const ResourceConnection = ConnectionType(ResourceNode);

@Resolver(() => ResourceNode)
export class ResourceResolver {
  @Query(() => ResourceConnection, { description: 'Resources offered to co-building, newest first.' })
  resources(
    @Ctx() { em }: Context,
    @Args({ validate: false }) args: ConnectionArgs,
    @Arg('filter', () => ResourceFilter, { nullable: true }) filter?: ResourceFilter,
  ): Promise<Connection<ResourceNode>> {
    return listResources(em, filter, args);
  }

  @FieldResolver(() => OrganizationNode, { description: 'The organization that offers it.' })
  owner(@Root() resource: ResourceNode, @Ctx() { loaders }: Context): Promise<OrganizationNode> {
    return loaders.node(OrganizationNode, resource.ownerId);
  }

  @FieldResolver(() => RegionNode)
  region(@Root() resource: ResourceNode, @Ctx() { loaders }: Context): Promise<RegionNode> {
    return loaders.node(RegionNode, resource.regionId);
  }
}
