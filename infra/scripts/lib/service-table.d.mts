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
export function serviceTable(options?: { brokers?: string; topicPrefix?: string; portOffset?: number; logLevel?: string }): ServiceTable;
