/**
 * A simulator of rebootmgrd ≥ 3.0 on its Varlink socket (the demo and the tests run it), written from the upstream interface
 * `org.openSUSE.rebootmgr` (src/varlink-org.openSUSE.rebootmgr.c, reference §3.1): NUL-framed
 * JSON, fully qualified method names, Status/FullStatus/Ping open to all, the rest root only
 * (this stand-in, like the real daemon for a normal user, answers PermissionDenied).
 * `mode` makes it misbehave the ways a broken or foreign peer can (tests).
 */
import { mkdir, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';

export interface RebootmgrState {
  /** RebootStatus: 0 not requested, 1 requested, 2 waiting for the window. */
  status: number;
  /** RebootStrategy: 1 best-effort, 2 instantly, 3 maint-window, 4 off. */
  strategy: number;
  /** RequestedMethod: 1 hard, 2 soft; only while requested. */
  method: number | null;
  rebootTime: string | null;
  windowStart: string | null;
  /** Seconds (time_t), as rebootmgrd sends it. */
  windowSeconds: number | null;
}

export type StandInMode =
  | 'ok'
  /** Not JSON at all. */
  | 'garbage'
  /** JSON, but the fields have the wrong types. */
  | 'wrong-shape'
  /** Accepts and never answers. */
  | 'silent'
  /** Closes the connection without a reply. */
  | 'hang-up'
  /** A reply without the terminating NUL, longer than any real one. */
  | 'endless';

const OPEN = new Set(['Status', 'FullStatus', 'Ping']);
const ROOT_ONLY = new Set(['Reboot', 'Cancel', 'SetStrategy', 'SetWindow', 'Quit', 'SetLogLevel']);
const IFACE = 'org.openSUSE.rebootmgr';

export class RebootmgrVarlinkStandIn {
  state: RebootmgrState = {
    status: 0,
    strategy: 1,
    method: null,
    rebootTime: null,
    windowStart: '03:30',
    windowSeconds: 5400,
  };
  mode: StandInMode = 'ok';
  /** Every method called, in order. */
  readonly calls: string[] = [];
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  constructor(readonly socketPath: string) {}

  async start(): Promise<void> {
    await mkdir(dirname(this.socketPath), { recursive: true });
    await rm(this.socketPath, { force: true });
    const server = createServer((socket) => this.serve(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.socketPath, () => resolve());
    });
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(this.socketPath, { force: true });
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (let end = buffered.indexOf(0); end >= 0; end = buffered.indexOf(0)) {
        const frame = buffered.subarray(0, end).toString('utf8');
        buffered = buffered.subarray(end + 1);
        this.answer(socket, frame);
      }
    });
  }

  private answer(socket: Socket, frame: string): void {
    let method = '';
    try {
      const request = JSON.parse(frame) as { method?: unknown };
      method = typeof request.method === 'string' ? request.method : '';
    } catch {
      socket.destroy();
      return;
    }
    this.calls.push(method);
    if (this.mode === 'silent') return;
    if (this.mode === 'hang-up') {
      socket.end();
      return;
    }
    if (this.mode === 'garbage') {
      socket.write('this is not varlink\0');
      return;
    }
    if (this.mode === 'endless') {
      socket.write('{"parameters":{"x":"' + 'y'.repeat(100_000));
      return;
    }
    const short = method.startsWith(`${IFACE}.`) ? method.slice(IFACE.length + 1) : '';
    const reply = (body: object): boolean => socket.write(`${JSON.stringify(body)}\0`);
    if (OPEN.has(short)) reply({ parameters: this.parameters(short) });
    else if (ROOT_ONLY.has(short)) reply({ error: 'org.varlink.service.PermissionDenied' });
    else reply({ error: 'org.varlink.service.MethodNotFound', parameters: { method } });
  }

  private parameters(method: string): Record<string, unknown> {
    const s = this.state;
    if (method === 'Ping') return { Alive: true };
    const status: Record<string, unknown> = { RebootStatus: s.status };
    // Nullable fields are left out when unset, as sd-json does.
    if (s.status > 0 && s.method !== null) status.RequestedMethod = s.method;
    if (s.status > 0 && s.rebootTime !== null) status.RebootTime = s.rebootTime;
    if (method === 'Status') return status;
    const full: Record<string, unknown> = { ...status, RebootStrategy: s.strategy };
    if (s.windowStart !== null) full.MaintenanceWindowStart = s.windowStart;
    if (s.windowSeconds !== null) full.MaintenanceWindowDuration = s.windowSeconds;
    if (this.mode === 'wrong-shape')
      return { ...full, RebootStrategy: 'best-effort', RebootStatus: null };
    return full;
  }
}
