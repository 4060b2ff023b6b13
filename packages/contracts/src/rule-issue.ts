/** One refusal a cross-field rule reports: the most specific path a sender can act on, and why. */
export interface RuleIssue {
  path: (string | number)[];
  message: string;
  /** The rule's name, reported as the problem error's `code`. */
  code?: string;
}
