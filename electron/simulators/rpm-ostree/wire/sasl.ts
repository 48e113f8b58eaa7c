/**
 * Server side of the D-Bus authentication conversation (SASL, EXTERNAL only), modelled on what a
 * GDBusServer answers (probed against GLib 2.74): the client's first byte must be NUL; `AUTH`
 * without a usable mechanism gets `REJECTED EXTERNAL`; `AUTH EXTERNAL <hex uid>` or the
 * `AUTH EXTERNAL` + `DATA` form gets `OK <guid>`; `NEGOTIATE_UNIX_FD` gets `ERROR` (this server
 * passes no descriptors); `BEGIN` after OK ends the conversation. Nonsense before OK closes the
 * connection, as GDBus does.
 *
 * Unlike GDBus this cannot compare the claimed uid with the peer's credentials (Node has no
 * SO_PEERCRED): any well-formed decimal uid is accepted.
 */
export type SaslStep =
  | { kind: 'continue'; replies: string[] }
  | { kind: 'begin'; replies: string[]; rest: Buffer; uid: number }
  | { kind: 'close'; replies: string[]; reason: string };

/** A line longer than this is not an authentication command. */
const MAX_LINE = 16 * 1024;
const REJECTED = 'REJECTED EXTERNAL';

/** Decodes the hex-encoded ASCII decimal uid EXTERNAL carries; undefined if it is not one. */
export function parseExternalUid(hex: string): number | undefined {
  if (hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
  const text = Buffer.from(hex, 'hex').toString('latin1');
  if (!/^[0-9]{1,10}$/.test(text)) return undefined;
  const uid = Number(text);
  return uid <= 0xffffffff ? uid : undefined;
}

export class SaslServer {
  private state: 'nul' | 'auth' | 'data' | 'ok' | 'done' = 'nul';
  private buffer = Buffer.alloc(0);
  private uid = -1;

  constructor(private readonly guid: string) {}

  /** Feeds bytes from the client; returns what to send back and whether messages start now. */
  push(chunk: Buffer): SaslStep {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const replies: string[] = [];
    if (this.state === 'nul') {
      if (this.buffer.length === 0) return { kind: 'continue', replies };
      if (this.buffer[0] !== 0) return this.close(replies, 'the first byte was not NUL');
      this.buffer = this.buffer.subarray(1);
      this.state = 'auth';
    }
    for (;;) {
      const end = this.buffer.indexOf('\r\n');
      if (end < 0) {
        if (this.buffer.length > MAX_LINE)
          return this.close(replies, 'authentication line too long');
        return { kind: 'continue', replies };
      }
      const line = this.buffer.subarray(0, end).toString('latin1');
      this.buffer = this.buffer.subarray(end + 2);
      const step = this.line(line, replies);
      if (step) return step;
    }
  }

  private close(replies: string[], reason: string): SaslStep {
    this.state = 'done';
    return { kind: 'close', replies, reason };
  }

  private accept(replies: string[], uid: number): void {
    this.uid = uid;
    this.state = 'ok';
    replies.push(`OK ${this.guid}`);
  }

  /** Handles one command line; returns a final step, or undefined to read on. */
  private line(line: string, replies: string[]): SaslStep | undefined {
    const [command = '', ...args] = line.split(' ');
    switch (this.state) {
      case 'auth':
        if (command === 'AUTH') {
          const [mechanism, response] = args;
          if (mechanism !== 'EXTERNAL' || args.length > 2) {
            replies.push(REJECTED);
          } else if (response === undefined) {
            this.state = 'data';
            replies.push('DATA');
          } else {
            const uid = parseExternalUid(response);
            if (uid === undefined) replies.push(REJECTED);
            else this.accept(replies, uid);
          }
          return undefined;
        }
        if (command === 'ERROR' || command === 'CANCEL') {
          replies.push(REJECTED);
          return undefined;
        }
        return this.close(replies, `unexpected "${command}" before authentication`);
      case 'data':
        if (command === 'DATA') {
          // An empty response means "use my credentials"; the simulator takes the uid it runs as.
          const uid =
            args[0] === undefined || args[0] === ''
              ? (process.getuid?.() ?? 0)
              : parseExternalUid(args[0]);
          if (uid === undefined) {
            this.state = 'auth';
            replies.push(REJECTED);
          } else {
            this.accept(replies, uid);
          }
          return undefined;
        }
        if (command === 'CANCEL' || command === 'ERROR') {
          this.state = 'auth';
          replies.push(REJECTED);
          return undefined;
        }
        return this.close(replies, `unexpected "${command}" while waiting for DATA`);
      case 'ok':
        if (command === 'BEGIN' && args.length === 0) {
          this.state = 'done';
          return { kind: 'begin', replies, rest: this.buffer, uid: this.uid };
        }
        if (command === 'NEGOTIATE_UNIX_FD') {
          replies.push('ERROR');
          return undefined;
        }
        // GDBus answers everything else here, CANCEL included, with this (probed).
        replies.push('ERROR "Unknown Command"');
        return undefined;
      case 'nul':
      case 'done':
        return this.close(replies, 'conversation already over');
    }
  }
}
