package dev.asrun.redline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.cli.Main;
import dev.asrun.compiler.CompilationResult;
import dev.asrun.compiler.ProcedureCompiler;
import dev.asrun.compiler.Source;
import dev.asrun.contract.ProcedureDefinition;
import dev.asrun.query.Correction;
import dev.asrun.query.RunRecord;
import dev.asrun.redline.Proposal.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The proposals from histories whose truth is known, and the patch that makes them. */
class RedlinesTest {

  private static final Instant START = Instant.parse("2026-11-02T08:00:00Z");
  private static final int RUNS = 12;

  static String source() throws IOException {
    try (InputStream in = RedlinesTest.class.getResourceAsStream("/redline/sop_redline.toml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static ProcedureDefinition definition(String toml) {
    CompilationResult compiled =
        ProcedureCompiler.compile(List.of(new Source("sop_redline.toml", toml)));
    assertThat(compiled.diagnostics()).isEmpty();
    return ProcedureDefinition.read(
        Bpmn.readModelFromStream(
            new ByteArrayInputStream(
                compiled.procedures().get(0).bpmnXml().getBytes(StandardCharsets.UTF_8))));
  }

  /**
   * Twelve runs: flush before inspect in each, check_pressure after drain in eleven, drain taking
   * 25 minutes (timeout 10m), vacuum skipped in {@code vacuumSkipped}, residue above its maximum in
   * ten, each run well within a quarter of the procedure's 3h.
   */
  private static List<RunRecord> history(int vacuumSkipped, int vacuumSetAside) {
    List<RunRecord> runs = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      RunBuilder run = new RunBuilder("run-" + i, START.plus(Duration.ofDays(i)));
      run.done("stop_line", Duration.ofMinutes(1)).done("drain", Duration.ofMinutes(25), true);
      if (i < 11) {
        run.extra("check_pressure", Optional.of("drain"));
      }
      run.done("flush", Duration.ofMinutes(2)).done("inspect", Duration.ofMinutes(1));
      run.done("wipe", Duration.ofMinutes(1));
      if (i < vacuumSkipped) {
        run.skipped("vacuum");
        if (i < vacuumSetAside) {
          run.deviation("omission", "vacuum", Optional.empty(), "vacuum was skipped", true);
        }
      } else {
        run.done("vacuum", Duration.ofMinutes(1));
      }
      run.done("measure", Duration.ofMinutes(1));
      if (i < 10) {
        run.deviation(
            "out_of_limits",
            "measure",
            Optional.empty(),
            "residue_g was recorded as 7 g at measure, above the maximum 5 g",
            false);
      }
      runs.add(run.done("restart", Duration.ofMinutes(1)).completed());
    }
    return runs;
  }

  @Test
  void proposesEachKindFromItsEvidenceAndNothingForStepsDoneInEveryRun() {
    List<Proposal> proposals =
        Redlines.propose(definition(sourceUnchecked()), history(10, 0), Settings.DEFAULTS);

    assertThat(proposals)
        .extracting(RedlinesTest::brief)
        .containsExactly(
            "make_optional vacuum - -",
            "reorder flush inspect -",
            "add_step - drain check_pressure",
            "change_timeout - - -",
            "change_timeout drain - -",
            "check_limits measure - -");
    Proposal optional = proposals.get(0);
    assertThat(optional.evidence().runs()).isEqualTo(10);
    assertThat(optional.evidence().ofRuns()).isEqualTo(12);
    assertThat(optional.evidence().lowerBound()).isBetween(0.55, 0.6);
    assertThat(optional.summary())
        .isEqualTo("Step vacuum skipped in 10 of 12 runs: make it optional.");
    assertThat(optional.runIds()).containsExactly("run-9", "run-8", "run-7", "run-6", "run-5");
    Proposal procedureTimeout = proposals.get(3);
    assertThat(procedureTimeout.proposedTimeout()).contains(Duration.ofMinutes(33));
    assertThat(procedureTimeout.summary()).startsWith("Far too generous: the procedure");
    Proposal drain = proposals.get(4);
    assertThat(drain.currentTimeout()).contains(Duration.ofMinutes(10));
    assertThat(drain.proposedTimeout()).contains(Duration.ofMinutes(25));
    assertThat(drain.summary()).startsWith("Timeout exceeded: step drain took longer than its 10m");
    assertThat(proposals.get(5).field()).contains("residue_g");
  }

  @Test
  void correctionsChangeTheEvidence() {
    ProcedureDefinition procedure = definition(sourceUnchecked());
    List<RunRecord> skippedInSix = history(6, 0);
    assertThat(kinds(Redlines.propose(procedure, skippedInSix, Settings.DEFAULTS), "vacuum"))
        .isEmpty();

    List<RunRecord> corrected = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      RunRecord run = skippedInSix.get(i);
      corrected.add(
          i >= 6 && i < 10
              ? new RunRecord(
                  run.run(),
                  run.eventIds(),
                  run.steps(),
                  run.deviations(),
                  List.of(correction(Correction.STEP_NOT_DONE, "vacuum")),
                  Optional.empty(),
                  Optional.empty())
              : run);
    }
    List<Proposal> afterNotDone = Redlines.propose(procedure, corrected, Settings.DEFAULTS);
    assertThat(kinds(afterNotDone, "vacuum")).containsExactly(Kind.MAKE_OPTIONAL);
    assertThat(afterNotDone.get(0).evidence().runs()).isEqualTo(10);

    List<Proposal> setAside = Redlines.propose(procedure, history(10, 5), Settings.DEFAULTS);
    assertThat(kinds(setAside, "vacuum")).isEmpty();
  }

  @Test
  void stepsUnderAConditionCountOnlyTheRunsInWhichTheyCameUp() {
    ProcedureDefinition procedure =
        definition(
            """
            [procedure]
            id = "sop_redline"
            name = "Conditional"

            [[procedure.steps]]
            id = "check_dust"
            type = "check"
            name = "Dusty?"
            variable = "dusty"

            [[procedure.steps]]
            id = "deep_clean"
            type = "group"
            name = "Deep clean"
            when = "dusty"
            steps = [
              { id = "blow_out", name = "Blow out the filters" },
              { id = "wash", name = "Wash the trays" },
            ]
            """);
    List<RunRecord> runs = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      RunBuilder run =
          new RunBuilder("run-" + i, START.plus(Duration.ofDays(i)))
              .done("check_dust", Duration.ofMinutes(1));
      if (i < 2) {
        run.done("blow_out", Duration.ofMinutes(5)).done("wash", Duration.ofMinutes(5));
      }
      runs.add(run.completed());
    }

    assertThat(Redlines.propose(procedure, runs, Settings.DEFAULTS)).isEmpty();
  }

  @Test
  void settingsKeepThinEvidenceOut() {
    ProcedureDefinition procedure = definition(sourceUnchecked());
    assertThat(Redlines.propose(procedure, history(10, 0), new Settings(13, 0.5))).isEmpty();
    assertThat(kinds(Redlines.propose(procedure, history(10, 0), new Settings(5, 0.6)), "vacuum"))
        .isEmpty();
  }

  @Test
  void patchAppliesToTheCommentedSourceAndValidates(@TempDir Path dir) throws Exception {
    String toml = source();
    List<Proposal> proposals =
        Redlines.propose(definition(toml), history(10, 0), Settings.DEFAULTS);
    String diff = TomlPatch.of("sop_redline.toml", toml, proposals).orElseThrow();
    Files.writeString(dir.resolve("sop_redline.toml"), toml);
    Files.writeString(dir.resolve("redlines.diff"), diff);
    Files.writeString(Path.of("target", "sop_redline.diff"), diff);

    Process patch =
        new ProcessBuilder("/usr/bin/patch", "-p1", "--batch", "-i", "redlines.diff")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(patch.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(patch.waitFor()).as(output + "\n" + diff).isZero();

    String patched = Files.readString(dir.resolve("sop_redline.toml"));
    int validate =
        new CommandLine(new Main()).execute("validate", dir.resolve("sop_redline.toml").toString());
    assertThat(validate).as(patched).isZero();
    assertThat(patched)
        .contains("# A procedure whose runs disagree with it", "# the vendor's figure", "# a guess")
        .contains("timeout = \"25m\"   # the vendor's figure")
        .contains("timeout = \"33m\"")
        .contains("{ optional = true, id = \"vacuum\"")
        .contains("# redline: residue_g recorded at step measure outside its limits");
    ProcedureDefinition revised = definition(patched);
    assertThat(revised.step("vacuum").orElseThrow().header().optional()).isTrue();
    assertThat(revised.steps())
        .extracting(ProcedureDefinition.Step::id)
        .containsExactly(
            "stop_line",
            "drain",
            "check_pressure",
            "flush",
            "inspect",
            "clean",
            "measure",
            "restart");
    assertThat(patched.indexOf("# Written before the flush"))
        .isGreaterThan(patched.indexOf("id = \"flush\""));
    List<Proposal> again = Redlines.propose(revised, history(10, 0), Settings.DEFAULTS);
    assertThat(kinds(again, "vacuum")).isEmpty();
    assertThat(again).extracting(Proposal::kind).doesNotContain(Kind.REORDER);
  }

  /** {@code kind step_id other_step_id action}, {@code -} for what is empty. */
  static String brief(Proposal p) {
    return p.kind().wireName()
        + " "
        + p.stepId().orElse("-")
        + " "
        + p.otherStepId().orElse("-")
        + " "
        + p.action().orElse("-");
  }

  private static List<Kind> kinds(List<Proposal> proposals, String stepId) {
    return proposals.stream()
        .filter(p -> p.stepId().filter(stepId::equals).isPresent())
        .map(Proposal::kind)
        .toList();
  }

  private static Correction correction(String type, String stepId) {
    return new Correction(
        java.util.UUID.randomUUID(),
        type,
        Optional.of(stepId),
        Optional.empty(),
        "not done after all",
        Optional.of("demo"),
        START);
  }

  private static String sourceUnchecked() {
    try {
      return source();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
