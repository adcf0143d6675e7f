/**
 * Builds `core/sdk-params.json`: for every API route the sandbox serves, the request
 * parameters the pinned `stripe` SDK's TypeScript types declare for it (the `…Params`
 * interface of the SDK method that calls that route), as a compact tree.
 *
 * The sandbox accepts a declared parameter it does not implement (validated against this
 * tree, stored, no effect) and answers `parameter_unknown` for anything the types do not
 * declare — what Stripe itself would refuse. `test/sdk-params.int.test.ts` regenerates the
 * table and fails when the committed file is stale (a new route, an SDK upgrade).
 *
 *   npm run sdk-params -w @bursar/stripe-sandbox   # rewrite core/sdk-params.json
 */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { ParamNode, SdkParamsTable } from '../core/sdk-params';

const here = dirname(fileURLToPath(import.meta.url));
export const TABLE_PATH = join(here, '..', 'core', 'sdk-params.json');

function stripeRoot(): string {
  const require = createRequire(import.meta.url);
  // `stripe` resolves to …/node_modules/stripe/cjs/stripe.cjs.node.js
  let dir = dirname(require.resolve('stripe'));
  const isRoot = (d: string) => existsSync(join(d, 'package.json')) && readFileSync(join(d, 'package.json'), 'utf8').includes('"name": "stripe"');
  while (!isRoot(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** `/v1/payment_intents/${encodeURIComponent(id)}/capture` → `/v1/payment_intents/:/capture`. */
export function normalizePath(path: string): string {
  return path
    .split('/')
    .map((seg) => (seg.startsWith(':') || seg.includes('${') ? ':' : seg))
    .join('/');
}

interface SdkMethod {
  className: string;
  method: string;
  httpMethod: string;
  path: string;
}

function sdkMethods(resourcesDir: string): SdkMethod[] {
  const out: SdkMethod[] = [];
  const re = /\n {4}(\w+)\([^)]*\) \{\n\s+return this\._makeRequest\('(\w+)', [`'](\/v1\/[^`']*)[`']/g;
  for (const file of walk(resourcesDir).filter((f) => f.endsWith('.js'))) {
    const src = readFileSync(file, 'utf8');
    const cls = /class (\w+) extends StripeResource/.exec(src)?.[1];
    if (!cls) continue;
    // Class names repeat (Checkout / BillingPortal / FinancialConnections `SessionResource`): key by file too.
    const className = `${file.replace(/\.js$/, '')}#${cls}`;
    for (const m of src.matchAll(re)) out.push({ className, method: m[1] ?? '', httpMethod: m[2] ?? '', path: normalizePath(m[3] ?? '') });
  }
  return out;
}

export function buildTable(routes: Array<{ method: string; pattern: string }>): SdkParamsTable {
  const root = stripeRoot();
  const resourcesDir = join(root, 'cjs', 'resources');
  const dts = walk(resourcesDir).filter((f) => f.endsWith('.d.ts'));
  const program = ts.createProgram(dts, { skipLibCheck: true, noEmit: true, target: ts.ScriptTarget.ES2022 });
  const checker = program.getTypeChecker();

  // class name → method name → params type
  const classes = new Map<string, Map<string, ts.Type>>();
  for (const file of dts) {
    const sf = program.getSourceFile(file);
    if (!sf) continue;
    sf.forEachChild((node) => {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const methods = new Map<string, ts.Type>();
      for (const member of node.members) {
        if (!ts.isMethodDeclaration(member) || !member.name || !ts.isIdentifier(member.name)) continue;
        const param = member.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === 'params');
        if (param?.type) methods.set(member.name.text, checker.getTypeFromTypeNode(param.type));
      }
      classes.set(`${file.replace(/\.d\.ts$/, '')}#${node.name.text}`, methods);
    });
  }

  const byRoute = new Map<string, { type: ts.Type; name: string }>();
  for (const m of sdkMethods(resourcesDir)) {
    const type = classes.get(m.className)?.get(m.method);
    if (!type) continue;
    const key = `${m.httpMethod} ${m.path}`;
    if (!byRoute.has(key)) byRoute.set(key, { type, name: checker.typeToString(type) });
  }

  const defs: Record<string, ParamNode> = {};
  const named = (t: ts.Type): string | null => {
    const sym = t.aliasSymbol ?? t.getSymbol();
    if (!sym || sym.flags & ts.SymbolFlags.TypeLiteral) return null;
    const fq = checker.getFullyQualifiedName(sym).replace(/^".*"\./, '');
    return fq === '__type' || fq === '__object' ? null : fq;
  };

  const isEmptyish = (t: ts.Type) =>
    (t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) !== 0 || (t.isStringLiteral() && t.value === '');

  const serialize = (type: ts.Type, depth = 0): ParamNode => {
    if (depth > 40) return 'x';
    if (type.isUnion()) {
      const members = type.types.filter((t) => !isEmptyish(t));
      const hasTrue = members.some((t) => t.flags & ts.TypeFlags.BooleanLiteral && checker.typeToString(t) === 'true');
      const rest = members.filter((t) => !(t.flags & ts.TypeFlags.BooleanLiteral));
      const nodes: ParamNode[] = hasTrue ? ['b'] : [];
      const literals = rest.filter((t) => t.isStringLiteral()) as ts.StringLiteralType[];
      const others = rest.filter((t) => !t.isStringLiteral());
      const openString = others.some((t) => t.flags & ts.TypeFlags.String || (t.isIntersection() && t.types.some((x) => x.flags & ts.TypeFlags.String)));
      if (openString) nodes.push('s');
      else if (literals.length) nodes.push({ e: literals.map((l) => l.value).sort() });
      for (const t of others) {
        if (t.flags & ts.TypeFlags.String || (t.isIntersection() && t.types.some((x) => x.flags & ts.TypeFlags.String))) continue;
        nodes.push(serialize(t, depth + 1));
      }
      const unique = [...new Map(nodes.map((n) => [JSON.stringify(n), n])).values()];
      return unique.length === 1 ? (unique[0] as ParamNode) : { u: unique };
    }
    if (type.flags & ts.TypeFlags.String) return 's';
    if (type.isIntersection() && type.types.some((x) => x.flags & ts.TypeFlags.String)) return 's';
    if (type.isStringLiteral()) return { e: [type.value] };
    if (type.flags & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) return 'n';
    if (type.flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return 'b';
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'x';
    if (checker.isArrayType(type)) {
      const [elem] = checker.getTypeArguments(type as ts.TypeReference);
      return { a: elem ? serialize(elem, depth + 1) : 'x' };
    }
    const name = named(type);
    if (name === 'MetadataParam') return 'm';
    if (name === 'Decimal') return 'n';
    if (name === 'Buffer' || name === 'Uint8Array' || name === 'Date') return 'x';
    if (type.flags & ts.TypeFlags.Object) {
      if (name && name in defs) return { r: name };
      const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
      if (name) defs[name] = 'x'; // placeholder: breaks cycles
      let node: ParamNode;
      if (index && checker.getPropertiesOfType(type).length === 0) node = { h: serialize(index.type, depth + 1) };
      else {
        const o: Record<string, ParamNode> = {};
        const q: string[] = [];
        for (const prop of checker.getPropertiesOfType(type)) {
          if (prop.name === 'expand') continue;
          const decl = prop.valueDeclaration ?? prop.declarations?.[0];
          if (!decl) continue;
          o[prop.name] = serialize(checker.getTypeOfSymbolAtLocation(prop, decl), depth + 1);
          if (!(prop.flags & ts.SymbolFlags.Optional)) q.push(prop.name);
        }
        node = q.length ? { o, q } : { o };
      }
      if (name) {
        defs[name] = node;
        return { r: name };
      }
      return node;
    }
    return 'x';
  };

  const tableRoutes: Record<string, string | null> = {};
  for (const r of [...routes].sort((a, b) => `${a.pattern} ${a.method}`.localeCompare(`${b.pattern} ${b.method}`))) {
    if (!r.pattern.startsWith('/v1/')) continue;
    const key = `${r.method} ${normalizePath(r.pattern)}`;
    const found = byRoute.get(key);
    if (!found) {
      tableRoutes[key] = null;
      continue;
    }
    const node = serialize(found.type);
    tableRoutes[key] = typeof node === 'object' && 'r' in node ? node.r : found.name;
    if (!(typeof node === 'object' && 'r' in node)) defs[found.name] = node;
  }
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const sortedDefs = Object.fromEntries(Object.keys(defs).sort().map((k) => [k, defs[k] as ParamNode]));
  return { sdk: `stripe@${version}`, routes: tableRoutes, defs: sortedDefs };
}

export async function sandboxRoutes(): Promise<Array<{ method: string; pattern: string }>> {
  const { startSandbox } = await import('../server');
  const sb = await startSandbox({ port: 0, dataDir: null });
  try {
    return sb.sandbox.router.list();
  } finally {
    await sb.close();
  }
}

export function serializeTable(table: SdkParamsTable): string {
  return `${JSON.stringify(table)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const table = buildTable(await sandboxRoutes());
  writeFileSync(TABLE_PATH, serializeTable(table));
  const size = readFileSync(TABLE_PATH).length;
  console.log(`wrote ${TABLE_PATH}: ${Object.keys(table.routes).length} routes, ${Object.keys(table.defs).length} types, ${size} bytes`);
}
