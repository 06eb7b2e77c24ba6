/**
 * Drives the `realty` CLI as a real child process (node bin/realty.mjs), the
 * way an operator does: a hermetic environment on a temp REALTY_HOME with
 * free ports, the exit code and both output streams of short commands, and a
 * long-running `realty start` watched until its ready line.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(REPO_ROOT, 'bin', 'realty.mjs');

/** Variables that would point a child at some other workspace, store or secret. */
const INHERITED_TO_DROP = [
  'TWENTY_URL',
  'TWENTY_API_KEY',
  'TWENTY_WEBHOOK_SECRET',
  'REALTY_DATABASE_URL',
  'REALTY_HOME',
  'PORT',
  'DEVHOST_PORT',
  'DEVHOST_API_KEY',
  'DEVHOST_DATABASE_URL',
  'DEVHOST_HOST',
  'PUBLIC_URL',
  'STAFF_JWT_SECRET',
  'PARTNER_JWT_KEYS',
  'LOG_LEVEL',
  'NODE_OPTIONS',
];

/** REALTY_PLUGINS and the plugins' own settings (REGISTRY_…, CHESSBOARD_…) would change what a child runs. */
const PLUGIN_VARIABLE = /^(REALTY|REGISTRY|CHESSBOARD)_/;

/** A port nothing listens on right now (listen on 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RealtyInstall {
  home: string;
  port: number;
  devhostPort: number;
  appUrl: string;
  devhostUrl: string;
  env: Record<string, string>;
}

/** A fresh, empty REALTY_HOME with its own pair of free ports. */
export async function newInstall(prefix = 'realty-cli-'): Promise<RealtyInstall> {
  const home = await mkdtemp(path.join(tmpdir(), prefix));
  const port = await freePort();
  let devhostPort = await freePort();
  while (devhostPort === port) devhostPort = await freePort();
  return {
    home,
    port,
    devhostPort,
    appUrl: `http://localhost:${port}`,
    devhostUrl: `http://127.0.0.1:${devhostPort}`,
    env: childEnv({
      REALTY_HOME: home,
      PORT: String(port),
      DEVHOST_PORT: String(devhostPort),
      PUBLIC_URL: `http://localhost:${port}`,
      LOG_LEVEL: 'warn',
    }),
  };
}

export function childEnv(vars: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !INHERITED_TO_DROP.includes(key) && !PLUGIN_VARIABLE.test(key))
      env[key] = value;
  }
  return { ...env, ...vars };
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs one `realty …` command to completion (killed after timeoutMs). */
export function runRealty(
  args: string[],
  env: Record<string, string>,
  options: { timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export interface ReadyLine {
  line: string;
  seconds: number;
  twentyUrl: string;
  appUrl: string;
  signInLink?: string;
}

const READY = /twenty-realty ready in ([\d.]+)s — Twenty: (\S+) · app: (\S+)(?: · sign in: (\S+))?/;

export function parseReadyLine(line: string): ReadyLine {
  const match = READY.exec(line);
  if (!match) throw new Error(`not a ready line: ${line}`);
  return {
    line,
    seconds: Number(match[1]),
    twentyUrl: match[2],
    appUrl: match[3],
    ...(match[4] ? { signInLink: match[4] } : {}),
  };
}

export interface LaunchedRealty {
  child: ChildProcess;
  /** The first stdout line that matched the readiness pattern. */
  line: string;
  /** Wall time from spawn to that line, as the operator waits it. */
  wallSeconds: number;
  output(): { stdout: string; stderr: string };
  /** Sends the signal and resolves with the exit code (SIGKILL after timeoutMs). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

/**
 * Spawns a long-running `realty …` command and resolves once a whole stdout
 * line matches `readyWhen`; rejects (and kills it) on timeout or early exit.
 */
export function launchRealty(
  args: string[],
  env: Record<string, string>,
  options: { readyWhen: RegExp; timeoutMs?: number },
): Promise<LaunchedRealty> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  let readyLine: string | undefined;
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM', killAfterMs = 15_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill(signal);
    const killer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    try {
      return await exited;
    } finally {
      clearTimeout(killer);
    }
  };
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      void stop('SIGKILL');
      reject(
        new Error(
          `realty ${args.join(' ')}: ${reason}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`,
        ),
      );
    };
    const timer = setTimeout(
      () => fail(`no line matching ${options.readyWhen} within ${timeoutMs} ms`),
      timeoutMs,
    );
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (readyLine !== undefined) return;
      readyLine = stdout
        .split('\n')
        .slice(0, -1)
        .find((line) => options.readyWhen.test(line));
      if (readyLine === undefined) return;
      clearTimeout(timer);
      resolve({
        child,
        line: readyLine,
        wallSeconds: (performance.now() - spawnedAt) / 1000,
        output: () => ({ stdout, stderr }),
        stop,
      });
    });
    child.on('close', (code) => {
      if (readyLine === undefined) fail(`exited with code ${code} before it was ready`);
    });
  });
}

export interface RunningRealty extends LaunchedRealty {
  ready: ReadyLine;
}

/** `realty start`, resolved at its `twenty-realty ready` line. */
export async function startRealty(
  env: Record<string, string>,
  options: { timeoutMs?: number; args?: string[] } = {},
): Promise<RunningRealty> {
  const launched = await launchRealty(['start', ...(options.args ?? [])], env, {
    readyWhen: /twenty-realty ready/,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  return { ...launched, ready: parseReadyLine(launched.line) };
}
