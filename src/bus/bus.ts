/**
 * Domain events between modules. The in-process bus is the default; a NATS JetStream
 * implementation of the same interface carries events between nodes sharing one PostgreSQL.
 */
export interface BusEvents {
  'report.created': { reports: { id: string; orgId: string; kind: string }[] };
}

export type Topic = keyof BusEvents;
export type Handler<T extends Topic> = (event: BusEvents[T]) => void | Promise<void>;

export interface Bus {
  publish<T extends Topic>(topic: T, event: BusEvents[T]): void;
  subscribe<T extends Topic>(topic: T, handler: Handler<T>): () => void;
  close(): Promise<void>;
}

/** Delivers after the current tick so a slow or failing subscriber never delays or breaks the publisher. */
export class InProcessBus implements Bus {
  private readonly handlers = new Map<Topic, Set<Handler<Topic>>>();

  constructor(private readonly onError: (topic: Topic, error: unknown) => void = () => {}) {}

  publish<T extends Topic>(topic: T, event: BusEvents[T]): void {
    const handlers = this.handlers.get(topic);
    if (!handlers || handlers.size === 0) return;
    for (const handler of handlers) {
      queueMicrotask(() => {
        Promise.resolve()
          .then(() => (handler as Handler<T>)(event))
          .catch((error: unknown) => this.onError(topic, error));
      });
    }
  }

  subscribe<T extends Topic>(topic: T, handler: Handler<T>): () => void {
    let set = this.handlers.get(topic);
    if (!set) {
      set = new Set();
      this.handlers.set(topic, set);
    }
    set.add(handler as Handler<Topic>);
    return () => set.delete(handler as Handler<Topic>);
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
