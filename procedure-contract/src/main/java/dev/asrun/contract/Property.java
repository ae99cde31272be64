package dev.asrun.contract;

/**
 * The names of the {@code camunda:property} entries the compiler writes. Process and step
 * properties are named by {@code camunda:name}; the properties of a record step's form field are
 * named by {@code camunda:id} (Camunda reads a form field's properties by id).
 */
public final class Property {
  private Property() {}

  // the procedure's process

  /**
   * The oldest procedure format the procedure's content needs ({@code procedure/0.1}, or {@code
   * procedure/0.2} with a signature policy); marks a process as a compiled procedure.
   */
  public static final String SCHEMA = "asrun.schema";

  /** The procedure's domain, if written. */
  public static final String DOMAIN = "asrun.domain";

  /** The whole run's limit (ISO-8601 duration) on the process; a step's limit on the step. */
  public static final String TIMEOUT = "asrun.timeout";

  /** An action whose observation triggers the procedure; repeated, once per action. */
  public static final String DURING_ACTION = "asrun.during_action";

  /** The location the procedure is restricted to. */
  public static final String LOCATION = "asrun.location";

  /** Equipment the procedure is restricted to; repeated, once per piece. */
  public static final String EQUIPMENT = "asrun.equipment";

  /** The daily trigger window's start ({@code HH:MM}, as {@link java.time.LocalTime} prints). */
  public static final String WINDOW_START = "asrun.window_start";

  /** The daily trigger window's end, if it has one. */
  public static final String WINDOW_END = "asrun.window_end";

  /** The Quartz-style cron expression of the window's opening (days included). */
  public static final String CRON = "asrun.cron";

  /** The zone of the window (a {@link java.time.ZoneId}); absent: the engine's zone. */
  public static final String TIMEZONE = "asrun.timezone";

  /** A meaning a run must be signed with ({@link SignatureMeaning}); repeated, in order. */
  public static final String SIGNATURE_REQUIRED = "asrun.signature_required";

  /**
   * A group that may sign with a meaning, as {@code meaning:group} ({@code reviewed:qa}); repeated,
   * once per meaning and group, in the order the policy lists them.
   */
  public static final String SIGNATURE_GROUP = "asrun.signature_group";

  // the trigger window process

  /** Marks a trigger window process; its value is the procedure the window opens. */
  public static final String WINDOW_OF = "asrun.window_of";

  // a step's activity

  /** A step's type ({@link StepType}); marks an activity as a step. */
  public static final String STEP_TYPE = "asrun.step_type";

  /** The observable action that detects the step (every type but {@code group}). */
  public static final String ACTION = "asrun.action";

  /** {@code true} on an optional step (also one inside an optional group); absent otherwise. */
  public static final String OPTIONAL = "asrun.optional";

  /** The condition the step runs under, as written. */
  public static final String WHEN = "asrun.when";

  /** The procedure a step calls. */
  public static final String REFERENCE = "asrun.reference";

  /** A wait step's duration (ISO-8601). */
  public static final String DURATION = "asrun.duration";

  /** A check step's variable. */
  public static final String VARIABLE = "asrun.variable";

  /** What a check step expects its variable to be: {@code true} or {@code false}. */
  public static final String EXPECT = "asrun.expect";

  /** A group's order ({@link GroupOrder}). */
  public static final String ORDER = "asrun.order";

  // a record step's form field (by camunda:id)

  /** The field's type ({@link FieldType}); marks a form field as a recorded field. */
  public static final String FIELD_TYPE = "asrun.type";

  /** {@code true} on a required field; absent otherwise. */
  public static final String REQUIRED = "asrun.required";

  /** A number field's minimum, a plain decimal. */
  public static final String MIN = "asrun.min";

  /** A number field's maximum, a plain decimal. */
  public static final String MAX = "asrun.max";

  /** A number field's unit. */
  public static final String UNIT = "asrun.unit";
}
