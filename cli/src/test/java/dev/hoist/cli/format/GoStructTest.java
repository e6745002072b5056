package dev.hoist.cli.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rows as docker/cli's formatter contexts: fields, a method with a string argument
 * ({@code .Label "k"}), Go's errors for anything else, {@code json} of the fields alone.
 */
class GoStructTest {
  private static final GoStruct ROW = GoStruct.of("*formatter.ContainerContext")
      .field("Names", "web").field("ID", "0123456789ab")
      .method("Label", k -> Map.of("tier", "front").getOrDefault(k, ""))
      .build();

  private static String run(String template) {
    return GoTemplate.parse(template).execute(ROW);
  }

  private static String error(String template) {
    return assertThrows(TemplateException.class, () -> run(template)).getMessage();
  }

  @Test
  void fieldsAndMethodsWithTheirArgument() {
    assertEquals("web 0123456789ab", run("{{.Names}} {{.ID}}"));
    assertEquals("front|", run("{{.Label \"tier\"}}|{{.Label \"none\"}}"));
    assertEquals("FRONT", run("{{.Label \"tier\" | upper}}"));
    assertEquals("front", run("{{\"tier\" | .Label}}"));
    assertEquals("front", run("{{$r := .}}{{$r.Label \"tier\"}}"));
  }

  @Test
  void jsonIsTheFieldsSorted() {
    assertEquals("{\"ID\":\"0123456789ab\",\"Names\":\"web\"}", run("{{json .}}"));
  }

  @Test
  void unknownFieldsAndWrongArgumentsFailAsGosTemplates() {
    assertEquals("template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type "
        + "*formatter.ContainerContext", error("{{.Nope}}"));
    assertEquals("template: :1:2: executing \"\" at <.Label>: wrong number of args for Label: "
        + "want 1 got 0", error("{{.Label}}"));
    assertEquals("template: :1:2: executing \"\" at <.Names>: wrong number of args for Names: "
        + "want 0 got 1", error("{{.Names \"x\"}}"));
  }

  @Test
  void aTableHeaderOfALabelColumnEndsWhereDockersDoes() {
    // docker runs the header over a map: .Label "k" fails there, and what came before is kept
    String out = DockerFormat.parse("table {{.Names}}\t{{.Label \"tier\"}}")
        .render(List.of(ROW), Map.of("Names", "NAMES"));
    assertEquals("NAMES     \nweb       front\n", out); // Go's tabwriter pads the cell
  }
}
