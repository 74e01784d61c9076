import { validate, type ValidationError } from 'class-validator';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { DomainError, DomainErrors, UserErrorCode } from '../modules/common/domain-error.js';

registerEnumType(UserErrorCode, { name: 'UserErrorCode', description: 'Why a mutation input was refused.' });

@ObjectType({ description: 'A problem with the input that the caller can fix; nothing was changed.' })
export class UserError {
  @Field(() => [String], { nullable: true, description: 'Path of the input field, e.g. ["input", "quantity"].' })
  field: string[] | null;

  @Field()
  message: string;

  @Field(() => UserErrorCode)
  code: UserErrorCode;
}

/** Base of every mutation payload: the changed object(s) and `userErrors`. */
@ObjectType()
export abstract class MutationPayload {
  @Field(() => [UserError], { description: 'Empty when the mutation succeeded.' })
  userErrors: UserError[];
}

const CODE_OF_CONSTRAINT: Record<string, UserErrorCode> = {
  maxLength: UserErrorCode.TOO_LONG,
  arrayMaxSize: UserErrorCode.TOO_LONG,
};

function flatten(errors: ValidationError[], path: string[]): UserError[] {
  return errors.flatMap((e) => {
    const field = [...path, e.property];
    const own = Object.entries(e.constraints ?? {}).map(([constraint, message]) => ({
      field,
      message: message.charAt(0).toUpperCase() + message.slice(1) + '.',
      code: CODE_OF_CONSTRAINT[constraint] ?? UserErrorCode.INVALID,
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Runs a mutation: validates `input` (class-validator rules on its InputType) and then the
 * work. Invalid input, or a DomainError (or DomainErrors) thrown by the work (whose
 * transaction has rolled back), becomes `userErrors` and changes nothing. Other errors
 * propagate and are masked.
 */
export async function runMutation<P extends MutationPayload>(
  input: object | null,
  empty: Omit<P, 'userErrors'>,
  work: () => Promise<Omit<P, 'userErrors'>>,
): Promise<P> {
  if (input) {
    const invalid = flatten(await validate(input, { forbidUnknownValues: false }), ['input']);
    if (invalid.length) return { ...empty, userErrors: invalid } as P;
  }
  try {
    return { ...(await work()), userErrors: [] } as unknown as P;
  } catch (error) {
    const errors = error instanceof DomainErrors ? error.errors : error instanceof DomainError ? [error] : null;
    if (!errors) throw error;
    return { ...empty, userErrors: errors.map((e) => ({ field: e.field, message: e.message, code: e.code })) } as P;
  }
}
