package dev.asrun.capture;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.log.DetachedRecord;
import dev.asrun.log.VerifyReport;
import dev.asrun.report.Paper;
import dev.asrun.report.RunReports;
import dev.asrun.signature.Signature;
import dev.asrun.signature.Signing;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.xmpbox.XMPMetadata;
import org.apache.xmpbox.schema.PDFAIdentificationSchema;
import org.apache.xmpbox.xml.DomXmpParser;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;

/**
 * The as-run report of a signed run with a nested run, made on a real engine (H2 and PostgreSQL)
 * and read as a reader sees it: its text as poppler's {@code pdftotext} extracts it, its first page
 * rendered by {@code pdftoppm}, its PDF/A-3b conformance by veraPDF, and its attached record
 * verified without the database.
 */
class RunReportTest {

  @Nested
  class OnH2 extends Scenarios {
    @RegisterExtension final ProcessEngineExtension extension = TestEngines.h2();
  }

  @Nested
  class OnPostgres extends Scenarios {
    @RegisterExtension final ProcessEngineExtension extension = TestEngines.postgres();
  }

  abstract static class Scenarios extends CaptureTest {

    private static final String BUFFER =
        """
        schema = "procedure/0.2"

        [procedure]
        id = "rep_buffer"
        name = "Buffer <b>prep</b> & \\"QA\\""
        version = "2.1"

        [procedure.signatures]
        required = ["performed", "reviewed"]

        [[procedure.steps]]
        id = "weigh"
        type = "record"
        name = "Weigh the salt"
          [[procedure.steps.fields]]
          variable = "salt_g"
          label = "Salt"
          type = "number"
          unit = "g"
          min = 5
          max = 6

        [[procedure.steps]]
        id = "calibrate"
        name = "Calibrate the pH meter"
        reference = "rep_zero"

        [[procedure.steps]]
        id = "rinse"
        name = "Rinse the flask"
        """;

    private static final String ZERO =
        """
        [procedure]
        id = "rep_zero"
        name = "Zero the meter"

        [[procedure.steps]]
        id = "zero"
        name = "Zero it"
        """;

    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String operator = "op" + tag;
    private final String reviewer = "qa" + tag;

    private void user(String id, String first, String last) {
      IdentityService identity = engine.getIdentityService();
      User user = identity.newUser(id);
      user.setFirstName(first);
      user.setLastName(last);
      user.setPassword("pw-" + id);
      identity.saveUser(user);
    }

    /** A buffer worked by the operator (salt out of limits, rinse skipped), signed twice. */
    private String signedRun() {
      user(operator, "Olga", "Operator");
      user(reviewer, "Quinn", "Reviewer");
      deploy(BUFFER, ZERO);
      as(operator);
      ProcessInstance run =
          start("rep_buffer", null, "location", "lab_<3>", "equipment_id", "balance-7");
      done(run, "weigh", "salt_g", 6.5);
      ProcessInstance child =
          engine
              .getRuntimeService()
              .createProcessInstanceQuery()
              .superProcessInstanceId(run.getId())
              .singleResult();
      done(child, "zero");
      skip(run, "rinse", "no <water> left");
      String runId = RunIds.of(run.getId());
      sign(operator, runId, "performed", "as recorded");
      sign(reviewer, runId, "reviewed", "checked & fine");
      return runId;
    }

    private Signature sign(String user, String runId, String meaning, String comment) {
      as(user);
      return new Signing(engine).sign(runId, meaning, "pw-" + user, Optional.of(comment));
    }

    private byte[] report(String runId, Paper paper) throws Exception {
      as(null);
      return new RunReports(engine, configuration().getDataSource()).report(runId, paper);
    }

    @Test
    void theReportStatesTheRunItsStepsValuesSignaturesAndHashOnPagesAReaderSees() throws Exception {
      String runId = signedRun();
      byte[] pdf = report(runId, Paper.A4);
      Path file = output("report-engine-" + tag + ".pdf", pdf);

      DetachedRecord record = DetachedRecord.read(attachment(pdf));
      String hash = record.recordHash();
      String text = run("pdftotext", "-layout", file.toString(), "-");
      assertThat(text)
          .contains("As-run report")
          .contains("Buffer <b>prep</b> & \"QA\"")
          .contains("rep_buffer, version 2.1")
          .contains("lab_<3>")
          .contains("balance-7")
          .contains("Weigh the salt")
          .contains("salt_g: number (min 5, max 6, unit g)")
          .contains("salt_g = 6.5 g (above the maximum 6)")
          .contains("Zero it")
          .contains("Reason: no <water> left")
          .contains("Olga Operator (" + operator + ")")
          .contains("Quinn Reviewer (" + reviewer + ")")
          .contains("performed")
          .contains("reviewed")
          .contains("checked & fine")
          .contains("Status: signed")
          .contains("signature_applied")
          .contains(hash);
      List<String> pages = List.of(text.split("\f"));
      assertThat(pages.stream().filter(p -> !p.isBlank()).toList())
          .hasSizeGreaterThan(1)
          .allSatisfy(
              page ->
                  assertThat(page.replaceAll("\\s+", " "))
                      .contains("Run " + runId + " · record hash " + hash));

      Path png = file.resolveSibling("report-engine-first-page-" + tag);
      run(
          "pdftoppm",
          "-png",
          "-r",
          "50",
          "-f",
          "1",
          "-l",
          "1",
          "-singlefile",
          file.toString(),
          png.toString());
      assertThat(Files.size(Path.of(png + ".png"))).isGreaterThan(10_000);

      assertThat(record.runId()).contains(runId);
      assertThat(record.streams()).hasSize(2);
      assertThat(record.verify().ok()).isTrue();
    }

    @Test
    void theReportIsPdfA3bWithEveryFontEmbeddedAndTheRecordAsAnAssociatedFile() throws Exception {
      byte[] pdf = report(signedRun(), Paper.A4);

      try (PDDocument document = Loader.loadPDF(pdf)) {
        XMPMetadata xmp =
            new DomXmpParser()
                .parse(document.getDocumentCatalog().getMetadata().exportXMPMetadata());
        PDFAIdentificationSchema id = xmp.getPDFAIdentificationSchema();
        assertThat(id.getPart()).isEqualTo(3);
        assertThat(id.getConformance()).isEqualTo("B");
        assertThat(xmp.getDublinCoreSchema().getTitle()).startsWith("As-run report: ");
        List<PDFont> fonts = new ArrayList<>();
        for (PDPage page : document.getPages()) {
          PDResources resources = page.getResources();
          for (COSName name : resources.getFontNames()) {
            fonts.add(resources.getFont(name));
          }
        }
        assertThat(fonts).isNotEmpty().allSatisfy(font -> assertThat(font.isEmbedded()).isTrue());
        COSArray associated =
            (COSArray)
                document
                    .getDocumentCatalog()
                    .getCOSObject()
                    .getDictionaryObject(COSName.getPDFName("AF"));
        assertThat(associated.size()).isEqualTo(1);
        PDComplexFileSpecification spec = fileSpec(document);
        assertThat(spec.getCOSObject().getNameAsString(COSName.getPDFName("AFRelationship")))
            .isEqualTo("Source");
        assertThat(spec.getEmbeddedFile().getSubtype()).isEqualTo("application/jsonl");
      }

      VeraGreenfieldFoundryProvider.initialise();
      try (PDFAParser parser =
              Foundries.defaultInstance()
                  .createParser(new ByteArrayInputStream(pdf), PDFAFlavour.PDFA_3_B);
          PDFAValidator validator =
              Foundries.defaultInstance().createValidator(PDFAFlavour.PDFA_3_B, false)) {
        ValidationResult result = validator.validate(parser);
        List<String> failed =
            result.getTestAssertions().stream()
                .filter(a -> a.getStatus() == TestAssertion.Status.FAILED)
                .map(a -> a.getRuleId() + ": " + a.getMessage())
                .distinct()
                .toList();
        assertThat(failed).isEmpty();
        assertThat(result.isCompliant()).isTrue();
      }
    }

    @Test
    void aLetterReportIsLaidOutOnLetterPaper() throws Exception {
      String runId = signedRun();
      try (PDDocument document = Loader.loadPDF(report(runId, Paper.LETTER))) {
        assertThat(document.getPage(0).getMediaBox().getWidth()).isEqualTo(612f);
        assertThat(document.getPage(0).getMediaBox().getHeight()).isEqualTo(792f);
      }
      try (PDDocument document = Loader.loadPDF(report(runId, Paper.A4))) {
        assertThat(document.getPage(0).getMediaBox().getWidth()).isBetween(595f, 596f);
      }
    }

    @Test
    void anAlteredAttachedRecordNoLongerVerifiesAtTheEventChanged() throws Exception {
      byte[] pdf = report(signedRun(), Paper.A4);
      String original = new String(attachment(pdf), UTF_8);
      String altered = original.replace("\"salt_g\":\"6.5\"", "\"salt_g\":\"5.5\"");
      assertThat(altered).isNotEqualTo(original);

      VerifyReport report = DetachedRecord.read(altered.getBytes(UTF_8)).verify();

      assertThat(report.ok()).isFalse();
      assertThat(report.problems())
          .anySatisfy(p -> assertThat(p.kind()).isEqualTo(VerifyReport.Damage.EDITED))
          .anySatisfy(p -> assertThat(p.kind()).isEqualTo(VerifyReport.Damage.SIGNATURE_BROKEN));
    }

    private static PDComplexFileSpecification fileSpec(PDDocument document) throws IOException {
      PDEmbeddedFilesNameTreeNode files =
          document.getDocumentCatalog().getNames().getEmbeddedFiles();
      Map<String, PDComplexFileSpecification> names = files.getNames();
      assertThat(names).containsOnlyKeys("asrun-record.jsonl");
      return names.get("asrun-record.jsonl");
    }

    private static byte[] attachment(byte[] pdf) throws IOException {
      try (PDDocument document = Loader.loadPDF(pdf)) {
        PDEmbeddedFile file = fileSpec(document).getEmbeddedFile();
        return file.toByteArray();
      }
    }

    private static Path output(String name, byte[] bytes) throws IOException {
      Path dir = Path.of("target", "reports");
      Files.createDirectories(dir);
      return Files.write(dir.resolve(name), bytes);
    }

    private static String run(String... command) throws Exception {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      process.getInputStream().transferTo(out);
      assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
      assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
      return out.toString(UTF_8);
    }
  }
}
