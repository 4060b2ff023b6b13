import { capturingLogger } from '@firstsync/testkit';
import { logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafkaLogCreator } from '../src/adapters/kafkajs';

function levelsOf(entries: Array<{ level: logLevel; message: string }>): number[] {
  const { logger, lines } = capturingLogger();
  const log = kafkaLogCreator(logger)(logLevel.DEBUG);
  for (const { level, message } of entries)
    log({ namespace: 'Connection', level, label: 'ERROR', log: { timestamp: '', message, broker: '127.0.0.1:9092', error: 'The coordinator is loading' } });
  return lines.map((line) => (JSON.parse(line) as { level: number }).level);
}

describe('kafkajs log lines in our logs', () => {
  it('keeps a broker error answer kafkajs retries at warn, and its other errors at error', () => {
    expect(levelsOf([{ level: logLevel.ERROR, message: 'Response GroupCoordinator(key: 10, version: 2)' }])).toEqual([40]);
    expect(levelsOf([{ level: logLevel.ERROR, message: 'Crash: KafkaJSNumberOfRetriesExceeded' }])).toEqual([50]);
  });

  it('maps warn to warn, info to debug and leaves debug out', () => {
    expect(
      levelsOf([
        { level: logLevel.WARN, message: 'w' },
        { level: logLevel.INFO, message: 'i' },
        { level: logLevel.DEBUG, message: 'd' },
      ]),
    ).toEqual([40, 20]);
  });
});
