import { execFile } from 'node:child_process';

export interface RunResult {
  code: number;
  stdout: string;
  /** stdout and stderr together. */
  output: string;
}

/** Runs a command to completion and returns its exit code with stdout and stderr together. */
export function run(
  command: string,
  args: readonly string[],
  cwd?: string,
  env?: Readonly<Record<string, string>>
): Promise<RunResult> {
  return new Promise((resolve) => {
    const options = { cwd, maxBuffer: 64 * 1024 * 1024, ...(env ? { env: { ...process.env, ...env } } : {}) };
    execFile(command, [...args], options, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, output: `${stdout}${stderr}` });
    });
  });
}
