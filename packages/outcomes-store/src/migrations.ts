import type { Migration } from '@firstsync/read-store';

/**
 * The outcomes store's schema (default `outcomes`), applied by @firstsync/read-store's migrate()
 * (versioned, append-only, one transaction behind an advisory lock). Dates are text YYYY-MM-DD
 * collated "C" (ordered as compared in JavaScript, no time zone conversion by a driver).
 *
 * - `facts`: one row per consultation, its latest version: the consultation part's fields, the
 *   delivery part of that version as received (d_*), the merged result, its filing-time bin and
 *   whether an antibiotic was supplied (src/cells.ts summaryOf), and where its practice was
 *   on the consultation date (pcn, sub_icb, icb; `unmapped` where the reference data does not say).
 *   Nothing else: no identifier or free text exists in a fact to be stored.
 * - `pending_deliveries`: delivery parts whose consultation part (of that version) is not here yet.
 * - `rollup`: one row per national / ICB / sub-ICB / PCN (version 2) area and week or month: the
 *   facts' cells (src/cells.ts), the fixed-vocabulary ones packed in `counts` (src/counter-layout.ts),
 *   children, medicines (consultations and quantities), practices switched off and, on PCN month
 *   rows, pharmacy -> practice flows as jsonb maps; a batch updates each row once (version 1 added in
 *   SQL with `add_counts` / `add_map`; since version 2 the store adds in JavaScript, src/rollup-cache.ts).
 *   `parent` is the ICB of a sub-ICB row, `<icb>/<sub-ICB>` of a PCN row (an area counted "within" a
 *   wider one). An amendment moves its old cells out.
 * - `rollup_rebuilds` (version 2): rollup levels to rebuild from the facts (PCN rows of a store
 *   that had facts before version 2), done once by the store. `rollup_writer` (version 2): the token
 *   of the last transaction that wrote the rollup, so a writer knows whether its copies are current.
 * - `flows`: pharmacy -> practice consultations per month with the practice's placement, for the
 *   flow tables of ICBs and sub-ICBs (week periods add their partial months from `facts`).
 * - `ref_memberships`, `ref_practices`, `ref_loads`: the reference set with effective dates, and
 *   every load (generation, source, when, counts).
 * - `stream_offsets`: as read-store's: consumer, topic, partition -> next offset; only moves forward.
 */
export const OUTCOMES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'outcomes: facts, pending deliveries, rollup, flows, reference data, stream offsets',
    sql: `
CREATE TABLE {s}.facts (
  fact_key text COLLATE "C" PRIMARY KEY,
  version integer NOT NULL,
  service text NOT NULL,
  pharmacy_first_element text,
  pathway text,
  outcome text NOT NULL,
  referral_source text,
  medicines jsonb NOT NULL,
  age_band text NOT NULL,
  sex text NOT NULL,
  pharmacy_ods text COLLATE "C" NOT NULL,
  practice_ods text COLLATE "C" NOT NULL,
  consultation_date text COLLATE "C" NOT NULL,
  shared_with_gp boolean NOT NULL,
  d_result text,
  d_route text,
  d_code text,
  d_filed_at text,
  result text NOT NULL,
  filing_bin integer,
  has_antibiotic boolean NOT NULL,
  pcn text COLLATE "C" NOT NULL,
  sub_icb text COLLATE "C" NOT NULL,
  icb text COLLATE "C" NOT NULL
);
CREATE INDEX facts_by_pcn ON {s}.facts (pcn, consultation_date);
CREATE INDEX facts_by_practice ON {s}.facts (practice_ods, consultation_date);
CREATE INDEX facts_by_pharmacy ON {s}.facts (pharmacy_ods, consultation_date);
CREATE INDEX facts_by_sub_icb ON {s}.facts (sub_icb, consultation_date);
CREATE INDEX facts_by_icb ON {s}.facts (icb, consultation_date);

CREATE TABLE {s}.pending_deliveries (
  fact_key text COLLATE "C" NOT NULL,
  version integer NOT NULL,
  result text NOT NULL,
  route text,
  code text,
  filed_at text,
  PRIMARY KEY (fact_key, version)
);

CREATE FUNCTION {s}.add_counts(a integer[], b integer[]) RETURNS integer[] LANGUAGE sql IMMUTABLE AS $$ SELECT array_agg(coalesce(x, 0) + coalesce(y, 0) ORDER BY i) FROM unnest(a, b) WITH ORDINALITY AS t(x, y, i) $$;
CREATE FUNCTION {s}.add_map(a jsonb, b jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce(jsonb_object_agg(k, v), '{}'::jsonb) FROM (SELECT k, sum(v) AS v FROM (SELECT key AS k, value::numeric AS v FROM jsonb_each_text(a) UNION ALL SELECT key, value::numeric FROM jsonb_each_text(b)) e GROUP BY k HAVING sum(v) <> 0) s $$;

CREATE TABLE {s}.rollup (
  level text NOT NULL,
  area text COLLATE "C" NOT NULL,
  grain text NOT NULL,
  bucket text COLLATE "C" NOT NULL,
  parent text COLLATE "C" NOT NULL,
  counts integer[] NOT NULL,
  children jsonb NOT NULL,
  medicines jsonb NOT NULL,
  quantities jsonb NOT NULL,
  switched_off jsonb NOT NULL,
  PRIMARY KEY (level, area, grain, bucket, parent)
);

CREATE TABLE {s}.flows (
  month text COLLATE "C" NOT NULL,
  icb text COLLATE "C" NOT NULL,
  sub_icb text COLLATE "C" NOT NULL,
  pcn text COLLATE "C" NOT NULL,
  practice_ods text COLLATE "C" NOT NULL,
  pharmacy_ods text COLLATE "C" NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (icb, month, sub_icb, pcn, practice_ods, pharmacy_ods)
);
CREATE INDEX flows_by_sub_icb ON {s}.flows (sub_icb, month);

CREATE TABLE {s}.ref_memberships (
  practice_ods text COLLATE "C" NOT NULL,
  practice_name text NOT NULL,
  pcn_code text COLLATE "C" NOT NULL,
  pcn_name text NOT NULL,
  practice_sub_icb_code text NOT NULL,
  practice_sub_icb_name text NOT NULL,
  pcn_sub_icb_code text,
  pcn_sub_icb_name text,
  valid_from text NOT NULL,
  valid_to text
);
CREATE INDEX ref_memberships_by_practice ON {s}.ref_memberships (practice_ods);

CREATE TABLE {s}.ref_practices (
  practice_ods text COLLATE "C" PRIMARY KEY,
  practice_name text NOT NULL,
  status text NOT NULL,
  open_date text NOT NULL,
  close_date text,
  sub_icb_code text,
  icb_code text,
  region_code text,
  valid_from text,
  valid_to text
);

CREATE TABLE {s}.ref_loads (
  generation integer PRIMARY KEY,
  source text NOT NULL,
  loaded_at text NOT NULL,
  practices integer NOT NULL,
  pcns integer NOT NULL,
  sub_icbs integer NOT NULL,
  icbs integer NOT NULL,
  memberships integer NOT NULL
);

CREATE TABLE {s}.stream_offsets (
  consumer text NOT NULL,
  topic text NOT NULL,
  partition integer NOT NULL,
  next_offset bigint NOT NULL,
  PRIMARY KEY (consumer, topic, partition)
);
`,
  },
  {
    version: 2,
    name: 'outcomes: PCN rows in the rollup (with their flows), rebuilt from the facts once',
    // PCNs join the rollup (level 'pcn', grain 'week-of-month', parent `<icb>/<sub-ICB>`: deltas.ts)
    // with a `flows` map; the PCN rows of facts absorbed before this version are rebuilt from the facts
    // by the store under the writers' lock (sql-store.ts), once, as `rollup_rebuilds` asks. Rows are
    // updated in place every batch: half-full pages keep the new versions on the page (HOT updates,
    // pruned as they go), so the table does not bloat where nothing vacuums (PGlite).
    sql: `
ALTER TABLE {s}.rollup ADD COLUMN flows jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE {s}.rollup SET (fillfactor = 50);
CREATE TABLE {s}.rollup_writer (token text NOT NULL);
INSERT INTO {s}.rollup_writer (token) VALUES ('');
CREATE TABLE {s}.rollup_rebuilds (level text PRIMARY KEY);
INSERT INTO {s}.rollup_rebuilds (level) SELECT 'pcn' WHERE EXISTS (SELECT 1 FROM {s}.facts);
`,
  },
];
