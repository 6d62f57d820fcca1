package io.taskforge.workflows.taskgroup;

import static io.taskforge.workflows.taskgroup.TemplatesTest.keys;
import static io.taskforge.workflows.taskgroup.TemplatesTest.ordered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpansionOutputsTest {

  @Test
  void merge_keepsItemOrderAndSkipsFailedItems() {
    List<Object> outputs = Arrays.asList("first", null, List.of(2), ordered("x", 3), null);

    assertThat(ExpansionOutputs.merged(outputs, false))
        .isEqualTo(List.of("first", List.of(2), Map.of("x", 3)));
  }

  @Test
  void merge_ofNoSuccesses_isEmptyList() {
    assertThat(ExpansionOutputs.merged(Arrays.asList(null, null), false)).isEqualTo(List.of());
  }

  @Test
  void mergeMaps_combinesKeysInItemOrder() {
    List<Object> outputs =
        Arrays.asList(ordered("b", 1, "a", 2), null, ordered("c", 3), ordered("a", 2L, "d", 4.0));

    Object merged = ExpansionOutputs.merged(outputs, true);

    assertThat(merged).isEqualTo(ordered("b", 1, "a", 2, "c", 3, "d", 4.0));
    assertThat(keys(merged)).containsExactly("b", "a", "c", "d");
  }

  @Test
  void mergeMaps_equalNestedValuesAreNotAConflict() {
    List<Object> outputs =
        List.of(
            ordered("cfg", ordered("n", 1, "l", List.of(1.0))),
            ordered("cfg", ordered("l", List.of(1), "n", 1L)));

    assertThat(ExpansionOutputs.merged(outputs, true))
        .isEqualTo(ordered("cfg", ordered("n", 1, "l", List.of(1.0))));
  }

  @Test
  void mergeMaps_conflictingKeysAreReportedWithTheirItems() {
    List<Object> outputs =
        List.of(
            ordered("a", 1, "b", "x", "same", true),
            ordered("b", "y", "same", true),
            ordered("a", 2, "same", true),
            ordered("a", 1));

    assertThatThrownBy(() -> ExpansionOutputs.merged(outputs, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mergeMaps: items disagree on keys 'b' (items 0, 1), 'a' (items 0, 2, 3)");
  }

  @Test
  void mergeMaps_nonMapOutputIsAnError() {
    assertThatThrownBy(() -> ExpansionOutputs.merged(List.of(ordered("a", 1), List.of()), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mergeMaps: item 1 output is a list, not an object");
  }

  @Test
  void separate_publishesEachSuccessUnderItsIndexedKey() {
    Map<String, Object> separate =
        ExpansionOutputs.separate("process", Arrays.asList("zero", null, "two"));

    assertThat(separate)
        .containsExactly(Map.entry("process[0]", "zero"), Map.entry("process[2]", "two"));
    assertThat(ExpansionOutputs.separateKey("process", 3)).isEqualTo("process[3]");
  }

  @Test
  void itemFailurePolicy_decidesWhetherTheTaskFails() {
    assertThat(ItemFailurePolicy.FAIL.taskFails(1, 10)).isTrue();
    assertThat(ItemFailurePolicy.FAIL.taskFails(0, 10)).isFalse();
    assertThat(ItemFailurePolicy.COMPLETE_WITH_SUCCESSES.taskFails(9, 10)).isFalse();
    assertThat(ItemFailurePolicy.COMPLETE_WITH_SUCCESSES.taskFails(10, 10)).isTrue();
    assertThat(ItemFailurePolicy.COMPLETE_WITH_SUCCESSES.taskFails(0, 0)).isFalse();
  }
}
