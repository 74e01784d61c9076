import { getOperationAST, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { CostReport, PendingCharge } from '../modules/rate-limit/cost-budget.js';
import type { Context } from './context.js';
import { unavailableOr } from './errors.js';
import { checkInputText, normalizeInputText } from './input-hygiene.js';
import { limitError, measureOperation, measureResult } from './query-limits.js';

/** Charges an operation's requested cost to the caller's budget, or throws RATE_LIMITED. */
export type ChargeCost = (context: Context, requested: number) => Promise<PendingCharge>;

/**
 * What every operation passes before any resolver runs, over HTTP and WebSocket alike: the
 * query limits (QUERY_TOO_COMPLEX), clean input text (BAD_USER_INPUT; then normalized: NFC,
 * trimmed), then the caller's cost budget (RATE_LIMITED). Throws the first refusal; on success
 * the charge is in `context.cost`.
 */
export async function admitOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  context: Context,
  charge: ChargeCost,
): Promise<void> {
  const measure = measureOperation(schema, document, operationName, variables);
  const refused = (measure && limitError(measure)) ?? checkInputText(document, variables);
  if (refused) throw refused;
  normalizeInputText(schema, document, getOperationAST(document, operationName), variables);
  context.cost = await charge(context, Math.max(1, measure?.cost ?? 1)).catch((error: unknown) => {
    throw unavailableOr(error);
  });
}

/** The operation's `extensions.cost` once it has run, its unused cost refunded; null when nothing was charged. */
export function settleCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  data: Record<string, unknown> | null | undefined,
  context: Context,
): (Omit<CostReport, 'resetAt'> & { resetAt: string }) | null {
  if (!context.cost) return null;
  const report = context.cost.settle(measureResult(schema, document, operationName, data));
  context.cost = null;
  return { ...report, resetAt: report.resetAt.toISOString() };
}
