package dev.asrun.conformance;

import dev.asrun.compiler.CompilationResult;
import dev.asrun.compiler.ProcedureCompiler;
import dev.asrun.compiler.Source;
import dev.asrun.contract.ProcedureDefinition;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.camunda.bpm.model.bpmn.Bpmn;

/**
 * Alignment time of a run's deviations (align + classify, as the detector does after a command)
 * for generated 50- and 200-step procedures, a plain sequence and one with any-order groups of
 * five, on a clean trace and on traces with about one deviation per 20 steps (reorders,
 * omissions, additions, repeats). Prints the median time of each and the ratio deviated / clean.
 * Lives in the package of the classes it measures (they are package-private).
 */
public final class AlignmentBench {

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    System.out.printf("%-26s %12s %12s %8s %s%n", "template", "clean (us)", "deviated (us)",
        "ratio", "deviations");
    for (int steps : new int[] {50, 200}) {
      for (boolean groups : new boolean[] {false, true}) {
        measure(steps, groups, rounds);
      }
    }
  }

  private static void measure(int steps, boolean groups, int rounds) {
    Template template = template(steps, groups);
    List<String> written = template.steps().stream().map(Template.StepSpec::id).toList();
    Random random = new Random(steps * 31L + (groups ? 1 : 0));
    RunTrace clean = trace(written, Set.of());
    List<RunTrace> deviated = new ArrayList<>();
    int deviations = 0;
    for (int i = 0; i < 20; i++) {
      RunTrace run = deviate(written, random, steps / 20);
      deviations += Classifier.classify(template, run).size();
      deviated.add(run);
    }
    long[] cleanTimes = new long[rounds];
    long[] deviatedTimes = new long[rounds];
    for (int warm = 0; warm < rounds; warm++) {
      Classifier.classify(template, clean);
      Classifier.classify(template, deviated.get(warm % deviated.size()));
    }
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      Classifier.classify(template, clean);
      long t1 = System.nanoTime();
      Classifier.classify(template, deviated.get(r % deviated.size()));
      long t2 = System.nanoTime();
      cleanTimes[r] = t1 - t0;
      deviatedTimes[r] = t2 - t1;
    }
    double c = median(cleanTimes) / 1000.0;
    double d = median(deviatedTimes) / 1000.0;
    System.out.printf("%-26s %12.1f %12.1f %8.2f %.1f per run%n",
        steps + " steps, " + (groups ? "any-order groups" : "sequence"), c, d, d / c,
        deviations / 20.0);
  }

  /** Steps in written order, each one done, with {@code k} random deviations. */
  private static RunTrace deviate(List<String> written, Random random, int k) {
    List<String> trace = new ArrayList<>(written);
    Set<String> extra = new HashSet<>();
    for (int i = 0; i < k; i++) {
      int at = random.nextInt(trace.size() - 1);
      switch (i % 4) {
        case 0 -> {
          String moved = trace.remove(at);
          trace.add(Math.min(trace.size(), at + 1 + random.nextInt(4)), moved);
        }
        case 1 -> trace.remove(at);
        case 2 -> {
          String action = "extra_" + i;
          extra.add(action);
          trace.add(at, action);
        }
        default -> trace.add(at + 1, trace.get(at));
      }
    }
    return trace(trace, extra);
  }

  private static RunTrace trace(List<String> labels, Set<String> extra) {
    List<RunTrace.Entry> entries = new ArrayList<>();
    for (String label : labels) {
      entries.add(new RunTrace.Entry(label, extra.contains(label), Map.of()));
    }
    Set<String> reached = new HashSet<>(labels);
    reached.removeAll(extra);
    return new RunTrace(entries, reached, Set.of(), Map.of(), List.of(),
        Optional.of(new RunTrace.End(true, Optional.empty(), Optional.empty())), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), false);
  }

  private static Template template(int steps, boolean groups) {
    StringBuilder toml = new StringBuilder(
        "[procedure]\nid = \"bench_alignment\"\nname = \"Bench\"\n");
    int s = 0;
    int g = 0;
    while (s < steps) {
      if (groups && (s / 5) % 2 == 1 && steps - s >= 5) {
        toml.append("\n[[procedure.steps]]\nid = \"group_").append(++g)
            .append("\"\ntype = \"group\"\nname = \"Group\"\norder = \"any\"\n");
        for (int i = 0; i < 5; i++) {
          toml.append("  [[procedure.steps.steps]]\n  id = \"step_").append(++s)
              .append("\"\n  name = \"Step\"\n");
        }
      } else {
        toml.append("\n[[procedure.steps]]\nid = \"step_").append(++s)
            .append("\"\nname = \"Step\"\n");
      }
    }
    CompilationResult result =
        ProcedureCompiler.compile(List.of(new Source("bench.toml", toml.toString())));
    if (!result.diagnostics().isEmpty()) {
      throw new IllegalStateException(result.diagnostics().toString());
    }
    return Template.of(
        ProcedureDefinition.read(
            Bpmn.readModelFromStream(
                new ByteArrayInputStream(
                    result.procedures().get(0).bpmnXml().getBytes(StandardCharsets.UTF_8)))));
  }

  private static double median(long[] times) {
    long[] sorted = times.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
