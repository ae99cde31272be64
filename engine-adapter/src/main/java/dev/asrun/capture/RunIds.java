package dev.asrun.capture;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * The run id of a Camunda process instance. A run is one process instance of a compiled procedure,
 * and its id is derived from the instance id alone (a name-based UUID), so anyone holding a process
 * instance id (Cockpit, REST, a history query) finds its run without a lookup table, and the same
 * instance always gets the same id, on every node.
 */
public final class RunIds {

  private static final String NAMESPACE = "camunda-process-instance:";

  private RunIds() {}

  /** The run id of the process instance {@code processInstanceId}. */
  public static String of(String processInstanceId) {
    Objects.requireNonNull(processInstanceId, "processInstanceId");
    return UUID.nameUUIDFromBytes((NAMESPACE + processInstanceId).getBytes(StandardCharsets.UTF_8))
        .toString();
  }
}
