package dev.asrun.compiler.bpmn;

import dev.asrun.compiler.bpmn.Diagram.Point;
import dev.asrun.compiler.bpmn.Diagram.Rect;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;

/**
 * A laid-out piece of a diagram: a rectangle that flow enters at its left edge and leaves at its
 * right edge, both at the same height (the anchor). Blocks nest (sequences, branches, containers),
 * so the layout is left to right without overlaps by construction: every block lies inside its
 * rectangle, and siblings' rectangles are disjoint.
 */
abstract class Block {
  static final int GAP = 50;
  static final int VGAP = 50;
  static final int EVENT = 36;
  static final int GATEWAY = 50;
  static final int TASK_WIDTH = 100;
  static final int TASK_HEIGHT = 80;
  /** Room below a node for a boundary timer, the end event under it and that event's label. */
  static final int BOUNDARY_ROOM = 130;
  /** Room above a named split gateway for its label (the bypass runs below it). */
  static final int LABEL_ROOM = 40;
  static final int LABEL_WIDTH = 110;
  static final int LABEL_HEIGHT = 34;

  int width;
  int height;
  /** Distance from the top edge to the line flow enters and leaves on. */
  int anchor;

  abstract FlowNode entry();

  abstract FlowNode exit();

  /** Places the block with its top-left corner at {@code (x, y)}. */
  abstract void place(int x, int y, Diagram diagram);

  /** A boundary timer on a node's bottom edge, leading to an end event right below it. */
  record Boundary(BoundaryEvent event, EndEvent end, SequenceFlow flow) {}

  /** One flow node, optionally with a boundary timer. */
  static class Node extends Block {
    final FlowNode node;
    final int nodeWidth;
    final int nodeHeight;
    final Boundary boundary;

    Node(FlowNode node, int nodeWidth, int nodeHeight, Boundary boundary) {
      this.node = node;
      this.nodeWidth = nodeWidth;
      this.nodeHeight = nodeHeight;
      this.boundary = boundary;
      this.width = nodeWidth;
      this.anchor = nodeHeight / 2;
      this.height = nodeHeight + (boundary == null ? 0 : BOUNDARY_ROOM);
    }

    @Override
    FlowNode entry() {
      return node;
    }

    @Override
    FlowNode exit() {
      return node;
    }

    @Override
    void place(int x, int y, Diagram diagram) {
      diagram.shape(node, x, y, nodeWidth, nodeHeight);
      placeBoundary(x, y, diagram);
    }

    void placeBoundary(int x, int y, Diagram diagram) {
      if (boundary == null) {
        return;
      }
      int bx = x + nodeWidth - EVENT - 12;
      int by = y + nodeHeight - EVENT / 2;
      diagram.shape(boundary.event(), bx, by, EVENT, EVENT);
      diagram.label(boundary.event(), bx - LABEL_WIDTH - 4, by + EVENT + 2, LABEL_WIDTH,
          LABEL_HEIGHT);
      int ey = y + nodeHeight + 60;
      diagram.shape(boundary.end(), bx, ey, EVENT, EVENT);
      diagram.edge(boundary.flow(), new Point(bx + EVENT / 2, by + EVENT),
          new Point(bx + EVENT / 2, ey));
    }
  }

  /** An expanded subprocess drawn around an inner block. */
  static final class Container extends Node {
    static final int PAD = 30;
    static final int TITLE = 20;
    final Block inner;

    Container(FlowNode node, Block inner, Boundary boundary) {
      super(node, inner.width + 2 * PAD, inner.height + 2 * PAD + TITLE, boundary);
      this.inner = inner;
      this.anchor = PAD + TITLE + inner.anchor;
    }

    @Override
    void place(int x, int y, Diagram diagram) {
      super.place(x, y, diagram);
      inner.place(x + PAD, y + PAD + TITLE, diagram);
    }
  }

  /** Blocks one after another, joined by flows along a common anchor line. */
  static final class Sequence extends Block {
    final List<Block> parts;
    final List<SequenceFlow> flows;

    /** {@code flows.get(i)} joins {@code parts.get(i)} to {@code parts.get(i + 1)}. */
    Sequence(List<Block> parts, List<SequenceFlow> flows) {
      if (parts.isEmpty() || flows.size() != parts.size() - 1) {
        throw new IllegalArgumentException("a sequence needs n parts and n - 1 flows");
      }
      this.parts = List.copyOf(parts);
      this.flows = List.copyOf(flows);
      int below = 0;
      for (Block part : parts) {
        anchor = Math.max(anchor, part.anchor);
        below = Math.max(below, part.height - part.anchor);
        width += part.width;
      }
      width += GAP * (parts.size() - 1);
      height = anchor + below;
    }

    @Override
    FlowNode entry() {
      return parts.get(0).entry();
    }

    @Override
    FlowNode exit() {
      return parts.get(parts.size() - 1).exit();
    }

    @Override
    void place(int x, int y, Diagram diagram) {
      int cx = x;
      int line = y + anchor;
      for (int i = 0; i < parts.size(); i++) {
        Block part = parts.get(i);
        part.place(cx, line - part.anchor, diagram);
        if (i > 0) {
          Rect from = diagram.bounds(parts.get(i - 1).exit());
          Rect to = diagram.bounds(part.entry());
          diagram.edge(flows.get(i - 1), new Point(from.right(), line), new Point(to.x(), line));
        }
        cx += part.width + GAP;
      }
    }
  }

  /**
   * A split gateway, branches stacked top to bottom, and a join gateway; the first branch runs on
   * the anchor line. A branch may be empty (a condition's bypass): then its flow goes straight
   * from split to join below the other branches.
   */
  static final class Branches extends Block {
    static final int EMPTY_BRANCH = 30;
    final Gateway split;
    final Gateway join;
    final List<Block> branches;
    final List<SequenceFlow> in;
    final List<SequenceFlow> out;
    final SequenceFlow bypass;
    private final int branchWidth;

    /**
     * {@code in.get(i)}/{@code out.get(i)} enter and leave {@code branches.get(i)}; {@code bypass},
     * if not null, joins split to join directly as the last, empty branch.
     */
    Branches(Gateway split, Gateway join, List<Block> branches, List<SequenceFlow> in,
        List<SequenceFlow> out, SequenceFlow bypass) {
      this.split = split;
      this.join = join;
      this.branches = List.copyOf(branches);
      this.in = List.copyOf(in);
      this.out = List.copyOf(out);
      this.bypass = bypass;
      int maxWidth = GATEWAY;
      for (Block b : branches) {
        maxWidth = Math.max(maxWidth, b.width);
      }
      branchWidth = maxWidth;
      width = GATEWAY + GAP + branchWidth + GAP + GATEWAY;
      Block first = branches.get(0);
      int aboveLine = GATEWAY / 2 + (split.getName() == null ? 0 : LABEL_ROOM);
      anchor = Math.max(aboveLine, first.anchor);
      int bottom = anchor - first.anchor + first.height;
      for (int i = 1; i < branches.size(); i++) {
        bottom += VGAP + branches.get(i).height;
      }
      if (bypass != null) {
        bottom += VGAP / 2 + EMPTY_BRANCH;
      }
      height = Math.max(bottom, anchor + GATEWAY / 2);
    }

    @Override
    FlowNode entry() {
      return split;
    }

    @Override
    FlowNode exit() {
      return join;
    }

    @Override
    void place(int x, int y, Diagram diagram) {
      int line = y + anchor;
      int joinX = x + width - GATEWAY;
      diagram.shape(split, x, line - GATEWAY / 2, GATEWAY, GATEWAY);
      if (split.getName() != null) {
        diagram.label(split, x + GATEWAY / 2 - LABEL_WIDTH / 2, line - GATEWAY / 2 - LABEL_HEIGHT - 4,
            LABEL_WIDTH, LABEL_HEIGHT);
      }
      diagram.shape(join, joinX, line - GATEWAY / 2, GATEWAY, GATEWAY);
      int splitCx = x + GATEWAY / 2;
      int joinCx = joinX + GATEWAY / 2;
      int branchX = x + GATEWAY + GAP;
      int top = line - branches.get(0).anchor;
      for (int i = 0; i < branches.size(); i++) {
        Block b = branches.get(i);
        b.place(branchX, top, diagram);
        int branchLine = top + b.anchor;
        Rect entry = diagram.bounds(b.entry());
        Rect exit = diagram.bounds(b.exit());
        if (i == 0) {
          diagram.edge(in.get(i), new Point(x + GATEWAY, line), new Point(entry.x(), line));
          diagram.edge(out.get(i), new Point(exit.right(), line), new Point(joinX, line));
        } else {
          diagram.edge(in.get(i), new Point(splitCx, line + GATEWAY / 2),
              new Point(splitCx, branchLine), new Point(entry.x(), branchLine));
          diagram.edge(out.get(i), new Point(exit.right(), branchLine),
              new Point(joinCx, branchLine), new Point(joinCx, line + GATEWAY / 2));
        }
        top += b.height + VGAP;
      }
      if (bypass != null) {
        int bypassLine = top - VGAP + VGAP / 2 + EMPTY_BRANCH / 2;
        diagram.edge(bypass, new Point(splitCx, line + GATEWAY / 2), new Point(splitCx, bypassLine),
            new Point(joinCx, bypassLine), new Point(joinCx, line + GATEWAY / 2));
      }
    }
  }

  /** Several start events in a column, merged by a gateway into one flow. */
  static final class Starts extends Block {
    static final int ROW = EVENT + VGAP + 20;
    final List<FlowNode> starts;
    final Gateway merge;
    final List<SequenceFlow> flows;

    Starts(List<FlowNode> starts, Gateway merge, List<SequenceFlow> flows) {
      this.starts = new ArrayList<>(starts);
      this.merge = merge;
      this.flows = List.copyOf(flows);
      width = EVENT + GAP + GATEWAY;
      anchor = GATEWAY / 2;
      height = anchor + EVENT / 2 + (starts.size() - 1) * ROW + 20;
    }

    @Override
    FlowNode entry() {
      return starts.get(0);
    }

    @Override
    FlowNode exit() {
      return merge;
    }

    @Override
    void place(int x, int y, Diagram diagram) {
      int line = y + anchor;
      int mergeX = x + EVENT + GAP;
      int mergeCx = mergeX + GATEWAY / 2;
      diagram.shape(merge, mergeX, line - GATEWAY / 2, GATEWAY, GATEWAY);
      for (int i = 0; i < starts.size(); i++) {
        int cy = line + i * ROW;
        diagram.shape(starts.get(i), x, cy - EVENT / 2, EVENT, EVENT);
        if (i == 0) {
          diagram.edge(flows.get(i), new Point(x + EVENT, cy), new Point(mergeX, cy));
        } else {
          diagram.edge(flows.get(i), new Point(x + EVENT, cy), new Point(mergeCx, cy),
              new Point(mergeCx, line + GATEWAY / 2));
        }
      }
    }
  }
}
