import { TOPICS } from '@firstsync/kafka';

/** The logical topic name (`gp-messages.v1`) for a real one: a test's or a region's prefix never becomes a label value. */
export function topicLabeller(prefix: string): (topic: string) => string {
  const logical = new Map(Object.values(TOPICS).map((spec) => [`${prefix}${spec.name}`, spec.name]));
  return (topic) => logical.get(topic) ?? 'other';
}

/** A consumer group without the topic prefix (`delivery-retry`). */
export function groupLabel(prefix: string, groupId: string): string {
  return prefix !== '' && groupId.startsWith(prefix) ? groupId.slice(prefix.length) : groupId;
}
