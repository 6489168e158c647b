import { readFileSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';

/**
 * CPU time spent by processes, read from /proc (Linux): unlike throughput, the CPU a request costs hardly moves
 * when other work shares the machine, so two builds compare within a few per cent on a busy 2-core machine.
 */
const CLOCK_TICKS_PER_SECOND = 100;

function cpuMillisOf(pid: number): number {
  // Fields after the command name: state is field 3, utime 14 and stime 15 (1-based in proc(5)).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** The processes of a local PostgreSQL cluster: every postgres process runs in its data directory. */
function clusterPids(dataDirectory: string): number[] {
  let directory: string;
  try {
    directory = realpathSync(dataDirectory);
  } catch {
    return []; // a remote server (DATABASE_URL): its CPU is not ours to read
  }
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readlinkSync(`/proc/${pid}/cwd`) === directory;
      } catch {
        return false;
      }
    })
    .map(Number);
}

export interface CpuSample {
  apiMs: number;
  databaseMs: number;
}

/** CPU used so far by the API process and the database cluster (0 where /proc cannot tell). */
export function sampleCpu(apiPid: number | undefined, dataDirectory: string | undefined): CpuSample {
  const safe = (read: () => number) => {
    try {
      return read();
    } catch {
      return 0;
    }
  };
  return {
    apiMs: apiPid === undefined ? 0 : safe(() => cpuMillisOf(apiPid)),
    databaseMs: dataDirectory === undefined ? 0 : clusterPids(dataDirectory).reduce((sum, pid) => sum + safe(() => cpuMillisOf(pid)), 0),
  };
}
