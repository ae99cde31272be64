package dev.asrun.conformance;

import dev.asrun.contract.ProcedureDefinition;
import dev.asrun.log.LoggedEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;

/**
 * The least cost of aligning a trace with a block-structured template, found by exhaustive search,
 * as a reference for the {@link Aligner} and for the deviations the monitor's runs end with.
 *
 * <p>Shortest paths over (trace position, steps decided): a step is decided by a synchronous move
 * or a model move once every step before it (in every sequence around it) is decided; a condition
 * none of whose steps the run reached may be bypassed, deciding all its steps at no cost. A log
 * move and a model move of a mandatory step cost 1 each, a model move of an optional step 0. The
 * search knows nothing of the aligner's windows and tables, so it checks them.
 */
public final class ExhaustiveReference {
  private final List<String> leaves;
  private final List<String> trace;
  private final Aligner.Rules rules;
  private final boolean prefix;
  private final Map<String, Integer> bit = new HashMap<>();
  private final long[] before;
  private final List<long[]> conditions = new ArrayList<>();
  private final long all;
  private final long optional;
  private final long passedMandatory;

  ExhaustiveReference(
      Shape shape, List<String> leaves, List<String> trace, Aligner.Rules rules, boolean prefix) {
    this.leaves = List.copyOf(leaves);
    this.trace = new ArrayList<>(trace);
    this.rules = rules;
    this.prefix = prefix;
    for (int i = 0; i < leaves.size(); i++) {
      bit.put(leaves.get(i), i);
    }
    before = new long[leaves.size()];
    collect(shape, 0L);
    all = (1L << leaves.size()) - 1;
    long opt = 0;
    long pm = 0;
    for (String leaf : leaves) {
      if (rules.optional().contains(leaf)) {
        opt |= 1L << bit.get(leaf);
      } else if (rules.passed().contains(leaf)) {
        pm |= 1L << bit.get(leaf);
      }
    }
    optional = opt;
    passedMandatory = pm;
  }

  /**
   * A completed run as the reference sees it.
   *
   * @param trace the run's trace as the deviations are detected on it: its steps and extra actions
   *     in the order they happened ({@link RunTrace})
   * @param optimum the least cost of aligning that trace with the run's template
   * @param recordedCost what the deviations of the run's latest {@code deviation_detected} event
   *     cost as alignment moves: an {@code omission} is a model move (1), an {@code addition} or a
   *     {@code repeat} a log move (1), a {@code reorder} a log move plus, for a mandatory step, the
   *     model move it pairs with (2, or 1 for an optional step, which has no model move); the
   *     deviations that are no moves (overdue, timeout, check, limits) cost nothing
   * @param determined the deviations every optimal alignment of the trace gives, whichever is
   *     chosen, as sorted {@code "kind step"} texts: an {@code addition} per entry that names no
   *     step; {@code k - 1} {@code repeat}s of a step the trace holds {@code k} times (at most one
   *     entry is synchronized; the others are a repeat each, or one reorder and repeats); an {@code
   *     omission} of each mandatory step the trace lacks that no bypassable condition holds (it
   *     needs a model move, and no entry of it makes that a reorder). Which steps are reorders is
   *     not determined (of a swapped pair, either may be), so reorders are left out
   * @param recorded the run's recorded additions, repeats and omissions, in the same form
   */
  public record CompletedRun(
      List<String> trace,
      int optimum,
      int recordedCost,
      List<String> determined,
      List<String> recorded) {}

  /**
   * Checks a completed run's record against an exhaustive search on the same trace.
   *
   * @param model the BPMN of the definition the run started on
   * @param events the run's events, in log order
   * @param reached the steps the engine reached in the run (from its own history); a condition
   *     around one of them was not bypassed
   */
  public static CompletedRun ofCompletedRun(
      BpmnModelInstance model, List<LoggedEvent> events, Set<String> reached) {
    Template template = Template.of(ProcedureDefinition.read(model));
    RunTrace run = RunTrace.of(events);
    List<String> leaves = new ArrayList<>();
    leavesOf(template.shape(), leaves);
    List<String> labels = new ArrayList<>();
    Set<String> seen = new HashSet<>(reached);
    for (RunTrace.Entry entry : run.entries()) {
      boolean step = !entry.extra() && leaves.contains(entry.label());
      labels.add(step ? entry.label() : null);
      if (step) {
        seen.add(entry.label());
      }
    }
    Set<String> optional = new HashSet<>();
    template.steps().stream().filter(Template.StepSpec::optional)
        .forEach(step -> optional.add(step.id()));
    ExhaustiveReference reference = new ExhaustiveReference(template.shape(), leaves, labels,
        new Aligner.Rules(optional, seen, Set.of()), false);
    int cost = 0;
    List<String> recorded = new ArrayList<>();
    for (Map<String, Object> deviation : run.previous().orElse(List.of())) {
      String type = String.valueOf(deviation.get("deviation_type"));
      String stepId = String.valueOf(deviation.get("step_id"));
      cost += switch (type) {
        case "omission", "addition", "repeat" -> 1;
        case "reorder" -> optional.contains(stepId) ? 1 : 2;
        default -> 0;
      };
      if (List.of("omission", "addition", "repeat").contains(type)) {
        recorded.add(type + " " + stepId);
      }
    }
    List<String> determined = reference.omissions();
    Map<String, Integer> times = new HashMap<>();
    for (RunTrace.Entry entry : run.entries()) {
      if (entry.extra() || !leaves.contains(entry.label())) {
        determined.add("addition " + entry.label());
      } else if (times.merge(entry.label(), 1, Integer::sum) > 1) {
        determined.add("repeat " + entry.label());
      }
    }
    Collections.sort(determined);
    Collections.sort(recorded);
    return new CompletedRun(run.entries().stream().map(RunTrace.Entry::label).toList(),
        reference.optimum(), cost, determined, recorded);
  }

  /**
   * {@code "omission step"} for each mandatory step the trace lacks that no bypassable condition
   * holds: every complete alignment needs its model move.
   */
  private List<String> omissions() {
    long bypassable = 0;
    for (long[] condition : conditions) {
      if (condition[2] == 1) {
        bypassable |= condition[0];
      }
    }
    List<String> out = new ArrayList<>();
    for (String leaf : leaves) {
      long mask = 1L << bit.get(leaf);
      if ((optional & mask) == 0 && (bypassable & mask) == 0 && !trace.contains(leaf)) {
        out.add("omission " + leaf);
      }
    }
    return out;
  }

  private static void leavesOf(Shape shape, List<String> out) {
    if (shape instanceof Shape.Step step) {
      out.add(step.id());
    } else if (shape instanceof Shape.Sequence sequence) {
      sequence.parts().forEach(part -> leavesOf(part, out));
    } else if (shape instanceof Shape.AnyOrder any) {
      any.parts().forEach(part -> leavesOf(part, out));
    } else {
      leavesOf(((Shape.When) shape).body(), out);
    }
  }

  /** Returns the leaves of {@code shape}; records what must be decided before each. */
  private long collect(Shape shape, long prior) {
    if (shape instanceof Shape.Step step) {
      before[bit.get(step.id())] = prior;
      return 1L << bit.get(step.id());
    }
    if (shape instanceof Shape.Sequence sequence) {
      long mine = 0;
      long acc = prior;
      for (Shape part : sequence.parts()) {
        long leaves = collect(part, acc);
        mine |= leaves;
        acc |= leaves;
      }
      return mine;
    }
    if (shape instanceof Shape.AnyOrder any) {
      long mine = 0;
      for (Shape part : any.parts()) {
        mine |= collect(part, prior);
      }
      return mine;
    }
    Shape.When when = (Shape.When) shape;
    long leaves = collect(when.body(), prior);
    conditions.add(new long[] {leaves, prior, bypassable(leaves) ? 1 : 0});
    return leaves;
  }

  private boolean bypassable(long body) {
    for (String leaf : leaves) {
      long b = 1L << bit.get(leaf);
      if ((body & b) != 0 && (rules.reached().contains(leaf)
          || rules.passed().contains(leaf) || trace.contains(leaf))) {
        return false;
      }
    }
    return true;
  }

  int optimum() {
    int n = trace.size();
    Map<Long, Integer> best = new HashMap<>();
    Deque<long[]> queue = new ArrayDeque<>();
    queue.add(new long[] {0, 0, 0});
    int result = Integer.MAX_VALUE;
    while (!queue.isEmpty()) {
      long[] state = queue.pollFirst();
      int i = (int) state[0];
      long decided = state[1];
      int cost = (int) state[2];
      long key = ((long) i << 20) | decided;
      Integer known = best.get(key);
      if (known != null && known <= cost) {
        continue;
      }
      best.put(key, cost);
      if (i == n) {
        if (decided == all) {
          result = Math.min(result, cost);
        } else if (prefix) {
          result = Math.min(result, cost + Long.bitCount(passedMandatory & ~decided));
        }
      }
      if (i < n) {
        push(queue, i + 1, decided, cost + 1);
      }
      for (String leaf : leaves) {
        int b = bit.get(leaf);
        long mask = 1L << b;
        if ((decided & mask) != 0 || (before[b] & ~decided) != 0) {
          continue;
        }
        if (i < n && leaf.equals(trace.get(i))) {
          push(queue, i + 1, decided | mask, cost);
        }
        push(queue, i, decided | mask, cost + ((optional & mask) != 0 ? 0 : 1));
      }
      for (long[] condition : conditions) {
        if (condition[2] == 1 && (decided & condition[0]) == 0
            && (condition[1] & ~decided) == 0) {
          push(queue, i, decided | condition[0], cost);
        }
      }
    }
    return result;
  }

  private static void push(Deque<long[]> queue, int i, long decided, int cost) {
    queue.addLast(new long[] {i, decided, cost});
  }

  /**
   * Replays an alignment: its trace side must be the trace, its model side a word the template
   * allows (with free bypasses and optional steps filled in); returns its cost, or -1 if invalid.
   */
  int costOf(Alignment alignment) {
    int next = 0;
    List<String> word = new ArrayList<>();
    long late = 0;
    int cost = 0;
    for (Alignment.Move move : alignment.moves()) {
      switch (move.kind()) {
        case SYNC -> {
          if (move.traceIndex() != next || !move.stepId().equals(trace.get(next))) {
            return -1;
          }
          next++;
          word.add(move.stepId());
        }
        case LOG -> {
          if (move.traceIndex() != next) {
            return -1;
          }
          next++;
          cost++;
        }
        case MODEL -> {
          cost++;
          if (move.notReached()) {
            late |= 1L << bit.get(move.stepId());
          } else {
            word.add(move.stepId());
          }
        }
      }
    }
    if (next != trace.size() || (late & ~passedMandatory) != 0) {
      return -1;
    }
    Set<Long> seen = new HashSet<>();
    Deque<long[]> stack = new ArrayDeque<>();
    stack.push(new long[] {0, 0});
    while (!stack.isEmpty()) {
      long[] state = stack.pop();
      int pos = (int) state[0];
      long decided = state[1];
      if (!seen.add(((long) pos << 20) | decided)) {
        continue;
      }
      if (pos == word.size()) {
        long open = all & ~decided;
        boolean complete = open == 0 && late == 0;
        boolean asPrefix = prefix && (open & passedMandatory) == late;
        if (complete || asPrefix) {
          return cost;
        }
      }
      if (pos < word.size()) {
        int b = bit.get(word.get(pos));
        long mask = 1L << b;
        if ((decided & mask) == 0 && (before[b] & ~decided) == 0) {
          stack.push(new long[] {pos + 1, decided | mask});
        }
      }
      Set<String> inWord = new HashSet<>(word);
      for (String leaf : leaves) {
        int b = bit.get(leaf);
        long mask = 1L << b;
        if ((optional & mask) != 0 && !inWord.contains(leaf) && (decided & mask) == 0
            && (before[b] & ~decided) == 0) {
          stack.push(new long[] {pos, decided | mask});
        }
      }
      for (long[] condition : conditions) {
        if (condition[2] == 1 && (decided & condition[0]) == 0
            && (condition[1] & ~decided) == 0 && noneIn(condition[0], inWord)) {
          stack.push(new long[] {pos, decided | condition[0]});
        }
      }
    }
    return -1;
  }

  private boolean noneIn(long leaves, Set<String> word) {
    return word.stream().noneMatch(w -> (leaves & (1L << bit.get(w))) != 0);
  }

  @Override
  public String toString() {
    return Arrays.toString(before);
  }
}
