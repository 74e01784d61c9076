import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { ConnectionArgs } from '../../graphql/relay/connection.args.js';
import { ConnectionType, type Connection } from '../../graphql/relay/connection.types.js';
import { Organization } from '../organization/organization.entity.js';
import { Region } from '../region/region.entity.js';
import { Resource } from './resource.entity.js';
import { ResourceFilter } from './resource.inputs.js';
import { listResources } from './resource.service.js';

const ResourceConnection = ConnectionType(Resource);

@Resolver(() => Resource)
export class ResourceResolver {
  @Query(() => ResourceConnection, { description: 'Resources offered to co-building, newest first.' })
  resources(
    @Ctx() { em }: Context,
    @Args() args: ConnectionArgs,
    @Arg('filter', () => ResourceFilter, { nullable: true }) filter?: ResourceFilter,
  ): Promise<Connection<Resource>> {
    return listResources(em, filter, args);
  }

  @FieldResolver(() => Organization, { description: 'The organization that offers it.' })
  owner(@Root() resource: Resource, @Ctx() { loaders }: Context): Promise<Organization> {
    return loaders.load(Organization, resource.owner);
  }

  @FieldResolver(() => Region)
  region(@Root() resource: Resource, @Ctx() { loaders }: Context): Promise<Region> {
    return loaders.load(Region, resource.region);
  }
}
