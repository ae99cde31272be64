package dev.asrun.contract;

import java.util.Arrays;
import java.util.Locale;

/** The value sets' spelling in BPMN: each constant as its lower-case name. */
final class Values {
  private Values() {}

  static String of(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  static <E extends Enum<E>> E of(Class<E> type, String value) {
    E[] constants = type.getEnumConstants();
    return Arrays.stream(constants)
        .filter(c -> of(c).equals(value))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("\"" + value + "\" is no "
            + type.getSimpleName() + "; one of "
            + Arrays.stream(constants).map(Values::of).toList()));
  }
}
