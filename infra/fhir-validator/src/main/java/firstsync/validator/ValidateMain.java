package firstsync.validator;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;

/**
 * Offline FHIR STU3 instance validator.
 *
 * <pre>
 * java -cp 'fhir-validator.jar:lib/*' firstsync.validator.ValidateMain [--warnings] PROFILE_DIR FILE... [@LISTFILE]...
 * </pre>
 *
 * Loads every StructureDefinition / ValueSet / CodeSystem (XML or JSON) under PROFILE_DIR once, builds one
 * validation support chain, then validates each FILE (XML or JSON) against base STU3 and against every profile
 * it declares in meta.profile. {@code @LISTFILE} names a file holding one path per line. Prints one JSON document
 * on stdout; diagnostics go to stderr. Exit 0 when it ran (whatever it found), 2 on bad usage, 1 on a crash.
 */
public final class ValidateMain {

  private ValidateMain() {}

  public static void main(String[] args) throws Exception {
    // slf4j-simple: quiet, stderr only. Must be set before the first logger is created.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("fhirValidator.logLevel", "error"));
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");

    // Keep stdout for the JSON document only, whatever a library prints.
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);

    boolean includeWarnings = false;
    String profileDir = null;
    List<String> files = new ArrayList<>();
    for (String arg : args) {
      if (arg.equals("--warnings")) {
        includeWarnings = true;
      } else if (profileDir == null) {
        profileDir = arg;
      } else if (arg.startsWith("@")) {
        for (String line : Files.readAllLines(Paths.get(arg.substring(1)), StandardCharsets.UTF_8)) {
          if (!line.isBlank()) files.add(line.strip());
        }
      } else {
        files.add(arg);
      }
    }
    if (profileDir == null) {
      System.err.println("usage: ValidateMain [--warnings] PROFILE_DIR FILE... [@LISTFILE]...");
      System.exit(2);
    }

    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    long mainStart = System.currentTimeMillis();

    FhirContext ctx = FhirContext.forDstu3();
    DefaultProfileValidationSupport core = new DefaultProfileValidationSupport(ctx);
    // Parsing the ~1,700 core STU3 definitions and our own folder are independent: use both cores.
    Thread corePreload = new Thread(core::fetchAllConformanceResources, "core-preload");
    corePreload.start();
    PrePopulatedValidationSupport local = new PrePopulatedValidationSupport(ctx);
    List<ConformanceLoader.Parsed> parsed = ConformanceLoader.parseFolder(ctx, Paths.get(profileDir));
    corePreload.join();
    ConformanceLoader.Summary loaded = ConformanceLoader.register(core, local, parsed);

    UnknownCodeSystemWarningValidationSupport unknownCodeSystems = new UnknownCodeSystemWarningValidationSupport(ctx);
    unknownCodeSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);

    // Order matters: the first module that answers a fetch wins. Core first, so the GP Connect copies of core
    // extensions (same http://hl7.org/fhir/... URLs) never shadow the real ones (the loader skips them anyway).
    ValidationSupportChain chain = new ValidationSupportChain(
        core,
        local,
        new CommonCodeSystemsTerminologyService(ctx),
        new InMemoryTerminologyServerValidationSupport(ctx),
        new SnapshotGeneratingValidationSupport(ctx),
        unknownCodeSystems);

    FhirInstanceValidator instanceValidator = new FhirInstanceValidator(chain);
    instanceValidator.setErrorForUnknownProfiles(true); // a meta.profile we cannot resolve is an error
    instanceValidator.setAnyExtensionsAllowed(false); // an extension URL we cannot resolve is an error
    instanceValidator.setAssumeValidRestReferences(false);

    FhirValidator validator = ctx.newValidator();
    validator.setValidateAgainstStandardSchema(false);
    validator.setValidateAgainstStandardSchematron(false);
    validator.registerValidatorModule(instanceValidator);
    long chainReady = System.currentTimeMillis();

    StringBuilder json = new StringBuilder(4096);
    json.append("{\"results\":[");
    List<Long> perFile = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      String file = files.get(i);
      long t0 = System.nanoTime();
      if (i > 0) json.append(',');
      appendResult(json, file, validator, includeWarnings);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      perFile.add(ms);
      json.setLength(json.length() - 1); // reopen the object to add its time
      json.append(",\"ms\":").append(ms).append('}');
    }
    long end = System.currentTimeMillis();
    json.append("],\"timings\":{")
        .append("\"jvmStartToMainMs\":").append(mainStart - jvmStart)
        .append(",\"chainInitMs\":").append(chainReady - mainStart)
        .append(",\"validateTotalMs\":").append(end - chainReady)
        .append(",\"totalMs\":").append(end - jvmStart)
        .append("},\"profiles\":{")
        .append("\"dir\":").append(Json.str(Paths.get(profileDir).toAbsolutePath().normalize().toString()))
        .append(",\"structureDefinitions\":").append(loaded.structureDefinitions)
        .append(",\"valueSets\":").append(loaded.valueSets)
        .append(",\"codeSystems\":").append(loaded.codeSystems)
        .append(",\"skippedCoreDuplicates\":").append(Json.strList(loaded.skippedCoreDuplicates))
        .append(",\"snapshotRepairs\":").append(Json.strList(loaded.snapshotRepairs))
        .append("},\"hapiVersion\":").append(Json.str(hapiVersion()))
        .append('}');
    out.println(json);
    out.flush();
    System.err.printf(
        "fhir-validator: jvm->main %d ms, chain init %d ms, %d file(s) in %d ms %s%n",
        mainStart - jvmStart, chainReady - mainStart, files.size(), end - chainReady, perFile);
    System.exit(0);
  }

  private static void appendResult(StringBuilder json, String file, FhirValidator validator, boolean includeWarnings) {
    json.append("{\"file\":").append(Json.str(file)).append(",\"errors\":[");
    String text;
    try {
      text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      appendIssue(json, "fatal", "", "Cannot read file: " + e, "FILE_READ", null);
      json.append("],\"warnings\":0}");
      return;
    }
    ValidationResult result;
    try {
      result = validator.validateWithResult(text);
    } catch (RuntimeException e) {
      // e.g. content that is neither XML nor JSON: report against the file, keep going with the others.
      appendIssue(json, "fatal", "", "Validator failed: " + e, "VALIDATOR_EXCEPTION", null);
      json.append("],\"warnings\":0}");
      return;
    }
    int warnings = 0;
    boolean first = true;
    StringBuilder warningDetails = new StringBuilder();
    for (SingleValidationMessage m : result.getMessages()) {
      ResultSeverityEnum sev = m.getSeverity();
      if (sev == ResultSeverityEnum.ERROR || sev == ResultSeverityEnum.FATAL) {
        if (!first) json.append(',');
        first = false;
        appendIssue(json, sev == ResultSeverityEnum.FATAL ? "fatal" : "error", m.getLocationString(), m.getMessage(),
            m.getMessageId(), m.getLocationLine());
      } else if (sev == ResultSeverityEnum.WARNING) {
        if (warnings > 0) warningDetails.append(',');
        warnings++;
        appendIssue(warningDetails, "warning", m.getLocationString(), m.getMessage(), m.getMessageId(),
            m.getLocationLine());
      }
    }
    json.append("],\"warnings\":").append(warnings);
    if (includeWarnings) json.append(",\"warningDetails\":[").append(warningDetails).append(']');
    json.append('}');
  }

  private static void appendIssue(StringBuilder json, String severity, String location, String message,
      String messageId, Integer line) {
    json.append("{\"severity\":").append(Json.str(severity))
        .append(",\"location\":").append(Json.str(location == null ? "" : location))
        .append(",\"message\":").append(Json.str(message == null ? "" : message));
    if (messageId != null) json.append(",\"messageId\":").append(Json.str(messageId));
    if (line != null && line > 0) json.append(",\"line\":").append(line);
    json.append('}');
  }

  private static String hapiVersion() {
    try {
      return ca.uhn.fhir.util.VersionUtil.getVersion();
    } catch (RuntimeException | LinkageError e) {
      return "unknown";
    }
  }
}
