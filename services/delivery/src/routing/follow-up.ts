import { ITK_RESPONSE, MESH_REPORT } from '@firstsync/consultation-lifecycle';

/** What should happen next, beyond the NHSmail summary, when the structured route gave up with a code. */
export interface FollowUpSuggestion {
  /** Who acts and on what, as a short code (the dashboard and the pharmacy worklist can key on it). */
  readonly followUp: 'check-registered-practice' | 'check-patient-details' | 'practice-mesh-setup' | 'practice-switched-off' | 'phone-practice';
  readonly suggestion: string;
}

const MESH_SETUP: FollowUpSuggestion = {
  followUp: 'practice-mesh-setup',
  suggestion:
    "The practice's MESH set-up for Update Record is wrong (none or several mailboxes): summaries go by NHSmail meanwhile; ask the practice or its GP system supplier to fix the workflow registration.",
};

const PATIENT_DETAILS: FollowUpSuggestion = {
  followUp: 'check-patient-details',
  suggestion:
    "PDS could not match the patient (NHS number, date of birth, surname): the pharmacy should check the patient's details with the patient and resend the consultation as an amendment.",
};

// Sources of the meanings: docs/update-record-itk3.md#itk-response-codes and docs/mesh.md#reports-in-the-senders-inbox.
const BY_CODE: ReadonlyMap<string, FollowUpSuggestion> = new Map([
  [
    ITK_RESPONSE.patientLeft.code,
    {
      followUp: 'check-registered-practice',
      suggestion:
        "The patient is no longer registered at this practice: the pharmacy should check the patient's registered practice (with the patient or PDS) and resend the consultation as an amendment naming it.",
    },
  ],
  [
    ITK_RESPONSE.patientNotKnown.code,
    {
      followUp: 'check-registered-practice',
      suggestion:
        'The practice does not know the patient: the pharmacy should check the NHS number and the registered practice with the patient and resend as an amendment if either was wrong.',
    },
  ],
  [
    ITK_RESPONSE.recipientNotSupported.code,
    {
      followUp: 'practice-switched-off',
      suggestion:
        'The practice has Update Record switched off: its summaries go by NHSmail for a while, then MESH is tried again; if it should take structured records, ask the practice to switch Update Record on.',
    },
  ],
  [MESH_REPORT.multipleMailboxes.code, MESH_SETUP],
  [MESH_REPORT.noMailbox.code, MESH_SETUP],
  [MESH_REPORT.invalidNhsNumber.code, PATIENT_DETAILS],
  [MESH_REPORT.nhsNumberNotFound.code, PATIENT_DETAILS],
  [MESH_REPORT.demographicsMismatch.code, PATIENT_DETAILS],
  [
    MESH_REPORT.undelivered.code,
    {
      followUp: 'phone-practice',
      suggestion: 'The practice did not collect the message from MESH: phone the practice to make sure it has the NHSmail summary.',
    },
  ],
]);

/** Pure: the follow-up a fallback cause suggests (ITK3 30002/30003/20010, MESH EPL-150..154, 14); undefined when the code suggests none. */
export function followUpFor(code: string): FollowUpSuggestion | undefined {
  return BY_CODE.get(code);
}

/** The suggestion as pipeline event details (empty when there is none). */
export function followUpDetails(code: string): Record<string, string> {
  const found = followUpFor(code);
  return found ? { followUp: found.followUp, suggestion: found.suggestion } : {};
}
