import { createHmac, randomUUID } from 'node:crypto';
import { ContractCheck } from '../contract/check-traffic.js';
import type { Store } from '../state/store.js';
import type { App, Delivery } from '../state/types.js';

/** GitHub gives a receiver 10 seconds to answer (github.com); after that the delivery failed. */
const DEADLINE_MS = 10_000;

/** Events every GitHub App receives whether or not it subscribed to them. */
const ALWAYS_DELIVERED: ReadonlySet<string> = new Set([
  'installation',
  'installation_repositories',
  'github_app_authorization',
  'meta',
]);

export function signBody(secret: string, body: string): { sha256: string; sha1: string } {
  return {
    sha256: `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    sha1: `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`,
  };
}

/** How a delivery reaches the app: by default `fetch` to its webhook URL (in-process tests pass their own). */
export type WebhookTransport = (
  url: string,
  request: { readonly headers: Record<string, string>; readonly body: string; readonly signal: AbortSignal },
) => Promise<{ readonly status: number; readonly body: string }>;

/** A delivery GitHub has recorded but not yet attempted (outbox mode). */
export interface PendingDelivery {
  readonly delivery: Delivery;
  readonly headers: Record<string, string>;
}

export interface RawDelivery {
  readonly event: string;
  readonly body: string;
  readonly headers: Record<string, string>;
}

/**
 * Delivers webhooks to the app as GitHub does: one POST per event, JSON body, signed with
 * `X-Hub-Signature-256`, a fresh `X-GitHub-Delivery` GUID (kept on redelivery), a 10 s deadline,
 * no automatic retry. Every attempt is recorded for `GET /app/hook/deliveries`.
 */
export class WebhookSender {
  readonly #store: Store;
  readonly #inFlight = new Set<Promise<unknown>>();
  /** When the last delivery finished (ms since epoch). */
  lastActivity = 0;
  /** Replaces `fetch` for every attempt (in-process app). */
  transport: WebhookTransport = async (url, request) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: request.signal,
    });
    return { status: response.status, body: await response.text() };
  };
  /**
   * Outbox mode: deliveries are recorded (status `pending`) and queued here instead of being
   * attempted; the test attempts, drops, duplicates, reorders or delays them (`attemptPending`),
   * as GitHub's own delivery pipeline may.
   */
  outbox: PendingDelivery[] | null = null;
  /** Called as GitHub records each event, before deciding who receives it (replication lag starts here). */
  onEvent: (event: string) => void = () => {};

  constructor(
    store: Store,
    /** Every payload sent is checked against GitHub's webhook schemas. */
    readonly contract: ContractCheck = new ContractCheck(),
  ) {
    this.#store = store;
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Send an event to every app installed on the repository (or the installation) that subscribed to it. */
  async send(
    event: string,
    payload: Record<string, unknown>,
    target: { installationId: number | null; repositoryId: number | null },
  ): Promise<Delivery[]> {
    this.onEvent(event);
    const apps = target.installationId === null ? [] : [this.#store.installations.get(target.installationId)];
    const deliveries: Delivery[] = [];
    for (const installation of apps) {
      if (!installation) continue;
      const app = this.#store.app(installation.appId);
      if (!app.webhookUrl || (app.events !== null && !app.events.has(event) && !ALWAYS_DELIVERED.has(event)))
        continue;
      this.contract.checkWebhook(event, payload);
      const body = JSON.stringify(payload);
      // One GUID per event: the `X-GitHub-Delivery` header, and kept by every redelivery.
      const guid = randomUUID();
      deliveries.push(
        await this.#attempt(app, {
          guid,
          event,
          action: typeof payload.action === 'string' ? payload.action : null,
          installationId: installation.id,
          repositoryId: target.repositoryId,
          body,
          redelivery: false,
          headers: this.headersFor(app, event, body, guid),
        }),
      );
    }
    return deliveries;
  }

  /** Fire and forget (events caused by the app's own API calls): tracked so `settle` can wait for them. */
  sendInBackground(
    event: string,
    payload: Record<string, unknown>,
    target: { installationId: number | null; repositoryId: number | null },
  ): void {
    const p = this.send(event, payload, target).catch(() => []);
    this.#inFlight.add(p);
    void p.finally(() => this.#inFlight.delete(p));
  }

  headersFor(app: App, event: string, body: string, guid: string = randomUUID()): Record<string, string> {
    const sig = signBody(app.webhookSecret, body);
    return {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/simulator',
      'x-github-event': event,
      'x-github-delivery': guid,
      'x-github-hook-id': String(400_000_000 + app.id),
      'x-github-hook-installation-target-id': String(app.id),
      'x-github-hook-installation-target-type': 'integration',
      'x-hub-signature': sig.sha1,
      'x-hub-signature-256': sig.sha256,
    };
  }

  /** Redeliver a recorded delivery: same GUID and body, `redelivery: true`. */
  async redeliver(deliveryId: number): Promise<Delivery> {
    const original = this.#store.deliveries.find((d) => d.id === deliveryId);
    if (!original) throw new Error(`simulator: no delivery ${deliveryId}`);
    const installation =
      original.installationId === null ? null : this.#store.installations.get(original.installationId);
    const app = this.#store.app(installation!.appId);
    return this.#attempt(app, {
      guid: original.guid,
      event: original.event,
      action: original.action,
      installationId: original.installationId,
      repositoryId: original.repositoryId,
      body: original.body,
      redelivery: true,
      headers: this.headersFor(app, original.event, original.body, original.guid),
    });
  }

  /** Post exactly these headers and body (for tests of forged or replayed deliveries). */
  async sendRaw(app: App, raw: RawDelivery): Promise<{ status: number; body: string }> {
    const response = await fetch(app.webhookUrl!, { method: 'POST', headers: raw.headers, body: raw.body });
    return { status: response.status, body: await response.text() };
  }

  /** Record a delivery as failed without the app ever seeing it (a timeout GitHub logged). */
  fail(pending: PendingDelivery, status = 'timed out'): void {
    pending.delivery.status = status;
    pending.delivery.statusCode = 0;
    this.lastActivity = Date.now();
  }

  #appFor(delivery: Delivery): App {
    const installation =
      delivery.installationId === null ? null : this.#store.installations.get(delivery.installationId);
    return this.#store.app(installation!.appId);
  }

  async #attempt(
    _app: App,
    d: Omit<
      Delivery,
      'id' | 'deliveredAt' | 'requestHeaders' | 'status' | 'statusCode' | 'durationMs' | 'responseBody'
    > & {
      headers: Record<string, string>;
    },
  ): Promise<Delivery> {
    const delivery: Delivery = {
      id: this.#store.nextId('delivery', 12_000_000_000),
      guid: d.guid,
      event: d.event,
      action: d.action,
      installationId: d.installationId,
      repositoryId: d.repositoryId,
      redelivery: d.redelivery,
      deliveredAt: new Date().toISOString(),
      requestHeaders: d.headers,
      body: d.body,
      status: 'pending',
      statusCode: 0,
      durationMs: 0,
      responseBody: '',
    };
    this.#store.deliveries.push(delivery);
    if (this.outbox) {
      this.outbox.push({ delivery, headers: d.headers });
      return delivery;
    }
    return this.attemptPending({ delivery, headers: d.headers });
  }

  /**
   * Attempt a recorded delivery now (in outbox mode the test decides when). Attempting one
   * twice is a duplicate delivery, with the same GUID, as GitHub sometimes sends.
   */
  async attemptPending(pending: PendingDelivery): Promise<Delivery> {
    const { delivery, headers } = pending;
    const app = this.#appFor(delivery);
    const started = performance.now();
    const work = (async () => {
      try {
        const response = await this.transport(app.webhookUrl!, {
          headers,
          body: delivery.body,
          signal: AbortSignal.timeout(DEADLINE_MS),
        });
        delivery.statusCode = response.status;
        delivery.responseBody = response.body;
        delivery.status =
          response.status >= 200 && response.status < 300
            ? 'OK'
            : `Invalid HTTP Response: ${response.status}`;
      } catch (error) {
        delivery.status =
          (error as Error).name === 'TimeoutError' ? 'timed out' : 'failed to connect to host';
      } finally {
        delivery.durationMs = Math.round(performance.now() - started);
        this.lastActivity = Date.now();
      }
    })();
    this.#inFlight.add(work);
    try {
      await work;
    } finally {
      this.#inFlight.delete(work);
    }
    return delivery;
  }
}
