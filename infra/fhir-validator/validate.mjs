#!/usr/bin/env node
// Offline FHIR STU3 instance validation (HAPI FHIR, Java) for tests and the command line. No npm dependencies.
//
//   import { validateFhirFiles } from '../../infra/fhir-validator/validate.mjs';
//   const results = await validateFhirFiles(['a.json', 'b.xml']);   // one JVM for all files
//
//   node infra/fhir-validator/validate.mjs [--warnings] [--json] FILE...   (exit 1 when any file has errors)
//
// The first call builds target/fhir-validator.jar + target/lib with Maven (downloads ~155 MB into ~/.m2 once);
// later calls reuse it until pom.xml or the Java sources change. Types: validate.d.mts.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const TARGET = join(HERE, 'target');
const JAR = join(TARGET, 'fhir-validator.jar');
const LIB = join(TARGET, 'lib');
const STAMP = join(TARGET, '.build-stamp');
const LOCK = join(TARGET, '.build-lock');
const REPO_ROOT = resolve(HERE, '..', '..');
const MAIN_CLASS = 'firstsync.validator.ValidateMain';
/** Approximate first-run download (HAPI + HL7 core jars ~140 MB, Maven plugins ~15 MB). */
const DOWNLOAD_MB = 155;
// Short-lived JVM: C1 only and the parallel collector start fastest for this workload (measured ~15% quicker).
const DEFAULT_JVM_ARGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseParallelGC', '-Xss4m'];

/**
 * Where the NHS STU3 conformance resources live: $FHIR_STU3_PROFILE_DIR, else the copy vendored in
 * infra/fhir-validator/nhs-stu3 (byte-for-byte as published, see its README and manifest.json), so a
 * clean clone validates offline; ../shared/fhir/stu3 beside the repo last.
 */
export function defaultProfileDir() {
  const fromEnv = process.env.FHIR_STU3_PROFILE_DIR;
  if (fromEnv) return resolve(fromEnv);
  const candidates = [join(REPO_ROOT, 'infra', 'fhir-validator', 'nhs-stu3'), join(REPO_ROOT, '..', 'shared', 'fhir', 'stu3')];
  const found = candidates.find((dir) => existsSync(join(dir, 'gpconnect')));
  if (!found) {
    throw new Error(`FHIR STU3 profile folder not found (looked in ${candidates.join(', ')}); set FHIR_STU3_PROFILE_DIR`);
  }
  return found;
}

function sourceFingerprint() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(path.slice(HERE.length)).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  hash.update(readFileSync(join(HERE, 'pom.xml')));
  walk(join(HERE, 'src', 'main'));
  return hash.digest('hex');
}

function isBuilt(fingerprint) {
  return existsSync(JAR) && existsSync(LIB) && existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === fingerprint;
}

function run(cmd, args, { cwd, input, capture = true } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => (capture ? out.push(d) : process.stderr.write(d)));
    child.stderr.on('data', (d) => (capture ? err.push(d) : process.stderr.write(d)));
    child.on('error', (e) => reject(e.code === 'ENOENT' ? new Error(`${cmd} not found on PATH (needs Java 17+ / Maven)`) : e));
    child.on('close', (code, signal) =>
      resolvePromise({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
    if (input !== undefined) child.stdin.end(input);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let buildPromise;

/**
 * Builds target/fhir-validator.jar and target/lib (Maven) unless an up-to-date build exists. Safe to call from
 * several processes at once (vitest forks): one builds, the others wait on a lock directory.
 */
export function ensureValidatorBuilt({ quiet = false } = {}) {
  buildPromise ??= (async () => {
    const fingerprint = sourceFingerprint();
    if (isBuilt(fingerprint)) return;
    mkdirSync(TARGET, { recursive: true });
    const deadline = Date.now() + 20 * 60_000;
    for (;;) {
      try {
        mkdirSync(LOCK);
        break;
      } catch (e) {
        if (e.code !== 'EEXIST') throw e;
        // Another process is building. A lock older than 20 minutes is left over from a killed build.
        if (Date.now() - statSync(LOCK).mtimeMs > 20 * 60_000) rmSync(LOCK, { recursive: true, force: true });
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${LOCK}`);
        await sleep(1000);
        if (isBuilt(fingerprint)) return;
      }
    }
    try {
      if (isBuilt(fingerprint)) return;
      const cached = existsSync(join(homeM2(), 'ca', 'uhn', 'hapi', 'fhir', 'hapi-fhir-validation'));
      if (!quiet) {
        process.stderr.write(
          cached
            ? 'building HAPI validator (Maven, dependencies cached in ~/.m2)...\n'
            : `building HAPI validator (first run downloads ~${DOWNLOAD_MB} MB from Maven Central)...\n`,
        );
      }
      const started = Date.now();
      const mvn = process.platform === 'win32' ? 'mvn.cmd' : 'mvn';
      const res = await run(mvn, ['-q', '-B', '-ntp', 'package'], { cwd: HERE });
      if (res.code !== 0 || !existsSync(JAR) || !existsSync(LIB)) {
        throw new Error(`Maven build of the FHIR validator failed (exit ${res.code}):\n${res.stdout}${res.stderr}`);
      }
      writeFileSync(STAMP, `${fingerprint}\n`);
      if (!quiet) process.stderr.write(`HAPI validator built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  })();
  buildPromise.catch(() => {
    buildPromise = undefined; // let a later call retry
  });
  return buildPromise;
}

function homeM2() {
  return join(process.env.HOME ?? tmpdir(), '.m2', 'repository');
}

function javaBinary() {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** Reads known-issues.json (or the given file). */
export function loadKnownIssues(file = join(HERE, 'known-issues.json')) {
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  const issues = Array.isArray(doc) ? doc : doc.issues;
  return issues.map((k) => {
    if (!k.id || !k.reason || !(k.messagePattern || k.messageId)) {
      throw new Error(`known issue needs id, reason and messagePattern or messageId: ${JSON.stringify(k)}`);
    }
    return k;
  });
}

/**
 * The issue's path relative to the resource it sits in: HAPI writes bundled resources as
 * `Bundle.entry[2].resource/*PractitionerRole/abc*\/.code[0]`; this gives `PractitionerRole.code[0]`.
 */
export function resourcePath(location) {
  const re = /\/\*([A-Za-z]+)\/[^*]*\*\//g;
  let last;
  for (let m = re.exec(location); m; m = re.exec(location)) last = m;
  return last ? last[1] + location.slice(last.index + last[0].length) : location;
}

function matchesKnownIssue(known, file, issue) {
  const test = (pattern, value) => pattern === undefined || new RegExp(pattern).test(value ?? '');
  return (
    (known.messageId === undefined || known.messageId === issue.messageId) &&
    test(known.messagePattern, issue.message) &&
    test(known.pathPattern, issue.resourcePath) &&
    test(known.filePattern, file.replaceAll('\\', '/'))
  );
}

/** Moves errors that match a known issue from `errors` into `knownIssues` (returns new result objects). */
export function applyKnownIssues(results, knownIssues) {
  return results.map((r) => {
    const errors = [];
    const known = [...(r.knownIssues ?? [])];
    for (const issue of r.errors) {
      const hit = knownIssues.find((k) => matchesKnownIssue(k, r.file, issue));
      if (hit) known.push({ ...issue, knownIssue: hit.id, reason: hit.reason });
      else errors.push(issue);
    }
    return { ...r, errors, knownIssues: known };
  });
}

/**
 * Runs the validator once for all files and returns the whole report (results plus timings and what was loaded).
 * @param {string[]} files XML or JSON FHIR STU3 resources
 * @param {import('./validate.d.mts').ValidateOptions} [options]
 */
export async function runValidator(files, options = {}) {
  const { profileDir = defaultProfileDir(), includeWarnings = false, javaArgs = DEFAULT_JVM_ARGS, quiet = true } = options;
  if (!Array.isArray(files)) throw new TypeError('files must be an array of paths');
  await ensureValidatorBuilt({ quiet: options.quietBuild ?? false });
  const absolute = files.map((f) => resolve(f));
  const work = mkdtempSync(join(tmpdir(), 'fhir-validator-'));
  try {
    const listFile = join(work, 'files.txt');
    writeFileSync(listFile, absolute.join('\n'));
    const args = [
      ...javaArgs,
      '-cp',
      `${JAR}${process.platform === 'win32' ? ';' : ':'}${join(LIB, '*')}`,
      MAIN_CLASS,
      ...(includeWarnings ? ['--warnings'] : []),
      profileDir,
      `@${listFile}`,
    ];
    const res = await run(javaBinary(), args);
    if (res.code !== 0) {
      throw new Error(`FHIR validator JVM failed (exit ${res.code ?? res.signal}):\n${res.stderr.slice(-4000)}`);
    }
    if (!quiet || process.env.FHIR_VALIDATOR_VERBOSE) process.stderr.write(res.stderr);
    const report = JSON.parse(res.stdout);
    const known = options.knownIssues === false ? [] : Array.isArray(options.knownIssues) ? options.knownIssues : loadKnownIssues(options.knownIssues);
    const withPaths = report.results.map((r, i) => ({
      ...r,
      file: files[i] ?? r.file, // report paths as the caller gave them
      errors: r.errors.map((e) => ({ ...e, resourcePath: resourcePath(e.location) })),
      ...(r.warningDetails ? { warningDetails: r.warningDetails.map((e) => ({ ...e, resourcePath: resourcePath(e.location) })) } : {}),
    }));
    return { ...report, results: applyKnownIssues(withPaths, known) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Validates FHIR STU3 files (XML or JSON) against base STU3 and every meta.profile they declare, using the NHS
 * profiles in `profileDir`. One JVM for all files. Errors matching known-issues.json are moved to `knownIssues`.
 * @param {string[]} files
 * @param {import('./validate.d.mts').ValidateOptions} [options]
 * @returns {Promise<import('./validate.d.mts').FileResult[]>}
 */
export async function validateFhirFiles(files, options = {}) {
  return (await runValidator(files, options)).results;
}

/**
 * Validates in-memory resources (e.g. a mapper's output): writes each to a temp JSON file, then validateFhirFiles.
 * Result `file` is `name` when given as `{ name, resource }`, else `resource-<index>.json`.
 */
export async function validateFhirResources(resources, options = {}) {
  const work = mkdtempSync(join(tmpdir(), 'fhir-resources-'));
  try {
    const names = [];
    const paths = resources.map((item, i) => {
      const wrapped = item !== null && typeof item === 'object' && 'resource' in item && !('resourceType' in item);
      const resource = wrapped ? item.resource : item;
      const name = wrapped && item.name ? String(item.name) : `resource-${i}.json`;
      names.push(name);
      const path = join(work, `${i}-${name.replace(/[^A-Za-z0-9._-]/g, '_')}`);
      writeFileSync(path, typeof resource === 'string' ? resource : JSON.stringify(resource));
      return path;
    });
    const results = await validateFhirFiles(paths, options);
    return results.map((r, i) => ({ ...r, file: names[i] }));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** One line per finding, for test failure messages and the CLI. */
export function formatResults(results, { showKnown = true } = {}) {
  const lines = [];
  for (const r of results) {
    const known = r.knownIssues?.length ?? 0;
    lines.push(
      `${r.errors.length ? 'FAIL' : 'ok  '} ${r.file}: ${r.errors.length} error(s), ${r.warnings} warning(s)` + (known ? `, ${known} known issue(s)` : ''),
    );
    for (const e of r.errors) lines.push(`  ${e.severity.toUpperCase()} ${e.location}: ${e.message}`);
    if (showKnown) for (const e of r.knownIssues ?? []) lines.push(`  known[${e.knownIssue}] ${e.location}: ${e.message}`);
    for (const w of r.warningDetails ?? []) lines.push(`  warning ${w.location}: ${w.message}`);
  }
  return lines.join('\n');
}

async function cli(argv) {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const files = argv.filter((a) => !a.startsWith('--'));
  const unknown = [...flags].filter((f) => !['--warnings', '--json', '--no-known-issues', '--verbose'].includes(f));
  if (files.length === 0 || unknown.length) {
    process.stderr.write(
      'usage: node infra/fhir-validator/validate.mjs [--warnings] [--json] [--no-known-issues] [--verbose] FILE...\n' +
        '  validates FHIR STU3 XML/JSON files offline against the NHS profiles; exit 1 if any file has errors\n',
    );
    return 2;
  }
  const report = await runValidator(files, {
    includeWarnings: flags.has('--warnings'),
    knownIssues: flags.has('--no-known-issues') ? false : undefined,
    quiet: !flags.has('--verbose'),
  });
  if (flags.has('--json')) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    process.stdout.write(`${formatResults(report.results)}\n`);
    const t = report.timings;
    process.stdout.write(
      `${report.results.length} file(s): JVM+chain init ${t.jvmStartToMainMs + t.chainInitMs} ms, validation ${t.validateTotalMs} ms (HAPI ${report.hapiVersion})\n`,
    );
  }
  return report.results.some((r) => r.errors.length > 0) ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`${e.stack ?? e}\n`);
      process.exit(3);
    },
  );
}
