package dev.asrun.contract;

/**
 * The ids the compiler generates. Every generated id contains a {@code -}, which a step id cannot,
 * so they never collide with a step (whose activity id is the step id).
 */
public final class Ids {
  private Ids() {}

  /** The none start event: a run started by hand (Tasklist, the API). */
  public static final String MANUAL_START = "asrun-start";

  /** The signal start event of a run its trigger window opened. */
  public static final String WINDOW_START = "asrun-start-window";

  /** What the signal start event of a trigger action is named, before the action. */
  public static final String ACTION_START_PREFIX = "asrun-on-";

  /** The exclusive gateway where several start events merge. */
  public static final String TRIGGERED = "asrun-triggered";

  /** The subprocess holding all steps of a procedure with a timeout. */
  public static final String RUN = "asrun-run";

  /** The interrupting boundary timer of the procedure's timeout, on {@link #RUN}. */
  public static final String PROCEDURE_TIMEOUT = "asrun-timeout";

  /** The end event after {@link #PROCEDURE_TIMEOUT}. */
  public static final String ABORTED = "asrun-aborted";

  /** The procedure's end event. */
  public static final String END = "asrun-end";

  /** What follows a step's id in its non-interrupting overdue boundary timer. */
  public static final String OVERDUE_SUFFIX = "-overdue";

  /** What follows a step's id in the exclusive gateway of its condition. */
  public static final String WHEN_SUFFIX = "-when";

  /** What follows a step's id in the exclusive gateway that joins its condition's bypass. */
  public static final String WHEN_JOIN_SUFFIX = "-when-join";

  /** What follows the procedure's id in the key of its trigger window process. */
  public static final String WINDOW_PROCESS_SUFFIX = "-window";

  /** The cron timer start event of a trigger window process. */
  public static final String WINDOW_TIMER = "asrun-window-timer";

  /** The signal throw event that triggers the procedure from its window process. */
  public static final String WINDOW_TRIGGER = "asrun-window-trigger";

  /** The timer catch event that holds a trigger window open. */
  public static final String WINDOW_WAIT = "asrun-window-wait";

  /** The end event where a trigger window with an end closes. */
  public static final String WINDOW_CLOSED = "asrun-window-closed";

  /** The end event of a trigger window process without an end. */
  public static final String WINDOW_END = "asrun-window-end";

  /**
   * What the names of the engine's own signals start with (a window's opening); no trigger action
   * may, since actions are signals too.
   */
  public static final String RESERVED_SIGNAL_PREFIX = "asrun.";

  /** The signal start event's id for trigger action {@code action}. */
  public static String actionStart(String action) {
    return ACTION_START_PREFIX + action;
  }

  /** The overdue boundary timer of step {@code stepId}. */
  public static String overdue(String stepId) {
    return stepId + OVERDUE_SUFFIX;
  }

  /** The key of the trigger window process of procedure {@code procedureId}. */
  public static String windowProcess(String procedureId) {
    return procedureId + WINDOW_PROCESS_SUFFIX;
  }

  /**
   * The signal by which procedure {@code procedureId}'s trigger window opens it. Camunda refuses a
   * timer start event beside the none start event Tasklist needs, so the cron timer lives in the
   * window process, which throws this signal; the procedure starts on it.
   */
  public static String windowSignal(String procedureId) {
    return RESERVED_SIGNAL_PREFIX + "window." + procedureId;
  }
}
