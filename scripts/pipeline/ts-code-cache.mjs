// Loads typescript.js (9 MB, CommonJS) with a V8 code cache, for the codegen worker. Node 20 has
// no module.enableCompileCache (Node 22.1+), so this does what it would: compile the module with
// vm.Script `cachedData` kept in node_modules/.cache/pipeline/, and register it in require.cache
// so openapi-typescript's `require("typescript")` gets this instance.
// Safe by construction: V8 checks the cache against the source text, its own version and flags;
// a stale, corrupt or missing cache is rejected and simply means a normal compile (then rewritten).
import { isAscii } from "node:buffer";
import * as fs from "node:fs";
import Module from "node:module";
import * as path from "node:path";
import * as vm from "node:vm";

let pending;

/** Puts typescript.js in `require`'s module cache, compiled with the code cache when it is valid. */
export function loadTypeScript(require) {
  const file = require.resolve("typescript");
  if (require.cache[file]) return;
  // node_modules/typescript/lib/typescript.js → node_modules/.cache/pipeline/
  const cacheFile = path.resolve(path.dirname(file), "../../.cache/pipeline/typescript.v8cache");
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // no cache yet
  }
  // typescript.js is pure ASCII: decoding it as latin1 gives the same string in ~30 ms instead of
  // ~130 ms for UTF-8 (measured); the check keeps a future non-ASCII release correct.
  const bytes = fs.readFileSync(file);
  const source = isAscii(bytes) ? bytes.latin1Slice() : bytes.toString("utf8");
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const mod = new Module(file, undefined);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  require.cache[file] = mod;
  try {
    script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  } catch (error) {
    delete require.cache[file];
    throw error;
  }
  mod.loaded = true;
  // Written after the first types run (see saveTypeScriptCache): the cache then also holds the
  // functions that run compiled lazily, not only the top level.
  if (cachedData === undefined || script.cachedDataRejected) pending = { script, cacheFile };
}

/** Writes the code cache if loadTypeScript found none usable. Best effort: errors are ignored. */
export function saveTypeScriptCache() {
  if (!pending) return;
  const { script, cacheFile } = pending;
  pending = undefined;
  try {
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, script.createCachedData());
    fs.renameSync(tmp, cacheFile); // atomic: a concurrent run reads the old or the new file
  } catch {
    // a read-only node_modules only costs speed
  }
}
