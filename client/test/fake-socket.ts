import type { Ack, ScopeSnapshot } from '../../shared/events.js';

type Handler = (...args: unknown[]) => void;
type SubscribeAck = (err: Error | null, res: Ack<ScopeSnapshot>) => void;

/** Just enough of a socket.io client to drive the scope link: records subscribes and emits, fires server events by name. */
export class FakeSocket {
  connected = false;
  handlers = new Map<string, Handler[]>();
  subscribes: { scope: string; ack: SubscribeAck }[] = [];
  emitted: { event: string; payload: unknown }[] = [];
  on(event: string, handler: Handler): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }
  fire(event: string, ...args: unknown[]): void {
    for (const h of this.handlers.get(event) ?? []) h(...args);
  }
  timeout(): this {
    return this;
  }
  emit(event: string, req: { scope: string }, ack: SubscribeAck): this {
    if (event === 'scope:subscribe') this.subscribes.push({ scope: req.scope, ack });
    else {
      this.emitted.push({ event, payload: req });
      (ack as unknown as ((err: null, res: unknown) => void) | undefined)?.(null, { ok: true, data: { echoed: req } });
    }
    return this;
  }
  connect(): this {
    this.connected = true;
    this.fire('connect');
    return this;
  }
  disconnect(): this {
    this.connected = false;
    return this;
  }
  removeAllListeners(): this {
    this.handlers.clear();
    return this;
  }
}
