import { createHmac } from 'node:crypto';

/**
 * The fact key of a consultation: HMAC-SHA256 of its id under the service's secret, hex. Stable
 * (the same id always gives the same key, so the parts of one consultation meet) but not the id:
 * the id links to patient data on other topics, and without the secret a key cannot be linked
 * back to it. Computed here, at the edge; @firstsync/outcomes-core takes the key as given.
 */
export function factKeyFunction(secret: string): (consultationId: string) => string {
  const key = Buffer.from(secret, 'utf8');
  return (consultationId) => createHmac('sha256', key).update(consultationId.toLowerCase()).digest('hex');
}
