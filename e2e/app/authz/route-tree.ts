import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// What the authorization matrix must cover, read from the code itself: every page and route
// handler under app/, and every server action in the production build. A new route or action
// without a matrix entry fails the test instead of going unchecked.

const APP = path.resolve('app');

export type AppRoute = { pattern: string; kind: 'page' | 'route'; file: string };

/** `app/(store)/courses/[slug]/page.tsx` → `/courses/[slug]` (route groups vanish). */
function patternOf(dir: string): string {
  const segments = path
    .relative(APP, dir)
    .split(path.sep)
    .filter((segment) => segment && !segment.startsWith('(') && !segment.startsWith('@'));
  return `/${segments.join('/')}`;
}

/** Next's metadata files that generate a route, and the path each one answers. */
const METADATA_ROUTES: Record<string, string> = {
  robots: 'robots.txt',
  sitemap: 'sitemap.xml',
  manifest: 'manifest.webmanifest',
  icon: 'icon',
  'apple-icon': 'apple-icon',
  'opengraph-image': 'opengraph-image',
  'twitter-image': 'twitter-image',
};

/** The path a metadata file answers (`robots.ts` → `robots.txt`), or undefined for any other file. */
function metadataPath(fileName: string): string | undefined {
  const match = /^(.+)\.(tsx|ts|jsx|js)$/.exec(fileName);
  return match && Object.hasOwn(METADATA_ROUTES, match[1]!) ? METADATA_ROUTES[match[1]!] : undefined;
}

export function listAppRoutes(dir = APP): AppRoute[] {
  const routes: AppRoute[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) routes.push(...listAppRoutes(full));
    else if (/^page\.(tsx|ts|jsx|js)$/.test(entry.name)) routes.push({ pattern: patternOf(dir), kind: 'page', file: path.relative('.', full) });
    else if (/^route\.(ts|js)$/.test(entry.name)) routes.push({ pattern: patternOf(dir), kind: 'route', file: path.relative('.', full) });
    else if (metadataPath(entry.name)) {
      // Metadata files (`robots.ts` → `/robots.txt`) are route handlers too.
      const base = patternOf(dir).replace(/\/$/, '');
      routes.push({ pattern: `${base}/${metadataPath(entry.name)}`, kind: 'route', file: path.relative('.', full) });
    }
  }
  return routes.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

export type ServerAction = { id: string; key: string };

/** Server actions as the build knows them: `<file>#<export>` and the id a client posts. */
export function listServerActions(): ServerAction[] {
  const manifest = JSON.parse(readFileSync(path.resolve('.next/server/server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { filename?: string; exportedName?: string }>;
  };
  const actions = new Map<string, ServerAction>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (!entry.filename || !entry.exportedName) throw new Error(`server action ${id} has no filename/exportedName in the manifest`);
    const key = `${entry.filename}#${entry.exportedName}`;
    actions.set(key, { id, key });
  }
  return [...actions.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** Server actions as the source declares them (a "use server" file's exported consts). */
export function listSourceActions(dirs = ['app', 'components', 'lib']): string[] {
  const keys: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
        const source = readFileSync(full, 'utf8');
        if (!/^\s*['"]use server['"]/.test(source)) continue;
        for (const match of source.matchAll(/^export const (\w+)/gm)) keys.push(`${full}#${match[1]}`);
      }
    }
  };
  for (const dir of dirs) walk(dir);
  return keys.sort();
}
