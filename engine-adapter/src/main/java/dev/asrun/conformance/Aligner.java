package dev.asrun.conformance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes an exact optimal {@link Alignment} of a trace against a block-structured template with
 * unique step labels, in polynomial time (see {@code docs/deviations.md} for the derivation).
 *
 * <p>Every block {@code B} of the template is evaluated on windows of the trace: {@code c_B(i, j)},
 * the least cost of aligning {@code B} with the entries {@code i..j-1} that carry one of {@code B}'s
 * labels (the window's other entries belong to other blocks or are log moves anyway), counting a
 * charged model move as +1 and a synchronous move as -1 (it saves the log move the entry otherwise
 * is). Because labels are unique, a block only looks at its own entries, so windows are counted in
 * those entries alone and most blocks have tiny tables:
 *
 * <ul>
 *   <li>a step: -1 if its label is in the window (the earliest occurrence is synchronized), else +1,
 *       or 0 when it is optional;
 *   <li>a sequence: the best split of the window into consecutive sub-windows, one per part, by a
 *       chain over the parts (for a sequence of steps this is the edit-distance programme); since a
 *       part's cost only changes where one of its own entries enters the window, only those split
 *       points are tried;
 *   <li>any order: the sum of the parts' costs on the same window (their labels are disjoint, so
 *       they interleave freely and never compete for an entry);
 *   <li>a condition: the minimum of its body's cost and 0 (bypassed) when the run never reached the
 *       step, else the body's cost.
 * </ul>
 *
 * In prefix mode (a run that is active or was aborted) the part of the template after the run's
 * frontier costs nothing, except the steps the record shows as passed over (skipped by the
 * executor or the monitor), which stay omissions: a sequence's prefix is whole parts, then a
 * prefix of one part, then parts not reached; an any-order block's prefix is a prefix of each part.
 *
 * <p>Costs are kept as one {@code long}: {@code cost * K + tie}, where a synchronized entry at index
 * {@code g} adds {@code g - n} to the tie (with {@code K} above any tie's size). Among alignments of
 * least cost that prefers more synchronous moves and then earlier ones: of {@code A C B} against
 * {@code A B C}, C is synchronized where it was done and B is the step done out of order.
 */
final class Aligner {

  private enum Mode {
    COMPLETE,
    PREFIX,
    NOT_REACHED
  }

  private final int n;
  private final long unit;
  private final Rules rules;
  private final Map<String, int[]> occurrences = new HashMap<>();
  private final List<Alignment.Move> moves = new ArrayList<>();

  /**
   * What the record says of the steps, beyond the trace.
   *
   * @param optional steps whose absence is no deviation
   * @param reached steps the engine reached (started, done or skipped): a condition around one of
   *     them was not bypassed
   * @param passed steps the record shows as passed over (skipped by the executor, not seen by the
   *     monitor, their called run aborted): absent, they are omissions even before the run ends
   */
  record Rules(Set<String> optional, Set<String> reached, Set<String> passed) {
    Rules {
      optional = Set.copyOf(optional);
      reached = Set.copyOf(reached);
      passed = Set.copyOf(passed);
    }
  }

  private Aligner(List<String> trace, Rules rules) {
    this.n = trace.size();
    this.rules = rules;
    try {
      this.unit = Math.addExact(Math.multiplyExact((long) n, (long) n), 1L);
      Math.multiplyExact(Math.multiplyExact(unit, 4L), (long) n + 1_000_000L);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "a trace of " + n + " entries is too long to align (at most about a million)", e);
    }
    Map<String, List<Integer>> positions = new HashMap<>();
    for (int i = 0; i < n; i++) {
      String label = trace.get(i);
      if (label != null) {
        positions.computeIfAbsent(label, l -> new ArrayList<>()).add(i);
      }
    }
    positions.forEach((label, at) ->
        occurrences.put(label, at.stream().mapToInt(Integer::intValue).toArray()));
  }

  /**
   * An optimal alignment of {@code trace} against {@code shape}.
   *
   * @param trace the label of each trace entry: a step id, or null for an entry that can never be
   *     synchronized (an extra action)
   * @param prefix whether the run may still be short of its end (active, or aborted): the steps
   *     after its frontier are not reached rather than omitted
   */
  static Alignment align(Shape shape, List<String> trace, Rules rules, boolean prefix) {
    Aligner aligner = new Aligner(trace, rules);
    Block root = aligner.block(shape);
    root.build(false);
    root.emit(0, root.rel.length, prefix ? Mode.PREFIX : Mode.COMPLETE, 0, aligner.n);
    return aligner.result();
  }

  private Alignment result() {
    boolean[] synced = new boolean[n];
    List<Alignment.Move> all = new ArrayList<>(moves);
    for (Alignment.Move move : moves) {
      if (move.kind() == Alignment.Kind.SYNC) {
        synced[move.traceIndex()] = true;
      }
    }
    int cost = 0;
    for (int i = 0; i < n; i++) {
      if (!synced[i]) {
        all.add(new Alignment.Move(Alignment.Kind.LOG, null, i, i, false));
        cost++;
      }
    }
    for (Alignment.Move move : moves) {
      if (move.kind() == Alignment.Kind.MODEL) {
        cost++;
      }
    }
    List<Alignment.Move> ordered = new ArrayList<>(all.size());
    Integer[] order = new Integer[all.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.<Integer>comparingInt(i -> all.get(i).at())
        .thenComparingInt(i -> all.get(i).kind() == Alignment.Kind.MODEL ? 0 : 1)
        .thenComparingInt(i -> i));
    for (Integer i : order) {
      ordered.add(all.get(i));
    }
    return new Alignment(ordered, cost);
  }

  private Block block(Shape shape) {
    if (shape instanceof Shape.Step step) {
      return new Leaf(step.id());
    }
    if (shape instanceof Shape.Sequence sequence) {
      return new Sequence(sequence.parts().stream().map(this::block).toList());
    }
    if (shape instanceof Shape.AnyOrder any) {
      return new AnyOrder(any.parts().stream().map(this::block).toList());
    }
    return new When(block(((Shape.When) shape).body()));
  }

  private long sync(int traceIndex) {
    return -unit + (traceIndex - n);
  }

  private void model(String stepId, int at, boolean notReached) {
    moves.add(new Alignment.Move(Alignment.Kind.MODEL, stepId, -1, at, notReached));
  }

  /** A block of the template, evaluated on windows of its own entries. */
  private abstract static class Block {
    /** The trace indices of the entries carrying one of the block's labels, ascending. */
    int[] rel;
    /** The cost when the run reached none of it: its steps passed over (charged). */
    long notReached;
    /** Whether the record shows one of its steps as reached. */
    boolean reached;

    /**
     * Prepares {@link #c} and {@link #p} for every window; without {@code full} (the root, which
     * is only emitted) just its parts.
     */
    abstract void build(boolean full);

    /** The cost of aligning the block completely with its entries {@code a..b-1}. */
    abstract long c(int a, int b);

    /** The cost of aligning a prefix of the block with its entries {@code a..b-1}. */
    abstract long p(int a, int b);

    /**
     * Records the moves of an optimal alignment of the window {@code a..b-1}.
     *
     * @param at the trace index model moves of an empty window come before
     * @param end the trace index just after the window
     */
    abstract void emit(int a, int b, Mode mode, int at, int end);

    long value(int a, int b, Mode mode) {
      return switch (mode) {
        case COMPLETE -> c(a, b);
        case PREFIX -> p(a, b);
        case NOT_REACHED -> notReached;
      };
    }
  }

  private final class Leaf extends Block {
    private final String id;
    private final boolean optional;
    private final boolean passed;

    Leaf(String id) {
      this.id = id;
      this.rel = occurrences.getOrDefault(id, new int[0]);
      this.optional = rules.optional().contains(id);
      this.passed = rules.passed().contains(id);
      this.reached = rules.reached().contains(id) || passed || rel.length > 0;
      this.notReached = !optional && passed ? unit : 0;
    }

    @Override
    void build(boolean full) {}

    @Override
    long c(int a, int b) {
      return b > a ? sync(rel[a]) : optional ? 0 : unit;
    }

    @Override
    long p(int a, int b) {
      return b > a ? sync(rel[a]) : notReached;
    }

    @Override
    void emit(int a, int b, Mode mode, int at, int end) {
      if (mode != Mode.NOT_REACHED && b > a) {
        moves.add(new Alignment.Move(Alignment.Kind.SYNC, id, rel[a], rel[a], false));
      } else if (!optional && (mode == Mode.COMPLETE || passed)) {
        model(id, at, mode == Mode.NOT_REACHED);
      }
    }
  }

  private final class When extends Block {
    private final Block body;
    private final boolean bypassable;

    When(Block body) {
      this.body = body;
      this.rel = body.rel;
      this.reached = body.reached;
      this.bypassable = !body.reached;
      this.notReached = bypassable ? 0 : body.notReached;
    }

    @Override
    void build(boolean full) {
      body.build(true);
    }

    @Override
    long c(int a, int b) {
      return bypassable ? Math.min(0, body.c(a, b)) : body.c(a, b);
    }

    @Override
    long p(int a, int b) {
      return bypassable ? Math.min(0, body.p(a, b)) : body.p(a, b);
    }

    @Override
    void emit(int a, int b, Mode mode, int at, int end) {
      if (!bypassable || body.value(a, b, mode) < 0) {
        body.emit(a, b, mode, at, end);
      }
    }
  }

  /** Parts with disjoint labels; {@code owner} and {@code local} place each entry in its part. */
  private abstract class Composite extends Block {
    final List<Block> parts;
    int[] owner;
    int[] local;
    long[][] complete;
    long[][] prefix;

    Composite(List<Block> parts) {
      this.parts = parts;
      int size = 0;
      for (Block part : parts) {
        size += part.rel.length;
        reached |= part.reached;
        notReached += part.notReached;
      }
      rel = new int[size];
      owner = new int[size];
      local = new int[size];
      int[] next = new int[parts.size()];
      for (int i = 0; i < size; i++) {
        int best = -1;
        for (int m = 0; m < parts.size(); m++) {
          int[] own = parts.get(m).rel;
          if (next[m] < own.length && (best < 0 || own[next[m]] < parts.get(best).rel[next[best]])) {
            best = m;
          }
        }
        rel[i] = parts.get(best).rel[next[best]];
        owner[i] = best;
        local[i] = next[best]++;
      }
    }

    /** How many of part {@code m}'s entries come before the block's entry {@code x}. */
    int localBoundary(int m, int x) {
      int count = 0;
      for (int i = 0; i < x; i++) {
        if (owner[i] == m) {
          count++;
        }
      }
      return count;
    }

    @Override
    long c(int a, int b) {
      return complete[a][b - a];
    }

    @Override
    long p(int a, int b) {
      return prefix[a][b - a];
    }
  }

  private final class AnyOrder extends Composite {
    AnyOrder(List<Block> parts) {
      super(parts);
    }

    @Override
    void build(boolean full) {
      int k = parts.size();
      int r = rel.length;
      long[] emptyC = new long[k];
      long[] emptyP = new long[k];
      long baseC = 0;
      long baseP = 0;
      for (int m = 0; m < k; m++) {
        Block part = parts.get(m);
        part.build(true);
        emptyC[m] = part.c(0, 0);
        emptyP[m] = part.p(0, 0);
        baseC += emptyC[m];
        baseP += emptyP[m];
      }
      complete = new long[r + 1][];
      prefix = new long[r + 1][];
      int[] start = new int[k];
      long[] curC = new long[k];
      long[] curP = new long[k];
      for (int a = 0; a <= r; a++) {
        Arrays.fill(start, -1);
        System.arraycopy(emptyC, 0, curC, 0, k);
        System.arraycopy(emptyP, 0, curP, 0, k);
        long sumC = baseC;
        long sumP = baseP;
        complete[a] = new long[r + 1 - a];
        prefix[a] = new long[r + 1 - a];
        complete[a][0] = sumC;
        prefix[a][0] = sumP;
        for (int b = a + 1; b <= r; b++) {
          int m = owner[b - 1];
          if (start[m] < 0) {
            start[m] = local[b - 1];
          }
          Block part = parts.get(m);
          long c = part.c(start[m], local[b - 1] + 1);
          long p = part.p(start[m], local[b - 1] + 1);
          sumC += c - curC[m];
          sumP += p - curP[m];
          curC[m] = c;
          curP[m] = p;
          complete[a][b - a] = sumC;
          prefix[a][b - a] = sumP;
        }
      }
    }

    @Override
    void emit(int a, int b, Mode mode, int at, int end) {
      for (int m = 0; m < parts.size(); m++) {
        parts.get(m).emit(localBoundary(m, a), localBoundary(m, b), mode, at, end);
      }
    }
  }

  private final class Sequence extends Composite {
    /** For each part, the block indices of its entries. */
    private final int[][] indexOf;

    Sequence(List<Block> parts) {
      super(parts);
      indexOf = new int[parts.size()][];
      int[] count = new int[parts.size()];
      for (int m = 0; m < parts.size(); m++) {
        indexOf[m] = new int[parts.get(m).rel.length];
      }
      for (int i = 0; i < rel.length; i++) {
        indexOf[owner[i]][count[owner[i]]++] = i;
      }
    }

    @Override
    void build(boolean full) {
      for (Block part : parts) {
        part.build(true);
      }
      int r = rel.length;
      if (!full) {
        return;
      }
      complete = new long[r + 1][];
      prefix = new long[r + 1][];
      for (int a = 0; a <= r; a++) {
        Row row = row(a, false);
        complete[a] = Arrays.copyOfRange(row.complete, a, r + 1);
        prefix[a] = Arrays.copyOfRange(row.prefix, a, r + 1);
      }
    }

    /** The chain over the parts for windows starting at {@code a}: one row of the tables. */
    private Row row(int a, boolean keepChoices) {
      int r = rel.length;
      int k = parts.size();
      long[] g = new long[r + 1];
      long[] h = new long[r + 1];
      long[] nextG = new long[r + 1];
      long[] nextH = new long[r + 1];
      int[][] choiceG = keepChoices ? new int[k][r + 1] : null;
      int[][] choiceH = keepChoices ? new int[k][r + 1] : null;
      for (int m = 0; m < k; m++) {
        Block part = parts.get(m);
        int[] index = indexOf[m];
        int first = lowerBound(index, a);
        int inside = first;
        for (int b = a; b <= r; b++) {
          while (inside < index.length && index[inside] < b) {
            inside++;
          }
          long bestG = g[b] + part.c(inside, inside);
          int pickG = b;
          long bestH = h[b] + part.notReached;
          int pickH = -1;
          long viaPrefix = g[b] + part.p(inside, inside);
          if (viaPrefix < bestH) {
            bestH = viaPrefix;
            pickH = b;
          }
          for (int j = first; j < inside; j++) {
            int q = index[j];
            long vc = g[q] + part.c(j, inside);
            if (vc < bestG) {
              bestG = vc;
              pickG = q;
            }
            long vp = g[q] + part.p(j, inside);
            if (vp < bestH) {
              bestH = vp;
              pickH = q;
            }
          }
          nextG[b] = bestG;
          nextH[b] = bestH;
          if (keepChoices) {
            choiceG[m][b] = pickG;
            choiceH[m][b] = pickH;
          }
        }
        long[] swap = g;
        g = nextG;
        nextG = swap;
        swap = h;
        h = nextH;
        nextH = swap;
      }
      return new Row(g, h, choiceG, choiceH);
    }

    @Override
    void emit(int a, int b, Mode mode, int at, int end) {
      int k = parts.size();
      int[] from = new int[k];
      int[] to = new int[k];
      Mode[] modes = new Mode[k];
      if (mode == Mode.NOT_REACHED) {
        Arrays.fill(from, a);
        Arrays.fill(to, a);
        Arrays.fill(modes, Mode.NOT_REACHED);
      } else {
        Row row = row(a, true);
        boolean inPrefix = mode == Mode.PREFIX;
        int x = b;
        for (int m = k - 1; m >= 0; m--) {
          int q;
          if (inPrefix) {
            q = row.choiceH[m][x];
            if (q < 0) {
              modes[m] = Mode.NOT_REACHED;
              from[m] = x;
              to[m] = x;
              continue;
            }
            modes[m] = Mode.PREFIX;
            inPrefix = false;
          } else {
            q = row.choiceG[m][x];
            modes[m] = Mode.COMPLETE;
          }
          from[m] = q;
          to[m] = x;
          x = q;
        }
      }
      for (int m = 0; m < k; m++) {
        int partAt = from[m] < b ? rel[from[m]] : end;
        int partEnd = to[m] < b ? rel[to[m]] : end;
        if (from[m] == to[m] && from[m] == a) {
          partAt = at;
        }
        parts.get(m).emit(localBoundary(m, from[m]), localBoundary(m, to[m]), modes[m],
            partAt, partEnd);
      }
    }

    private record Row(long[] complete, long[] prefix, int[][] choiceG, int[][] choiceH) {}
  }

  /** The first index of {@code sorted} whose value is at least {@code value}. */
  private static int lowerBound(int[] sorted, int value) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (sorted[mid] < value) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
