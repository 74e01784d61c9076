import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const SERVER_MAIN = fileURLToPath(new URL('../../server/dist/cobuild.js', import.meta.url));

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface TestServer {
  url: string;
  graphqlUrl: string;
  process: ChildProcess;
  /** Every line the server printed (JSON logs), for assertions on logging. */
  output(): string;
  logs(): LogLine[];
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts the real server process (server/dist/main.js) on a free port and resolves when it
 * listens. `env` adds to or overrides the defaults (DATABASE_URL, DATA_DIR, …).
 */
export function startServer(env: Record<string, string | undefined>, timeoutMs = 60_000): Promise<TestServer> {
  const child = spawn(process.execPath, [SERVER_MAIN], {
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      GRAPHQL_DIAGNOSTICS: 'true',
      // Cost budgets would only throttle tests that are about something else; the budgets
      // themselves are tested with small ones (test/api/cost-budgets.test.ts).
      COST_BUDGET_ANONYMOUS: '1000000000',
      COST_BUDGET_USER: '1000000000',
      COST_BUDGET_TOKEN: '1000000000',
      EXPORTS_PER_MINUTE: '1000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /"url":"(http:\/\/[^"]+)".*"msg":"Cobuild is listening"/.exec(output);
      if (match) {
        clearTimeout(timer);
        const url = match[1];
        resolve({
          url,
          graphqlUrl: `${url}/graphql`,
          process: child,
          output: () => output,
          logs: () =>
            output
              .split('\n')
              .filter((l) => l.startsWith('{'))
              .map((l) => JSON.parse(l) as LogLine),
          async stop(signal = 'SIGTERM') {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
}
