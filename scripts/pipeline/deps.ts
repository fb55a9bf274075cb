// Heavy libraries, loaded lazily and once per process (watch mode keeps them warm).
// Loading them is most of a cold `npm run generate`, hence three tricks, each measured:
// - require() instead of import(): under tsx every ESM import goes through its off-thread
//   loader hooks, and importing CommonJS from ESM makes Node lex typescript.js (9 MB) for
//   named exports. require() skips both.
// - Source maps off while loading: tsx turns Node's source-map support on, and Node then reads
//   and parses the .map file of every library module (openapi-core ships one per file). Our own
//   modules are compiled before this runs, so their stack traces stay mapped.
// - The npm scripts use `node --import tsx/esm`: tsx's CommonJS hook is not needed (our code is
//   ESM) and would otherwise transform-check every required library file. They also preload
//   these libraries before tsx's hooks exist (see preload.mjs); the calls below then hit the cache.
import { createRequire } from "node:module";

// Redocly must never phone home from a codegen run. openapi-core itself sends no telemetry
// (only the CLI does), but set the switch before it loads anyway, for every entry point.
process.env.REDOCLY_TELEMETRY ??= "off";

const require = createRequire(import.meta.url);

type Core = typeof import("@redocly/openapi-core");
type OpenapiTS = typeof import("openapi-typescript");
type Prettier = typeof import("prettier");

let core: Core | undefined;
let openapiTS: OpenapiTS | undefined;
let prettier: Promise<Prettier> | undefined;

/** @redocly/openapi-core 2.x (ESM; Node >= 20.19 loads it with require()). */
export function loadCore(): Core {
  return (core ??= withoutSourceMaps(() => require("@redocly/openapi-core") as Core));
}

/** openapi-typescript's CommonJS build (it brings TypeScript's compiler API with it). */
export function loadOpenapiTS(): OpenapiTS {
  return (openapiTS ??= withoutSourceMaps(() => require("openapi-typescript") as OpenapiTS));
}

/** Prettier's CommonJS entry would import() its ESM build anyway: import it directly. */
export function loadPrettier(): Promise<Prettier> {
  return (prettier ??= withoutSourceMaps(() => import("prettier")));
}

function withoutSourceMaps<T>(load: () => T): T {
  const enabled = process.sourceMapsEnabled;
  if (!enabled) return load();
  process.setSourceMapsEnabled(false);
  const restore = () => process.setSourceMapsEnabled(true);
  try {
    const loaded = load();
    if (loaded instanceof Promise) {
      loaded.then(restore, restore);
      return loaded;
    }
    restore();
    return loaded;
  } catch (error) {
    restore();
    throw error;
  }
}
