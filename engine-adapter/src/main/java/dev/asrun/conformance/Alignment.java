package dev.asrun.conformance;

import java.util.List;

/**
 * An optimal alignment of a trace against a template: every trace entry is a synchronous move
 * (the step it names, done where the template allows it) or a log move (done, but not where the
 * template has room for it), and every step of the template the alignment needs but the trace
 * lacks is a model move. Log and charged model moves cost 1 each; steps left out at no cost
 * (optional, bypassed by their condition, not reached yet) are no moves.
 *
 * @param moves in trace order, a model move just before the trace entry it precedes
 * @param cost the number of log moves and model moves
 */
record Alignment(List<Move> moves, int cost) {

  Alignment {
    moves = List.copyOf(moves);
  }

  /** What a move is. */
  enum Kind {
    SYNC,
    LOG,
    MODEL
  }

  /**
   * One move.
   *
   * @param kind sync, log or model
   * @param stepId the step (sync, model), or the trace entry's label (log; null for an entry that
   *     names no step)
   * @param traceIndex the 0-based trace index (sync, log); -1 for a model move
   * @param at the trace index a model move comes before (the trace's length: at the end)
   * @param notReached a model move of a step the run is not at yet but that the record shows as
   *     passed over (prefix mode)
   */
  record Move(Kind kind, String stepId, int traceIndex, int at, boolean notReached) {}
}
