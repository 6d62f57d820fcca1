package io.taskforge.workflows.taskgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTest {

  private final TemplateScope scope = scope();

  @Test
  void wholeTemplate_keepsListType() {
    assertThat(Templates.render("{{tasks.split.output.chunks}}", scope))
        .isEqualTo(List.of("c1", "c2", "c3"));
  }

  @Test
  void wholeTemplate_keepsNumberBooleanAndMapTypes() {
    assertThat(Templates.render("{{ context.limit }}", scope)).isEqualTo(10);
    assertThat(Templates.render("{{context.ratio}}", scope)).isEqualTo(0.5);
    assertThat(Templates.render("{{context.dryRun}}", scope)).isEqualTo(true);
    assertThat(Templates.render("{{context.db}}", scope))
        .isEqualTo(Map.of("host", "db.local", "port", 5432));
  }

  @Test
  void textAroundTemplate_rendersAsString() {
    assertThat(Templates.render("limit={{context.limit}}", scope)).isEqualTo("limit=10");
    assertThat(Templates.render(" {{context.limit}}", scope)).isEqualTo(" 10");
    assertThat(
            Templates.render(
                "{{context.db.host}}:{{context.db.port}} dry={{context.dryRun}}", scope))
        .isEqualTo("db.local:5432 dry=true");
  }

  @Test
  void integralDoubleInText_hasNoTrailingZero() {
    TemplateScope numbers =
        TemplateScope.of(ordered("whole", 3.0, "half", 2.5, "big", 12345678901L), Map.of());

    assertThat(Templates.render("{{context.whole}}/{{context.half}}/{{context.big}}", numbers))
        .isEqualTo("3/2.5/12345678901");
  }

  @Test
  void mapAndListInText_renderAsCompactJsonInTheirOrder() {
    assertThat(Templates.render("db={{context.db}} rows={{context.rows}}", scope))
        .isEqualTo(
            "db={\"host\":\"db.local\",\"port\":5432}"
                + " rows=[{\"name\":\"ada\",\"tags\":[\"x\"]},{\"name\":\"bob\",\"tags\":[]}]");
  }

  @Test
  void stringsInsideJsonText_areEscaped() {
    TemplateScope quoted = TemplateScope.of(ordered("m", ordered("say", "a \"b\"\n\\")), Map.of());

    assertThat(Templates.render("{{context.m}}!", quoted))
        .isEqualTo("{\"say\":\"a \\\"b\\\"\\n\\\\\"}!");
  }

  @Test
  void nestedParams_renderedRecursivelyKeepingOrderAndNonStrings() {
    Map<String, Object> params =
        ordered(
            "url",
            "https://{{context.db.host}}/q",
            "limit",
            "{{context.limit}}",
            "fixed",
            7,
            "nested",
            ordered(
                "chunks", "{{tasks.split.output.chunks}}", "list", List.of("{{context.ratio}}")));

    Object rendered = Templates.render(params, scope);

    assertThat(rendered)
        .isEqualTo(
            ordered(
                "url",
                "https://db.local/q",
                "limit",
                10,
                "fixed",
                7,
                "nested",
                ordered("chunks", List.of("c1", "c2", "c3"), "list", List.of(0.5))));
    assertThat(keys(rendered)).containsExactly("url", "limit", "fixed", "nested");
  }

  @Test
  void pathWithListIndexes_acceptsDotAndBracketForms() {
    assertThat(Templates.render("{{context.rows.1.name}}", scope)).isEqualTo("bob");
    assertThat(Templates.render("{{context.rows[1].name}}", scope)).isEqualTo("bob");
    assertThat(Templates.render("{{context.rows[0].tags[0]}}", scope)).isEqualTo("x");
    assertThat(Templates.render("{{tasks.split.output.chunks[2]}}", scope)).isEqualTo("c3");
  }

  @Test
  void wholeTaskOutput_isReadable() {
    assertThat(Templates.render("{{tasks.count.output}}", scope)).isEqualTo(42);
  }

  @Test
  void itemAndIndex_insideExpansion() {
    TemplateScope item = scope.forItem(ordered("id", 7, "path", List.of("a", "b")), 3);

    assertThat(Templates.render("{{item}}", item))
        .isEqualTo(ordered("id", 7, "path", List.of("a", "b")));
    assertThat(Templates.render("{{item.id}}", item)).isEqualTo(7);
    assertThat(Templates.render("{{item.path[1]}}", item)).isEqualTo("b");
    assertThat(Templates.render("{{ index }}", item)).isEqualTo(3);
    assertThat(Templates.render("part-{{index}}-{{item.id}}", item)).isEqualTo("part-3-7");
  }

  @Test
  void separateItemOutput_isReadableByItsKey() {
    String key = ExpansionOutputs.separateKey("process", 3);
    TemplateScope separate =
        TemplateScope.of(Map.of(), Map.of(key, ordered("rows", 12), "process[4]", "four"));

    assertThat(key).isEqualTo("process[3]");
    assertThat(Templates.render("{{tasks.process[3].output.rows}}", separate)).isEqualTo(12);
    assertThat(Templates.render("{{tasks.process[4].output}}", separate)).isEqualTo("four");
    assertThatThrownBy(() -> Templates.render("{{tasks.process[5].output}}", separate))
        .isInstanceOf(TemplateException.class)
        .hasMessage(
            "template '{{tasks.process[5].output}}': task 'process[5]' has no output (yet)");
  }

  @Test
  void missingKey_namesTemplateAndKey() {
    assertThatThrownBy(() -> Templates.render("{{tasks.split.output.chunkz}}", scope))
        .isInstanceOf(TemplateException.class)
        .hasMessage("template '{{tasks.split.output.chunkz}}': task 'split' has no key 'chunkz'");
    assertThatThrownBy(() -> Templates.render("x {{ context.db.user }} y", scope))
        .hasMessage("template '{{ context.db.user }}': context.db has no key 'user'");
    assertThatThrownBy(() -> Templates.render("{{context.nope}}", scope))
        .hasMessage("template '{{context.nope}}': context has no key 'nope'");
  }

  @Test
  void indexOutOfRange_isAnError() {
    assertThatThrownBy(() -> Templates.render("{{context.rows[5].name}}", scope))
        .isInstanceOf(TemplateException.class)
        .hasMessage("template '{{context.rows[5].name}}': context.rows has no index 5 (size 2)");
    assertThatThrownBy(() -> Templates.render("{{tasks.split.output.chunks.9}}", scope))
        .hasMessage(
            "template '{{tasks.split.output.chunks.9}}': task 'split' output.chunks has no index 9 (size 3)");
  }

  @Test
  void keyOnListOrScalar_isAnError() {
    assertThatThrownBy(() -> Templates.render("{{context.rows.name}}", scope))
        .hasMessage(
            "template '{{context.rows.name}}': context.rows is a list, cannot read key 'name'");
    assertThatThrownBy(() -> Templates.render("{{context.limit.x}}", scope))
        .hasMessage("template '{{context.limit.x}}': context.limit is a number, cannot read 'x'");
  }

  @Test
  void nullValue_isAnErrorEvenInsideText() {
    TemplateScope withNull = TemplateScope.of(ordered("gone", null), Map.of());

    assertThatThrownBy(() -> Templates.render("value: {{context.gone}}", withNull))
        .isInstanceOf(TemplateException.class)
        .hasMessage("template '{{context.gone}}': context.gone is null");
    assertThatThrownBy(() -> Templates.render("{{context.gone.deeper}}", withNull))
        .hasMessage(
            "template '{{context.gone.deeper}}': context.gone is null, cannot read 'deeper'");
  }

  @Test
  void unknownTaskOrTaskWithoutOutput_isAnError() {
    assertThatThrownBy(() -> Templates.render("{{tasks.later.output}}", scope))
        .isInstanceOf(TemplateException.class)
        .hasMessage("template '{{tasks.later.output}}': task 'later' has no output (yet)");
  }

  @Test
  void itemOutsideExpansion_isAnError() {
    assertThatThrownBy(() -> Templates.render("{{item.id}}", scope))
        .isInstanceOf(TemplateException.class)
        .hasMessage("template '{{item.id}}': 'item' is only available inside an expansion");
    assertThatThrownBy(() -> Templates.render("n={{index}}", scope))
        .hasMessage("template '{{index}}': 'index' is only available inside an expansion");
  }

  @Test
  void malformedTemplate_failsRender() {
    assertThatThrownBy(() -> Templates.render("a {{context.limit", scope))
        .isInstanceOf(TemplateException.class)
        .hasMessage("template '{{context.limit': '{{' is never closed by '}}'");
    assertThatThrownBy(() -> Templates.render("{{ }}", scope))
        .hasMessage("template '{{ }}': empty expression");
  }

  @Test
  void textWithoutTemplates_isUnchanged() {
    assertThat(Templates.render("plain } text }}", scope)).isEqualTo("plain } text }}");
    assertThat(Templates.render(12, scope)).isEqualTo(12);
    assertThat(Templates.render(null, scope)).isNull();
  }

  @Test
  void syntaxErrors_listsEveryMalformedTemplateWithWhere() {
    Map<String, Object> params =
        ordered(
            "ok",
            "{{context.a}} {{tasks.x.output.y[0]}}",
            "root",
            "{{ ctx.a }}",
            "list",
            List.of("fine", "{{}}", "{{tasks.x}}"),
            "deep",
            ordered("path", "{{context.a..b}} and {{context.a[x]}}", "open", "{{context.a"));

    assertThat(Templates.syntaxErrors(params))
        .containsExactly(
            "root: template '{{ ctx.a }}': unknown root 'ctx', expected context, tasks, item or"
                + " index",
            "list[1]: template '{{}}': empty expression",
            "list[2]: template '{{tasks.x}}': expected tasks.<name>.output",
            "deep.path: template '{{context.a..b}}': malformed path '.a..b'",
            "deep.path: template '{{context.a[x]}}': malformed index in '.a[x]', expected"
                + " [<number>]",
            "deep.open: template '{{context.a': '{{' is never closed by '}}'");
  }

  @Test
  void syntaxErrors_itemAllowedOnlyInExpansion() {
    Object params = List.of("{{item.id}}", "{{index}}");

    assertThat(Templates.syntaxErrors(params)).isEmpty();
    assertThat(Templates.syntaxErrors(params, false))
        .containsExactly(
            "[0]: template '{{item.id}}': 'item' is only available inside an expansion",
            "[1]: template '{{index}}': 'index' is only available inside an expansion");
    assertThat(Templates.syntaxErrors("{{index.x}}"))
        .containsExactly("template '{{index.x}}': 'index' is a number and takes no path");
    assertThat(Templates.syntaxErrors("{{tasks.a.outputs}}"))
        .containsExactly("template '{{tasks.a.outputs}}': expected tasks.<name>.output");
  }

  @Test
  void referencedTasks_listsTasksInOrderOfFirstUse() {
    Map<String, Object> params =
        ordered(
            "a",
            "{{tasks.split.output.chunks}} and {{context.x}}",
            "b",
            List.of("{{tasks.load.output}}", ordered("c", "{{ tasks.split.output }}")),
            "d",
            "{{tasks.process[3].output.rows}}",
            "bad",
            "{{tasks.broken}}");

    assertThat(Templates.referencedTasks(params)).containsExactly("split", "load", "process");
  }

  @Test
  void isSingleTemplate_onlyForExactlyOneTemplate() {
    assertThat(Templates.isSingleTemplate("{{ tasks.a.output }}")).isTrue();
    assertThat(Templates.isSingleTemplate(" {{tasks.a.output}}")).isFalse();
    assertThat(Templates.isSingleTemplate("{{context.a}}{{context.b}}")).isFalse();
    assertThat(Templates.isSingleTemplate(List.of())).isFalse();
  }

  private static TemplateScope scope() {
    Map<String, Object> context =
        ordered(
            "limit",
            10,
            "ratio",
            0.5,
            "dryRun",
            true,
            "db",
            ordered("host", "db.local", "port", 5432),
            "rows",
            List.of(
                ordered("name", "ada", "tags", List.of("x")),
                ordered("name", "bob", "tags", List.of())));
    Map<String, Object> outputs =
        ordered("split", ordered("chunks", List.of("c1", "c2", "c3")), "count", 42);
    return TemplateScope.of(context, outputs);
  }

  /** The keys of a map value, in its order. */
  static List<Object> keys(Object map) {
    return new ArrayList<>(((Map<?, ?>) map).keySet());
  }

  /** A map in the order given; values may be null. */
  static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    List<Object> list = Arrays.asList(keysAndValues);
    for (int i = 0; i < list.size(); i += 2) {
      map.put((String) list.get(i), list.get(i + 1));
    }
    return map;
  }
}
