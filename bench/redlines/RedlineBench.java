package dev.asrun.redline;

import dev.asrun.compiler.CompilationResult;
import dev.asrun.compiler.ProcedureCompiler;
import dev.asrun.compiler.Source;
import dev.asrun.contract.ProcedureDefinition;
import dev.asrun.query.RunRecord;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.camunda.bpm.model.bpmn.Bpmn;

/**
 * Precision and recall of the proposals on generated histories whose truth is known. A 12-step
 * procedure; in each history, at a planted rate r: s03 skipped, s06 done before s05, an extra
 * action "wipe" after s02, s04 (timeout 10m) taking 15-25 minutes instead of 4-8, s08's value
 * outside its limits. Everywhere else, noise at 5 % per run and step: skips, neighbours swapped,
 * extra actions after random steps, values out of limits. s10 (timeout 2h) always takes 5-10
 * minutes: its shorter timeout is always true. The truth: a planted effect is a proposal to make
 * when r >= 0.6 ("most runs"), and none below 0.5; anything else proposed is a false positive.
 *
 * <p>Usage: RedlineBench [HISTORIES] (per rate and run count, default 40).
 */
public final class RedlineBench {

  private static final double[] RATES = {0.1, 0.3, 0.6, 0.8, 0.95};
  private static final int[] RUN_COUNTS = {5, 10, 20, 50, 200};
  private static final int[] MIN_RUNS = {3, 5, 10, 20};
  private static final double[] THRESHOLDS = {0.3, 0.4, 0.5, 0.6};
  private static final double NOISE = 0.05;

  private RedlineBench() {}

  public static void main(String[] args) {
    int histories = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    ProcedureDefinition procedure = procedure();
    System.out.println("## Settings (all rates and run counts pooled)");
    System.out.println();
    System.out.println("| min_runs | threshold | kind | precision | recall | TP | FP | FN |");
    System.out.println("|---:|---:|---|---:|---:|---:|---:|---:|");
    for (int minRuns : MIN_RUNS) {
      for (double threshold : THRESHOLDS) {
        Map<Proposal.Kind, int[]> counts = new EnumMap<>(Proposal.Kind.class);
        Random random = new Random(42);
        for (double rate : RATES) {
          for (int runs : RUN_COUNTS) {
            for (int h = 0; h < histories; h++) {
              score(
                  procedure,
                  history(random, runs, rate),
                  rate,
                  new Settings(minRuns, threshold),
                  counts);
            }
          }
        }
        print(minRuns + " | " + threshold, counts);
      }
    }
    Settings defaults = Settings.DEFAULTS;
    System.out.println();
    System.out.println(
        "## Defaults (min_runs "
            + defaults.minRuns()
            + ", threshold "
            + defaults.threshold()
            + ") by run count and planted rate");
    System.out.println();
    System.out.println("| runs | rate | kind | precision | recall | TP | FP | FN |");
    System.out.println("|---:|---:|---|---:|---:|---:|---:|---:|");
    Random random = new Random(7);
    for (int runs : RUN_COUNTS) {
      for (double rate : RATES) {
        Map<Proposal.Kind, int[]> counts = new EnumMap<>(Proposal.Kind.class);
        for (int h = 0; h < histories; h++) {
          score(procedure, history(random, runs, rate), rate, defaults, counts);
        }
        print(runs + " | " + rate, counts);
      }
    }
  }

  private static void print(String prefix, Map<Proposal.Kind, int[]> counts) {
    for (Proposal.Kind kind : Proposal.Kind.values()) {
      int[] c = counts.getOrDefault(kind, new int[3]);
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %s | %s | %d | %d | %d |%n",
          prefix,
          kind.wireName(),
          c[0] + c[1] == 0
              ? "-"
              : String.format(Locale.ROOT, "%.2f", c[0] / (double) (c[0] + c[1])),
          c[0] + c[2] == 0
              ? "-"
              : String.format(Locale.ROOT, "%.2f", c[0] / (double) (c[0] + c[2])),
          c[0],
          c[1],
          c[2]);
    }
  }

  /** Counts true positives, false positives and false negatives per kind. */
  private static void score(
      ProcedureDefinition procedure,
      List<RunRecord> runs,
      double rate,
      Settings settings,
      Map<Proposal.Kind, int[]> counts) {
    Set<String> truth = new HashSet<>();
    Set<String> unknown = new HashSet<>();
    Set<String> planted =
        Set.of(
            "make_optional s03",
            "reorder s06 s05",
            "add_step wipe s02",
            "change_timeout_longer s04",
            "check_limits s08");
    if (rate >= 0.6) {
      truth.addAll(planted);
    } else if (rate >= 0.5) {
      unknown.addAll(planted);
    }
    truth.add("change_timeout_shorter s10");
    Set<String> proposed = new HashSet<>();
    for (Proposal p : Redlines.propose(procedure, runs, settings)) {
      String key = key(p);
      proposed.add(key);
      if (unknown.contains(key)) {
        continue;
      }
      counts.computeIfAbsent(p.kind(), k -> new int[3])[truth.contains(key) ? 0 : 1]++;
    }
    for (String key : truth) {
      if (!proposed.contains(key)) {
        counts.computeIfAbsent(kindOf(key), k -> new int[3])[2]++;
      }
    }
  }

  private static String key(Proposal p) {
    return switch (p.kind()) {
      case MAKE_OPTIONAL -> "make_optional " + p.stepId().orElseThrow();
      case REORDER -> "reorder " + p.stepId().orElseThrow() + " " + p.otherStepId().orElseThrow();
      case ADD_STEP -> "add_step " + p.action().orElseThrow() + " " + p.otherStepId().orElse("-");
      case CHANGE_TIMEOUT ->
          "change_timeout_"
              + (p.proposedTimeout().orElseThrow().compareTo(p.currentTimeout().orElseThrow()) > 0
                  ? "longer"
                  : "shorter")
              + " "
              + p.stepId().orElse("-");
      case CHECK_LIMITS -> "check_limits " + p.stepId().orElseThrow();
    };
  }

  private static Proposal.Kind kindOf(String key) {
    String kind = key.substring(0, key.indexOf(' '));
    return kind.startsWith("change_timeout")
        ? Proposal.Kind.CHANGE_TIMEOUT
        : Proposal.Kind.valueOf(kind.toUpperCase(Locale.ROOT));
  }

  private static List<RunRecord> history(Random random, int count, double rate) {
    List<RunRecord> runs = new ArrayList<>();
    Instant start = Instant.parse("2026-01-01T08:00:00Z");
    for (int r = 0; r < count; r++) {
      RunBuilder run = new RunBuilder("run-" + r, start.plus(Duration.ofHours(r)));
      List<String> order = new ArrayList<>();
      for (int s = 1; s <= 12; s++) {
        order.add(String.format(Locale.ROOT, "s%02d", s));
      }
      if (random.nextDouble() < rate) {
        swap(order, "s05", "s06");
      }
      for (int i = 0; i + 1 < order.size(); i++) {
        if (!order.get(i).equals("s05")
            && !order.get(i + 1).equals("s06")
            && !order.get(i).equals("s06")
            && random.nextDouble() < NOISE / 2) {
          swap(order, order.get(i), order.get(i + 1));
        }
      }
      String previous = null;
      for (String step : order) {
        boolean skip =
            step.equals("s03") ? random.nextDouble() < rate : random.nextDouble() < NOISE / 2;
        if (skip) {
          run.skipped(step);
        } else {
          Duration took = Duration.ofMinutes(1 + random.nextInt(3));
          if (step.equals("s04")) {
            took =
                random.nextDouble() < rate
                    ? Duration.ofMinutes(15 + random.nextInt(11))
                    : Duration.ofMinutes(4 + random.nextInt(5));
          } else if (step.equals("s10")) {
            took = Duration.ofMinutes(5 + random.nextInt(6));
          }
          run.done(step, took);
          boolean outside =
              step.equals("s08") ? random.nextDouble() < rate : random.nextDouble() < NOISE / 4;
          if (outside && (step.equals("s08") || step.equals("s11"))) {
            run.deviation(
                "out_of_limits",
                step,
                Optional.empty(),
                "v" + step + " was recorded as 99 at " + step + ", above the maximum 10",
                false);
          }
          previous = step;
        }
        if ("s02".equals(previous) && step.equals(previous) && random.nextDouble() < rate) {
          run.extra("wipe", Optional.of("s02"));
        } else if (previous != null && step.equals(previous) && random.nextDouble() < NOISE / 2) {
          run.extra("noise_" + random.nextInt(4), Optional.of(previous));
        }
      }
      runs.add(run.completed());
    }
    return runs;
  }

  private static void swap(List<String> order, String a, String b) {
    int i = order.indexOf(a);
    int j = order.indexOf(b);
    order.set(i, b);
    order.set(j, a);
  }

  private static ProcedureDefinition procedure() {
    StringBuilder toml = new StringBuilder("[procedure]\nid = \"sop_bench\"\nname = \"Bench\"\n");
    for (int s = 1; s <= 12; s++) {
      String id = String.format(Locale.ROOT, "s%02d", s);
      toml.append("\n[[procedure.steps]]\nid = \"")
          .append(id)
          .append("\"\nname = \"")
          .append(id)
          .append("\"\n");
      if (s == 4) {
        toml.append("timeout = \"10m\"\n");
      } else if (s == 10) {
        toml.append("timeout = \"2h\"\n");
      } else if (s == 8 || s == 11) {
        toml.append("type = \"record\"\n  [[procedure.steps.fields]]\n  variable = \"v")
            .append(id)
            .append("\"\n  label = \"value\"\n  type = \"number\"\n  max = 10\n");
      }
    }
    CompilationResult compiled =
        ProcedureCompiler.compile(List.of(new Source("sop_bench.toml", toml.toString())));
    if (!compiled.diagnostics().isEmpty()) {
      throw new IllegalStateException(compiled.diagnostics().toString());
    }
    return ProcedureDefinition.read(
        Bpmn.readModelFromStream(
            new ByteArrayInputStream(
                compiled.procedures().get(0).bpmnXml().getBytes(StandardCharsets.UTF_8))));
  }
}
