/**
 * MESH API header names, lower-case as Node presents them (HTTP header names are case-insensitive;
 * the MESH docs write them `mex-To`, `mex-WorkflowID`, ...).
 */
export const MEX = {
  from: 'mex-from',
  to: 'mex-to',
  workflowId: 'mex-workflowid',
  chunkRange: 'mex-chunk-range',
  totalChunks: 'mex-total-chunks',
  subject: 'mex-subject',
  localId: 'mex-localid',
  partnerId: 'mex-partnerid',
  fileName: 'mex-filename',
  contentType: 'mex-content-type',
  contentChecksum: 'mex-content-checksum',
  contentCompressed: 'mex-content-compressed',
  contentEncrypted: 'mex-content-encrypted',
  messageType: 'mex-messagetype',
  messageId: 'mex-messageid',
  linkedMessageId: 'mex-linkedmsgid',
  statusCode: 'mex-statuscode',
  statusEvent: 'mex-statusevent',
  statusDescription: 'mex-statusdescription',
  statusSuccess: 'mex-statussuccess',
  statusTimestamp: 'mex-statustimestamp',
  version: 'mex-version',
  clientVersion: 'mex-clientversion',
  osName: 'mex-osname',
  osVersion: 'mex-osversion',
} as const;

/**
 * Longest value the MESH API accepts per header (NHSDigital/mesh-api-specification `send_message`,
 * same in mesh-sandbox); a longer one is refused as malformed (code 06).
 */
export const MEX_MAX_LENGTH = {
  to: 100,
  workflowId: 300,
  chunkRange: 20,
  subject: 500,
  localId: 300,
  partnerId: 500,
  fileName: 300,
  contentChecksum: 100,
  contentType: 100,
} as const;

/** The v2 media type: the API answers v2 JSON shapes (snake_case, links) only when asked for it. */
export const MESH_V2_JSON = 'application/vnd.mesh.v2+json';

/** Workflow IDs of GP Connect Update Record (docs/mesh.md#workflow-ids). */
export const WORKFLOW = {
  updateRecord: 'GPCONNECT_UPDATE_RECORD',
  updateRecordAck: 'GPCONNECT_UPDATE_RECORD_ACK',
} as const;

export type MeshMessageType = 'DATA' | 'REPORT';
