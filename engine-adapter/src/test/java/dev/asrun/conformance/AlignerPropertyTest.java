package dev.asrun.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The aligner against an exhaustive reference: random block-structured templates (sequences,
 * any-order blocks, conditions, optional steps; up to 12 steps) and random traces drawn from each
 * template's language and then mutated (swaps, deletions, insertions of steps and of unknown
 * actions, duplications). The reference is a shortest-path search over (trace position, set of
 * steps decided) that knows nothing of windows or tables; the aligner's alignment must cost what
 * the reference's best costs, and must itself be a valid alignment of that cost.
 */
class AlignerPropertyTest {

  private static final int CASES = 3000;

  @Test
  void theAlignmentCostsWhatAnExhaustiveSearchFindsAndIsValid() {
    Random random = new Random(20_260_601L);
    for (int c = 0; c < CASES; c++) {
      Case generated = Case.random(random);
      Alignment alignment =
          Aligner.align(generated.shape, generated.trace, generated.rules, generated.prefix);
      Reference reference = new Reference(generated);
      String what = generated.toString();
      assertThat(alignment.cost()).as("cost of the alignment of %s", what)
          .isEqualTo(reference.optimum());
      assertThat(reference.costOf(alignment)).as("the alignment %s of %s, replayed",
          alignment.moves(), what).isEqualTo(alignment.cost());
    }
  }

  @Test
  void theSameInputAlwaysAlignsTheSameWay() {
    Random random = new Random(7);
    for (int c = 0; c < 300; c++) {
      Case generated = Case.random(random);
      Alignment alignment = Aligner.align(generated.shape, generated.trace, generated.rules, false);
      Alignment again = Aligner.align(generated.shape, generated.trace, generated.rules, false);
      assertThat(again).as("the same input aligns the same way").isEqualTo(alignment);
    }
  }

  /** A template, a trace and what the record says. */
  record Case(Shape shape, List<String> leaves, List<String> trace, Aligner.Rules rules,
      boolean prefix) {

    static Case random(Random random) {
      int size = 1 + random.nextInt(12);
      List<String> leaves = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        leaves.add("s" + (i + 1));
      }
      Shape shape = new Shape.Sequence(parts(random, new ArrayDeque<>(leaves), 0));
      Set<String> optional = new HashSet<>();
      Set<String> reached = new HashSet<>();
      Set<String> passed = new HashSet<>();
      for (String leaf : leaves) {
        if (random.nextInt(4) == 0) {
          optional.add(leaf);
        }
        if (random.nextInt(5) == 0) {
          reached.add(leaf);
        }
        if (random.nextInt(6) == 0) {
          passed.add(leaf);
        }
      }
      List<String> trace = new ArrayList<>();
      word(shape, random, optional, trace);
      int mutations = random.nextInt(5);
      for (int m = 0; m < mutations; m++) {
        mutate(random, trace, leaves);
      }
      return new Case(shape, leaves, trace, new Aligner.Rules(optional, reached, passed),
          random.nextBoolean());
    }

    private static List<Shape> parts(Random random, Deque<String> labels, int depth) {
      List<Shape> parts = new ArrayList<>();
      int count = 1 + random.nextInt(Math.max(1, Math.min(5, labels.size())));
      for (int i = 0; i < count && !labels.isEmpty(); i++) {
        parts.add(part(random, labels, depth));
      }
      if (depth == 0) {
        while (!labels.isEmpty()) {
          parts.add(part(random, labels, depth));
        }
      }
      return parts;
    }

    private static Shape part(Random random, Deque<String> labels, int depth) {
      int kind = depth >= 3 || labels.size() < 2 ? 0 : random.nextInt(5);
      if (kind == 1) {
        return new Shape.AnyOrder(branches(random, labels, depth));
      }
      if (kind == 2) {
        return new Shape.When(labels.peek(), new Shape.Sequence(parts(random, labels, depth + 1)));
      }
      if (kind == 3) {
        return new Shape.Sequence(parts(random, labels, depth + 1));
      }
      String id = labels.pop();
      Shape step = new Shape.Step(id);
      return random.nextInt(4) == 0 ? new Shape.When(id, step) : step;
    }

    private static List<Shape> branches(Random random, Deque<String> labels, int depth) {
      List<Shape> branches = new ArrayList<>();
      int count = 2 + random.nextInt(3);
      for (int i = 0; i < count && !labels.isEmpty(); i++) {
        branches.add(random.nextInt(3) == 0
            ? new Shape.Sequence(parts(random, labels, depth + 1))
            : part(random, labels, depth + 1));
      }
      return branches;
    }

    /** A random word of the template's language (bypassing conditions, leaving out optionals). */
    private static void word(Shape shape, Random random, Set<String> optional, List<String> out) {
      if (shape instanceof Shape.Step step) {
        if (!optional.contains(step.id()) || random.nextBoolean()) {
          out.add(step.id());
        }
      } else if (shape instanceof Shape.Sequence sequence) {
        sequence.parts().forEach(p -> word(p, random, optional, out));
      } else if (shape instanceof Shape.When when) {
        if (random.nextInt(3) > 0) {
          word(when.body(), random, optional, out);
        }
      } else {
        List<Deque<String>> words = new ArrayList<>();
        for (Shape part : ((Shape.AnyOrder) shape).parts()) {
          List<String> w = new ArrayList<>();
          word(part, random, optional, w);
          words.add(new ArrayDeque<>(w));
        }
        while (words.stream().anyMatch(w -> !w.isEmpty())) {
          List<Deque<String>> open = words.stream().filter(w -> !w.isEmpty()).toList();
          out.add(open.get(random.nextInt(open.size())).pop());
        }
      }
    }

    private static void mutate(Random random, List<String> trace, List<String> leaves) {
      int op = random.nextInt(5);
      if (trace.isEmpty() || op == 2) {
        int at = random.nextInt(trace.size() + 1);
        int pick = random.nextInt(3);
        trace.add(at, pick == 0 ? null : pick == 1 ? "unknown_action"
            : leaves.get(random.nextInt(leaves.size())));
        return;
      }
      int i = random.nextInt(trace.size());
      switch (op) {
        case 0 -> {
          if (i + 1 < trace.size()) {
            Collections.swap(trace, i, i + 1);
          }
        }
        case 1 -> trace.remove(i);
        case 3 -> trace.add(i, trace.get(i));
        default -> Collections.swap(trace, i, random.nextInt(trace.size()));
      }
    }

    @Override
    public String toString() {
      return shape + " trace " + trace + " " + rules + (prefix ? " prefix" : " complete");
    }
  }

  /**
   * Shortest paths over (trace position, steps decided): a step is decided by a synchronous move or
   * a model move once every step before it (in every sequence around it) is decided; a condition
   * none of whose steps the run reached may be bypassed, deciding all its steps at no cost.
   */
  static final class Reference {
    private final Case generated;
    private final Map<String, Integer> bit = new HashMap<>();
    private final long[] before;
    private final List<long[]> conditions = new ArrayList<>();
    private final long all;
    private final long optional;
    private final long passedMandatory;

    Reference(Case generated) {
      this.generated = generated;
      for (int i = 0; i < generated.leaves.size(); i++) {
        bit.put(generated.leaves.get(i), i);
      }
      before = new long[generated.leaves.size()];
      collect(generated.shape, 0L);
      all = (1L << generated.leaves.size()) - 1;
      long opt = 0;
      long pm = 0;
      for (String leaf : generated.leaves) {
        if (generated.rules.optional().contains(leaf)) {
          opt |= 1L << bit.get(leaf);
        } else if (generated.rules.passed().contains(leaf)) {
          pm |= 1L << bit.get(leaf);
        }
      }
      optional = opt;
      passedMandatory = pm;
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

    private boolean bypassable(long leaves) {
      for (String leaf : generated.leaves) {
        long b = 1L << bit.get(leaf);
        if ((leaves & b) != 0 && (generated.rules.reached().contains(leaf)
            || generated.rules.passed().contains(leaf) || generated.trace.contains(leaf))) {
          return false;
        }
      }
      return true;
    }

    int optimum() {
      int n = generated.trace.size();
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
          } else if (generated.prefix) {
            result = Math.min(result, cost + Long.bitCount(passedMandatory & ~decided));
          }
        }
        if (i < n) {
          push(queue, i + 1, decided, cost + 1);
        }
        for (String leaf : generated.leaves) {
          int b = bit.get(leaf);
          long mask = 1L << b;
          if ((decided & mask) != 0 || (before[b] & ~decided) != 0) {
            continue;
          }
          if (i < n && leaf.equals(generated.trace.get(i))) {
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
      List<String> trace = generated.trace;
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
          boolean prefix = generated.prefix && (open & passedMandatory) == late;
          if (complete || prefix) {
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
        for (String leaf : generated.leaves) {
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
}
