// Public API of @firstsync/mesh: a MESH API v2 client and the MESH facts its callers need.
export { createMeshClient, type MeshClient, type MeshClientOptions, type SendMessageInput, type SendResult, type InboxMessage, type ListInboxOptions, type EndpointLookupResult } from './client';
export { drainInbox, type DrainResult } from './drain-inbox';
export { meshAuthorization, parseMeshAuthorization, verifyMeshToken, meshTokenHmac, meshTimestamp, MESH_AUTH_SCHEME, type MeshCredentials, type ParsedMeshToken, type TokenOptions } from './auth-token';
export { MeshError, MeshHttpError, MeshTimeoutError, MeshNetworkError, MeshProtocolError, isMeshError, type MeshOperation, type MeshErrorDetail } from './errors';
export { createHttpTransport, type MeshTlsOptions, type MeshTransport, type TransportRequest, type TransportResponse } from './http-transport';
export { MEX, MEX_MAX_LENGTH, MESH_V2_JSON, WORKFLOW, type MeshMessageType } from './mex-headers';
export { asciiHeaderText, isVisibleAscii, transliterateToAscii } from './ascii-text';
export { meshSendHeaders, MeshHeaderError, type MeshSendHeaderInput } from './send-headers';
export { DEFAULT_CHUNK_SIZE_BYTES, splitChunks, formatChunkRange, parseChunkRange } from './chunking';
export { classifyMeshReport, type MeshReport, type MeshReportKind } from './responses';
export {
  gpProviderAddress,
  gpProviderSurname,
  parseGpProviderAddress,
  candidateBirthDates,
  GpProviderAddressError,
  GPPROVIDER_PREFIX,
  type GpProviderDobFormat,
  type GpProviderPatient,
  type ParsedGpProviderAddress,
} from './gpprovider-address';
export { updateRecordSubject, type UpdateRecordSubjectInput } from './update-record-subject';
