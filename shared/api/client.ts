import type { KairnErrorPayload } from './errors';
import type { EventName, EventPayload, MethodName, ParamsIn, ResultOf } from './contract';
import type { Transport } from './wire';

/** A rejected call, carrying the contract error so the UI can say the right sentence. */
export class KairnCallError extends Error {
  readonly payload: KairnErrorPayload;
  constructor(payload: KairnErrorPayload) {
    super(payload.message);
    this.name = 'KairnCallError';
    this.payload = payload;
  }
}

export interface KairnClient {
  call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<ResultOf<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** Typed client over any transport. Results were validated by the core before they left it. */
export function createClient(transport: Transport): KairnClient {
  return {
    async call(method, params) {
      const reply = await transport.invoke(method, params);
      if (!reply.ok) throw new KairnCallError(reply.error);
      return reply.result as ResultOf<typeof method>;
    },
    on(event, listener) {
      return transport.subscribe((name, payload) => {
        if (name === event) listener(payload as EventPayload<typeof event>);
      });
    },
  };
}
