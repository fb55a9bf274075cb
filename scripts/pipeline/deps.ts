// Heavy libraries, loaded lazily and once per process (watch mode keeps them warm).
// Only @redocly/openapi-core loads here; openapi-typescript and prettier load in the codegen
// worker (codegen-worker.mjs), in parallel. Two tricks, each measured:
// - require() instead of import(): under tsx (vitest, `tsx scripts/...`) every ESM import goes
//   through loader hooks. The npm scripts run a prebuilt bundle without tsx (launch.mjs).
// - Source maps off while loading: tsx turns Node's source-map support on, and Node then reads
//   and parses the .map file of every library module (openapi-core ships one per file). Our own
//   modules are compiled before this runs, so their stack traces stay mapped.
import { createRequire } from "node:module";

// Redocly must never phone home from a codegen run. openapi-core itself sends no telemetry
// (only the CLI does), but set the switch before it loads anyway, for every entry point.
process.env.REDOCLY_TELEMETRY ??= "off";

const require = createRequire(import.meta.url);

type Core = typeof import("@redocly/openapi-core");

let core: Core | undefined;

/** @redocly/openapi-core 2.x (ESM; Node >= 20.19 loads it with require()). */
export function loadCore(): Core {
  return (core ??= withoutSourceMaps(() => require("@redocly/openapi-core") as Core));
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
