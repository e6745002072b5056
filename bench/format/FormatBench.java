import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.cli.format.DockerFormat;
import dev.hoist.cli.format.GoTemplate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Formats 1,000 container-inspect-shaped objects with one template (and with a table format),
 * after a warm-up; prints the median of 21 timed passes. Run by bench/format.sh.
 */
public class FormatBench {
  public static void main(String[] args) {
    ObjectMapper mapper = new ObjectMapper();
    List<JsonNode> objects = new ArrayList<>();
    ArrayNode all = mapper.createArrayNode();
    for (int i = 0; i < 1000; i++) {
      ObjectNode o = mapper.createObjectNode();
      o.put("Id", String.format("%064x", i * 7919L));
      o.put("Name", "/container-" + i);
      ObjectNode state = o.putObject("State");
      state.put("Status", i % 3 == 0 ? "running" : "exited");
      state.put("ExitCode", i % 5);
      ObjectNode config = o.putObject("Config");
      ArrayNode env = config.putArray("Env");
      env.add("PATH=/usr/bin:/bin").add("N=" + i);
      ObjectNode labels = config.putObject("Labels");
      labels.put("app", "web").put("tier", "t" + (i % 4));
      objects.add(o);
      all.add(o);
    }
    String inspect = "{{.Name}} {{.State.Status}} {{if eq .State.ExitCode 0}}ok{{else}}"
        + "failed({{.State.ExitCode}}){{end}} {{json .Config.Env}} "
        + "{{range $k, $v := .Config.Labels}}{{$k}}={{$v}},{{end}} {{printf \"%.12s\" .Id}}";
    String table = "table {{.Name}}\\t{{.State.Status}}\\t{{upper (index .Config.Labels \"tier\")}}";
    GoTemplate template = GoTemplate.parse(inspect);
    DockerFormat format = DockerFormat.parse(table);
    Map<String, String> headers = Map.of("Name", "NAMES", "State", "STATUS", "Config", "TIER");
    long sink = 0;
    for (int warm = 0; warm < 200; warm++) {
      for (JsonNode o : objects) {
        sink += template.execute(o).length();
      }
      sink += format.render(objects, headers).length();
    }
    double[] perObject = new double[21];
    double[] perTable = new double[21];
    double[] parse = new double[21];
    for (int r = 0; r < 21; r++) {
      long t0 = System.nanoTime();
      for (JsonNode o : objects) {
        sink += template.execute(o).length();
      }
      long t1 = System.nanoTime();
      sink += format.render(objects, headers).length();
      long t2 = System.nanoTime();
      for (int p = 0; p < 100; p++) {
        sink += GoTemplate.parse(inspect).hashCode() & 1;
      }
      long t3 = System.nanoTime();
      perObject[r] = (t1 - t0) / 1e6;
      perTable[r] = (t2 - t1) / 1e6;
      parse[r] = (t3 - t2) / 1e3 / 100;
    }
    Arrays.sort(perObject);
    Arrays.sort(perTable);
    Arrays.sort(parse);
    System.out.printf("template over 1000 objects: median %.2f ms (%.2f us/object)%n",
        perObject[10], perObject[10]);
    System.out.printf("table format of 1000 rows:  median %.2f ms%n", perTable[10]);
    System.out.printf("parse of the template:      median %.1f us%n", parse[10]);
    if (sink == 42) {
      System.out.println();
    }
  }
}
