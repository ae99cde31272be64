package dev.asrun.contract;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code asrun.*} properties of one element, each name with its values in written order, read
 * as the types the compiler writes them in. A value the compiler never writes is an error naming
 * the element, the property and the value.
 *
 * @param element what holds them, for messages ({@code step x}, {@code the process})
 */
record Properties(String element, Map<String, List<String>> values) {

  Properties {
    values = Map.copyOf(values);
  }

  Optional<String> first(String name) {
    return Optional.ofNullable(values.get(name)).filter(v -> !v.isEmpty()).map(v -> v.get(0));
  }

  List<String> all(String name) {
    return List.copyOf(values.getOrDefault(name, List.of()));
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  /** Whether the property is {@code true}; absent is {@code false}. */
  boolean flag(String name) {
    return bool(name).orElse(false);
  }

  Optional<Boolean> bool(String name) {
    return first(name).map(v -> parse(name, v, "true or false", Properties::trueOrFalse));
  }

  Optional<Duration> duration(String name) {
    return first(name).map(v -> parse(name, v, "an ISO-8601 duration such as PT10M",
        Duration::parse));
  }

  Optional<LocalTime> time(String name) {
    return first(name).map(v -> parse(name, v, "a time of day such as 08:00", LocalTime::parse));
  }

  Optional<ZoneId> zone(String name) {
    return first(name).map(v -> parse(name, v, "a zone id such as Europe/Berlin", ZoneId::of));
  }

  Optional<BigDecimal> decimal(String name) {
    return first(name).map(v -> parse(name, v, "a plain decimal such as 12.5", BigDecimal::new));
  }

  <T> T parse(String name, String value, String valid, Function<String, T> parser) {
    try {
      return parser.apply(value.strip());
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new IllegalArgumentException(element + ": property " + name + " is \"" + value
          + "\"; valid is " + valid);
    }
  }

  IllegalArgumentException missing(String name, String where) {
    return new IllegalArgumentException(element + ": property " + name + " is missing " + where);
  }

  private static boolean trueOrFalse(String value) {
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(value);
    };
  }
}
