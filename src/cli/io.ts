/** The process surroundings a command reads, injectable so CLI tests run in-process. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  cwd: string;
  env: NodeJS.ProcessEnv;
  debug: boolean;
}

export function defaultIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env: process.env,
    debug: /(^|,)plie-audit(,|$)/.test(process.env.DEBUG ?? ''),
  };
}

/** Colour only on a TTY, and never with --no-color or NO_COLOR. */
export function useColor(io: Io, optColor: boolean | undefined): boolean {
  if (optColor === false) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR && io.env.FORCE_COLOR !== '0') return true;
  return Boolean(io.stdout.isTTY);
}

export interface CommandContext {
  io: Io;
  setCode(code: number): void;
}
