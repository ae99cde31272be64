package dev.asrun.capture;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.variable.type.ValueType;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.camunda.bpm.engine.variable.value.ObjectValue;
import org.camunda.bpm.engine.variable.value.SerializableValue;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * Turns a Camunda variable value into what a log payload may hold (JSON text, numbers, booleans,
 * null, maps). Strings, numbers and booleans are kept as they are (a number JSON cannot hold, such
 * as NaN, becomes its text), dates become ISO-8601 instants ({@code 2025-06-01T06:05:00Z}).
 * Anything else is described, not reproduced: its type, and for an object serialized as JSON or
 * XML its serialized text (never a deserialized object, whose code the log would run).
 */
final class Values {

  private static final String JSON = "application/json";
  private static final String XML = "application/xml";

  private Values() {}

  /** The payload form of {@code value}; {@code null} for no value. */
  static Object of(TypedValue value) {
    if (value == null || value.getType() == ValueType.NULL) {
      return null;
    }
    Object plain = value.getValue();
    if (value.getType() != null && value.getType().isPrimitiveValueType()) {
      return plain(plain);
    }
    Map<String, Object> described = new LinkedHashMap<>();
    described.put("type", value.getType() == null ? "untyped" : value.getType().getName());
    if (value instanceof FileValue file) {
      described.put("filename", file.getFilename());
      described.put("mime_type", file.getMimeType());
    } else if (value instanceof ObjectValue object) {
      described.put("object_type", object.getObjectTypeName());
      described.put("serialization_format", object.getSerializationDataFormat());
      if (isText(object.getSerializationDataFormat())) {
        described.put("serialized", object.getValueSerialized());
      }
    } else if (value instanceof SerializableValue serializable
        && isText(serializable.getSerializationDataFormat())) {
      described.put("serialized", serializable.getValueSerialized());
    }
    return described;
  }

  private static Object plain(Object value) {
    if (value == null || value instanceof String || value instanceof Boolean
        || value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte || value instanceof BigInteger || value instanceof BigDecimal) {
      return value;
    }
    if (value instanceof Double || value instanceof Float) {
      double number = ((Number) value).doubleValue();
      return Double.isFinite(number) ? value : value.toString();
    }
    if (value instanceof Number number) {
      return number.toString();
    }
    if (value instanceof Date date) {
      return date.toInstant().toString();
    }
    if (value instanceof byte[] bytes) {
      return Map.of("type", "bytes", "length", bytes.length);
    }
    return Map.of("type", value.getClass().getSimpleName());
  }

  private static boolean isText(String format) {
    return format != null && (format.startsWith(JSON) || format.startsWith(XML));
  }
}
