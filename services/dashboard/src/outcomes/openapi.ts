import { toJsonSchema } from '@firstsync/contracts';
import { disclosedFiguresSchema, outcomesQuerySchema } from './api-schema';
import { OUTCOMES_CSV_COLUMNS, OUTCOMES_CSV_MEASURES } from './csv';

/** The committed document (scripts/write-contracts.ts writes it, the drift test compares). */
export const OUTCOMES_OPENAPI_FILE = 'contracts/outcomes-openapi.json';

const DESCRIPTION = `Local outcomes of Pharmacy First consultations (issue #17), for ICB, sub-ICB, PCN, practice and
pharmacy, by week or month: the figures of the dashboard's outcomes pages, as JSON or CSV, for an analyst's own tools.

**Disclosure control.** Every count is published safely: 0 stays 0, 1 to 7 is "*", anything else is rounded to the
nearest 5; where a total and the figures beside it could reveal a hidden count, another figure is hidden too.
Rates and changes are computed from the shown figures, and the median time to filing only over 8 or more filings.
No answer holds anything about a patient.

**Who sees what.** Ops accounts (viewer, operator) see every area and England. A commissioner sees their ICB and the
areas and pharmacies in it, a PCN lead their PCN, its practices and the pharmacies serving them, each counting only
their own area's patients; a pharmacy manager sees their own pharmacy. Anything else answers 403.

**Authentication.** A dashboard session: sign in at \`POST /login\` (the form's \`_csrf\` token and its
\`firstsync_login\` cookie come from \`GET /login\`), then send the \`firstsync_session\` cookie it sets (\`__Host-firstsync_session\`
behind https). Sessions end after 30 idle minutes or 12 hours. Every export (JSON or CSV) is recorded in the audit log:
who, which area, which period, which format.

**CSV.** Columns ${OUTCOMES_CSV_COLUMNS.join(', ')}; one row per figure. Measures:
${Object.entries(OUTCOMES_CSV_MEASURES)
  .map(([measure, meaning]) => `- \`${measure}\`: ${meaning}`)
  .join('\n')}`;

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

function parameters(withArea: boolean): unknown[] {
  const query = toJsonSchema(outcomesQuerySchema, { io: 'input' }) as { properties: Record<string, { description?: string }> };
  const area = [
    {
      name: 'level',
      in: 'path',
      required: true,
      schema: { type: 'string', enum: ['icb', 'sub-icb', 'pcn', 'practice', 'pharmacy'] },
      description: 'The kind of area',
    },
    {
      name: 'code',
      in: 'path',
      required: true,
      schema: { type: 'string' },
      description: 'Its ODS code (QZA, Z1A, U90001, A81001, FXA01), or "unmapped" at icb, sub-icb and pcn level',
    },
  ];
  return [
    ...(withArea ? area : []),
    ...Object.entries(query.properties).map(([name, schema]) => {
      const { description, ...rest } = schema;
      return { name, in: 'query', required: false, schema: rest, ...(description ? { description } : {}) };
    }),
  ];
}

function operation(format: 'json' | 'csv', withArea: boolean): Record<string, unknown> {
  const where = withArea ? 'one area' : 'England';
  return {
    get: {
      operationId: `outcomes${withArea ? 'Area' : 'National'}${format === 'csv' ? 'Csv' : 'Json'}`,
      summary: `Outcome figures of ${where}${format === 'csv' ? ' as CSV' : ''}`,
      tags: ['outcomes'],
      security: [{ session: [] }],
      parameters: parameters(withArea),
      responses: {
        '200':
          format === 'json'
            ? { description: 'The disclosed figures', content: { 'application/json': { schema: { $ref: '#/components/schemas/DisclosedFigures' } } } }
            : { description: 'The disclosed figures, one row per figure', content: { 'text/csv': { schema: { type: 'string' } } } },
        '400': problem('The period is not one: granularity week or month; from and to both or neither, Mondays or 1sts, from before to'),
        '401': problem('Not signed in'),
        '403': problem('Outside the area of the account (or not an outcomes account)'),
        '404': problem('No such area (the code is not an ODS code of that level)'),
        '503': problem('The export could not be recorded in the audit log, so nothing was exported'),
      },
    },
  };
}

/** The OpenAPI description of the outcomes API, from the zod schemas it answers with (contracts/outcomes-openapi.json). */
export function outcomesOpenApiDocument(): Record<string, unknown> {
  const { $schema: _, ...figures } = toJsonSchema(disclosedFiguresSchema, { io: 'output' }) as Record<string, unknown>;
  return {
    openapi: '3.1.0',
    info: { title: 'firstsync outcomes API', version: '1.0.0', description: DESCRIPTION },
    servers: [{ url: 'http://127.0.0.1:8081', description: 'The dashboard of npm start' }],
    tags: [{ name: 'outcomes', description: 'Disclosure-controlled outcome figures' }],
    paths: {
      '/api/outcomes/national': operation('json', false),
      '/api/outcomes/national.csv': operation('csv', false),
      '/api/outcomes/{level}/{code}': operation('json', true),
      '/api/outcomes/{level}/{code}.csv': operation('csv', true),
    },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'firstsync_session', description: 'The dashboard session cookie (signed in at POST /login)' },
      },
      schemas: {
        DisclosedFigures: figures,
        Problem: {
          type: 'object',
          description: 'RFC 9457 problem details',
          properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' } },
          required: ['type', 'title', 'status'],
        },
      },
    },
  };
}
