/** Faults of the simulated GP side, set through its admin API (see nhs-simulator fault-plan.ts). */
export type PracticeFaults =
  | { hang: true }
  | { status: number }
  | { outage: { requests?: number; until?: string; status?: number } }
  | { reject: { status: 400 | 422; diagnostics: string } };

export async function setFaults(simulatorUrl: string, practiceOds: string, faults: PracticeFaults): Promise<void> {
  const response = await fetch(`${simulatorUrl}/admin/practices/${practiceOds}/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (!response.ok) throw new Error(`simulator refused faults for ${practiceOds}: ${response.status} ${await response.text()}`);
}

export async function clearFaults(simulatorUrl: string, practiceOds: string): Promise<void> {
  const response = await fetch(`${simulatorUrl}/admin/practices/${practiceOds}/faults`, { method: 'DELETE' });
  if (!response.ok) throw new Error(`simulator could not clear faults for ${practiceOds}: ${response.status}`);
}
