import { DomainError, UserErrorCode } from './domain-error.js';
import { QuantityUnit, ResourceKind } from './enums.js';

/** The units each kind of resource is counted in. */
export const UNITS_BY_KIND: Record<ResourceKind, QuantityUnit[]> = {
  VENUE: [QuantityUnit.SESSION, QuantityUnit.SQUARE_METER, QuantityUnit.SEAT, QuantityUnit.HOUR],
  VOLUNTEER_HOURS: [QuantityUnit.PERSON_HOUR],
  FUNDS: [QuantityUnit.YUAN],
  EQUIPMENT: [QuantityUnit.ITEM],
  EXPERTISE: [QuantityUnit.HOUR, QuantityUnit.PERSON_HOUR, QuantityUnit.SESSION],
  SERVICE: [QuantityUnit.MEAL, QuantityUnit.SESSION, QuantityUnit.HOUR, QuantityUnit.PERSON_HOUR],
};

export function assertUnitFitsKind(kind: ResourceKind, unit: QuantityUnit, field: string[]): void {
  if (!UNITS_BY_KIND[kind].includes(unit)) {
    throw new DomainError(
      UserErrorCode.UNIT_MISMATCH,
      `${kind} is counted in ${UNITS_BY_KIND[kind].join(', ')}, not ${unit}.`,
      field,
    );
  }
}

export function assertDatesOrdered(
  from: string | null | undefined,
  until: string | null | undefined,
  field: string[],
): void {
  if (from && until && until < from)
    throw new DomainError(UserErrorCode.INVALID_DATES, 'The end is before the start.', field);
}
