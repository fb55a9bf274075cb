// What the figures were measured on: timings mean little without the machine beside them.
import { readFileSync } from "node:fs";
import os from "node:os";

export interface Machine {
  cpus: number;
  cpuModel: string;
  ramGiB: number;
  node: string;
  platform: string;
  loadAverage: number[];
}

function cpuModelFromProcCpuinfo(): string | undefined {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((l) => l.startsWith("model name"));
    return line?.split(":").slice(1).join(":").trim();
  } catch {
    return undefined;
  }
}

export function describeMachine(): Machine {
  return {
    cpus: os.availableParallelism(),
    cpuModel: cpuModelFromProcCpuinfo() ?? os.cpus()[0]?.model ?? "unknown",
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export function machineLine(machine: Machine): string {
  return (
    `${machine.cpus} CPUs (nproc), ${machine.cpuModel}, ${machine.ramGiB} GiB RAM, ` +
    `Node ${machine.node}, ${machine.platform}; load average at start ${machine.loadAverage.join(" / ")}`
  );
}
