export { benchPeakRss, peakRssOf } from './bench-peaks';
export { type ComposeService, composeServices, environmentOf, mergeOverride } from './compose';
export { type Dockerfile, execForm, type Instruction, instructionsIn, instructionsOf, parseDockerfile, type Stage } from './dockerfile';
export {
  type Container,
  configMapSchema,
  type Deployment,
  deploymentSchema,
  type EnvVar,
  objectsOfKind,
  type PodDisruptionBudget,
  podDisruptionBudgetSchema,
  selects,
  serviceSchema,
} from './kubernetes';
export { ensureKubernetesValidate, KUBERNETES_VALIDATE_REQUIREMENT, KUBERNETES_VERSION, type ValidationResult, validateManifests } from './kubernetes-validate';
export { repoRoot } from './paths';
export { bytesOf, mebibytesOf } from './quantity';
export { yamlDocuments } from './yaml-documents';
