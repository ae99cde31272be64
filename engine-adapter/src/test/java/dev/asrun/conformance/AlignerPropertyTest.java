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
 * actions, duplications). The reference ({@link ExhaustiveReference}) knows nothing of windows or
 * tables; the aligner's alignment must cost what the reference's best costs, and must itself be a
 * valid alignment of that cost.
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
      ExhaustiveReference reference = new ExhaustiveReference(generated.shape, generated.leaves,
          generated.trace, generated.rules, generated.prefix);
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
}
