package dev.asrun.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The payload's canonical JSON: object keys sorted (by UTF-16 code units, as RFC 8785), no
 * whitespace, every non-ASCII character escaped as {@code \\uXXXX}, so the stored text is plain
 * ASCII and reads back byte for byte on any database encoding. Only JSON values are accepted:
 * strings, numbers, booleans, null, lists, and maps with string keys.
 */
final class PayloadJson {

  /** Deeper than this is almost certainly a cycle; the engine's payloads are a few levels deep. */
  static final int MAX_DEPTH = 64;

  private static final JsonFactory CANONICAL =
      JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  private static final ObjectMapper READER = new ObjectMapper();

  /** Reads a payload into a fresh map; the map's type is resolved once, not per payload. */
  private static final ObjectReader MAP_READER =
      READER.readerFor(new TypeReference<Map<String, Object>>() {});

  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private PayloadJson() {}

  static String canonical(Map<String, ?> payload) {
    StringWriter text = new StringWriter();
    try (JsonGenerator generator = CANONICAL.createGenerator(text)) {
      write(generator, payload, "payload", 0);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to a string failed", e);
    }
    return text.toString();
  }

  static Map<String, Object> parse(String json) {
    try {
      return MAP_READER.readValue(json);
    } catch (IOException e) {
      throw new IllegalStateException("stored payload is not a JSON object: " + e.getMessage(), e);
    }
  }

  /**
   * Whether {@code json} is exactly one well-formed JSON object and nothing after it, so it can be
   * embedded verbatim in another JSON document without changing that document's structure.
   */
  static boolean isSingleObject(String json) {
    try (JsonParser parser = READER.getFactory().createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      parser.skipChildren();
      return parser.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }

  private static void write(JsonGenerator out, Object value, String path, int depth)
      throws IOException {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException(
          path + ": nested deeper than " + MAX_DEPTH + " levels (is a map or list inside itself?)");
    }
    if (value == null) {
      out.writeNull();
    } else if (value instanceof String s) {
      out.writeString(s);
    } else if (value instanceof Boolean b) {
      out.writeBoolean(b);
    } else if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      out.writeNumber(((Number) value).longValue());
    } else if (value instanceof BigInteger i) {
      out.writeNumber(i);
    } else if (value instanceof BigDecimal d) {
      out.writeNumber(d);
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException(
            path + ": " + value + " is not a JSON number; use a finite number or a string");
      }
      if (value instanceof Float f) {
        out.writeNumber(f);
      } else {
        out.writeNumber(d);
      }
    } else if (value instanceof Map<?, ?> map) {
      TreeMap<String, Object> sorted = new TreeMap<>();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!(entry.getKey() instanceof String key)) {
          throw new IllegalArgumentException(
              path
                  + ": map key "
                  + entry.getKey()
                  + " is not a string; JSON object keys are strings");
        }
        sorted.put(key, entry.getValue());
      }
      out.writeStartObject();
      for (Map.Entry<String, Object> entry : sorted.entrySet()) {
        out.writeFieldName(entry.getKey());
        write(out, entry.getValue(), member(path, entry.getKey()), depth + 1);
      }
      out.writeEndObject();
    } else if (value instanceof List<?> list) {
      out.writeStartArray();
      for (int i = 0; i < list.size(); i++) {
        write(out, list.get(i), path + "[" + i + "]", depth + 1);
      }
      out.writeEndArray();
    } else {
      throw new IllegalArgumentException(
          path
              + ": a "
              + value.getClass().getName()
              + " is not a JSON value; payload values must be strings (ISO-8601 for times),"
              + " numbers, booleans, null, lists, or maps with string keys");
    }
  }

  private static String member(String path, String key) {
    return PLAIN_KEY.matcher(key).matches()
        ? path + "." + key
        : path + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
  }
}
