import { EventEmitter } from 'node:events';

import { events, type EventName, type EventPayload } from '../../../shared/api/contract';

export type EventListener = (event: EventName, payload: unknown) => void;

/** Typed fan-out of contract events to every host; payloads are checked against the contract. */
export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(100);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const parsed = events[event].parse(payload);
    this.emitter.emit('event', event, parsed);
  }

  subscribe(listener: EventListener): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
