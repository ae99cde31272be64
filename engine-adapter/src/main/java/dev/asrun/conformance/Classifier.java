package dev.asrun.conformance;

import dev.asrun.conformance.Deviation.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Explains a run in the seed's words: aligns its trace with its template and classifies the
 * moves, then adds what comes from recorded values and times.
 *
 * <ul>
 *   <li>a model move is an {@code omission}, unless the same step also has a log move: then the
 *       pair is one {@code reorder}, placed at the log move;
 *   <li>a log move of an entry that names no step of the template (an extra action, a step the
 *       template lacks) is an {@code addition};
 *   <li>a log move of a step synchronized elsewhere is a {@code repeat}; of a step not synchronized
 *       anywhere, the first is a {@code reorder} (done, but not where it was written: its model
 *       move, if the alignment needs one, is the other half of the pair), any further one a {@code
 *       repeat};
 *   <li>every {@code step_overdue} event is an {@code overdue}, placed after the step's first move;
 *   <li>a step entry whose check answer differs from the expected one is a {@code check_failed}, a
 *       number outside its field's limits an {@code out_of_limits} (text that is not a number is no
 *       number and has no limits to break), placed at the entry;
 *   <li>a run aborted with reason {@code timeout} ends the list with a {@code timeout}.
 * </ul>
 */
final class Classifier {

  private final Template template;
  private final RunTrace run;
  private final List<Deviation> out = new ArrayList<>();
  private final Map<String, List<RunTrace.Overdue>> overdue = new LinkedHashMap<>();

  private Classifier(Template template, RunTrace run) {
    this.template = template;
    this.run = run;
    for (RunTrace.Overdue o : run.overdue()) {
      overdue.computeIfAbsent(o.stepId(), s -> new ArrayList<>()).add(o);
    }
  }

  /** The run's deviations, in trace order. */
  static List<Deviation> classify(Template template, RunTrace run) {
    return new Classifier(template, run).classify();
  }

  /** The alignment the classification explains. */
  static Alignment align(Template template, RunTrace run) {
    List<String> labels = new ArrayList<>();
    for (RunTrace.Entry entry : run.entries()) {
      labels.add(!entry.extra() && template.step(entry.label()).isPresent() ? entry.label() : null);
    }
    Set<String> optional = new HashSet<>();
    for (Template.StepSpec step : template.steps()) {
      if (step.optional()) {
        optional.add(step.id());
      }
    }
    boolean completed = run.end().map(RunTrace.End::completed).orElse(false);
    return Aligner.align(template.shape(), labels,
        new Aligner.Rules(optional, run.reached(), run.passed()), !completed);
  }

  private List<Deviation> classify() {
    Alignment alignment = align(template, run);
    Set<String> synced = new HashSet<>();
    Set<String> logged = new HashSet<>();
    for (Alignment.Move move : alignment.moves()) {
      if (move.kind() == Alignment.Kind.SYNC) {
        synced.add(move.stepId());
      } else if (move.kind() == Alignment.Kind.LOG) {
        RunTrace.Entry entry = run.entries().get(move.traceIndex());
        if (!entry.extra()) {
          logged.add(entry.label());
        }
      }
    }
    Set<String> reordered = new HashSet<>();
    for (Alignment.Move move : alignment.moves()) {
      switch (move.kind()) {
        case SYNC -> {
          values(move.traceIndex());
          overdue(move.stepId());
        }
        case MODEL -> {
          if (!logged.contains(move.stepId())) {
            omission(move.stepId());
            overdue(move.stepId());
          }
        }
        case LOG -> {
          logMove(move.traceIndex(), synced, reordered);
          values(move.traceIndex());
        }
      }
    }
    for (String stepId : List.copyOf(overdue.keySet())) {
      overdue(stepId);
    }
    run.end().filter(end -> !end.completed() && end.reason().filter("timeout"::equals).isPresent())
        .ifPresent(end -> out.add(new Deviation(Type.TIMEOUT, Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), "the run was aborted: "
            + end.timeout().map(t -> "its timeout of " + Durations.human(t) + " was exceeded")
                .orElse("its timeout was exceeded"))));
    return List.copyOf(out);
  }

  private void logMove(int index, Set<String> synced, Set<String> reordered) {
    RunTrace.Entry entry = run.entries().get(index);
    String label = entry.label();
    Optional<String> previous = index == 0 ? Optional.empty()
        : Optional.ofNullable(run.entries().get(index - 1).label());
    Optional<Template.StepSpec> step = entry.extra() ? Optional.empty() : template.step(label);
    int done = index + 1;
    String after = previous.map(p -> " after " + p).orElse(" first");
    if (step.isEmpty()) {
      out.add(new Deviation(Type.ADDITION, Optional.ofNullable(label), Optional.empty(),
          Optional.of(done), previous, "extra step " + label + " was done" + after + " (done "
              + ordinal(done) + "); the procedure has no such step"));
    } else if (synced.contains(label) || !reordered.add(label)) {
      out.add(new Deviation(Type.REPEAT, Optional.of(label), Optional.of(step.get().position()),
          Optional.of(done), previous, label + " was done again" + after + " (done "
              + ordinal(done) + ")"));
    } else {
      out.add(new Deviation(Type.REORDER, Optional.of(label), Optional.of(step.get().position()),
          Optional.of(done), previous, label + " was done" + after + " (written "
              + ordinal(step.get().position()) + ", done " + ordinal(done) + ")"));
      overdue(label);
    }
  }

  private void omission(String stepId) {
    Template.StepSpec step = template.step(stepId).orElseThrow();
    String written = stepId + " (written " + ordinal(step.position()) + ")";
    String detail = Optional.ofNullable(run.skipped().get(stepId))
        .map(skip -> switch (skip.outcome()) {
          case "skipped" -> written + " was skipped" + skip.reason().map(r -> ": " + r).orElse("");
          case "not_seen" -> written + " was " + skip.reason().orElse("not seen");
          default -> written + " was not done" + skip.reason().map(r -> ": " + r).orElse("");
        })
        .orElse(written + " was not done");
    out.add(new Deviation(Type.OMISSION, Optional.of(stepId), Optional.of(step.position()),
        Optional.empty(), Optional.empty(), detail));
  }

  private void overdue(String stepId) {
    List<RunTrace.Overdue> events = overdue.remove(stepId);
    if (events == null) {
      return;
    }
    Optional<Integer> position = template.step(stepId).map(Template.StepSpec::position);
    for (RunTrace.Overdue event : events) {
      out.add(new Deviation(Type.OVERDUE, Optional.of(stepId), position, Optional.empty(),
          Optional.empty(), stepId + " took longer than "
              + event.timeout().map(t -> "its timeout of " + Durations.human(t))
                  .orElse("its timeout")));
    }
  }

  /** The check answer and number limits of the step entry at {@code index}. */
  private void values(int index) {
    RunTrace.Entry entry = run.entries().get(index);
    if (entry.extra()) {
      return;
    }
    Optional<Template.StepSpec> found = template.step(entry.label());
    if (found.isEmpty()) {
      return;
    }
    Template.StepSpec step = found.get();
    Optional<Integer> expected = Optional.of(step.position());
    Optional<Integer> actual = Optional.of(index + 1);
    step.check().ifPresent(check -> answer(entry.values().get(check.variable()))
        .filter(answer -> answer != check.expect())
        .ifPresent(answer -> out.add(new Deviation(Type.CHECK_FAILED, Optional.of(step.id()),
            expected, actual, Optional.empty(), "check " + step.id() + " was answered "
                + check.variable() + " = " + answer + " (expected " + check.expect() + ")"))));
    for (Template.Limit limit : step.limits()) {
      Optional<BigDecimal> value = number(entry.values().get(limit.variable()));
      if (value.isEmpty()) {
        continue;
      }
      String unit = limit.unit().map(u -> " " + u).orElse("");
      String recorded = limit.variable() + " was recorded as " + value.get().toPlainString() + unit
          + " at " + step.id();
      Optional<String> broken = limit.min().filter(min -> value.get().compareTo(min) < 0)
          .map(min -> recorded + ", below the minimum " + min.toPlainString() + unit)
          .or(() -> limit.max().filter(max -> value.get().compareTo(max) > 0)
              .map(max -> recorded + ", above the maximum " + max.toPlainString() + unit));
      broken.ifPresent(detail -> out.add(new Deviation(Type.OUT_OF_LIMITS, Optional.of(step.id()),
          expected, actual, Optional.empty(), detail)));
    }
  }

  private static Optional<Boolean> answer(Object value) {
    if (value instanceof Boolean b) {
      return Optional.of(b);
    }
    if (value instanceof String text) {
      String t = text.strip().toLowerCase(Locale.ROOT);
      return t.equals("true") ? Optional.of(true) : t.equals("false") ? Optional.of(false)
          : Optional.empty();
    }
    return Optional.empty();
  }

  private static Optional<BigDecimal> number(Object value) {
    if (value instanceof Number || value instanceof String) {
      try {
        return Optional.of(new BigDecimal(value.toString().strip()));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, ... */
  static String ordinal(int n) {
    int lastTwo = n % 100;
    String suffix = lastTwo >= 11 && lastTwo <= 13 ? "th"
        : switch (n % 10) {
          case 1 -> "st";
          case 2 -> "nd";
          case 3 -> "rd";
          default -> "th";
        };
    return n + suffix;
  }
}
