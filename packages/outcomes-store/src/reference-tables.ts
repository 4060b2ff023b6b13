import type { PcnMembership, PracticeRecord, ReferenceSet } from '@firstsync/outcomes-core';
import type { SqlRunner } from '@firstsync/read-store';

const CHUNK = 5_000;

interface MembershipRow {
  practice_ods: string;
  practice_name: string;
  pcn_code: string;
  pcn_name: string;
  practice_sub_icb_code: string;
  practice_sub_icb_name: string;
  pcn_sub_icb_code: string | null;
  pcn_sub_icb_name: string | null;
  valid_from: string;
  valid_to: string | null;
}

interface PracticeRow {
  practice_ods: string;
  practice_name: string;
  status: PracticeRecord['status'];
  open_date: string;
  close_date: string | null;
  sub_icb_code: string | null;
  icb_code: string | null;
  region_code: string | null;
  valid_from: string | null;
  valid_to: string | null;
}

/** The reference set in the tables (`s` is the quoted schema), in a stable order. */
export async function readReferenceSet(tx: SqlRunner, s: string): Promise<ReferenceSet> {
  const memberships = await tx.query<MembershipRow>(
    `SELECT practice_ods, practice_name, pcn_code, pcn_name, practice_sub_icb_code, practice_sub_icb_name, pcn_sub_icb_code, pcn_sub_icb_name, valid_from, valid_to
     FROM ${s}.ref_memberships ORDER BY practice_ods, valid_from COLLATE "C", pcn_code`,
  );
  const practices = await tx.query<PracticeRow>(
    `SELECT practice_ods, practice_name, status, open_date, close_date, sub_icb_code, icb_code, region_code, valid_from, valid_to FROM ${s}.ref_practices ORDER BY practice_ods`,
  );
  return {
    memberships: memberships.map(
      (r): PcnMembership => ({
        practiceOds: r.practice_ods,
        practiceName: r.practice_name,
        pcnCode: r.pcn_code,
        pcnName: r.pcn_name,
        practiceSubIcbCode: r.practice_sub_icb_code,
        practiceSubIcbName: r.practice_sub_icb_name,
        pcnSubIcbCode: r.pcn_sub_icb_code,
        pcnSubIcbName: r.pcn_sub_icb_name,
        from: r.valid_from,
        to: r.valid_to,
      }),
    ),
    practices: practices.map(
      (r): PracticeRecord => ({
        practiceOds: r.practice_ods,
        practiceName: r.practice_name,
        status: r.status,
        openDate: r.open_date,
        closeDate: r.close_date,
        subIcbCode: r.sub_icb_code,
        icbCode: r.icb_code,
        regionCode: r.region_code,
        from: r.valid_from,
        to: r.valid_to,
      }),
    ),
  };
}

/** Replaces the tables' reference set with `set` (inside the caller's transaction). */
export async function writeReferenceSet(tx: SqlRunner, s: string, set: ReferenceSet): Promise<void> {
  await tx.query(`DELETE FROM ${s}.ref_memberships`);
  await tx.query(`DELETE FROM ${s}.ref_practices`);
  for (let i = 0; i < set.memberships.length; i += CHUNK) {
    const chunk = set.memberships.slice(i, i + CHUNK);
    await tx.query(
      `INSERT INTO ${s}.ref_memberships (practice_ods, practice_name, pcn_code, pcn_name, practice_sub_icb_code, practice_sub_icb_name, pcn_sub_icb_code, pcn_sub_icb_name, valid_from, valid_to)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])`,
      [
        chunk.map((m) => m.practiceOds),
        chunk.map((m) => m.practiceName),
        chunk.map((m) => m.pcnCode),
        chunk.map((m) => m.pcnName),
        chunk.map((m) => m.practiceSubIcbCode),
        chunk.map((m) => m.practiceSubIcbName),
        chunk.map((m) => m.pcnSubIcbCode),
        chunk.map((m) => m.pcnSubIcbName),
        chunk.map((m) => m.from),
        chunk.map((m) => m.to),
      ],
    );
  }
  for (let i = 0; i < set.practices.length; i += CHUNK) {
    const chunk = set.practices.slice(i, i + CHUNK);
    await tx.query(
      `INSERT INTO ${s}.ref_practices (practice_ods, practice_name, status, open_date, close_date, sub_icb_code, icb_code, region_code, valid_from, valid_to)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])`,
      [
        chunk.map((p) => p.practiceOds),
        chunk.map((p) => p.practiceName),
        chunk.map((p) => p.status),
        chunk.map((p) => p.openDate),
        chunk.map((p) => p.closeDate),
        chunk.map((p) => p.subIcbCode),
        chunk.map((p) => p.icbCode),
        chunk.map((p) => p.regionCode),
        chunk.map((p) => p.from),
        chunk.map((p) => p.to),
      ],
    );
  }
}
