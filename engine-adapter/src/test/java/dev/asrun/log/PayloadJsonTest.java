package dev.asrun.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PayloadJsonTest {

  @Test
  void sortsKeysAtEveryLevelWithoutWhitespace() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("z", 1);
    inner.put("B", 2L);
    inner.put("a", List.of(Map.of("y", true, "x", false)));
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("outer", inner);
    payload.put("first", "1");

    assertThat(PayloadJson.canonical(payload))
        .isEqualTo(
            "{\"first\":\"1\",\"outer\":{\"B\":2,\"a\":[{\"x\":false,\"y\":true}],\"z\":1}}");
  }

  @Test
  void writesTheSameTextWhateverTheMapOrder() {
    Map<String, Object> one = new LinkedHashMap<>();
    one.put("a", 1);
    one.put("b", 2);
    Map<String, Object> other = new HashMap<>();
    other.put("b", 2);
    other.put("a", 1);

    assertThat(PayloadJson.canonical(one)).isEqualTo(PayloadJson.canonical(other));
  }

  @Test
  void escapesEveryNonAsciiCharacter() {
    assertThat(PayloadJson.canonical(Map.of("t", "caf\u00e9 \"\n\"")))
        .isEqualTo("{\"t\":\"caf\\u00E9 \\\"\\n\\\"\"}")
        .matches("\\p{ASCII}*");
  }

  @Test
  void rejectsNumbersJsonCannotHold() {
    assertThatThrownBy(() -> PayloadJson.canonical(Map.of("v", Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("payload.v: NaN is not a JSON number; use a finite number or a string");
  }

  @Test
  void rejectsSetsAndOtherObjectsNamingThePath() {
    assertThatThrownBy(() -> PayloadJson.canonical(Map.of("list", List.of(1, Set.of(2)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "payload.list[1]: a java.util.ImmutableCollections$Set12 is not a JSON value");
  }

  @Test
  void rejectsMapKeysThatAreNotStrings() {
    Map<Object, Object> numbered = new HashMap<>();
    numbered.put(1, "one");

    assertThatThrownBy(() -> PayloadJson.canonical(Map.of("m", numbered)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("payload.m: map key 1 is not a string; JSON object keys are strings");
  }

  @Test
  void rejectsAListInsideItself() {
    List<Object> cycle = new ArrayList<>();
    cycle.add(cycle);

    assertThatThrownBy(() -> PayloadJson.canonical(Map.of("c", cycle)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nested deeper than 64 levels");
  }

  @Test
  void tellsWhetherTextIsExactlyOneObject() {
    assertThat(PayloadJson.isSingleObject("{\"a\":[1,{\"b\":2}]}")).isTrue();
    assertThat(PayloadJson.isSingleObject("{\"a\":1},\"hash\":\"x\"")).isFalse();
    assertThat(PayloadJson.isSingleObject("[1]")).isFalse();
    assertThat(PayloadJson.isSingleObject("{\"a\":")).isFalse();
  }
}
