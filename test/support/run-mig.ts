import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { repoRoot } from './fixtures.js'

export interface MigResult {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

export function migBinary(): string {
  return path.join(repoRoot(), 'packages', 'cli', 'bin', 'run.js')
}

/** Starts the real `mig` binary, as a merchant would run it. */
export function startMig(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): {
  child: ChildProcess
  result: Promise<MigResult>
  output: () => { stdout: string; stderr: string }
} {
  // MIG_CPU_PROF=<dir> profiles every mig process a test or the benchmark starts.
  // Otherwise the binary runs as a merchant's shell runs it: through its shebang (and its flags).
  const profile = process.env['MIG_CPU_PROF']
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env['MIG_CPU_PROF']}`]
    : undefined
  const [command, commandArgs] = profile
    ? [process.execPath, [...profile, migBinary(), ...args]]
    : [migBinary(), [...args]]
  const child = spawn(command, commandArgs, {
    cwd: options.cwd ?? repoRoot(),
    // Plain text: under CI=true oclif would colour its output even into a pipe.
    env: { ...process.env, FORCE_COLOR: '0', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const result = new Promise<MigResult>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
  return { child, result, output: () => ({ stdout, stderr }) }
}

export async function runMig(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<MigResult> {
  return startMig(args, options).result
}
