import { z } from 'zod';
import { brokenTextRule, TEXT_PATTERNS, TEXT_RULE_MESSAGES, type TextLines } from './text-rules';

/**
 * The one string type of every text and name field of the contract: a length range and the rules
 * of text-rules.ts. Each broken rule is one issue naming the field, with the rule as its code
 * (`params.code`), and never quotes the text. A broken rule stops the checks after it, so a field
 * gets one error. The pattern is what JSON Schema and OpenAPI show of the same rules; it never
 * refuses what the check accepts (a test compares them), so it never adds an error of its own.
 */
function strictText(lines: TextLines, min: number, max: number) {
  const length = z.string().max(max, `must be at most ${max} characters`);
  const bounded = min === 0 ? length : length.min(min, { message: min === 1 ? 'must not be empty' : `must be at least ${min} characters`, abort: true });
  return bounded
    .superRefine((text, ctx) => {
      const rule = brokenTextRule(text, lines);
      if (rule === undefined) return;
      ctx.addIssue({ code: 'custom', message: TEXT_RULE_MESSAGES[lines][rule], params: { code: rule }, continue: false });
    })
    .regex(TEXT_PATTERNS[lines], 'must not contain control characters or be blank');
}

/** Names, display texts, codes' labels: one line, no control characters. */
export const singleLineText = (min: number, max: number) => strictText('single-line', min, max);

/** Notes and instructions: may hold tabs and line breaks, no other control character. */
export const multiLineText = (min: number, max: number) => strictText('multi-line', min, max);
