import { describe, expect, it } from 'vitest';
import { gpMessageHead } from '../src/state/state-tailer';
import { gpMessage } from './support/messages';

const ids = (m: { consultationId: string; version: number; practiceOds: string }) => ({
  consultationId: m.consultationId,
  version: m.version,
  practiceOds: m.practiceOds,
});

describe('gpMessageHead (the index reads ids without parsing the bundle)', () => {
  it('reads the ids of a message written bundle last', () => {
    const message = gpMessage('A11111');
    expect(gpMessageHead(Buffer.from(JSON.stringify(message)))).toEqual(ids(message));
  });

  it('reads a message in any other field order whole', () => {
    const { bundle, ...rest } = gpMessage('A11111');
    const reordered = { bundle, ...rest };
    expect(gpMessageHead(Buffer.from(JSON.stringify(reordered)))).toEqual(ids(reordered));
  });

  it('rejects what is not a GpMessage, head or whole', () => {
    const message = gpMessage('A11111');
    expect(gpMessageHead(Buffer.from(JSON.stringify({ ...message, version: 0 })))).toBeNull();
    expect(gpMessageHead(Buffer.from(JSON.stringify({ ...message, bundle: 'not a bundle' })))).toBeNull();
    const { bundle, ...head } = message;
    expect(gpMessageHead(Buffer.from(JSON.stringify({ ...head, extra: 1, bundle })))).toBeNull();
    expect(gpMessageHead(Buffer.from('{"consultationId":'))).toBeNull();
    expect(gpMessageHead(null)).toBeNull();
  });
});
