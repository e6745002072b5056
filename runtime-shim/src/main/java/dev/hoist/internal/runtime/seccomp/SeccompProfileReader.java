package dev.hoist.internal.runtime.seccomp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Docker's JSON profile format into a {@link SeccompProfile} through Jackson's tree
 * model: every run of a container reads the default profile, and the tree costs a fraction of
 * data binding's first use (which introspects each record). A field of the wrong JSON type is
 * an error naming it; unknown fields are ignored, as Docker does.
 */
final class SeccompProfileReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String source;

  private SeccompProfileReader(String source) {
    this.source = source;
  }

  static SeccompProfile read(String json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new SeccompProfileException("seccomp profile " + source + " is not valid JSON: "
          + e.getOriginalMessage());
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new SeccompProfileException("seccomp profile " + source + " is empty");
    }
    return new SeccompProfileReader(source).profile(root);
  }

  private SeccompProfile profile(JsonNode n) {
    object(n, "the profile");
    List<SeccompProfile.ArchMap> archMap = new ArrayList<>();
    for (JsonNode m : array(n.get("archMap"), "archMap")) {
      object(m, "archMap[]");
      archMap.add(new SeccompProfile.ArchMap(text(m.get("architecture"), "archMap.architecture"),
          strings(m.get("subArchitectures"), "archMap.subArchitectures")));
    }
    List<SeccompProfile.Syscall> syscalls = new ArrayList<>();
    List<JsonNode> calls = array(n.get("syscalls"), "syscalls");
    for (int i = 0; i < calls.size(); i++) {
      syscalls.add(syscall(calls.get(i), "syscalls[" + i + "]"));
    }
    return new SeccompProfile(text(n.get("defaultAction"), "defaultAction"),
        integer(n.get("defaultErrnoRet"), "defaultErrnoRet"),
        strings(n.get("architectures"), "architectures"), archMap, syscalls);
  }

  private SeccompProfile.Syscall syscall(JsonNode s, String at) {
    object(s, at);
    List<SeccompProfile.Arg> args = new ArrayList<>();
    for (JsonNode a : array(s.get("args"), at + ".args")) {
      object(a, at + ".args[]");
      Integer index = integer(a.get("index"), at + ".args.index");
      args.add(new SeccompProfile.Arg(index == null ? 0 : index,
          unsigned(a.get("value"), at + ".args.value"),
          unsigned(a.get("valueTwo"), at + ".args.valueTwo"), text(a.get("op"), at + ".args.op")));
    }
    return new SeccompProfile.Syscall(text(s.get("name"), at + ".name"),
        strings(s.get("names"), at + ".names"), text(s.get("action"), at + ".action"),
        integer(s.get("errnoRet"), at + ".errnoRet"), args,
        filter(s.get("includes"), at + ".includes"), filter(s.get("excludes"), at + ".excludes"),
        text(s.get("comment"), at + ".comment"));
  }

  private SeccompProfile.Filter filter(JsonNode f, String at) {
    if (absent(f)) {
      return null;
    }
    object(f, at);
    return new SeccompProfile.Filter(strings(f.get("caps"), at + ".caps"),
        strings(f.get("arches"), at + ".arches"), text(f.get("minKernel"), at + ".minKernel"));
  }

  private static boolean absent(JsonNode n) {
    return n == null || n.isNull();
  }

  private void object(JsonNode n, String what) {
    if (!n.isObject()) {
      throw wrong(what, "an object");
    }
  }

  private List<JsonNode> array(JsonNode n, String what) {
    List<JsonNode> out = new ArrayList<>();
    if (absent(n)) {
      return out;
    }
    if (!n.isArray()) {
      throw wrong(what, "an array");
    }
    n.forEach(out::add);
    return out;
  }

  private List<String> strings(JsonNode n, String what) {
    List<String> out = new ArrayList<>();
    for (JsonNode s : array(n, what)) {
      out.add(text(s, what + "[]"));
    }
    return out;
  }

  private String text(JsonNode n, String what) {
    if (absent(n)) {
      return null;
    }
    if (!n.isTextual()) {
      throw wrong(what, "a string");
    }
    return n.textValue();
  }

  private Integer integer(JsonNode n, String what) {
    if (absent(n)) {
      return null;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw wrong(what, "a whole number");
    }
    return n.intValue();
  }

  private BigInteger unsigned(JsonNode n, String what) {
    if (absent(n)) {
      return null;
    }
    if (!n.isIntegralNumber()) {
      throw wrong(what, "a whole number");
    }
    return n.bigIntegerValue();
  }

  private SeccompProfileException wrong(String what, String expected) {
    return new SeccompProfileException("seccomp profile " + source + ": " + what
        + " is not " + expected);
  }
}
