import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { ConnectionArgs } from '../../graphql/relay/connection.args.js';
import { ConnectionType, type Connection } from '../../graphql/relay/connection.types.js';
import { Region } from '../region/region.entity.js';
import { Resource, ResourceStatus } from '../resource/resource.entity.js';
import { RESOURCE_ORDER } from '../resource/resource.service.js';
import { Organization } from './organization.entity.js';
import { OrganizationFilter } from './organization.inputs.js';
import { listOrganizations } from './organization.service.js';

const OrganizationConnection = ConnectionType(Organization);
const ResourceConnection = ConnectionType(Resource);

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => OrganizationConnection, { description: 'Committees, work units and service centers, by English name.' })
  organizations(
    @Ctx() { em }: Context,
    @Args() args: ConnectionArgs,
    @Arg('filter', () => OrganizationFilter, { nullable: true }) filter?: OrganizationFilter,
  ): Promise<Connection<Organization>> {
    return listOrganizations(em, filter, args);
  }

  @FieldResolver(() => Region)
  region(@Root() organization: Organization, @Ctx() { loaders }: Context): Promise<Region> {
    return loaders.load(Region, organization.region);
  }

  @FieldResolver(() => ResourceConnection, { description: 'Active resources it offers, newest first.' })
  resources(
    @Root() organization: Organization,
    @Ctx() { loaders }: Context,
    @Args() args: ConnectionArgs,
  ): Promise<Connection<Resource>> {
    return loaders.children(
      {
        name: 'Organization.resources',
        entity: Resource,
        parent: 'owner',
        orderBy: RESOURCE_ORDER,
        where: { status: ResourceStatus.ACTIVE },
      },
      organization.id,
      args,
    );
  }
}
