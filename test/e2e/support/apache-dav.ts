// A real WebDAV server for the sync-file tests: Debian's apache2 with mod_dav/mod_dav_fs and
// Basic auth, on 127.0.0.1 only, with a temporary ServerRoot and no system configuration.
// Started and stopped (by pid) by the tests; `restart()` keeps the folder, like a server reboot.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './poll';

export const APACHE_PATH = '/usr/sbin/apache2';
const MODULES = '/usr/lib/apache2/modules';

export interface DavServer {
  port: number;
  /** The URL of a file under the DAV root, e.g. url('hairpin.json'). */
  url(name: string): string;
  readFile(name: string): string | null;
  writeFile(name: string, text: string): void;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Removes everything. */
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export async function startDav(user: string, password: string): Promise<DavServer> {
  const root = mkdtempSync(join(tmpdir(), 'hairpin-dav-'));
  for (const dir of ['root', 'lock', 'logs']) mkdirSync(join(root, dir));
  const port = await freePort();
  const htpasswd = spawnSync('htpasswd', ['-bc', join(root, 'users'), user, password]);
  if (htpasswd.status !== 0) throw new Error(`htpasswd failed: ${htpasswd.stderr.toString()}`);
  const modules = ['mpm_event', 'authz_core', 'authn_core', 'auth_basic', 'authn_file', 'authz_user', 'dav', 'dav_fs'];
  writeFileSync(
    join(root, 'httpd.conf'),
    [
      `ServerRoot "${root}"`,
      'ServerName 127.0.0.1',
      `PidFile ${root}/httpd.pid`,
      `Listen 127.0.0.1:${port}`,
      ...modules.map((name) => `LoadModule ${name}_module ${MODULES}/mod_${name}.so`),
      `ErrorLog ${root}/logs/error.log`,
      `DavLockDB ${root}/lock/DavLock`,
      `DocumentRoot ${root}/root`,
      `<Directory ${root}/root>`,
      '  Dav On',
      '  AuthType Basic',
      '  AuthName "dav"',
      `  AuthUserFile ${root}/users`,
      '  Require valid-user',
      '</Directory>',
      '',
    ].join('\n'),
  );
  let child: ChildProcess | null = null;
  const start = async () => {
    const process = spawn(APACHE_PATH, ['-f', join(root, 'httpd.conf'), '-DFOREGROUND'], { stdio: 'ignore' });
    child = process;
    await waitFor(
      async () => {
        if (process.exitCode !== null) throw new Error(`apache2 exited: ${readLog(root)}`);
        const response = await fetch(`http://127.0.0.1:${port}/`).catch(() => null);
        return response?.status === 401;
      },
      { message: 'apache2 answering', timeoutMs: 15_000 },
    );
  };
  const stop = async () => {
    const process = child;
    child = null;
    if (!process || process.exitCode !== null) return;
    const exited = new Promise((resolve) => process.once('exit', resolve));
    process.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    port,
    url: (name) => `http://127.0.0.1:${port}/${name}`,
    readFile: (name) => (existsSync(join(root, 'root', name)) ? readFileSync(join(root, 'root', name), 'utf8') : null),
    writeFile: (name, text) => writeFileSync(join(root, 'root', name), text),
    stop,
    start,
    close: async () => {
      await stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function readLog(root: string): string {
  const log = join(root, 'logs', 'error.log');
  return existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '(no log)';
}
