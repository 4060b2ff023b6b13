// A Dockerfile read into its stages and instructions, enough to check what matters about the image
// (base images, user, arguments, entrypoint) without a Docker engine. Pure: text in, structure out.

export interface Instruction {
  /** Upper-cased: FROM, RUN, COPY, USER, ... */
  readonly keyword: string;
  /** Everything after the keyword, continuation lines joined with a space. */
  readonly args: string;
  readonly line: number;
}

export interface Stage {
  /** The image or earlier stage it starts from, as written (`node:26.12.1-bookworm-slim`). */
  readonly from: string;
  /** `AS <name>`, when given. */
  readonly name: string | undefined;
  readonly instructions: readonly Instruction[];
}

export interface Dockerfile {
  /** ARG instructions before the first FROM (usable in FROM lines and re-declared in stages). */
  readonly globalArgs: readonly Instruction[];
  readonly stages: readonly Stage[];
}

/** Logical instructions: comments and blank lines dropped, backslash continuations joined. */
export function instructionsOf(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split('\n').forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith('#') || (trimmed === '' && pending === undefined)) return;
    const continued = trimmed.endsWith('\\');
    const part = continued ? trimmed.slice(0, -1).trim() : trimmed;
    pending = pending === undefined ? { text: part, line: index + 1 } : { text: `${pending.text} ${part}`.trim(), line: pending.line };
    if (continued) return;
    const match = /^(\S+)\s*(.*)$/s.exec(pending.text);
    if (match?.[1] !== undefined) instructions.push({ keyword: match[1].toUpperCase(), args: match[2] ?? '', line: pending.line });
    pending = undefined;
  });
  return instructions;
}

/** Splits the instructions into the global ARGs and one stage per FROM. */
export function parseDockerfile(text: string): Dockerfile {
  const globalArgs: Instruction[] = [];
  const stages: { from: string; name: string | undefined; instructions: Instruction[] }[] = [];
  for (const instruction of instructionsOf(text)) {
    if (instruction.keyword === 'FROM') {
      const [from = '', as, name] = instruction.args.replace(/--platform=\S+\s+/, '').split(/\s+/);
      stages.push({ from, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
      continue;
    }
    const current = stages.at(-1);
    if (current === undefined) globalArgs.push(instruction);
    else current.instructions.push(instruction);
  }
  return { globalArgs, stages };
}

/** The instructions of `stage` with `keyword`. */
export const instructionsIn = (stage: Stage, keyword: string): Instruction[] => stage.instructions.filter((i) => i.keyword === keyword);

/** An exec-form (JSON array) argument list, or undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.trimStart().startsWith('[')) return undefined;
  const parsed: unknown = JSON.parse(args);
  return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string') ? parsed : undefined;
}
