package dev.asrun.examples.commands;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.capture.RunIds;
import dev.asrun.log.EventLog;
import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import dev.asrun.log.NewEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.Group;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The as-run report over HTTP in the running app, read as a reader sees it and verified by {@code
 * verify-report} without the database: {@code demo} works a batch (a weight out of its limits),
 * signs it as performed, the demo reviewer ({@code reviewer}, Rita Reviewer) reviews it; the
 * report's pages (rendered by poppler's {@code pdftoppm} into {@code
 * target/screenshots/report-first-page.png}) and text ({@code pdftotext}) state them; an altered
 * attachment, a signature bound to another record, a PDF without a record, a file that is no PDF
 * and a missing argument each get their exit code.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:asrun-report;DB_CLOSE_DELAY=-1",
      "asrun.examples.scenarios.runs=0"
    })
class VerifyReportCommandTest {

  private static final String API = "/asrun/api/v1";
  private static final String PROCEDURE = "rep_api_batch";
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @Autowired private TestRestTemplate http;
  @Autowired private IdentityService identityService;
  @Autowired private FormService formService;
  @Autowired private TaskService taskService;
  @Autowired private RepositoryService repositoryService;
  @Autowired private DataSource dataSource;

  private String runId;

  @DynamicPropertySource
  static void signedProcedure(DynamicPropertyRegistry registry) throws IOException {
    Path procedures = Files.createTempDirectory("asrun-report-procedures");
    Files.writeString(
        procedures.resolve(PROCEDURE + ".toml"),
        """
        schema = "procedure/0.2"

        [procedure]
        id = "rep_api_batch"
        name = "Tris buffer, 1 L"
        version = "3"
        executor_groups = ["operators"]

        [procedure.signatures]
        required = ["performed", "reviewed"]
        groups = { reviewed = ["qa"] }

        [[procedure.steps]]
        id = "weigh_tris"
        type = "record"
        name = "Weigh the Tris base"
          [[procedure.steps.fields]]
          variable = "tris_mass_g"
          label = "Tris base"
          type = "number"
          unit = "g"
          min = 121.0
          max = 121.3

        [[procedure.steps]]
        id = "label"
        name = "Label the <bottle> & date it"
        """);
    registry.add("asrun.procedures-dir", procedures::toString);
  }

  /** Demo's batch, the weight out of its limits, signed performed by demo, reviewed by QA. */
  @BeforeEach
  void aSignedBatch() {
    String definition =
        repositoryService
            .createProcessDefinitionQuery()
            .processDefinitionKey(PROCEDURE)
            .latestVersion()
            .singleResult()
            .getId();
    asDemo();
    String instance = formService.submitStartForm(definition, Map.of("location", "lab_3")).getId();
    formService.submitTaskForm(
        task(instance), Map.of("asrun_outcome", "done", "tris_mass_g", 121.6));
    formService.submitTaskForm(task(instance), Map.of("asrun_outcome", "done"));
    identityService.clearAuthentication();
    runId = RunIds.of(instance);
    assertThat(sign("demo", "performed").getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(sign("reviewer", "reviewed").getStatusCode()).isEqualTo(HttpStatus.CREATED);
  }

  @AfterEach
  void forgetTheUser() {
    identityService.clearAuthentication();
  }

  private String task(String instance) {
    return taskService.createTaskQuery().processInstanceId(instance).singleResult().getId();
  }

  private void asDemo() {
    identityService.setAuthentication(
        "demo",
        identityService.createGroupQuery().groupMember("demo").list().stream()
            .map(Group::getId)
            .toList());
  }

  private ResponseEntity<String> sign(String user, String meaning) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("meaning", meaning);
    body.put("password", user);
    body.put("comment", "values checked against the balance print-out");
    return http.withBasicAuth(user, user)
        .exchange(
            API + "/runs/" + runId + "/signatures",
            HttpMethod.POST,
            new HttpEntity<>(body),
            String.class);
  }

  private byte[] report(String query) {
    ResponseEntity<byte[]> answer =
        http.withBasicAuth("demo", "demo")
            .exchange(
                API + "/runs/" + runId + "/report.pdf" + query, HttpMethod.GET, null, byte[].class);
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PDF);
    return answer.getBody();
  }

  @Test
  void theReportOfASignedRunStatesItOnEveryPageAndVerifiesWithoutTheDatabase() throws Exception {
    Path pdf = write("report.pdf", report(""));

    String text = poppler("pdftotext", "-layout", pdf.toString(), "-");
    assertThat(text)
        .contains("Tris buffer, 1 L")
        .contains("rep_api_batch, version 3")
        .contains("Weigh the Tris base")
        .contains("tris_mass_g: number (min 121.0, max 121.3, unit g)")
        .contains("tris_mass_g = 121.6 g (above the maximum 121.3)")
        .contains("Label the <bottle> & date it")
        .contains("lab_3")
        .contains("Demo Operator (demo)")
        .contains("Rita Reviewer (reviewer)")
        .contains("values checked against the balance print-out")
        .contains("Status: signed");
    Result verified = run("verify-report", pdf.toString());
    assertThat(verified.exitCode()).as(verified.toString()).isZero();
    String hash = verified.out().replaceAll("(?s).*record hash ([0-9a-f]{64}).*", "$1");
    assertThat(List.of(text.split("\f")))
        .filteredOn(page -> !page.isBlank())
        .allSatisfy(
            page ->
                assertThat(page.replaceAll("\\s+", " "))
                    .contains("Run " + runId + " · record hash " + hash));
    poppler(
        "pdftoppm",
        "-png",
        "-r",
        "80",
        "-f",
        "1",
        "-l",
        "1",
        "-singlefile",
        pdf.toString(),
        SCREENSHOTS.resolve("report-first-page").toString());
    assertThat(Files.size(SCREENSHOTS.resolve("report-first-page.png"))).isGreaterThan(20_000);

    Path letter = write("report-letter.pdf", report("?paper=letter"));
    try (PDDocument document = Loader.loadPDF(letter.toFile())) {
      assertThat(document.getPage(0).getMediaBox().getWidth()).isEqualTo(612f);
    }
    assertThat(run("verify-report", letter.toString()).exitCode()).isZero();
  }

  @Test
  void anAlteredAttachmentIsDamageNamingTheEventAndTheSignaturesOverIt() throws Exception {
    byte[] original = report("");
    byte[] altered;
    try (PDDocument document = Loader.loadPDF(original)) {
      PDComplexFileSpecification spec =
          document
              .getDocumentCatalog()
              .getNames()
              .getEmbeddedFiles()
              .getNames()
              .values()
              .iterator()
              .next();
      String record = new String(spec.getEmbeddedFile().toByteArray(), UTF_8);
      String changed = record.replace("\"tris_mass_g\":\"121.6\"", "\"tris_mass_g\":\"121.2\"");
      assertThat(changed).isNotEqualTo(record);
      PDEmbeddedFile file =
          new PDEmbeddedFile(document, new ByteArrayInputStream(changed.getBytes(UTF_8)));
      file.setSubtype("application/jsonl");
      spec.setEmbeddedFile(file);
      spec.setEmbeddedFileUnicode(file);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      document.save(out);
      altered = out.toByteArray();
    }

    Result result = run("verify-report", write("report-altered.pdf", altered).toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.out())
        .contains("DAMAGED")
        .contains("stream run:" + runId)
        .contains("edited at stream_seq")
        .contains("signature_broken")
        .contains("(performed by demo)")
        .contains("(reviewed by reviewer)");
  }

  @Test
  void aSignatureBoundToAnotherRecordIsDamageNamingTheSignature() throws Exception {
    Map<String, Object> copied = new LinkedHashMap<>();
    copied.put("signature_id", "copied-from-elsewhere");
    copied.put("meaning", "approved");
    copied.put("signer_id", "mallory");
    copied.put("signer_name", "Mallory Copier");
    copied.put("signed_at", "2026-01-01T00:00:00Z");
    copied.put("record_hash", "ab".repeat(32));
    copied.put("comment", null);
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      new EventLog()
          .append(
              connection,
              new NewEvent(
                  EventSource.EXECUTOR,
                  EventType.SIGNATURE_APPLIED,
                  Optional.of(PROCEDURE),
                  Optional.of("3"),
                  Optional.of(runId),
                  Optional.empty(),
                  copied));
      connection.commit();
    }

    Result result =
        run("verify-report", write("report-copied-signature.pdf", report("")).toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.out())
        .contains("signature_broken")
        .contains(
            "signature copied-from-elsewhere (approved by mallory) is bound to record hash "
                + "ab".repeat(32));
  }

  @Test
  void aPdfWithoutARecordOrAFileThatIsNoPdfIsNoReportAndAMissingArgumentIsUsage() throws Exception {
    ByteArrayOutputStream blank = new ByteArrayOutputStream();
    try (PDDocument document = new PDDocument()) {
      document.addPage(new PDPage());
      document.save(blank);
    }
    Result noRecord = run("verify-report", write("blank.pdf", blank.toByteArray()).toString());
    assertThat(noRecord.exitCode()).as(noRecord.toString()).isEqualTo(4);
    assertThat(noRecord.err()).contains("is not an as-run report: no as-run record is attached");

    Result noPdf = run("verify-report", write("not-a.pdf", "just text".getBytes(UTF_8)).toString());
    assertThat(noPdf.exitCode()).as(noPdf.toString()).isEqualTo(4);
    assertThat(noPdf.err()).contains("not a PDF");

    assertThat(run("verify-report").exitCode()).isEqualTo(2);
    Result missing = run("verify-report", SCREENSHOTS.resolve("no-such.pdf").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("no such file");
  }

  private static Path write(String name, byte[] bytes) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    return Files.write(SCREENSHOTS.resolve(name), bytes);
  }

  private static String poppler(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    process.getInputStream().transferTo(out);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
    return out.toString(UTF_8);
  }

  private record Result(int exitCode, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = RecordCommands.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Result(exitCode, out.toString(), err.toString());
  }
}
