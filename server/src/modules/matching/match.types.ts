import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ProjectNode } from '../project/project.node.js';
import { RequirementNode } from '../project/requirement.node.js';
import { ResourceNode } from '../resource/resource.node.js';

/** How near a suggestion is: the smallest region both lie in. */
export enum Proximity {
  SAME_GRID = 'SAME_GRID',
  SAME_COMMUNITY = 'SAME_COMMUNITY',
  SAME_SUBDISTRICT = 'SAME_SUBDISTRICT',
  SAME_DISTRICT = 'SAME_DISTRICT',
  SAME_CITY = 'SAME_CITY',
}
registerEnumType(Proximity, {
  name: 'Proximity',
  description: 'The smallest region that holds both sides of a match.',
});

/** Index = depth of the shared region (0 municipality … 4 grid). */
export const PROXIMITY_BY_DEPTH = [
  Proximity.SAME_CITY,
  Proximity.SAME_DISTRICT,
  Proximity.SAME_SUBDISTRICT,
  Proximity.SAME_COMMUNITY,
  Proximity.SAME_GRID,
];

export const PROXIMITY_TEXT: Record<Proximity, { en: string; zh: string }> = {
  SAME_GRID: { en: 'in the same grid', zh: '同一网格' },
  SAME_COMMUNITY: { en: 'in the same community', zh: '同一社区' },
  SAME_SUBDISTRICT: { en: 'in the same sub-district', zh: '同一街道' },
  SAME_DISTRICT: { en: 'in the same district', zh: '同一区' },
  SAME_CITY: { en: 'in the same city', zh: '同一城市' },
};

@ObjectType({ description: 'A resource that could fill a requirement.' })
export class ResourceMatch {
  @Field(() => ResourceNode)
  resource: ResourceNode;

  @Field(() => Proximity)
  proximity: Proximity;

  @Field(() => Int, { description: 'min(open quantity of the requirement, remaining capacity of the resource).' })
  suggestedQuantity: number;

  @Field(() => Float, { description: 'Ranking score, higher first: nearness, then how much of the gap it closes.' })
  score: number;

  @Field({ description: 'Why it is suggested, in English.' })
  reason: string;

  @Field({ description: 'Why it is suggested, in Chinese.' })
  reasonZh: string;
}

@ObjectType({ description: 'An unfilled requirement and the resources that could fill it, nearest first.' })
export class RequirementMatch {
  @Field(() => RequirementNode)
  requirement: RequirementNode;

  @Field(() => Int, { description: 'Quantity still to be committed.' })
  open: number;

  @Field(() => [ResourceMatch])
  resources: ResourceMatch[];
}

@ObjectType({ description: 'A project that could answer a need.' })
export class ProjectMatch {
  @Field(() => ProjectNode)
  project: ProjectNode;

  @Field(() => Proximity)
  proximity: Proximity;

  @Field({ description: 'Why it is suggested, in English.' })
  reason: string;

  @Field({ description: 'Why it is suggested, in Chinese.' })
  reasonZh: string;
}

@ObjectType({ description: 'Suggestions for a project (its requirements) or for a need (projects).' })
export class MatchSuggestions {
  @Field(() => [RequirementMatch], {
    description: 'For `projectId`: each unfilled requirement with candidate resources.',
  })
  requirements: RequirementMatch[];

  @Field(() => [ProjectMatch], { description: 'For `needId`: open projects of the same category nearby.' })
  projects: ProjectMatch[];
}
