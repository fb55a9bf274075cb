import { join } from "node:path";
import { afterAll, describe, expect, test, vi } from "vitest";
import { runToEnd, stopAll } from "../support/child.js";
import { repoRoot } from "../support/packed.js";
import { startSandbox } from "../support/sandbox.js";
import { get, listUrl } from "./helpers.js";

// What `close()` leaves behind: nothing. Handle counts come from process.getActiveResourcesInfo().

function socketAndServerHandles(): number {
  return process.getActiveResourcesInfo().filter((name) => name === "TCPSocketWrap" || name === "TCPServerWrap").length;
}

function timers(): number {
  return process.getActiveResourcesInfo().filter((name) => name === "Timeout").length;
}

afterAll(stopAll);

describe("sandbox lifecycle", () => {
  test("close() ends hung and delayed requests, leaves inFlight at 0 and no open sockets or timers", async () => {
    const baseline = socketAndServerHandles();
    const baselineTimers = timers();
    const server = await startSandbox({ runs: 10, latencyMs: 1 });
    server.faults.next({ kind: "hang" }, { kind: "delay", ms: 600_000 }, { kind: "hang" });
    const headers = { "x-api-key": server.apiKey };
    const stuck = [0, 1, 2].map((i) => fetch(listUrl(server, { offset: i }), { headers }).then(() => "answered", () => "failed"));
    await vi.waitFor(() => expect(server.inFlight).toBe(3), { timeout: 10_000, interval: 5 });
    expect(socketAndServerHandles()).toBeGreaterThan(baseline);

    await server.close();
    expect(server.inFlight).toBe(0);
    expect(await Promise.all(stuck)).toEqual(["failed", "failed", "failed"]);
    expect(server.requests.map((request) => request.outcome)).toEqual(["server-closed", "server-closed", "server-closed"]);
    // The client's side of each connection closes when it reads the server's FIN.
    await vi.waitFor(() => expect(socketAndServerHandles()).toBe(baseline), { timeout: 10_000, interval: 10 });
    await vi.waitFor(() => expect(timers()).toBeLessThanOrEqual(baselineTimers), { timeout: 10_000, interval: 10 });
  });

  test("a process whose sandbox is closed with hung and delayed requests in flight exits by itself", async () => {
    // The 10-minute delay's timer would keep the process alive: the bound fails the test then. (In this
    // process, other timers come and go, so counting them cannot show the delay's timer reliably.)
    const fixture = join(import.meta.dirname, "fixtures", "close-and-exit.ts");
    const { code, stdout, stderr } = await runToEnd(process.execPath, ["--import", "tsx", fixture], 20_000, { cwd: repoRoot });
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ outcomes: ["closed", "closed", "closed"], inFlight: 0 });
  });

  test("close() also closes idle keep-alive connections, is idempotent, and the port stops answering", async () => {
    const server = await startSandbox({ runs: 3 });
    expect((await get(server)).response.status).toBe(200);
    await Promise.all([server.close(), server.close()]);
    await server.close();
    await expect(fetch(listUrl(server), { headers: { "x-api-key": server.apiKey } })).rejects.toThrow(TypeError);
    expect(server.inFlight).toBe(0);
  });

  test("refuses options it cannot honour", async () => {
    await expect(startSandbox({ maxPageSize: 0 })).rejects.toThrow(RangeError);
    await expect(startSandbox({ runs: 5, virtualRuns: 5 })).rejects.toThrow(TypeError);
    await expect(startSandbox({ latencyMs: -1 })).rejects.toThrow(RangeError);
    const taken = await startSandbox({ runs: 1 });
    try {
      await expect(startSandbox({ port: taken.port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await taken.close();
    }
  });
});
