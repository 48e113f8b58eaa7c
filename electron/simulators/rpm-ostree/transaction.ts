import {
  DBusFault,
  PeerServer,
  type CallResult,
  type InterfaceSpec,
  type PeerConnection,
  type PeerObject,
} from './wire/peer-server';
import type { DBusValue } from '../../backends/dbus/p2p/codec';

export const TRANSACTION_IFACE = 'org.projectatomic.rpmostree1.Transaction';

/** org.projectatomic.rpmostree1.Transaction exactly as upstream's XML declares it. */
export const TRANSACTION_SPEC: InterfaceSpec = {
  name: TRANSACTION_IFACE,
  methods: [
    { name: 'Cancel', in: [], out: [] },
    { name: 'Start', in: [], out: [{ name: 'started', type: 'b' }] },
  ],
  signals: [
    {
      name: 'Finished',
      args: [
        { name: 'success', type: 'b' },
        { name: 'error_message', type: 's' },
      ],
    },
    { name: 'Message', args: [{ name: 'text', type: 's' }] },
    { name: 'TaskBegin', args: [{ name: 'text', type: 's' }] },
    { name: 'TaskEnd', args: [{ name: 'text', type: 's' }] },
    {
      name: 'PercentProgress',
      args: [
        { name: 'text', type: 's' },
        { name: 'percentage', type: 'u' },
      ],
    },
    {
      name: 'DownloadProgress',
      args: [
        { name: 'time', type: '(tt)' },
        { name: 'outstanding', type: '(uu)' },
        { name: 'metadata', type: '(uuu)' },
        { name: 'delta', type: '(uuut)' },
        { name: 'content', type: '(uu)' },
        { name: 'transfer', type: '(tt)' },
      ],
    },
    {
      name: 'SignatureProgress',
      args: [
        { name: 'signature', type: 'av' },
        { name: 'commit', type: 's' },
      ],
    },
    { name: 'ProgressEnd', args: [] },
  ],
  properties: [
    { name: 'Title', type: 's' },
    { name: 'InitiatingClientDescription', type: 's' },
  ],
};

/** What a transaction's work reports while it runs. */
export interface Progress {
  readonly signal: AbortSignal;
  message(text: string): void;
  taskBegin(text: string): void;
  taskEnd(text: string): void;
  percent(text: string, percentage: number): void;
  /** DownloadProgress: (tt) time, (uu) outstanding, (uuu) metadata, (uuut) delta, (uu) content, (tt) transfer. */
  download(body: DBusValue[]): void;
  progressEnd(): void;
}

/** The work: resolves on success, rejects (TxnError) with the text Finished carries. */
export type Work = (progress: Progress) => Promise<void>;

export interface TransactionOptions {
  socketPath: string;
  /** Method name, sender bus name, OS object path: Sysroot.ActiveTransaction. */
  method: string;
  sender: string;
  objectPath: string;
  /** Canonical form of the call's arguments: a second identical call joins. */
  parameters: string;
  title: string;
  /** Title once the work begins (upstream's deploy family starts as "new-deployment"). */
  runningTitle?: string;
  clientDescription: string;
  work: Work;
  /** The transaction is over: finished and every peer gone (or the initiator vanished before Start). */
  onClosed: () => void;
  /** Seconds after Finished before peers still attached are dropped (upstream: 30). */
  forceCloseSeconds?: number;
}

const CANCELLED = 'Operation was cancelled';

/**
 * One rpm-ostree transaction: a private peer-to-peer D-Bus server at a well-known socket with the
 * Transaction object at `/`. Work begins only at the first Start(); Finished is stashed and sent
 * again to a peer that calls Start() afterwards; the transaction closes once finished and no peer
 * is connected (rpmostreed-transaction.cxx).
 */
export class Transaction implements PeerObject {
  readonly spec = TRANSACTION_SPEC;
  private state: 'waiting' | 'running' | 'finished' | 'closed' = 'waiting';
  private finished: [boolean, string] | undefined;
  private readonly abort = new AbortController();
  private server!: PeerServer;
  private title: string;
  private forceTimer: NodeJS.Timeout | undefined;

  private constructor(private readonly options: TransactionOptions) {
    this.title = options.title;
  }

  static async create(options: TransactionOptions): Promise<Transaction> {
    const txn = new Transaction(options);
    txn.server = await PeerServer.listen(options.socketPath, txn, {
      onDisconnect: () => txn.maybeClose(),
    });
    return txn;
  }

  get address(): string {
    return this.server.address;
  }

  get method(): string {
    return this.options.method;
  }

  get sender(): string {
    return this.options.sender;
  }

  get objectPath(): string {
    return this.options.objectPath;
  }

  get currentTitle(): string {
    return this.title;
  }

  get isStarted(): boolean {
    return this.state !== 'waiting';
  }

  /** Same method with the same arguments: the caller joins this transaction (is_compatible). */
  isCompatible(method: string, parameters: string): boolean {
    return method === this.options.method && parameters === this.options.parameters;
  }

  property(name: string): DBusValue {
    if (name === 'Title') return this.title;
    return this.options.clientDescription;
  }

  async call(peer: PeerConnection, member: string): Promise<CallResult> {
    if (member === 'Cancel') {
      this.abort.abort();
      return { out: [] };
    }
    if (member !== 'Start')
      throw new DBusFault('org.freedesktop.DBus.Error.UnknownMethod', `No such method “${member}”`);
    const started = this.state === 'waiting';
    if (started) {
      this.state = 'running';
      if (this.options.runningTitle !== undefined) this.title = this.options.runningTitle;
    }
    return {
      out: [started],
      after: () => {
        if (started) this.run();
        // A late peer still learns the outcome, on its own connection only.
        else if (this.finished) peer.signal(TRANSACTION_IFACE, 'Finished', 'bs', this.finished);
      },
    };
  }

  /** The initiating client left the bus before calling Start: the transaction is abandoned. */
  initiatorVanished(): void {
    if (this.state !== 'waiting') return;
    this.abort.abort();
    void this.close();
  }

  private run(): void {
    const emit = (member: string, signature: string, body: DBusValue[]): void =>
      this.server.signal(member, signature, body);
    const progress: Progress = {
      signal: this.abort.signal,
      message: (text) => emit('Message', 's', [text]),
      taskBegin: (text) => emit('TaskBegin', 's', [text]),
      taskEnd: (text) => emit('TaskEnd', 's', [text]),
      percent: (text, percentage) => emit('PercentProgress', 'su', [text, percentage]),
      download: (body) => emit('DownloadProgress', '(tt)(uu)(uuu)(uuut)(uu)(tt)', body),
      progressEnd: () => emit('ProgressEnd', '', []),
    };
    const work = this.abort.signal.aborted
      ? Promise.reject(new Error(CANCELLED))
      : this.options.work(progress);
    work.then(
      () => this.finish(true, ''),
      (err: unknown) =>
        this.finish(
          false,
          this.abort.signal.aborted ? CANCELLED : err instanceof Error ? err.message : String(err),
        ),
    );
  }

  private finish(success: boolean, message: string): void {
    if (this.state !== 'running') return;
    this.state = 'finished';
    this.finished = [success, message];
    this.server.signal('Finished', 'bs', this.finished);
    this.forceTimer = setTimeout(
      () => void this.close(),
      (this.options.forceCloseSeconds ?? 30) * 1000,
    );
    this.forceTimer.unref();
    this.maybeClose();
  }

  private maybeClose(): void {
    if (this.state === 'finished' && this.server.peers.size === 0) void this.close();
  }

  private async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    if (this.forceTimer) clearTimeout(this.forceTimer);
    await this.server.close();
    this.options.onClosed();
  }
}
