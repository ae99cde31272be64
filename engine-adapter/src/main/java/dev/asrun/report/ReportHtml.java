package dev.asrun.report;

import dev.asrun.contract.ProcedureDefinition;
import dev.asrun.contract.ProcedureDefinition.Field;
import dev.asrun.contract.ProcedureDefinition.Step;
import dev.asrun.export.XmlText;
import dev.asrun.log.LoggedEvent;
import dev.asrun.query.Correction;
import dev.asrun.query.Deviation;
import dev.asrun.query.RunContext;
import dev.asrun.query.RunRecord;
import dev.asrun.query.RunStep;
import dev.asrun.query.RunSummary;
import dev.asrun.report.ReportContent.RunPart;
import dev.asrun.signature.Signature;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The report as XHTML for the PDF renderer. Every text that comes from a procedure's TOML, a
 * request or the log is escaped ({@link #text}); the markup is this class's own.
 */
final class ReportHtml {

  /** The font family every text is set in (embedded, see {@link PdfA}). */
  static final String FONT = "LiberationSans";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private final ReportContent content;
  private final Paper paper;
  private final StringBuilder html = new StringBuilder();

  private ReportHtml(ReportContent content, Paper paper) {
    this.content = content;
    this.paper = paper;
  }

  /** The report's XHTML. */
  static String of(ReportContent content, Paper paper) {
    return new ReportHtml(content, paper).document();
  }

  /** The title the document carries (and its XMP's {@code dc:title}). */
  static String title(ReportContent content) {
    RunSummary run = content.run().record().run();
    return "As-run report: "
        + procedureName(content.run())
        + " ("
        + run.procedureId()
        + version(run)
        + "), run "
        + run.runId();
  }

  private String document() {
    RunRecord record = content.run().record();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"UTF-8\"/>");
    html.append("<title>").append(text(title(content))).append("</title>");
    html.append("<meta name=\"subject\" content=\"")
        .append(text("The as-run record of run " + record.runId()))
        .append("\"/>");
    html.append("<style>").append(css()).append("</style></head><body>");
    footer();
    header(record);
    context(record);
    steps(content.run(), "Steps as written and as done");
    deviations(record);
    confirmation(record);
    nested();
    signatures();
    audit();
    recordHash();
    html.append("</body></html>");
    return html.toString();
  }

  private String css() {
    return "@page { size: "
        + paper.cssSize()
        + "; margin: 16mm 14mm 20mm 14mm;"
        + " @bottom-left { content: element(footer); } }"
        + " * { font-family: '"
        + FONT
        + "'; font-weight: normal; font-style: normal; }"
        + " body { font-size: 9pt; color: #111; }"
        + " h1 { font-size: 16pt; margin: 0 0 2mm 0; }"
        + " h2 { font-size: 12pt; margin: 6mm 0 2mm 0; border-bottom: 0.5pt solid #555; }"
        + " h3 { font-size: 10pt; margin: 4mm 0 1mm 0; }"
        + " h2, h3 { page-break-after: avoid; }"
        + " table { width: 100%; border-collapse: collapse; table-layout: fixed; }"
        + " th { text-align: left; background: #e6e6e6; }"
        + " th, td { border: 0.5pt solid #999; padding: 1mm; vertical-align: top;"
        + " word-wrap: break-word; overflow-wrap: break-word; }"
        + " tr { page-break-inside: avoid; }"
        + " dl { margin: 0; } dt { float: left; width: 42mm; color: #444; }"
        + " dd { margin: 0 0 0.8mm 44mm; }"
        + " .small { font-size: 7pt; } .muted { color: #555; }"
        + " .hash { font-size: 8pt; word-wrap: break-word; }"
        + " .signature { border: 0.8pt solid #333; padding: 2mm; margin: 0 0 2mm 0;"
        + " page-break-inside: avoid; }"
        + " .bad { color: #a00000; }"
        + " #footer { position: running(footer); font-size: 7pt; color: #333; }"
        + " .page::after { content: counter(page); }"
        + " .pages::after { content: counter(pages); }";
  }

  private void footer() {
    html.append("<div id=\"footer\">Run ")
        .append(text(content.run().record().runId()))
        .append(" · record hash ")
        .append(text(content.recordHash()))
        .append(" · page <span class=\"page\"></span> of <span class=\"pages\"></span></div>");
  }

  private void header(RunRecord record) {
    RunSummary run = record.run();
    html.append("<h1>As-run report</h1>");
    html.append("<dl>");
    term("Procedure", procedureName(content.run()));
    term("Procedure id, version", run.procedureId() + version(run));
    term("Run", run.runId());
    run.processInstanceId().ifPresent(id -> term("Process instance", id));
    term("Status", run.status().wireName() + run.abortReason().map(r -> " (" + r + ")").orElse(""));
    term("In the seed's words", record.summary());
    term("Started", time(run.startTime()));
    run.activatedAt().ifPresent(t -> term("First step", time(t)));
    term("Ended", run.endTime().map(ReportHtml::time).orElse("not ended"));
    run.duration().ifPresent(d -> term("Duration", duration(d)));
    term("Signatures", content.signatures().status().wireName());
    term("Report made", time(content.createdAt()));
    html.append("</dl>");
  }

  private void context(RunRecord record) {
    RunContext context = record.run().context();
    html.append("<h2>Executor context</h2><dl>");
    term("Executor", context.executorId().orElse("not recorded"));
    term("Location", context.location().orElse("not recorded"));
    term("Equipment", context.equipmentId().orElse("not recorded"));
    term("Notes", context.notes().orElse("none"));
    record.run().parentRunId().ifPresent(parent -> term("Nested in run", parent));
    html.append("</dl>");
  }

  private void steps(RunPart part, String heading) {
    html.append("<h2>").append(text(heading)).append("</h2>");
    html.append("<table><thead><tr><th style=\"width: 40%\">As written</th>")
        .append("<th style=\"width: 60%\">As done</th></tr></thead><tbody>");
    List<RunStep> attempts = part.record().steps();
    List<String> written = new ArrayList<>();
    part.procedure()
        .ifPresent(
            procedure ->
                procedure.steps().forEach(step -> writtenStep(part, step, 0, attempts, written)));
    for (RunStep attempt : attempts) {
      if (!written.contains(attempt.stepId())) {
        html.append("<tr><td>").append(text(attempt.stepId()));
        html.append("<div class=\"muted small\">not in the procedure as written</div></td><td>");
        attempt(part, attempt, List.of());
        html.append("</td></tr>");
      }
    }
    html.append("</tbody></table>");
    if (part.procedure().isEmpty()) {
      html.append(
          "<p class=\"muted\">The procedure's definition is no longer deployed: the steps are"
              + " shown as done only.</p>");
    }
  }

  private void writtenStep(
      RunPart part, Step step, int depth, List<RunStep> attempts, List<String> written) {
    written.add(step.id());
    html.append("<tr><td style=\"padding-left: ")
        .append(1 + depth * 4)
        .append("mm\">")
        .append(text(step.name().filter(n -> !n.isBlank()).orElse(step.id())));
    List<String> about = new ArrayList<>();
    about.add(step.id());
    about.add(step.type().name().toLowerCase(Locale.ROOT));
    if (step.header().optional()) {
      about.add("optional");
    }
    step.header().when().ifPresent(when -> about.add("when " + when));
    step.header().timeout().ifPresent(t -> about.add("timeout " + duration(t)));
    step.header().reference().ifPresent(r -> about.add("calls " + r));
    step.header()
        .check()
        .ifPresent(c -> about.add("expects " + c.variable() + " = " + yesNo(c.expect())));
    if (!step.steps().isEmpty()) {
      about.add("order " + step.header().order().name().toLowerCase(Locale.ROOT));
    }
    html.append("<div class=\"muted small\">")
        .append(text(String.join(" · ", about)))
        .append("</div>");
    for (Field field : step.fields()) {
      html.append("<div class=\"small\">")
          .append(text(field.variable() + ": " + field.type().value() + limits(field)))
          .append("</div>");
    }
    html.append("</td><td>");
    List<RunStep> mine = attempts.stream().filter(a -> a.stepId().equals(step.id())).toList();
    if (mine.isEmpty()) {
      html.append(step.steps().isEmpty() ? "not reached" : "");
    }
    for (RunStep attempt : mine) {
      attempt(part, attempt, step.fields());
    }
    html.append("</td></tr>");
    step.steps().forEach(child -> writtenStep(part, child, depth + 1, attempts, written));
  }

  private void attempt(RunPart part, RunStep attempt, List<Field> fields) {
    List<String> marks = new ArrayList<>();
    marks.add(attempt.status().wireName());
    if (attempt.attempt() > 1) {
      marks.add("attempt " + attempt.attempt());
    }
    if (attempt.overdue()) {
      marks.add("overdue");
    }
    html.append("<div>").append(text(String.join(", ", marks))).append("</div>");
    List<String> times = new ArrayList<>();
    attempt.startedAt().ifPresent(t -> times.add("started " + time(t)));
    attempt.endedAt().ifPresent(t -> times.add("ended " + time(t)));
    attempt.occurredAt().ifPresent(t -> times.add("performed at " + time(t) + " (claimed)"));
    attempt.executorId().ifPresent(e -> times.add("by " + e));
    if (!times.isEmpty()) {
      html.append("<div class=\"small\">").append(text(String.join(" · ", times))).append("</div>");
    }
    attempt.reason().ifPresent(r -> html.append("<div>Reason: ").append(text(r)).append("</div>"));
    Map<String, Object> values = attempt.taskId().map(id -> part.values().get(id)).orElse(Map.of());
    if (values == null) {
      return;
    }
    for (Map.Entry<String, Object> value : values.entrySet()) {
      Optional<Field> field =
          fields.stream().filter(f -> f.variable().equals(value.getKey())).findFirst();
      String shown = value.getKey() + " = " + value.getValue();
      shown += field.flatMap(Field::unit).map(u -> " " + u).orElse("");
      Optional<String> outside = field.flatMap(f -> outside(f, value.getValue()));
      html.append("<div")
          .append(outside.isPresent() ? " class=\"bad\"" : "")
          .append(">")
          .append(text(shown + outside.map(o -> " (" + o + ")").orElse("")))
          .append("</div>");
    }
  }

  private void deviations(RunRecord record) {
    html.append("<h2>Deviations and corrections</h2>");
    if (record.deviations().isEmpty()) {
      html.append("<p>No deviation.</p>");
    } else {
      html.append(
              "<table><thead><tr><th style=\"width: 16%\">Type</th><th style=\"width:"
                  + " 18%\">Step</th>")
          .append("<th style=\"width: 14%\">Position</th><th>Detail</th>")
          .append("<th style=\"width: 14%\">Corrected</th></tr></thead><tbody>");
      for (Deviation deviation : record.deviations()) {
        String position =
            deviation.expectedPosition().map(p -> "expected " + p).orElse("")
                + deviation.actualPosition().map(p -> ", actual " + p).orElse("");
        String detail =
            deviation.detail().orElse("")
                + deviation.previousStepId().map(p -> " (after " + p + ")").orElse("");
        row(
            deviation.type(),
            deviation.stepId().orElse(""),
            position,
            detail,
            deviation.corrected() ? "yes, set aside" : "no");
      }
      html.append("</tbody></table>");
    }
    if (!record.corrections().isEmpty()) {
      html.append("<h3>The executor's corrections</h3>");
      html.append(
              "<table><thead><tr><th style=\"width: 20%\">Correction</th><th style=\"width:"
                  + " 16%\">Step</th>")
          .append(
              "<th>Reason</th><th style=\"width: 14%\">By</th><th style=\"width:"
                  + " 20%\">Recorded</th></tr></thead><tbody>");
      for (Correction correction : record.corrections()) {
        row(
            correction.type() + correction.actualProcedureId().map(p -> " (" + p + ")").orElse(""),
            correction.stepId().orElse(""),
            correction.reason(),
            correction.executorId().orElse(""),
            time(correction.recordedAt()));
      }
      html.append("</tbody></table>");
    }
  }

  private void confirmation(RunRecord record) {
    html.append("<h2>The executor's confirmation</h2><dl>");
    term("Answer", record.run().executorConfirmation().orElse("not answered"));
    record.confirmationNote().ifPresent(note -> term("Note", note));
    record
        .correctedProcedureId()
        .ifPresent(id -> term("Procedure carried out, says the executor", id));
    html.append("</dl>");
  }

  private void nested() {
    html.append("<h2>Nested runs</h2>");
    if (content.nested().isEmpty()) {
      html.append("<p>None.</p>");
      return;
    }
    for (RunPart part : content.nested()) {
      RunSummary run = part.record().run();
      html.append("<h3>")
          .append(text(procedureName(part) + " (" + run.procedureId() + version(run) + ")"))
          .append("</h3><dl>");
      term("Run", run.runId());
      run.parentRunId().ifPresent(parent -> term("Started by run", parent));
      term("Status", part.record().summary());
      term("Started", time(run.startTime()));
      term("Ended", run.endTime().map(ReportHtml::time).orElse("not ended"));
      html.append("</dl>");
      steps(part, "Steps of run " + run.runId());
    }
  }

  private void signatures() {
    html.append("<h2>Signatures</h2>");
    var policy = content.signatures().policy();
    if (!policy.none()) {
      html.append("<p>")
          .append(
              text(
                  "Required, in this order: "
                      + policy.required().stream()
                          .map(m -> m.value())
                          .collect(Collectors.joining(", "))
                      + ". Status: "
                      + content.signatures().status().wireName()
                      + "."))
          .append("</p>");
    }
    if (content.signatures().signatures().isEmpty()) {
      html.append("<p>Not signed.</p>");
    }
    for (Signature signature : content.signatures().signatures()) {
      html.append("<div class=\"signature\"><dl>");
      term("Signed by", signature.signerName() + " (" + signature.signerId() + ")");
      term("Meaning", signature.meaning().value());
      term("Date and time", time(signature.signedAt()));
      term("Comment", signature.comment().orElse("none"));
      html.append("<dt>Bound to record hash</dt><dd class=\"hash\">")
          .append(text(signature.recordHash()))
          .append("</dd>");
      term("Signature id", signature.signatureId());
      html.append("</dl></div>");
    }
  }

  private void audit() {
    html.append("<h2>Audit trail</h2>");
    html.append(
            "<p class=\"small muted\">Every event of the run's and its nested runs' streams, as")
        .append(" the log holds them (the attached record): log order, stream and position,")
        .append(" recorded and claimed times, source, type and details.</p>");
    html.append("<table class=\"small\"><thead><tr><th style=\"width: 7%\">Seq</th>")
        .append(
            "<th style=\"width: 20%\">Stream, position</th><th style=\"width: 17%\">Recorded</th>")
        .append("<th style=\"width: 18%\">Event</th><th>Details</th></tr></thead><tbody>");
    for (LoggedEvent event : content.events()) {
      row(
          Long.toString(event.seq()),
          event.stream() + " #" + event.streamSeq(),
          time(event.recordedAt()) + event.occurredAt().map(t -> "; claimed " + time(t)).orElse(""),
          event.type().wireName() + " (" + event.source().wireName() + ")",
          event.payload());
    }
    html.append("</tbody></table>");
  }

  private void recordHash() {
    html.append("<h2>The record's hash</h2>");
    html.append("<p class=\"hash\">").append(text(content.recordHash())).append("</p>");
    html.append("<p>SHA-256 over the heads of the streams of this run and its nested runs (")
        .append(text(String.join(", ", streams())))
        .append("). The record itself, the events of those streams as the log holds them, is")
        .append(" attached to this document as ")
        .append(text(PdfA.ATTACHMENT_NAME))
        .append(" (JSON Lines); <i>asrun-examples verify-report</i> checks its hash chains, its")
        .append(" signatures and that these pages state the same run and hash.</p>");
  }

  private List<String> streams() {
    return content.events().stream().map(LoggedEvent::stream).distinct().sorted().toList();
  }

  private void term(String term, String definition) {
    html.append("<dt>")
        .append(text(term))
        .append("</dt><dd>")
        .append(text(definition))
        .append("</dd>");
  }

  private void row(String... cells) {
    html.append("<tr>");
    for (String cell : cells) {
      html.append("<td>").append(text(cell)).append("</td>");
    }
    html.append("</tr>");
  }

  private static String procedureName(RunPart part) {
    return part.procedure()
        .flatMap(ProcedureDefinition::name)
        .filter(n -> !n.isBlank())
        .orElse(part.record().run().procedureId());
  }

  private static String version(RunSummary run) {
    return run.procedureVersion().map(v -> ", version " + v).orElse("");
  }

  private static String limits(Field field) {
    List<String> limits = new ArrayList<>();
    field.min().ifPresent(min -> limits.add("min " + min.toPlainString()));
    field.max().ifPresent(max -> limits.add("max " + max.toPlainString()));
    field.unit().ifPresent(unit -> limits.add("unit " + unit));
    if (!field.values().isEmpty()) {
      limits.add("one of " + String.join(", ", field.values()));
    }
    if (field.required()) {
      limits.add("required");
    }
    return limits.isEmpty() ? "" : " (" + String.join(", ", limits) + ")";
  }

  /** Why a recorded number is outside its field's limits, if it is. */
  private static Optional<String> outside(Field field, Object value) {
    if (!(value instanceof Number) && !(value instanceof String)) {
      return Optional.empty();
    }
    BigDecimal number;
    try {
      number = new BigDecimal(value.toString().strip());
    } catch (NumberFormatException notANumber) {
      return Optional.empty();
    }
    if (field.min().filter(min -> number.compareTo(min) < 0).isPresent()) {
      return Optional.of("below the minimum " + field.min().get().toPlainString());
    }
    if (field.max().filter(max -> number.compareTo(max) > 0).isPresent()) {
      return Optional.of("above the maximum " + field.max().get().toPlainString());
    }
    return Optional.empty();
  }

  private static String yesNo(boolean value) {
    return value ? "yes" : "no";
  }

  static String time(Instant time) {
    return TIME.format(time);
  }

  private static String duration(Duration duration) {
    long seconds = duration.getSeconds();
    return String.format(
        Locale.ROOT, "%d:%02d:%02d", seconds / 3600, (seconds % 3600) / 60, seconds % 60);
  }

  /** {@code value} as XHTML text: untrusted text never becomes markup. */
  static String text(String value) {
    return XmlText.escape(value);
  }
}
