package dev.asrun.compiler.layout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.compiler.CompilationResult;
import dev.asrun.compiler.CompiledProcedure;
import dev.asrun.compiler.ProcedureCompiler;
import dev.asrun.compiler.golden.Fixtures;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnPlane;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.camunda.bpm.model.bpmn.instance.di.Waypoint;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the diagram of every process of every golden catalog and valid fixture, read back from
 * the emitted XML: in its process's plane, each flow node has a shape and each sequence flow an
 * edge; shapes do not overlap, except a boundary event with the activity it is attached to (on
 * whose border it sits), and an element with the subprocess that contains it (inside whose bounds
 * it must lie entirely); each edge starts on its source's bounds, ends on its target's, and runs
 * in horizontal and vertical segments only.
 */
class DiagramLayoutTest {
  /** How far off a bound a waypoint may be and still touch it (coordinates are doubles). */
  private static final double TOUCH = 0.5;

  static Stream<Named<Diagram>> diagrams() {
    List<Named<Diagram>> diagrams = new ArrayList<>();
    for (Path fixture : Fixtures.compilingFixtures()) {
      CompilationResult result = ProcedureCompiler.compile(Fixtures.sources(fixture));
      assertThat(result.diagnostics()).as("diagnostics of %s", fixture).isEmpty();
      for (CompiledProcedure procedure : result.procedures()) {
        Diagram.read(procedure.bpmnXml()).forEach((process, diagram) -> diagrams.add(Named.of(
            Fixtures.name(fixture) + "/" + procedure.resourceName() + "#" + process, diagram)));
      }
    }
    return diagrams.stream();
  }

  @ParameterizedTest
  @MethodSource("diagrams")
  void everyFlowNodeHasAShapeAndEveryFlowAnEdge(Diagram diagram) {
    assertThat(diagram.nodes).isNotEmpty();
    assertThat(diagram.nodes).map(FlowNode::getId).as("flow nodes without a shape")
        .filteredOn(id -> !diagram.shapes.containsKey(id)).isEmpty();
    assertThat(diagram.flows).map(SequenceFlow::getId).as("sequence flows without an edge")
        .filteredOn(id -> !diagram.edges.containsKey(id)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("diagrams")
  void shapesDoNotOverlapExceptBoundaryEventsAndSubprocessContents(Diagram diagram) {
    List<String> problems = new ArrayList<>();
    List<FlowNode> nodes = diagram.nodes;
    for (int i = 0; i < nodes.size(); i++) {
      for (int j = i + 1; j < nodes.size(); j++) {
        FlowNode a = nodes.get(i);
        FlowNode b = nodes.get(j);
        Box boxA = diagram.box(a);
        Box boxB = diagram.box(b);
        if (contains(a, b) || contains(b, a)) {
          FlowNode outer = contains(a, b) ? a : b;
          FlowNode inner = outer == a ? b : a;
          if (!diagram.box(outer).encloses(diagram.box(inner))) {
            problems.add(inner.getId() + " " + diagram.box(inner) + " is not inside its subprocess "
                + outer.getId() + " " + diagram.box(outer));
          }
        } else if (attached(a, b) || attached(b, a)) {
          BoundaryEvent event = (BoundaryEvent) (attached(a, b) ? a : b);
          Box host = diagram.box(event.getAttachedTo());
          Box box = diagram.box(event);
          if (!host.onBorder(box.centerX(), box.centerY())) {
            problems.add("boundary event " + event.getId() + " " + box
                + " does not sit on the border of " + event.getAttachedTo().getId() + " " + host);
          }
        } else if (boxA.overlaps(boxB)) {
          problems.add(a.getId() + " " + boxA + " overlaps " + b.getId() + " " + boxB);
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("diagrams")
  void edgesConnectTheirShapesInRightAngles(Diagram diagram) {
    List<String> problems = new ArrayList<>();
    for (SequenceFlow flow : diagram.flows) {
      List<double[]> points = diagram.edges.get(flow.getId());
      if (points == null) {
        continue;
      }
      if (points.size() < 2) {
        problems.add(flow.getId() + " has " + points.size() + " waypoint(s)");
        continue;
      }
      double[] first = points.get(0);
      double[] last = points.get(points.size() - 1);
      Box source = diagram.box(flow.getSource());
      Box target = diagram.box(flow.getTarget());
      if (!source.onBorder(first[0], first[1])) {
        problems.add(flow.getId() + " starts at " + point(first) + ", off its source "
            + flow.getSource().getId() + " " + source);
      }
      if (!target.onBorder(last[0], last[1])) {
        problems.add(flow.getId() + " ends at " + point(last) + ", off its target "
            + flow.getTarget().getId() + " " + target);
      }
      for (int i = 1; i < points.size(); i++) {
        double[] p = points.get(i - 1);
        double[] q = points.get(i);
        if (p[0] != q[0] && p[1] != q[1]) {
          problems.add(flow.getId() + " has a slanted segment " + point(p) + " -> " + point(q));
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  /** Whether {@code node} lies, at any depth, inside the subprocess {@code container}. */
  private static boolean contains(FlowNode container, FlowNode node) {
    if (!(container instanceof SubProcess)) {
      return false;
    }
    for (ModelElementInstance parent = node.getParentElement(); parent != null;
        parent = parent.getParentElement()) {
      if (parent instanceof BaseElement element && container.getId().equals(element.getId())) {
        return true;
      }
    }
    return false;
  }

  private static boolean attached(FlowNode event, FlowNode host) {
    return event instanceof BoundaryEvent boundary && boundary.getAttachedTo() != null
        && boundary.getAttachedTo().getId().equals(host.getId());
  }

  private static String point(double[] p) {
    return "(" + p[0] + ", " + p[1] + ")";
  }

  /** A shape's bounds. */
  record Box(double x, double y, double width, double height) {
    double right() {
      return x + width;
    }

    double bottom() {
      return y + height;
    }

    double centerX() {
      return x + width / 2;
    }

    double centerY() {
      return y + height / 2;
    }

    /** Overlap with a positive area; shapes that only touch do not overlap. */
    boolean overlaps(Box other) {
      return x < other.right() && other.x < right() && y < other.bottom() && other.y < bottom();
    }

    boolean encloses(Box other) {
      return other.x >= x && other.y >= y && other.right() <= right() && other.bottom() <= bottom();
    }

    boolean onBorder(double px, double py) {
      boolean withinX = px >= x - TOUCH && px <= right() + TOUCH;
      boolean withinY = py >= y - TOUCH && py <= bottom() + TOUCH;
      boolean onVertical = Math.abs(px - x) <= TOUCH || Math.abs(px - right()) <= TOUCH;
      boolean onHorizontal = Math.abs(py - y) <= TOUCH || Math.abs(py - bottom()) <= TOUCH;
      return withinX && withinY && (onVertical || onHorizontal);
    }

    @Override
    public String toString() {
      return "[x=" + x + ", y=" + y + ", w=" + width + ", h=" + height + "]";
    }
  }

  /** One process of a procedure's BPMN, parsed back, with the DI of its plane by element id. */
  static final class Diagram {
    final List<FlowNode> nodes;
    final List<SequenceFlow> flows;
    final Map<String, Box> shapes = new HashMap<>();
    final Map<String, List<double[]>> edges = new HashMap<>();

    private Diagram(BpmnModelInstance model, Process process) {
      nodes = model.getModelElementsByType(FlowNode.class).stream()
          .filter(node -> inside(node, process)).toList();
      flows = model.getModelElementsByType(SequenceFlow.class).stream()
          .filter(flow -> inside(flow, process)).toList();
      for (BpmnPlane plane : model.getModelElementsByType(BpmnPlane.class)) {
        if (plane.getBpmnElement() == null
            || !process.getId().equals(plane.getBpmnElement().getId())) {
          continue;
        }
        for (BpmnShape shape : plane.getChildElementsByType(BpmnShape.class)) {
          Bounds b = shape.getBounds();
          shapes.put(shape.getBpmnElement().getId(),
              new Box(b.getX(), b.getY(), b.getWidth(), b.getHeight()));
        }
        for (BpmnEdge edge : plane.getChildElementsByType(BpmnEdge.class)) {
          List<double[]> points = new ArrayList<>();
          for (Waypoint w : edge.getWaypoints()) {
            points.add(new double[] {w.getX(), w.getY()});
          }
          edges.put(edge.getBpmnElement().getId(), points);
        }
      }
    }

    /** The diagram of each process in {@code xml} (a procedure may come with helper processes). */
    static Map<String, Diagram> read(String xml) {
      BpmnModelInstance model =
          Bpmn.readModelFromStream(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
      Bpmn.validateModel(model);
      Map<String, Diagram> diagrams = new TreeMap<>();
      for (Process process : model.getModelElementsByType(Process.class)) {
        diagrams.put(process.getId(), new Diagram(model, process));
      }
      return diagrams;
    }

    private static boolean inside(ModelElementInstance element, Process process) {
      for (ModelElementInstance parent = element.getParentElement(); parent != null;
          parent = parent.getParentElement()) {
        if (parent instanceof Process p) {
          return p.getId().equals(process.getId());
        }
      }
      return false;
    }

    Box box(FlowNode node) {
      Box box = shapes.get(node.getId());
      assertThat(box).as("shape of %s", node.getId()).isNotNull();
      return box;
    }

    @Override
    public String toString() {
      return nodes.size() + " nodes, " + flows.size() + " flows";
    }
  }
}
