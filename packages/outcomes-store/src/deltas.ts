import { factCells, summaryOf } from './cells';
import { addToCounters, COUNTER_LENGTH } from './counter-layout';
import { monthStart, weekStart } from './period';
import { mergedOf, type StoredFact } from './stored-fact';

/** The areas kept in the rollup; practices and pharmacies (a few thousand facts a year each) are counted from `facts`. */
export const ROLLUP_LEVELS = ['national', 'icb', 'sub-icb', 'pcn'] as const;
export type RollupLevel = (typeof ROLLUP_LEVELS)[number];

/**
 * A rollup row's span of days. National, ICB and sub-ICB rows are kept by week and by month. PCN
 * rows, a thousand and more at national scale, by `week-of-month` alone: the days of one week that
 * fall in one month (a week across a month end is two), so a batch updates one row per PCN rather
 * than two, and both a week and a month are a whole number of them (each read as the week or month
 * it starts in), flows included.
 */
export const GRAINS = ['week', 'month', 'week-of-month'] as const;
export type Grain = (typeof GRAINS)[number];
export function bucketOf(grain: Grain, date: string): string {
  return bucketsOf(date)[grain];
}
/** A date's bucket at every grain at once (a fact is added to rows of all three). */
export function bucketsOf(date: string): Record<Grain, string> {
  const week = weekStart(date);
  const month = monthStart(date);
  // ISO dates compare as text: the week's Monday, unless it falls in the month before.
  const weekInMonth = week >= month;
  return { week, month, 'week-of-month': weekInMonth ? week : month };
}
/** The grains each rollup level is kept by. */
export const GRAINS_OF: Record<RollupLevel, readonly Grain[]> = {
  national: ['week', 'month'],
  icb: ['week', 'month'],
  'sub-icb': ['week', 'month'],
  pcn: ['week-of-month'],
};

/**
 * A PCN row's `parent`: the ICB and sub-ICB location of the facts it counts (`<icb>/<sub-ICB>`;
 * ODS codes never hold a `/`), so a PCN seen within either counts only that area's consultations.
 * A sub-ICB row's parent is its ICB alone, the national and ICB rows' ''.
 */
export const PARENT_SEPARATOR = '/';
export const pcnParent = (icb: string, subIcb: string): string => `${icb}${PARENT_SEPARATOR}${subIcb}`;

/** Two codes as one jsonb map key (`<dm+d>/<unit>` of medicines, `<pharmacy>/<practice>` of flows). */
export const pairKey = (a: string, b: string): string => `${a}/${b}`;

/** One rollup row: an area's tallies in one week or month, with its parent (above). */
export interface RollupKey {
  readonly level: RollupLevel;
  readonly area: string;
  readonly grain: Grain;
  readonly bucket: string;
  readonly parent: string;
}

/** A rollup row's values: the packed counters and the maps of variable keys. */
export interface RollupValues {
  readonly counts: number[];
  /** Child area code -> consultations. */
  readonly children: Map<string, number>;
  /** `<dm+d code>/<unit code>` -> consultations, and -> quantity. */
  readonly medicines: Map<string, number>;
  readonly quantities: Map<string, number>;
  /** Practice -> consultations switched off. */
  readonly switchedOff: Map<string, number>;
  /** `<pharmacy>/<practice>` -> consultations: PCN rows only (the `flows` table serves ICBs and sub-ICBs). */
  readonly flows: Map<string, number>;
}

/** Signed changes to one rollup row. */
export interface RollupDelta extends RollupValues {
  readonly key: RollupKey;
}

/** Pharmacy -> practice consultations in a month, with the practice's placement then. */
export interface FlowKey {
  readonly month: string;
  readonly icb: string;
  readonly subIcb: string;
  readonly pcn: string;
  readonly practiceOds: string;
  readonly pharmacyOds: string;
}

const SEP = '\u0001';
const bump = (map: Map<string, number>, key: string, by: number) => map.set(key, (map.get(key) ?? 0) + by);

/** Accumulates signed changes to the rollup and flows, keyed, so a batch writes each row once. */
export class Deltas {
  readonly rollup = new Map<string, RollupDelta>();
  readonly flows = new Map<string, { key: FlowKey; n: number }>();

  /** A consultation in (1) or out (-1) of every figure it counts in: the rollup's areas and the flows. */
  add(fact: StoredFact, sign: 1 | -1): void {
    this.addRollup(fact, sign, ROLLUP_LEVELS);
    const { icb, subIcb, pcn, practiceOds } = fact.placement;
    const { consultationDate, pharmacyOds } = fact.part;
    const flow: FlowKey = { month: monthStart(consultationDate), icb, subIcb, pcn, practiceOds, pharmacyOds };
    const fk = [flow.month, icb, subIcb, pcn, practiceOds, pharmacyOds].join(SEP);
    const f = this.flows.get(fk);
    if (f) f.n += sign;
    else this.flows.set(fk, { key: flow, n: sign });
  }

  /** A consultation in or out of the rollup rows of these levels only (rebuilding one level from the facts). */
  addRollup(fact: StoredFact, sign: 1 | -1, levels: readonly RollupLevel[]): void {
    const merged = mergedOf(fact);
    const { icb, subIcb, pcn, practiceOds } = fact.placement;
    const cells = factCells(summaryOf(merged), null);
    const areas = [
      { level: 'national', area: '', parent: '', child: icb },
      { level: 'icb', area: icb, parent: '', child: subIcb },
      { level: 'sub-icb', area: subIcb, parent: icb, child: pcn },
      { level: 'pcn', area: pcn, parent: pcnParent(icb, subIcb), child: practiceOds },
    ] as const;
    const buckets = bucketsOf(merged.consultationDate);
    for (const a of areas) {
      if (!levels.includes(a.level)) continue;
      for (const grain of GRAINS_OF[a.level]) {
        const delta = this.row({ level: a.level, area: a.area, grain, bucket: buckets[grain], parent: a.parent });
        bump(delta.children, a.child, sign);
        if (a.level === 'pcn') bump(delta.flows, pairKey(merged.pharmacyOds, practiceOds), sign);
        for (const cell of cells) {
          if (addToCounters(delta.counts, cell, sign)) continue;
          if (cell.figure === 'md') {
            const k = pairKey(cell.k1, cell.k2);
            bump(delta.medicines, k, sign * cell.n);
            bump(delta.quantities, k, sign * cell.m);
          } else if (cell.figure === 'so') bump(delta.switchedOff, cell.k1, sign * cell.n);
        }
      }
    }
  }

  private row(key: RollupKey): RollupDelta {
    const k = [key.level, key.area, key.grain, key.bucket, key.parent].join(SEP);
    let delta = this.rollup.get(k);
    if (!delta) {
      delta = {
        key,
        counts: new Array<number>(COUNTER_LENGTH).fill(0),
        children: new Map(),
        medicines: new Map(),
        quantities: new Map(),
        switchedOff: new Map(),
        flows: new Map(),
      };
      this.rollup.set(k, delta);
    }
    return delta;
  }
}
