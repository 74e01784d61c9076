import { registerEnumType } from 'type-graphql';

/** What a need or a project is about; the themes of regional co-building practice. */
export enum Category {
  GREEN_SPACE = 'GREEN_SPACE',
  PROPERTY_MANAGEMENT = 'PROPERTY_MANAGEMENT',
  TRANSPORT = 'TRANSPORT',
  ELDERLY_CARE = 'ELDERLY_CARE',
  CHILDREN_AND_YOUTH = 'CHILDREN_AND_YOUTH',
  HEALTH = 'HEALTH',
  CULTURE_AND_SPORTS = 'CULTURE_AND_SPORTS',
  PUBLIC_SAFETY = 'PUBLIC_SAFETY',
  ENVIRONMENT = 'ENVIRONMENT',
  BUSINESS_DISTRICT = 'BUSINESS_DISTRICT',
  COMMUNITY_SERVICES = 'COMMUNITY_SERVICES',
}
registerEnumType(Category, {
  name: 'Category',
  description: 'Theme of a need or project.',
});

/** Kinds of resource an organization can offer and a project can require. */
export enum ResourceKind {
  VENUE = 'VENUE',
  VOLUNTEER_HOURS = 'VOLUNTEER_HOURS',
  FUNDS = 'FUNDS',
  EQUIPMENT = 'EQUIPMENT',
  EXPERTISE = 'EXPERTISE',
  SERVICE = 'SERVICE',
}
registerEnumType(ResourceKind, { name: 'ResourceKind' });

/** The unit every quantity is counted in; quantities are whole numbers of this unit. */
export enum QuantityUnit {
  HOUR = 'HOUR',
  PERSON_HOUR = 'PERSON_HOUR',
  YUAN = 'YUAN',
  SESSION = 'SESSION',
  ITEM = 'ITEM',
  SQUARE_METER = 'SQUARE_METER',
  MEAL = 'MEAL',
  SEAT = 'SEAT',
}
registerEnumType(QuantityUnit, {
  name: 'QuantityUnit',
  description: 'Unit of an integer quantity (YUAN for funds: whole yuan).',
});
