import type { PharmacyEvent, PipelineEvent } from '@firstsync/contracts';
import { type FallbackCause, fallbackCauseOf, toPharmacyEvents } from './projection';

export interface PharmacyProjector {
  /** The pharmacy events of the next pipeline event, in topic order of its partition. */
  project(event: PipelineEvent): PharmacyEvent[];
}

interface Remembered {
  version?: number;
  cause?: { readonly version: number | undefined; readonly cause: FallbackCause };
}

/**
 * Consultations remembered by default: ~0.15 KB each on the heap (~3 MB), about two days of national
 * traffic, while the context matters from a failure to its fallback (hours).
 */
export const DEFAULT_PROJECTOR_MEMORY = 20_000;

/**
 * `toPharmacyEvents` with the little context it needs remembered per consultation: its current
 * version and why its last fallback was needed. A consultation's events share a partition of
 * pipeline.events.v1 (key = consultationId), so one projector per consumer sees them in order.
 * Bounded (oldest forgotten first); after a restart the context of events before the committed
 * offset is gone, and a `fallback-sent` then says only that a summary was sent.
 */
export function createPharmacyProjector(options: { readonly maxConsultations?: number } = {}): PharmacyProjector {
  const max = options.maxConsultations ?? DEFAULT_PROJECTOR_MEMORY;
  const memory = new Map<string, Remembered>();

  function remember(consultationId: string, update: (entry: Remembered) => void): void {
    const entry = memory.get(consultationId) ?? {};
    memory.delete(consultationId);
    update(entry);
    memory.set(consultationId, entry);
    for (const oldest of memory.keys()) {
      if (memory.size <= max) break;
      memory.delete(oldest);
    }
  }

  return {
    project(event) {
      const { consultationId } = event;
      if (consultationId === undefined) return [];
      const known = memory.get(consultationId);
      const version = event.version ?? known?.version;
      const cause = known?.cause !== undefined && known.cause.version === version ? known.cause.cause : undefined;
      const projected = toPharmacyEvents(event, { version, fallbackCause: cause });
      const newCause = fallbackCauseOf(event);
      if (event.version !== undefined || newCause !== undefined) {
        remember(consultationId, (entry) => {
          if (event.version !== undefined && (entry.version === undefined || event.version > entry.version)) entry.version = event.version;
          if (newCause !== undefined) entry.cause = { version, cause: newCause };
        });
      }
      return projected;
    },
  };
}
