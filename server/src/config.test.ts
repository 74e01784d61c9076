import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('configuration', () => {
  it('has working defaults: embedded PostgreSQL in ./.cobuild-data on port 4000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4000, databaseUrl: undefined, seedDemo: 'auto', dbPoolSize: 10 });
    expect(config.dataDir).toBe(path.resolve('.cobuild-data'));
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u@db:5432/cobuild',
      DB_POOL_SIZE: '20',
      SEED_DEMO: 'false',
      GRAPHQL_DIAGNOSTICS: 'true',
    });
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgres://u@db:5432/cobuild',
      dbPoolSize: 20,
      seedDemo: 'false',
      graphqlDiagnostics: true,
    });
  });

  it('names each invalid variable and its value', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrow(
      /PORT="eighty".*\n.*DATABASE_URL="mysql:\/\/x"/,
    );
    expect(() => loadConfig({ SEED_DEMO: 'yes' })).toThrow(/SEED_DEMO="yes"/);
    expect(() => loadConfig({ CORS_ORIGINS: 'partner.example' })).toThrow(/CORS_ORIGINS="partner.example"/);
  });

  it('reads CORS origins as a list', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: 'https://Partner.example, http://localhost:5173' }).corsOrigins).toEqual([
      'https://partner.example',
      'http://localhost:5173',
    ]);
  });
});
