/** A code with the display the receiver shows; every SNOMED coding we send carries both. */
export interface Concept {
  readonly code: string;
  readonly display: string;
}
