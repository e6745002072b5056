package dev.hoist.cli.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docker/cli's formatter around the template engine. The aligned tables expected here are what
 * Go 1.19's text/tabwriter printed with docker's settings ({@code NewWriter(out, 10, 1, 3, ' ',
 * 0)}) for the same input.
 */
class DockerFormatTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Map<String, String> HEADERS =
      Map.of("ID", "CONTAINER ID", "Names", "NAMES", "Image", "IMAGE");

  private static List<JsonNode> rows() throws Exception {
    return List.of(
        MAPPER.readTree("{\"ID\":\"0123456789ab\",\"Names\":\"web\",\"Image\":\"busybox\"}"),
        MAPPER.readTree("{\"ID\":\"42\",\"Names\":\"database-primary\",\"Image\":\"pg\"}"));
  }

  @Test
  void tablePrintsDockersHeadersAndAlignsColumnsAsGosTabwriter() throws Exception {
    String out = DockerFormat.parse("table {{.ID}}\\t{{.Names}}").render(rows(), HEADERS);
    assertEquals("CONTAINER ID   NAMES\n"
        + "0123456789ab   web\n"
        + "42             database-primary\n", out);
  }

  @Test
  void tableHeaderIgnoresDockersFunctions() throws Exception {
    String out = DockerFormat.parse("table {{truncate .ID 3}}\\t{{upper .Image}}")
        .render(rows(), HEADERS);
    // docker's header functions return their argument: the header keeps its own case
    assertEquals("CONTAINER ID   IMAGE\n"
        + "012            BUSYBOX\n"
        + "42             PG\n", out);
  }

  @Test
  void tableColumnsEndWhereALineHasNoCellInThem() throws Exception {
    assertEquals("NAME               X         LAST\n"
        + "longer-name-here   a         z\n"
        + "b                            y\n"
        + "single\n", TabWriter.docker("NAME\tX\tLAST\nlonger-name-here\ta\tz\nb\t\ty\nsingle\n"));
  }

  @Test
  void plainTemplatePrintsOneLinePerRowWithEscapesAndTrimmedSpaces() throws Exception {
    assertEquals("web\tbusybox\ndatabase-primary\tpg\n",
        DockerFormat.parse("  {{.Names}}\\t{{.Image}} ").render(rows(), HEADERS));
    assertEquals("web\nbusybox\ndatabase-primary\npg\n",
        DockerFormat.parse("{{.Names}}\\n{{.Image}}").render(rows(), HEADERS));
  }

  @Test
  void jsonFormatPrintsEachRowAsOneJsonLine() throws Exception {
    assertEquals("{\"ID\":\"0123456789ab\",\"Names\":\"web\",\"Image\":\"busybox\"}\n"
        + "{\"ID\":\"42\",\"Names\":\"database-primary\",\"Image\":\"pg\"}\n",
        DockerFormat.parse("json").render(rows(), HEADERS));
  }

  @Test
  void badTemplateIsRefusedWithGosMessage() {
    TemplateException e = assertThrows(TemplateException.class,
        () -> DockerFormat.parse("table {{.ID}"));
    assertEquals("template: :1: bad character U+007D '}'", e.getMessage());
  }
}
