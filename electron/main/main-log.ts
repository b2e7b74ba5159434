/**
 * The main process's log file. electron-log's `main` entry registers an IPC channel
 * (`__ELECTRON_LOG__`) as soon as it is imported and, on `initialize()`, a preload in every session:
 * a second IPC surface beside the contract's. Its `node` entry writes the same file and opens neither,
 * so the only IPC stays the contract's (ipc-adapter.ts). Nothing here reaches a renderer.
 */
import path from 'node:path';
import log from 'electron-log/node';

export type MainLog = typeof log;

/** Points the log at `<logsDir>/main.log` (Electron's `logs` folder, as electron-log/main would). */
export function mainLog(logsDir: () => string): MainLog {
  log.transports.file.resolvePathFn = () => path.join(logsDir(), 'main.log');
  log.transports.file.level = 'info';
  // Never sent to a window (the node entry's sender is a no-op anyway; the transport exists only under Electron).
  if (log.transports.ipc) log.transports.ipc.level = false;
  return log;
}
