import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ChargeCost } from '../graphql/admission.js';

/** How an operation reached the server. */
export type Transport = 'http' | 'websocket';

/** The operation types a request is counted under; `unknown` when no operation could be identified. */
export type OperationType = 'query' | 'mutation' | 'subscription' | 'unknown';

/** Operation names that become label values as they are; anything else is counted as `other`. */
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Distinct operation names kept as label values per instance; later names are counted as `other`. */
export const MAX_OPERATION_NAMES = 200;

/** An error code as a label value (codes are the server's own, but bounded anyway). */
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

/** Seconds: from 5 ms to 10 s. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Cost points: up to the query limit of 25,000 (see `query-limits.ts`). */
const COST_BUCKETS = [1, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000];

/** What the metrics read of the database pool at each scrape (tarn's Pool under knex). */
export interface PoolStatistics {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  numPendingCreates(): number;
  readonly max?: number;
}

export interface MetricsOptions {
  /** The database pool now, read at each scrape; undefined while there is none (closed). */
  pool?: () => PoolStatistics | undefined;
}

/** One GraphQL request (an HTTP request or an operation on a WebSocket), once answered. */
export interface GraphqlRequestObservation {
  operationName: string | null | undefined;
  operationType: string | null | undefined;
  transport: Transport;
  /** `ok`, or the first error's `extensions.code` (see `outcomeOf`). */
  outcome: string;
  seconds: number;
}

/** `ok` without errors, else the first error's `extensions.code` (INTERNAL_SERVER_ERROR when it has none). */
export function outcomeOf(errors: readonly { extensions?: Record<string, unknown> }[] | null | undefined): string {
  if (!errors?.length) return 'ok';
  const code = errors[0].extensions?.code;
  if (typeof code !== 'string') return 'INTERNAL_SERVER_ERROR';
  return ERROR_CODE.test(code) ? code : 'other';
}

function operationTypeOf(type: string | null | undefined): OperationType {
  return type === 'query' || type === 'mutation' || type === 'subscription' ? type : 'unknown';
}

/**
 * Label values for operation names, bounded: `anonymous` for an unnamed operation, the name
 * itself for the first `MAX_OPERATION_NAMES` distinct well-formed names, `other` for the rest.
 */
export class OperationNames {
  private readonly seen = new Set<string>();

  constructor(private readonly max = MAX_OPERATION_NAMES) {}

  label(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (this.seen.has(name)) return name;
    if (this.seen.size >= this.max) return 'other';
    this.seen.add(name);
    return name;
  }
}

/**
 * One server instance's Prometheus metrics, in a registry of its own (never prom-client's
 * global one, so several servers in one process do not share or clash): the process's
 * default metrics, GraphQL requests over HTTP and WebSocket, query cost, live connections,
 * subscriptions and events, and the database pool. Served at `GET /metrics`.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly operationNames = new OperationNames();
  private readonly requests: Counter<'operation' | 'operation_type' | 'transport' | 'outcome'>;
  private readonly duration: Histogram<'operation_type' | 'transport'>;
  private readonly costRequested: Histogram<'transport'>;
  private readonly costActual: Histogram<'transport'>;
  private readonly webSockets: Gauge;
  private readonly subscriptions: Gauge;
  private readonly liveEvents: Counter;
  private readonly activityEvents: Counter;

  constructor(options: MetricsOptions = {}) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'cobuild_graphql_requests_total',
      help: 'GraphQL requests (HTTP) and operations (WebSocket) answered, by operation name, type, transport and outcome (ok or the first error code).',
      labelNames: ['operation', 'operation_type', 'transport', 'outcome'],
      registers,
    });
    this.duration = new Histogram({
      name: 'cobuild_graphql_request_duration_seconds',
      help: 'Time to answer a GraphQL request (HTTP) or operation (WebSocket; for a subscription, until its feed started).',
      labelNames: ['operation_type', 'transport'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.costRequested = new Histogram({
      name: 'cobuild_graphql_cost_requested',
      help: 'Cost points charged to the caller before an operation ran (measured from its document), per settled operation.',
      labelNames: ['transport'],
      buckets: COST_BUCKETS,
      registers,
    });
    this.costActual = new Histogram({
      name: 'cobuild_graphql_cost_actual',
      help: 'Cost points an operation actually used (what its result held; the rest is refunded), per settled operation.',
      labelNames: ['transport'],
      buckets: COST_BUCKETS,
      registers,
    });
    this.webSockets = new Gauge({
      name: 'cobuild_websocket_connections',
      help: 'Open WebSocket connections on /graphql.',
      registers,
    });
    this.subscriptions = new Gauge({
      name: 'cobuild_websocket_subscriptions',
      help: 'Active GraphQL subscriptions (live feeds) over WebSocket.',
      registers,
    });
    this.liveEvents = new Counter({
      name: 'cobuild_live_events_fanned_out_total',
      help: 'Live events written to subscribers (one per subscription and event).',
      registers,
    });
    this.activityEvents = new Counter({
      name: 'cobuild_activity_events_read_total',
      help: 'Activity events the live-update bus read from the log.',
      registers,
    });
    const pool = options.pool;
    if (pool) {
      const poolGauge = (name: string, help: string, read: (p: PoolStatistics) => number | undefined) =>
        new Gauge({
          name,
          help,
          registers,
          collect() {
            let value: number | undefined;
            try {
              const current = pool();
              value = current && read(current);
            } catch {
              // The ORM is closed or closing: nothing to report.
            }
            this.set(typeof value === 'number' && Number.isFinite(value) ? value : 0);
          },
        });
      poolGauge('cobuild_db_pool_connections_used', 'Database connections in use.', (p) => p.numUsed());
      poolGauge('cobuild_db_pool_connections_free', 'Idle database connections in the pool.', (p) => p.numFree());
      poolGauge('cobuild_db_pool_pending_acquires', 'Requests waiting for a database connection.', (p) =>
        p.numPendingAcquires(),
      );
      poolGauge('cobuild_db_pool_pending_creates', 'Database connections being opened.', (p) => p.numPendingCreates());
      poolGauge(
        'cobuild_db_pool_connections_max',
        'Largest number of database connections (DB_POOL_SIZE).',
        (p) => p.max,
      );
    }
  }

  /** The Content-Type of `exposition()`. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every metric, in the Prometheus text format. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  graphqlRequest(observation: GraphqlRequestObservation): void {
    const operationType = operationTypeOf(observation.operationType);
    this.requests.inc({
      operation: this.operationNames.label(observation.operationName),
      operation_type: operationType,
      transport: observation.transport,
      outcome: observation.outcome,
    });
    this.duration.observe({ operation_type: operationType, transport: observation.transport }, observation.seconds);
  }

  /**
   * The same charge, whose settlement (once the operation has run, see `settleCost`) also
   * records the requested and actual cost. A subscription is charged once, when it starts, and
   * never settled: it is not counted here.
   */
  meteredCharge(charge: ChargeCost): ChargeCost {
    return async (context, requested) => {
      const pending = await charge(context, requested);
      const transport: Transport = context.http ? 'http' : 'websocket';
      return {
        ...pending,
        settle: (actual) => {
          const report = pending.settle(actual);
          this.costRequested.observe({ transport }, report.requested);
          if (report.actual !== null) this.costActual.observe({ transport }, report.actual);
          return report;
        },
      };
    };
  }

  /** A WebSocket connection opened; call what it returns when it closes (once or more). */
  webSocketOpened(): () => void {
    return this.tracked(this.webSockets);
  }

  /** A subscription's feed started; call what it returns when it ends (once or more). */
  subscriptionStarted(): () => void {
    return this.tracked(this.subscriptions);
  }

  liveEventsFannedOut(count: number): void {
    if (count > 0) this.liveEvents.inc(count);
  }

  activityEventsRead(count: number): void {
    if (count > 0) this.activityEvents.inc(count);
  }

  private tracked(gauge: Gauge): () => void {
    gauge.inc();
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      gauge.dec();
    };
  }
}
