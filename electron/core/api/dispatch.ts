import type { z } from 'zod';

import {
  isMethodName,
  methods,
  type MethodName,
  type ParamsOf,
  type ResultOf,
} from '../../../shared/api/contract';
import type { Envelope } from '../../../shared/api/wire';
import { KairnError, toErrorPayload } from '../errors';
import { enforceListed } from './error-lists';

/** Per-call context a host passes in. */
export interface CallContext {
  signal?: AbortSignal;
}

export type Handler<M extends MethodName> = (
  params: ParamsOf<M>,
  ctx: CallContext,
) => Promise<ResultOf<M>>;
export type Handlers = { [M in MethodName]: Handler<M> };

export type Dispatch = (
  method: unknown,
  params: unknown,
  ctx?: CallContext,
) => Promise<Envelope<unknown>>;

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(params)'}: ${i.message}`)
    .join('; ');
}

/**
 * The one entry point every host calls: unknown method and bad params are rejected with
 * invalid-input before any handler runs; results are checked against the contract on the way out,
 * and so are errors: one the method does not list becomes backend-failed (see enforceListed).
 */
export function createDispatch(
  handlers: Handlers,
  log: (line: string) => void = () => {},
): Dispatch {
  return async (method, rawParams, ctx = {}) => {
    try {
      if (!isMethodName(method)) {
        throw new KairnError('invalid-input', {
          reason: 'unknown-method',
          detail: String(method).slice(0, 100),
        });
      }
      const spec = methods[method];
      const parsed = spec.params.safeParse(rawParams ?? {});
      if (!parsed.success) {
        throw new KairnError('invalid-input', {
          reason: 'bad-params',
          detail: describeIssues(parsed.error),
        });
      }
      const handler = handlers[method] as Handler<MethodName>;
      const result = await handler(parsed.data, ctx);
      const checked = spec.result.safeParse(result);
      if (!checked.success) {
        log(`result of ${method} broke the contract: ${describeIssues(checked.error)}`);
        throw new KairnError('backend-failed', {
          detail: `result of ${method} did not match the contract`,
        });
      }
      return { ok: true, result: checked.data };
    } catch (err) {
      const raw = toErrorPayload(err);
      const error = isMethodName(method) ? enforceListed(method, raw, log) : raw;
      if (error.code === 'backend-failed') log(`${String(method)} failed: ${error.detail ?? ''}`);
      return { ok: false, error };
    }
  };
}
