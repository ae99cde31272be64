package dev.asrun.redline;

import dev.asrun.contract.GroupOrder;
import dev.asrun.contract.ProcedureDefinition;
import dev.asrun.contract.ProcedureDefinition.Field;
import dev.asrun.contract.ProcedureDefinition.Step;
import dev.asrun.contract.StepType;
import dev.asrun.query.Deviation;
import dev.asrun.query.RunRecord;
import dev.asrun.redline.Proposal.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Proposes edits of a procedure from its runs' records: one pass over the runs per kind, with the
 * executors' corrections applied ({@link RunFacts}). Pure: the same procedure, runs and settings
 * give the same proposals, in the procedure's written order.
 */
public final class Redlines {

  /** A timeout at least this many times the observed 95th percentile is far too generous. */
  static final int GENEROUS = 4;

  private final ProcedureDefinition procedure;
  private final List<RunFacts> runs;
  private final Settings settings;

  private Redlines(ProcedureDefinition procedure, List<RunRecord> runs, Settings settings) {
    this.procedure = procedure;
    this.runs =
        runs.stream()
            .map(RunFacts::new)
            .sorted(Comparator.comparing(RunFacts::startTime).reversed())
            .toList();
    this.settings = settings;
  }

  /**
   * The proposals for {@code procedure} from {@code runs} (ended runs count; triggered and active
   * ones are passed over), in the procedure's written order, kind by kind.
   */
  public static List<Proposal> propose(
      ProcedureDefinition procedure, List<RunRecord> runs, Settings settings) {
    return new Redlines(procedure, runs, settings).all();
  }

  private List<Proposal> all() {
    List<Proposal> all = new ArrayList<>();
    List<RunFacts> completed = runs.stream().filter(RunFacts::completed).toList();
    Set<String> conditional = new HashSet<>();
    conditional(procedure.steps(), false, conditional);
    for (Step step : procedure.allSteps()) {
      if (step.type() != StepType.GROUP && !step.header().optional()) {
        makeOptional(step, conditional.contains(step.id()), completed).ifPresent(all::add);
      }
    }
    reorders(completed, procedure.steps(), GroupOrder.SEQUENCE, all);
    addSteps(completed, all);
    procedureTimeout().ifPresent(all::add);
    for (Step step : procedure.allSteps()) {
      step.header().timeout().flatMap(timeout -> stepTimeout(step, timeout)).ifPresent(all::add);
    }
    for (Step step : procedure.allSteps()) {
      for (Field field : step.fields()) {
        if (field.min().isPresent() || field.max().isPresent()) {
          checkLimits(step, field, completed).ifPresent(all::add);
        }
      }
    }
    return List.copyOf(all);
  }

  /** The steps under a condition: their own {@code when}, or a group's around them. */
  private static void conditional(List<Step> steps, boolean underWhen, Set<String> out) {
    for (Step step : steps) {
      boolean when = underWhen || step.header().when().isPresent();
      if (when) {
        out.add(step.id());
      }
      conditional(step.steps(), when, out);
    }
  }

  /**
   * A step left out in most runs; a step under a condition only from the runs in which it came up
   * (elsewhere the condition, not the executor, left it out).
   */
  private Optional<Proposal> makeOptional(
      Step step, boolean conditional, List<RunFacts> completed) {
    String id = step.id();
    List<RunFacts> considered =
        conditional ? completed.stream().filter(r -> r.reached(id)).toList() : completed;
    return proposal(
        considered,
        r -> r.leftOut(id),
        evidence ->
            new Proposal(
                Kind.MAKE_OPTIONAL,
                Optional.of(id),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                evidence.evidence(),
                "Step "
                    + id
                    + " skipped in "
                    + evidence.evidence().inWords()
                    + ": make it optional.",
                evidence.runIds()));
  }

  /**
   * Neighbouring steps of a sequence done the other way round: each pair once, a step in at most
   * one proposed swap (the better-supported one first), so that the patch can make every swap.
   */
  private void reorders(
      List<RunFacts> completed, List<Step> siblings, GroupOrder order, List<Proposal> all) {
    if (order == GroupOrder.SEQUENCE) {
      List<Proposal> candidates = new ArrayList<>();
      for (int i = 0; i + 1 < siblings.size(); i++) {
        String first = siblings.get(i).id();
        String second = siblings.get(i + 1).id();
        List<RunFacts> both =
            completed.stream()
                .filter(r -> r.doneAt(first).isPresent() && r.doneAt(second).isPresent())
                .toList();
        proposal(
                both,
                r ->
                    r.doneAt(second).get().isBefore(r.doneAt(first).get())
                        && !r.reorderSetAside(first)
                        && !r.reorderSetAside(second),
                evidence ->
                    new Proposal(
                        Kind.REORDER,
                        Optional.of(second),
                        Optional.of(first),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        evidence.evidence(),
                        "Observed: step "
                            + second
                            + " \u2192 step "
                            + first
                            + " (written "
                            + first
                            + " \u2192 "
                            + second
                            + ") in "
                            + evidence.evidence().inWords()
                            + " that have both: write "
                            + second
                            + " before "
                            + first
                            + ".",
                        evidence.runIds()))
            .ifPresent(candidates::add);
      }
      candidates.sort(
          Comparator.comparingDouble((Proposal p) -> p.evidence().lowerBound()).reversed());
      Set<String> swapped = new HashSet<>();
      List<Proposal> kept = new ArrayList<>();
      for (Proposal p : candidates) {
        if (!swapped.contains(p.stepId().get()) && !swapped.contains(p.otherStepId().get())) {
          swapped.add(p.stepId().get());
          swapped.add(p.otherStepId().get());
          kept.add(p);
        }
      }
      List<String> written = siblings.stream().map(Step::id).toList();
      kept.sort(Comparator.comparingInt(p -> written.indexOf(p.otherStepId().get())));
      all.addAll(kept);
    }
    for (Step step : siblings) {
      if (!step.steps().isEmpty()) {
        reorders(completed, step.steps(), step.header().order(), all);
      }
    }
  }

  /** Extra actions by the step they followed (empty: at the start), in first-seen order. */
  private void addSteps(List<RunFacts> completed, List<Proposal> all) {
    Map<Place, Set<String>> seen = new LinkedHashMap<>();
    for (RunFacts run : completed) {
      for (Deviation addition : run.standing("addition")) {
        if (addition.stepId().isEmpty()) {
          continue;
        }
        Optional<String> after = addition.previousStepId();
        if (after.isPresent() && procedure.step(after.get()).isEmpty()) {
          continue;
        }
        seen.computeIfAbsent(new Place(addition.stepId().get(), after), p -> new HashSet<>())
            .add(run.runId());
      }
    }
    List<String> written = procedure.allSteps().stream().map(Step::id).toList();
    List<Place> places = new ArrayList<>(seen.keySet());
    places.sort(
        Comparator.comparingInt((Place p) -> p.after().map(written::indexOf).orElse(-1))
            .thenComparing(Place::action));
    for (Place place : places) {
      List<RunFacts> considered =
          place.after().isEmpty()
              ? completed
              : completed.stream().filter(r -> r.done(place.after().get())).toList();
      Set<String> showing = seen.get(place);
      String where = place.after().map(a -> "after step " + a).orElse("first");
      proposal(
              considered,
              r -> showing.contains(r.runId()),
              evidence ->
                  new Proposal(
                      Kind.ADD_STEP,
                      Optional.empty(),
                      place.after(),
                      Optional.of(place.action()),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      evidence.evidence(),
                      "Completed with extra steps: "
                          + place.action()
                          + " done "
                          + where
                          + " in "
                          + evidence.evidence().inWords()
                          + ": add it as a step there.",
                      evidence.runIds()))
          .ifPresent(all::add);
    }
  }

  private record Place(String action, Optional<String> after) {}

  private Optional<Proposal> procedureTimeout() {
    if (procedure.timeout().isEmpty()) {
      return Optional.empty();
    }
    Duration timeout = procedure.timeout().get();
    List<RunFacts> timed =
        runs.stream()
            .filter(r -> r.abortedByTimeout() || (r.completed() && r.duration().isPresent()))
            .toList();
    Map<String, Duration> durations = new LinkedHashMap<>();
    Set<String> exceeded = new HashSet<>();
    for (RunFacts r : timed) {
      if (r.abortedByTimeout()) {
        exceeded.add(r.runId());
        // cut off at the timeout: twice it stands for "longer than allowed", whatever it was
        durations.put(r.runId(), timeout.multipliedBy(2));
      } else {
        durations.put(r.runId(), r.duration().get());
        if (r.duration().get().compareTo(timeout) > 0) {
          exceeded.add(r.runId());
        }
      }
    }
    return timeout(Optional.empty(), "the procedure", timeout, timed, durations, exceeded);
  }

  private Optional<Proposal> stepTimeout(Step step, Duration timeout) {
    Map<String, Duration> durations = new LinkedHashMap<>();
    Set<String> exceeded = new HashSet<>();
    List<RunFacts> timed = new ArrayList<>();
    for (RunFacts r : runs) {
      if (!r.ended()) {
        continue;
      }
      Optional<Duration> took = r.stepDuration(step.id());
      if (took.isPresent()) {
        timed.add(r);
        durations.put(r.runId(), took.get());
        if (took.get().compareTo(timeout) > 0 || r.overdue(step.id())) {
          exceeded.add(r.runId());
        }
      }
    }
    return timeout(
        Optional.of(step.id()), "step " + step.id(), timeout, timed, durations, exceeded);
  }

  /**
   * A longer timeout where it was exceeded in enough runs; a shorter one where enough runs took at
   * most a quarter of it; both the 95th percentile of the durations, rounded up.
   */
  private Optional<Proposal> timeout(
      Optional<String> stepId,
      String what,
      Duration timeout,
      List<RunFacts> timed,
      Map<String, Duration> durations,
      Set<String> exceeded) {
    if (timed.isEmpty()) {
      return Optional.empty();
    }
    Duration proposed = Timeouts.roundUp(Timeouts.percentile(durations.values(), 0.95));
    Optional<Proposal> longer =
        proposal(
            timed,
            r -> exceeded.contains(r.runId()),
            changeTimeout(
                stepId,
                timeout,
                proposed,
                "Timeout exceeded: " + what + " took longer than its ",
                "allow"));
    if (longer.isPresent()) {
      return proposed.compareTo(timeout) > 0 ? longer : Optional.empty();
    }
    Duration quarter = timeout.dividedBy(GENEROUS);
    return proposal(
            timed,
            r -> durations.get(r.runId()).compareTo(quarter) <= 0,
            changeTimeout(
                stepId,
                timeout,
                proposed,
                "Far too generous: " + what + " took at most a quarter of its ",
                "expect"))
        .filter(p -> proposed.compareTo(quarter) <= 0);
  }

  /** {@code opening}, the timeout, the evidence, the 95th percentile and {@code verb} it. */
  private static Function<Shown, Proposal> changeTimeout(
      Optional<String> stepId, Duration timeout, Duration proposed, String opening, String verb) {
    String value = Timeouts.toml(proposed);
    return evidence ->
        new Proposal(
            Kind.CHANGE_TIMEOUT,
            stepId,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(timeout),
            Optional.of(proposed),
            evidence.evidence(),
            opening
                + Timeouts.toml(timeout)
                + " in "
                + evidence.evidence().inWords()
                + " (95 % took at most "
                + value
                + "): "
                + verb
                + " "
                + value
                + ".",
            evidence.runIds());
  }

  private Optional<Proposal> checkLimits(Step step, Field field, List<RunFacts> completed) {
    String prefix = field.variable() + " was recorded as ";
    List<RunFacts> considered = completed.stream().filter(r -> r.done(step.id())).toList();
    String unit = field.unit().map(u -> " " + u).orElse("");
    String limits =
        field.min().isPresent() && field.max().isPresent()
            ? field.min().get().toPlainString() + " to " + field.max().get().toPlainString() + unit
            : field
                .min()
                .map(min -> "at least " + min.toPlainString() + unit)
                .orElseGet(() -> "at most " + field.max().orElseThrow().toPlainString() + unit);
    return proposal(
        considered,
        r ->
            r.standing("out_of_limits").stream()
                .anyMatch(
                    d ->
                        d.stepId().filter(step.id()::equals).isPresent()
                            && d.detail().filter(t -> t.startsWith(prefix)).isPresent()),
        evidence ->
            new Proposal(
                Kind.CHECK_LIMITS,
                Optional.of(step.id()),
                Optional.empty(),
                Optional.empty(),
                Optional.of(field.variable()),
                Optional.empty(),
                Optional.empty(),
                evidence.evidence(),
                field.variable()
                    + " recorded at step "
                    + step.id()
                    + " outside its limits ("
                    + limits
                    + ") in "
                    + evidence.evidence().inWords()
                    + ": the limits or the process need a look.",
                evidence.runIds()));
  }

  /** The evidence of {@code shows} among {@code considered}, as a proposal where it is enough. */
  private Optional<Proposal> proposal(
      List<RunFacts> considered, Predicate<RunFacts> shows, Function<Shown, Proposal> make) {
    if (considered.isEmpty()) {
      return Optional.empty();
    }
    List<String> showing = considered.stream().filter(shows).map(RunFacts::runId).toList();
    Evidence evidence = Evidence.of(showing.size(), considered.size());
    if (showing.isEmpty() || !settings.enough(evidence)) {
      return Optional.empty();
    }
    return Optional.of(
        make.apply(
            new Shown(
                evidence, showing.subList(0, Math.min(Proposal.SAMPLE_RUNS, showing.size())))));
  }

  /** Evidence and the sample of runs showing it. */
  private record Shown(Evidence evidence, List<String> runIds) {}
}
