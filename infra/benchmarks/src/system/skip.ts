/** Thrown when a scenario cannot run here (a service missing or not starting); reported, not failed. */
export class SkipScenario extends Error {
  override readonly name = 'SkipScenario';
}
