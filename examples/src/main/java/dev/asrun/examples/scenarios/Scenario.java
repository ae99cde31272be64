package dev.asrun.examples.scenarios;

import dev.asrun.feedback.CorrectionRequest;
import dev.asrun.log.EventSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How one run of a procedure goes: who works it where, how it starts, what happens at the steps
 * that do not go the clean way (in the order they are preferred when several are open), how the
 * executor answers the confirmation prompt and what they correct. Steps without a plan are
 * submitted in Tasklist with the procedure's clean values; waits are fast-forwarded. A step that
 * opens again (the run was moved back to it) takes its next plan: the moves after the one that
 * left it.
 */
final class Scenario {

  /** How the run starts. */
  enum Start {
    /** The executor submits the procedure's start form in Tasklist. */
    START_FORM,
    /** An observation of {@link Scenario#startAction} starts it (a trigger or the first step). */
    OBSERVATION
  }

  final String procedureId;
  final String label;
  final String executor;
  final String location;
  final String equipment;
  final Start start;
  final String startAction;
  /** Per step, the moves at each of its openings in turn. */
  final Map<String, List<List<Move>>> steps;
  final Optional<Scenario> child;
  final Optional<String> confirmation;
  final Optional<String> confirmationNote;
  final List<CorrectionRequest> corrections;

  private Scenario(Builder builder) {
    this.procedureId = builder.procedureId;
    this.label = builder.label;
    this.executor = builder.executor;
    this.location = builder.location;
    this.equipment = builder.equipment;
    this.start = builder.start;
    this.startAction = builder.startAction;
    Map<String, List<List<Move>>> steps = new LinkedHashMap<>();
    builder.steps.forEach(
        (step, openings) -> steps.put(step, openings.stream().map(List::copyOf).toList()));
    this.steps = steps;
    this.child = Optional.ofNullable(builder.child);
    this.confirmation = Optional.ofNullable(builder.confirmation);
    this.confirmationNote = Optional.ofNullable(builder.confirmationNote);
    this.corrections = List.copyOf(builder.corrections);
  }

  /** A run of {@code procedureId}, described in a few words, by {@code executor} on equipment. */
  static Builder of(
      String procedureId, String label, String executor, String location, String equipment) {
    return new Builder(procedureId, label, executor, location, equipment);
  }

  /** The observation context of the run: its location and equipment. */
  Map<String, Object> context() {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("location", location);
    context.put("equipment_id", equipment);
    return context;
  }

  @Override
  public String toString() {
    return procedureId + " (" + label + ")";
  }

  /** Builds a {@link Scenario}; every method returns the builder. */
  static final class Builder {
    private final String procedureId;
    private final String label;
    private final String executor;
    private final String location;
    private final String equipment;
    private Start start = Start.START_FORM;
    private String startAction;
    private final Map<String, List<List<Move>>> steps = new LinkedHashMap<>();
    private Scenario child;
    private String confirmation = "yes";
    private String confirmationNote;
    private final List<CorrectionRequest> corrections = new ArrayList<>();

    private Builder(
        String procedureId, String label, String executor, String location, String equipment) {
      this.procedureId = procedureId;
      this.label = label;
      this.executor = executor;
      this.location = location;
      this.equipment = equipment;
    }

    /** The run starts when {@code action} is observed (as an inference, from a sensor). */
    Builder startedBy(String action) {
      this.start = Start.OBSERVATION;
      this.startAction = action;
      return this;
    }

    /** When {@code step} is open, its form is submitted with these values over the clean ones. */
    Builder submit(String step, Map<String, Object> values) {
      return at(step, new Move.Submit(values));
    }

    /** When {@code step} is open, it is submitted skipped with {@code reason}. */
    Builder skip(String step, String reason) {
      return at(step, new Move.Skip(reason));
    }

    /** When {@code step} is open, {@code actions} are observed, one after the other. */
    Builder observe(String step, String... actions) {
      for (String action : actions) {
        at(step, new Move.Observe(action, EventSource.INFERENCE));
      }
      return this;
    }

    /** When {@code step} is open, {@code action} is reported by the executor (a checklist app). */
    Builder report(String step, String action) {
      return at(step, new Move.Observe(action, EventSource.EXECUTOR));
    }

    /** When {@code step} is open, its timeout passes before anything else happens. */
    Builder overdue(String step) {
      return at(step, new Move.Overdue());
    }

    /** When {@code step} is open, the procedure's timeout passes: the run is aborted. */
    Builder timeout(String step) {
      return at(step, new Move.Timeout());
    }

    /**
     * When {@code step} is open, an administrator moves the run to {@code target} in Cockpit
     * (starts before it, cancels {@code step}); later moves at {@code step} are for its next
     * opening.
     */
    Builder moveTo(String step, String target) {
      return at(step, new Move.MoveTo(target));
    }

    /** The run the procedure calls goes as {@code child} says. */
    Builder child(Scenario child) {
      this.child = child;
      return this;
    }

    /** The executor's answer to the confirmation prompt ({@code yes} by default). */
    Builder confirm(String response, String note) {
      this.confirmation = response;
      this.confirmationNote = note;
      return this;
    }

    /** The confirmation prompt is left open in Tasklist. */
    Builder unconfirmed() {
      this.confirmation = null;
      return this;
    }

    /** After the run, the executor corrects the engine's interpretation of {@code step}. */
    Builder correct(String correctionType, String step, String reason) {
      corrections.add(
          new CorrectionRequest(correctionType, Optional.of(step), Optional.empty(), reason));
      return this;
    }

    Scenario build() {
      return new Scenario(this);
    }

    private Builder at(String step, Move move) {
      List<List<Move>> openings = steps.computeIfAbsent(step, s -> new ArrayList<>());
      List<Move> current = openings.isEmpty() ? null : openings.get(openings.size() - 1);
      if (current == null || current.get(current.size() - 1).leavesTheStep()) {
        current = new ArrayList<>();
        openings.add(current);
      }
      current.add(move);
      return this;
    }
  }
}
