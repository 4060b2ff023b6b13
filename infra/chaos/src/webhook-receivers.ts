import { connectSimulatedPharmacySystem, type PharmacyFeedFollower, receivedWebhooks, type TestPharmacy, webhookEndpoint } from '@firstsync/system-harness';
import { accountWebhooks, type WebhookAccounting } from './webhook-accounting';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface EndpointStatus {
  readonly ods: string;
  readonly status: string;
  readonly disabledReason?: string;
}

export interface WebhookOutcome {
  readonly webhooks: WebhookAccounting;
  /** From the call until every expected event had arrived; null if it never did. */
  readonly settleMs: number | null;
  readonly endpoints: readonly EndpointStatus[];
}

export interface WebhookReceivers {
  /**
   * Waits until every pharmacy event of the feed is at its pharmacy's system, then accounts. Past
   * `deadline` it keeps waiting only while deliveries are still arriving (a drain, not a stall: no
   * new event for `stallMs` ends the wait), and never past `lastDeadline`.
   */
  settle(options: { accepted: ReadonlyMap<string, ReadonlySet<string>>; deadline: number; stallMs: number; lastDeadline: number }): Promise<WebhookOutcome>;
}

/**
 * Registers one endpoint per pharmacy with pharmacy-notify, pointing at that pharmacy's simulated
 * system (which gets the secret), before any traffic, so every event of the run is due to it.
 */
export async function connectReceivers(options: {
  notifyUrl: string;
  simulatorUrl: string;
  pharmacies: readonly TestPharmacy[];
  feed: PharmacyFeedFollower;
}): Promise<WebhookReceivers> {
  const { notifyUrl, simulatorUrl, pharmacies, feed } = options;
  const endpoints = new Map<string, string>();
  for (const pharmacy of pharmacies) {
    const endpoint = await connectSimulatedPharmacySystem({ notifyUrl, simulatorUrl, pharmacy, behaviour: { mode: 'accept' } });
    endpoints.set(pharmacy.ods, endpoint.endpointId);
  }
  return {
    async settle({ accepted, deadline, stallMs, lastDeadline }) {
      const started = Date.now();
      const accountNow = async () => {
        // Everything projected so far is in the observer's copy of the feed before it is compared.
        await feed.catchUp(30_000).catch(() => undefined);
        return accountWebhooks({
          pharmacies: pharmacies.map((p) => ({ ods: p.ods })),
          feed: feed.records,
          receivers: await Promise.all(pharmacies.map((p) => receivedWebhooks(simulatorUrl, p.ods))),
          accepted,
        });
      };
      let webhooks = await accountNow();
      let settleMs: number | null = null;
      let progressAt = Date.now();
      let deliveredBefore = webhooks.delivered;
      // An endpoint delivers one event at a time, in order; one whose receiver fails every first try
      // drains at the retry delay's pace, so its backlog can outlast a fixed deadline while moving.
      const waiting = () => Date.now() < deadline || (Date.now() < lastDeadline && Date.now() - progressAt < stallMs);
      while (waiting()) {
        // Settled only when the feed is complete too: an outcome still being projected is not "nothing lost".
        if (webhooks.lost === 0 && webhooks.withoutOutcome === 0 && webhooks.acceptedNotInFeed === 0) {
          settleMs = Date.now() - started;
          break;
        }
        await sleep(1_000);
        webhooks = await accountNow();
        if (webhooks.delivered > deliveredBefore) {
          deliveredBefore = webhooks.delivered;
          progressAt = Date.now();
        }
      }
      // A little longer, so late duplicates on the wire are counted too.
      await sleep(2_000);
      webhooks = await accountNow();
      const statuses = await Promise.all(
        pharmacies.map(async (pharmacy): Promise<EndpointStatus> => {
          const view = await webhookEndpoint(notifyUrl, pharmacy.key, endpoints.get(pharmacy.ods) ?? '').catch(() => undefined);
          return { ods: pharmacy.ods, status: view?.status ?? 'unknown', ...(view?.disabledReason ? { disabledReason: view.disabledReason } : {}) };
        }),
      );
      return { webhooks, settleMs, endpoints: statuses };
    },
  };
}
