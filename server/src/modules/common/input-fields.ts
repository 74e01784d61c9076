import { buildMessage, IsOptional, Matches, MaxLength, MinLength, ValidateBy } from 'class-validator';
import { Field } from 'type-graphql';
import { IDEMPOTENCY_KEY_MAX_LENGTH } from '../idempotency/idempotency.js';
import { DESCRIPTION_MAX, TITLE_MAX } from './text-limits.js';

/** Applies several property decorators as one. */
function all(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((d) => d(target, key));
}

/**
 * At most `max` characters as PostgreSQL counts them (code points). class-validator's MaxLength
 * counts an emoji with its variation selector as one, so "😀\uFE0F" × 200 passed it and then
 * overflowed a varchar(200) column.
 */
function MaxCharacters(max: number): PropertyDecorator {
  return ValidateBy({
    // The name of the rule it replaces: the same TOO_LONG refusal.
    name: 'maxLength',
    constraints: [max],
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || [...value].length <= max,
      defaultMessage: buildMessage(
        (each) => `${each}$property must be shorter than or equal to $constraint1 characters`,
      ),
    },
  });
}

/**
 * A title (Chinese or English): one line of 1–200 characters, after trimming (so one of only
 * spaces is refused); `optional` in update inputs.
 */
export function TitleField({ optional = false } = {}): PropertyDecorator {
  return all(
    Field(() => String, { nullable: optional }),
    ...(optional ? [IsOptional()] : []),
    MinLength(1, { message: '$property must not be empty' }),
    MaxCharacters(TITLE_MAX),
    Matches(/^[^\t\n\r]*$/, { message: '$property must be one line, without tabs' }),
  );
}

/** An optional description or summary of up to 5,000 characters. */
export function LongTextField(): PropertyDecorator {
  return all(
    Field(() => String, { nullable: true }),
    IsOptional(),
    MaxCharacters(DESCRIPTION_MAX),
  );
}

/** The idempotency key of a create-style mutation. */
export function IdempotencyKeyField(): PropertyDecorator {
  return all(
    Field(() => String, {
      nullable: true,
      description: 'Retrying with the same key and input has one effect (kept ≥ 24 h).',
    }),
    IsOptional(),
    MaxLength(IDEMPOTENCY_KEY_MAX_LENGTH),
  );
}
