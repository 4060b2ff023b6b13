export interface ServiceSpec {
  name: 'nhs-simulator' | 'ingest' | 'fhir-mapper' | 'delivery' | 'dashboard';
  dir: string;
  port: number;
  env: Record<string, string>;
}
export interface ServiceTable {
  ports: { ingest: number; dashboard: number; fhirMapper: number; delivery: number; simulator: number };
  urls: { ingest: string; dashboard: string; simulator: string };
  services: ServiceSpec[];
}
export type DeliveryRoute = 'fhir-rest' | 'mesh';
export function serviceTable(options?: {
  brokers?: string;
  topicPrefix?: string;
  portOffset?: number;
  logLevel?: string;
  /** 'fhir-rest' (default) or 'mesh' (MESH to the simulator, NHSmail fallback to 127.0.0.1:smtpPort). */
  route?: DeliveryRoute;
  /** The loopback SMTP sink's port for the NHSmail fallback (route 'mesh'); 2525 by default. */
  smtpPort?: number;
}): ServiceTable;
