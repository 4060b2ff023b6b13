// Public API of @firstsync/consultation-lifecycle: pure, no I/O. See README.md.
export type { AckVerdict, CodeMeaning } from './code-meaning';
export { compareEvents, isOperatorEvent, OPERATOR_EVENT_TYPES, TYPE_PRECEDENCE } from './event-order';
export {
  ITK_RESPONSE,
  ITK_RESPONSE_CODES,
  type ItkCode,
  type ItkIssueType,
  type ItkResponseCode,
  type ItkResponseLevel,
  itkCodeMeaning,
} from './itk-response-codes';
export { advance, confirmsDelivery, foldLifecycle, type Lifecycle, type LifecycleEvent } from './lifecycle';
export {
  MESH_REPORT,
  MESH_REPORT_CODES,
  type MeshReportCode,
  type MeshReportKind,
  type MeshReportStatusCode,
  type MeshRoutingReportCode,
  meshReportMeaning,
} from './mesh-report-codes';
export { isVisibleToPharmacy, PHARMACY_STATES, type PharmacyState, type PharmacyStatus, pharmacyStateOf, pharmacyStatus } from './pharmacy-status';
export {
  ATTENTION_STATES,
  CONSULTATION_STATES,
  type ConsultationState,
  DELIVERED_STATES,
  FAILURE_STATES,
  isConsultationState,
  isResendable,
  RESENDABLE_STATES,
  resendFilterStateOf,
} from './states';
