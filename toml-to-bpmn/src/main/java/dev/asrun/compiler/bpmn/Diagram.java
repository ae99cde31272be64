package dev.asrun.compiler.bpmn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;

/** Where laid-out elements go: a rectangle per flow node, a polyline per sequence flow. */
final class Diagram {
  /** A shape's bounds. */
  record Rect(int x, int y, int width, int height) {
    int right() {
      return x + width;
    }

    int bottom() {
      return y + height;
    }

    int centerX() {
      return x + width / 2;
    }

    int centerY() {
      return y + height / 2;
    }
  }

  /** A waypoint. */
  record Point(int x, int y) {}

  private final Map<FlowNode, Rect> shapes = new LinkedHashMap<>();
  private final Map<SequenceFlow, List<Point>> edges = new LinkedHashMap<>();
  private final Map<FlowNode, Rect> labels = new LinkedHashMap<>();

  void shape(FlowNode node, int x, int y, int width, int height) {
    shapes.put(node, new Rect(x, y, width, height));
  }

  /** Places {@code node}'s name at {@code rect} instead of the renderer's default spot. */
  void label(FlowNode node, int x, int y, int width, int height) {
    labels.put(node, new Rect(x, y, width, height));
  }

  Rect bounds(FlowNode node) {
    Rect rect = shapes.get(node);
    if (rect == null) {
      throw new IllegalStateException("not placed yet: " + node.getId());
    }
    return rect;
  }

  void edge(SequenceFlow flow, Point... points) {
    List<Point> waypoints = new ArrayList<>();
    for (Point p : points) {
      if (waypoints.isEmpty() || !waypoints.get(waypoints.size() - 1).equals(p)) {
        waypoints.add(p);
      }
    }
    edges.put(flow, waypoints);
  }

  Map<FlowNode, Rect> shapes() {
    return shapes;
  }

  Map<SequenceFlow, List<Point>> edges() {
    return edges;
  }

  Map<FlowNode, Rect> labels() {
    return labels;
  }
}
