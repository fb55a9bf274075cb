// `npm run generate -- --watch`: regenerate on every save, in this process, so the libraries
// stay loaded and a run takes tens of milliseconds instead of a cold start. A bad edit reports
// its problems and leaves the last good output in place (runPipeline writes nothing on failure).
import * as fs from "node:fs";
import * as path from "node:path";
import { runPipeline, type PipelineOptions, type PipelineResult } from "./index.js";
import { holdOpen } from "./lifecycle.js";

export interface WatchOptions extends PipelineOptions {
  /** Editors save in bursts (write, rename, chmod): wait this long after the last event. */
  debounceMs?: number;
  /** Called after every run, including the first one. */
  onResult?: (result: PipelineResult) => void;
}

export interface Watcher {
  /** Settles after the initial run. */
  ready: Promise<PipelineResult>;
  /** Stops watching and waits for a run in progress. */
  close(): Promise<void>;
}

export function startWatch(options: WatchOptions = {}): Watcher {
  const rootDir = path.resolve(options.rootDir ?? process.cwd());
  const specDir = path.dirname(path.resolve(rootDir, options.specPath ?? "spec/openapi.yaml"));
  const configPath = path.resolve(rootDir, options.configPath ?? "redocly.yaml");
  const outDir = path.resolve(rootDir, options.outDir ?? "generated");
  const tmpPrefix = `.${path.basename(outDir)}.tmp-`; // see write.ts
  const isTempPath = (file: string) => {
    const rel = path.relative(path.dirname(outDir), file);
    return !rel.startsWith("..") && rel.split(path.sep)[0]!.startsWith(tmpPrefix);
  };
  const runOptions: PipelineOptions = { ...options, rootDir, write: true };

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let again = false;
  let closed = false;

  const run = async (): Promise<PipelineResult> => {
    const result = await runPipeline(runOptions);
    try {
      options.onResult?.(result);
    } catch (error) {
      console.error(error); // a failing callback must not stop the watcher
    }
    return result;
  };
  // One run at a time; saves during a run trigger exactly one more run after it.
  const launch = (): Promise<PipelineResult> => {
    const current = run();
    running = current.finally(() => {
      running = undefined;
      if (again && !closed) {
        again = false;
        void launch();
      }
    });
    return current;
  };
  const trigger = (): void => {
    if (closed) return;
    if (running) again = true;
    else void launch();
  };
  const onEvent = (file: string | null): void => {
    // Our own writes: outDir and the temp folder beside it (when the watched folder holds them).
    if (file && (isInside(outDir, file) || isTempPath(file))) return;
    clearTimeout(timer);
    timer = setTimeout(trigger, options.debounceMs ?? 50);
  };

  // Watch folders, not files: editors that save by rename would orphan a file watch. And one plain
  // watch per folder, not { recursive: true }: on Linux, Node 20 emulates recursion with per-file
  // watches that go deaf after the first save by rename (seen here with `sed -i` and editors).
  const skip = (dir: string) => isInside(outDir, dir) || isTempPath(dir);
  const watchers = foldersToWatch(specDir, skip).map((dir) =>
    fs.watch(dir, (_event, name) => onEvent(name && path.join(dir, name))),
  );
  const configDir = path.dirname(configPath);
  const configNames = new Set([path.basename(configPath), ".redocly.lint-ignore.yaml"]);
  watchers.push(
    fs.watch(configDir, (_event, name) => {
      if (name && configNames.has(name)) onEvent(path.join(configDir, name));
    }),
  );

  const ready = launch();

  let forget = (): void => {};
  const close = async (): Promise<void> => {
    forget();
    closed = true;
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
    await running;
  };
  // The folder watchers and the debounce timer keep the process alive: the lifecycle closes them.
  forget = holdOpen("spec watcher", close);
  return { ready, close };
}

/** `dir` and its subfolders, except hidden ones, node_modules and those `skip` names (our output). */
function foldersToWatch(dir: string, skip: (dir: string) => boolean): string[] {
  const found = [dir];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const sub = path.join(dir, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith(".") && entry.name !== "node_modules" && !skip(sub)) {
      found.push(...foldersToWatch(sub, skip));
    }
  }
  return found;
}

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}
