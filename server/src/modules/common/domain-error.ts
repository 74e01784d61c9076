/**
 * Codes of problems a caller can fix, returned as `userErrors { field message code }` by
 * mutations. Each code means one thing everywhere.
 */
export enum UserErrorCode {
  INVALID = 'INVALID',
  TOO_LONG = 'TOO_LONG',
  NOT_FOUND = 'NOT_FOUND',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  WEAK_PASSWORD = 'WEAK_PASSWORD',
  ALREADY_MEMBER = 'ALREADY_MEMBER',
  INVITATION_EXPIRED = 'INVITATION_EXPIRED',
  INVITATION_USED = 'INVITATION_USED',
  LAST_ADMIN = 'LAST_ADMIN',
  INVALID_SCOPE = 'INVALID_SCOPE',
  ALREADY_REVOKED = 'ALREADY_REVOKED',
  INVALID_EXPIRY = 'INVALID_EXPIRY',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  INVALID_REGION = 'INVALID_REGION',
  INVALID_DATES = 'INVALID_DATES',
  ALREADY_SUPPORTED = 'ALREADY_SUPPORTED',
  UNIT_MISMATCH = 'UNIT_MISMATCH',
  RESOURCE_MISMATCH = 'RESOURCE_MISMATCH',
  NOT_OWN_RESOURCE = 'NOT_OWN_RESOURCE',
  RESOURCE_RETIRED = 'RESOURCE_RETIRED',
  RESOURCE_EXPIRED = 'RESOURCE_EXPIRED',
  INSUFFICIENT_CAPACITY = 'INSUFFICIENT_CAPACITY',
  EXCEEDS_REQUIREMENT = 'EXCEEDS_REQUIREMENT',
  CAPACITY_BELOW_COMMITTED = 'CAPACITY_BELOW_COMMITTED',
  QUANTITY_BELOW_COMMITTED = 'QUANTITY_BELOW_COMMITTED',
  PROJECT_CLOSED = 'PROJECT_CLOSED',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  CANNOT_COMPLETE = 'CANNOT_COMPLETE',
  PROJECT_NOT_IN_PROGRESS = 'PROJECT_NOT_IN_PROGRESS',
  CONSULTATION_INCOMPLETE = 'CONSULTATION_INCOMPLETE',
  CONSULTATION_CLOSED = 'CONSULTATION_CLOSED',
  EDIT_WINDOW_CLOSED = 'EDIT_WINDOW_CLOSED',
  COMMENT_REMOVED = 'COMMENT_REMOVED',
  INVITATION_REQUIRED = 'INVITATION_REQUIRED',
  ALREADY_PARTICIPANT = 'ALREADY_PARTICIPANT',
  NOT_A_PARTICIPANT = 'NOT_A_PARTICIPANT',
  LEAD_CANNOT_LEAVE = 'LEAD_CANNOT_LEAVE',
  HAS_ACTIVE_COMMITMENTS = 'HAS_ACTIVE_COMMITMENTS',
  /**
   * The caller may not change this object. Only where one input changes many objects and each
   * refusal is reported with the others (importMilestoneProgress); elsewhere a refusal is the
   * request error FORBIDDEN.
   */
  FORBIDDEN = 'FORBIDDEN',
}

/**
 * A rule of the domain that the input breaks. Services throw it before writing anything;
 * the mutation wrapper turns it into a `userErrors` entry and rolls back.
 */
export class DomainError extends Error {
  override name = 'DomainError';

  constructor(
    readonly code: UserErrorCode,
    message: string,
    /** Path of the offending input field, e.g. `['input', 'quantity']`. */
    readonly field: string[] | null = null,
  ) {
    super(message);
  }
}

/**
 * Several problems with one input, each with its own field (e.g. every bad row of an imported
 * file): reported together as `userErrors`; nothing was changed.
 */
export class DomainErrors extends Error {
  override name = 'DomainErrors';

  constructor(readonly errors: DomainError[]) {
    super(errors.map((e) => e.message).join('\n'));
  }
}
