export interface ExposedLabel {
  readonly metric: string;
  readonly name: string;
  readonly value: string;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{(.*)\}\s/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Pure: every label of every sample in a Prometheus text exposition (what tests check for unbounded or sensitive values). */
export function exposedLabels(exposition: string): ExposedLabel[] {
  const labels: ExposedLabel[] = [];
  for (const line of exposition.split('\n')) {
    const sample = SAMPLE.exec(line);
    if (!sample) continue;
    const [, metric = '', body = ''] = sample;
    for (const [, name = '', value = ''] of body.matchAll(LABEL)) labels.push({ metric, name, value });
  }
  return labels;
}
