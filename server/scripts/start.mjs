// `pnpm start`: builds what changed since the last build (server, client), then starts the
// server in this process. A restart with nothing changed goes straight to the server instead
// of rebuilding both packages (~15 s).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Newest modification time of the files below `paths` (0 when none exists). */
function newest(paths) {
  let latest = 0;
  const visit = (file) => {
    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(file))
        if (entry !== 'node_modules' && entry !== 'dist') visit(path.join(file, entry));
    } else {
      latest = Math.max(latest, stat.mtimeMs);
    }
  };
  for (const p of paths) visit(path.join(root, p));
  return latest;
}

const packages = [
  {
    name: '@cobuild/server',
    stamp: 'server/dist/.built',
    sources: ['server/src', 'server/package.json', 'server/tsconfig.json', 'server/tsconfig.build.json'],
  },
  {
    name: '@cobuild/client',
    stamp: 'client/dist/.built',
    sources: ['client/src', 'client/index.html', 'client/package.json', 'client/vite.config.ts', 'client/public'],
  },
];
const shared = newest(['tsconfig.base.json', 'pnpm-lock.yaml']);

for (const pkg of packages) {
  const stamp = path.join(root, pkg.stamp);
  const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  if (built > Math.max(shared, newest(pkg.sources))) continue;
  const started = Date.now();
  execFileSync('pnpm', ['--filter', pkg.name, 'build'], { cwd: root, stdio: 'inherit' });
  fs.writeFileSync(stamp, `${new Date().toISOString()}\n`);
  console.error(`built ${pkg.name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

await import(pathToFileURL(path.join(root, 'server/dist/cobuild.js')).href);
