import { PIPELINE_EVENT_TYPES } from '@firstsync/contracts';
import { type ESTree, parseSync, Visitor } from 'vite';
import { CONSULTATION_STATES, ITK_RESPONSE_CODES, MESH_REPORT_CODES, PHARMACY_STATES } from '../../src';

export interface Finding {
  readonly line: number;
  readonly message: string;
}

// MESH's numeric report codes (14, 17) are left out: too short to tell from any other string.
const CODES = new Set([...ITK_RESPONSE_CODES.keys(), ...[...MESH_REPORT_CODES.keys()].filter((code) => code.startsWith('EPL-'))]);
const STATE_NAMES = new Set<string>([...CONSULTATION_STATES, ...PHARMACY_STATES]);
// Most state names are also pipeline event types (contracts), which services rightly list; a list
// that holds one of the others as well is a list of lifecycle states.
const EVENT_TYPES = new Set<string>(PIPELINE_EVENT_TYPES);

function stringOf(node: ESTree.Node | null): string | undefined {
  if (node === null) return undefined;
  if (node.type === 'Literal') return typeof node.value === 'string' ? node.value : undefined;
  if (node.type === 'TemplateLiteral') return node.expressions.length === 0 ? (node.quasis[0]?.value.cooked ?? undefined) : undefined;
  if (node.type === 'TSAsExpression' || node.type === 'TSSatisfiesExpression') return stringOf(node.expression);
  if (node.type === 'TSLiteralType') return stringOf(node.literal);
  return undefined;
}

function lineAt(source: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i += 1) if (source.charCodeAt(i) === 10) line += 1;
  return line;
}

/**
 * Where a source file spells a value the lifecycle package defines: an ITK3 or EPL code as a
 * string, or a list (array or union type) of lifecycle states. Using a state the package typed
 * (`view.state === 'retrying'`, a `Record<ConsultationState, ...>`) is fine: the compiler checks it.
 */
export function vocabularyFindings(fileName: string, source: string): Finding[] {
  const result = parseSync(fileName, source, { lang: 'ts', sourceType: 'module' });
  if (result.errors.length > 0) return [{ line: 1, message: `cannot parse: ${result.errors[0]?.message ?? 'unknown error'}` }];
  const findings: Finding[] = [];
  const add = (node: { start: number }, message: string) => findings.push({ line: lineAt(source, node.start), message });
  const checkCode = (node: ESTree.Node) => {
    const value = stringOf(node);
    if (value !== undefined && CODES.has(value)) add(node, `'${value}' is a code: use ITK_RESPONSE / MESH_REPORT`);
  };
  const checkList = (node: { start: number }, members: readonly (ESTree.Node | null)[]) => {
    const states = new Set(members.map(stringOf).filter((value): value is string => value !== undefined && STATE_NAMES.has(value)));
    if (states.size >= 2 && [...states].some((state) => !EVENT_TYPES.has(state)))
      add(node, `lists lifecycle states (${[...states].join(', ')}): use the sets and types of the package`);
  };
  new Visitor({
    Literal: checkCode,
    TemplateLiteral: checkCode,
    ArrayExpression: (node) =>
      checkList(
        node,
        node.elements.map((element) => (element?.type === 'SpreadElement' ? null : element)),
      ),
    TSUnionType: (node) => checkList(node, node.types),
  }).visit(result.program);
  return findings;
}
