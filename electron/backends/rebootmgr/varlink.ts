import { connect } from 'node:net';

/** One Varlink call: a JSON object terminated by NUL, the reply likewise (reference §3.1). */
export function varlinkCall(
  socketPath: string,
  method: string,
  parameters: Record<string, unknown> = {},
  timeoutMs = 3000,
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    const chunks: Buffer[] = [];
    const timer = setTimeout(
      () => finish(new Error(`varlink ${method}: no answer in ${timeoutMs} ms`)),
      timeoutMs,
    );
    const finish = (err: Error | null, value?: Record<string, unknown>): void => {
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(value ?? {});
    };
    socket.once('error', (err) => finish(err));
    socket.once('connect', () => socket.write(`${JSON.stringify({ method, parameters })}\0`));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const all = Buffer.concat(chunks);
      const end = all.indexOf(0);
      if (end < 0) {
        if (all.length > 65536) finish(new Error(`varlink ${method}: reply too long`));
        return;
      }
      try {
        const reply: unknown = JSON.parse(all.subarray(0, end).toString('utf8'));
        if (typeof reply !== 'object' || reply === null) throw new Error('reply is not an object');
        const { error, parameters: params } = reply as { error?: unknown; parameters?: unknown };
        if (typeof error === 'string') finish(new Error(`varlink ${method}: ${error}`));
        else
          finish(
            null,
            typeof params === 'object' && params !== null
              ? (params as Record<string, unknown>)
              : {},
          );
      } catch (err) {
        finish(err instanceof Error ? err : new Error(String(err)));
      }
    });
    socket.once('end', () => finish(new Error(`varlink ${method}: closed before a reply`)));
  });
}
