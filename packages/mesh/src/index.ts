// Public API of @firstsync/mesh: a MESH API v2 client and the MESH facts its callers need.

export { asciiHeaderText, isVisibleAscii, transliterateToAscii } from './ascii-text';
export {
  MESH_AUTH_SCHEME,
  type MeshCredentials,
  meshAuthorization,
  meshTimestamp,
  meshTokenHmac,
  type ParsedMeshToken,
  parseMeshAuthorization,
  type TokenOptions,
  verifyMeshToken,
} from './auth-token';
export { DEFAULT_CHUNK_SIZE_BYTES, formatChunkRange, parseChunkRange, splitChunks } from './chunking';
export {
  createMeshClient,
  type EndpointLookupResult,
  type InboxMessage,
  type ListInboxOptions,
  type MeshClient,
  type MeshClientOptions,
  type SendMessageInput,
  type SendResult,
} from './client';
export { type DrainResult, drainInbox } from './drain-inbox';
export {
  isMeshError,
  MeshError,
  type MeshErrorDetail,
  MeshHttpError,
  MeshNetworkError,
  type MeshOperation,
  MeshProtocolError,
  MeshTimeoutError,
} from './errors';
export {
  candidateBirthDates,
  GPPROVIDER_PREFIX,
  GpProviderAddressError,
  type GpProviderDobFormat,
  type GpProviderPatient,
  gpProviderAddress,
  gpProviderSurname,
  type ParsedGpProviderAddress,
  parseGpProviderAddress,
} from './gpprovider-address';
export { createHttpTransport, type MeshTlsOptions, type MeshTransport, type TransportRequest, type TransportResponse } from './http-transport';
export { MESH_V2_JSON, MEX, MEX_MAX_LENGTH, type MeshMessageType, WORKFLOW } from './mex-headers';
export { ownBytes } from './own-bytes';
export { classifyMeshReport, type MeshReport, type MeshReportKind } from './responses';
export { MeshHeaderError, type MeshSendHeaderInput, meshSendHeaders } from './send-headers';
export { type UpdateRecordSubjectInput, updateRecordSubject } from './update-record-subject';
