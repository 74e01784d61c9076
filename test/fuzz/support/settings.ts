/**
 * Seed and size of the fuzz runs. The defaults are fixed so CI is reproducible; set FUZZ_SEED to
 * explore other inputs, FUZZ_RUNS (runs per mutation and per query field) to go wider or faster.
 */
function envInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, not ${JSON.stringify(raw)}`);
  return value;
}

export const FUZZ_SEED = envInteger('FUZZ_SEED', 20_261_202);
export const FUZZ_RUNS = Math.max(1, envInteger('FUZZ_RUNS', 260));

/** Environment of the fuzzed server: budgets and login limits high enough not to refuse the fuzz itself. */
export const FUZZ_SERVER_ENV: Record<string, string> = {
  COST_BUDGET_ANONYMOUS: '100000000',
  COST_BUDGET_USER: '100000000',
  COST_BUDGET_TOKEN: '100000000',
  LOGIN_ATTEMPTS_PER_EMAIL: '10000',
  LOGIN_ATTEMPTS_PER_IP: '100000',
  DB_POOL_SIZE: '16',
};

/** A seed of its own for each property of a file, derived from FUZZ_SEED. */
export function seedFor(index: number): number {
  return (FUZZ_SEED + index * 7919) | 0;
}

export function announce(file: string, detail: string): void {
  console.log(`[fuzz ${file}] FUZZ_SEED=${FUZZ_SEED} FUZZ_RUNS=${FUZZ_RUNS} ${detail}`);
}
