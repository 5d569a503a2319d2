import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Starts the packaged app (target/margin.jar) once for the e2e run: a free port, a fresh data folder,
 * the embedded store unless MONGODB_URI names a real MongoDB. Its log goes to target/.
 */
export const ADMIN_PASSWORD = process.env.MARGIN_E2E_ADMIN_PASSWORD ?? 'e2e-admin-password';
let app: ChildProcess | undefined;

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

export default async function setup(project: { provide?: (key: string, value: unknown) => void }) {
  if (process.env.MARGIN_E2E_URL) {
    // A server that is already running (its admin password in MARGIN_E2E_ADMIN_PASSWORD), for quick reruns.
    project.provide?.('baseUrl', process.env.MARGIN_E2E_URL);
    return async () => undefined;
  }
  const root = resolve(__dirname, '..', '..');
  const port = await freePort();
  const data = mkdtempSync(join(tmpdir(), 'margin-e2e-'));
  const log = openSync(join(root, 'target', `e2e-app-${port}.log`), 'w');
  const args = ['-Xmx512m', '-jar', join(root, 'target', 'margin.jar'), `--server.port=${port}`,
    `--margin.data-dir=${data}`, `--margin.admin-password=${ADMIN_PASSWORD}`, '--margin.demo=false',
    `--margin.database=e2e${Date.now()}`];
  if (!process.env.MONGODB_URI) {
    args.push('--margin.mongodb-uri=');
  }
  app = spawn(process.env.JAVA ?? 'java', args, { stdio: ['ignore', log, log] });
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (app.exitCode !== null) {
      throw new Error(`the app exited with ${app.exitCode}; see target/e2e-app-${port}.log`);
    }
    try {
      if ((await fetch(`${url}/actuator/health`)).ok) {
        break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error('the app did not become healthy in 90 s');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  project.provide?.('baseUrl', url);
  process.env.MARGIN_E2E_URL = url;
  return async () => {
    app?.kill('SIGTERM');
    await new Promise((r) => app?.once('exit', r));
    rmSync(data, { recursive: true, force: true });
  };
}
