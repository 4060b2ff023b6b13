package firstsync.validator;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.dstu3.model.CodeSystem;
import org.hl7.fhir.dstu3.model.ElementDefinition;
import org.hl7.fhir.dstu3.model.StructureDefinition;
import org.hl7.fhir.dstu3.model.ValueSet;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Walks a folder of STU3 conformance resources (XML or JSON) and adds every StructureDefinition, ValueSet and
 * CodeSystem to a PrePopulatedValidationSupport. Folders named {@code examples} (instances, not definitions)
 * and hidden folders are skipped; other resource types are ignored.
 */
final class ConformanceLoader {

  static final class Summary {
    int structureDefinitions;
    int valueSets;
    int codeSystems;
    final List<String> skippedCoreDuplicates = new ArrayList<>();
    final List<String> snapshotRepairs = new ArrayList<>();
  }

  private ConformanceLoader() {}

  /** One parsed conformance resource and the file it came from. */
  record Parsed(Path file, String kind, String url, IBaseResource resource) {}

  /** Parses every StructureDefinition / ValueSet / CodeSystem (XML or JSON) below {@code dir}. */
  static List<Parsed> parseFolder(FhirContext ctx, Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("Profile folder not found: " + dir.toAbsolutePath());
    }
    List<Path> files = new ArrayList<>();
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
        String name = d.getFileName() == null ? "" : d.getFileName().toString();
        if (!d.equals(dir) && (name.equals("examples") || name.startsWith(".") || name.equals("node_modules"))) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
        String n = f.getFileName().toString().toLowerCase();
        if (n.endsWith(".xml") || n.endsWith(".json")) files.add(f);
        return FileVisitResult.CONTINUE;
      }
    });
    files.sort(null); // deterministic: later duplicates are reported against earlier ones

    List<Parsed> out = new ArrayList<>();
    IParser xml = ctx.newXmlParser();
    IParser jsonParser = ctx.newJsonParser();
    for (Path f : files) {
      String text = Files.readString(f, StandardCharsets.UTF_8);
      boolean isJson = text.stripLeading().startsWith("{");
      if (isJson && !text.contains("\"resourceType\"")) continue; // e.g. manifest.json
      IBaseResource r;
      try {
        r = (isJson ? jsonParser : xml).parseResource(text);
      } catch (DataFormatException | IllegalArgumentException e) {
        System.err.println("fhir-validator: skipping unparsable conformance file " + f + ": " + e.getMessage());
        continue;
      }
      if (r instanceof StructureDefinition sd) {
        out.add(new Parsed(f, "StructureDefinition", sd.getUrl(), r));
      } else if (r instanceof ValueSet vs) {
        out.add(new Parsed(f, "ValueSet", vs.getUrl(), r));
      } else if (r instanceof CodeSystem cs) {
        out.add(new Parsed(f, "CodeSystem", cs.getUrl(), r));
      }
    }
    return out;
  }

  /** Adds the parsed resources to {@code target}, skipping core duplicates and repairing Bundle snapshots. */
  static Summary register(IValidationSupport core, PrePopulatedValidationSupport target, List<Parsed> parsed) {
    Summary s = new Summary();
    Map<String, Path> seen = new HashMap<>();
    for (Parsed p : parsed) {
      String url = p.url();
      if (url == null || url.isBlank()) {
        System.err.println("fhir-validator: skipping " + p.kind() + " without url: " + p.file());
        continue;
      }
      // The GP Connect project carries copies of a few core extensions under http://hl7.org/fhir/ URLs. The core
      // definition wins (it comes first in the chain); skip the copy so fetchAll* never sees two of one URL.
      if (existsInCore(core, p.kind(), url)) {
        s.skippedCoreDuplicates.add(url);
        continue;
      }
      Path previous = seen.putIfAbsent(p.kind() + "|" + url, p.file());
      if (previous != null) {
        System.err.println(
            "fhir-validator: duplicate " + p.kind() + " " + url + " in " + p.file() + " (kept " + previous + ")");
        continue;
      }
      switch (p.kind()) {
        case "StructureDefinition" -> {
          s.snapshotRepairs.addAll(dropChildrenOfResourceElements((StructureDefinition) p.resource()));
          target.addStructureDefinition(p.resource());
          s.structureDefinitions++;
        }
        case "ValueSet" -> {
          target.addValueSet(p.resource());
          s.valueSets++;
        }
        default -> {
          target.addCodeSystem(p.resource());
          s.codeSystems++;
        }
      }
    }
    return s;
  }

  /**
   * Forge/Simplifier wrote snapshots for the ITK Bundle profiles that expand the children of
   * {@code Bundle.entry.resource} and {@code Bundle.entry.response.outcome} (type Resource: id, meta,
   * implicitRules, language). The validator then walks every bundled resource with those four definitions only
   * and reports each of its other elements as "not allowed by the profile ITK-Message-Bundle-1" (hundreds of
   * false errors per message) instead of validating the entry against its own type and meta.profile. The
   * differentials do not constrain those children, so removing them restores the snapshot the differential
   * describes. Only elements below a Resource/DomainResource-typed element are removed; each removal is listed
   * in the output ("snapshotRepairs").
   */
  static List<String> dropChildrenOfResourceElements(StructureDefinition sd) {
    List<String> removed = new ArrayList<>();
    if (!sd.hasSnapshot()) return removed;
    List<ElementDefinition> elements = sd.getSnapshot().getElement();
    List<String> resourcePaths = new ArrayList<>();
    for (ElementDefinition e : elements) {
      if (e.getPath().indexOf('.') < 0) continue; // the root element itself
      for (ElementDefinition.TypeRefComponent t : e.getType()) {
        if ("Resource".equals(t.getCode()) || "DomainResource".equals(t.getCode())) {
          resourcePaths.add(e.getPath() + ".");
          break;
        }
      }
    }
    if (resourcePaths.isEmpty()) return removed;
    elements.removeIf(e -> {
      for (String prefix : resourcePaths) {
        if (e.getPath().startsWith(prefix)) {
          removed.add(sd.getUrl() + "#" + (e.hasId() ? e.getId() : e.getPath()));
          return true;
        }
      }
      return false;
    });
    return removed;
  }

  private static boolean existsInCore(IValidationSupport core, String kind, String url) {
    if (!url.startsWith("http://hl7.org/fhir/")) return false;
    return switch (kind) {
      case "StructureDefinition" -> core.fetchStructureDefinition(url) != null;
      case "ValueSet" -> core.fetchValueSet(url) != null;
      default -> core.fetchCodeSystem(url) != null;
    };
  }
}
