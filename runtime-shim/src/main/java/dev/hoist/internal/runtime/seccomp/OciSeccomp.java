package dev.hoist.internal.runtime.seccomp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link SeccompPolicy} as the OCI runtime spec's {@code linux.seccomp} (for runc). */
public final class OciSeccomp {
  private OciSeccomp() {}

  public static Map<String, Object> of(SeccompPolicy policy) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("defaultAction", policy.defaultAction().ociName());
    if (hasErrno(policy.defaultAction())) {
      s.put("defaultErrnoRet", policy.defaultErrno());
    }
    s.put("architectures", policy.architectures());
    List<Map<String, Object>> syscalls = new ArrayList<>();
    for (SeccompPolicy.Rule r : policy.rules()) {
      Map<String, Object> call = new LinkedHashMap<>();
      call.put("names", r.names());
      call.put("action", r.action().ociName());
      if (hasErrno(r.action())) {
        call.put("errnoRet", r.errno());
      }
      if (!r.conditions().isEmpty()) {
        List<Map<String, Object>> args = new ArrayList<>();
        for (SeccompPolicy.Condition c : r.conditions()) {
          Map<String, Object> arg = new LinkedHashMap<>();
          arg.put("index", c.index());
          // JSON numbers: the spec's values are uint64, so print them unsigned
          arg.put("value", new java.math.BigInteger(Long.toUnsignedString(c.value())));
          arg.put("valueTwo", new java.math.BigInteger(Long.toUnsignedString(c.valueTwo())));
          arg.put("op", "SCMP_CMP_" + c.op().name());
          args.add(arg);
        }
        call.put("args", args);
      }
      syscalls.add(call);
    }
    s.put("syscalls", syscalls);
    return s;
  }

  private static boolean hasErrno(SeccompAction a) {
    return a == SeccompAction.ERRNO || a == SeccompAction.TRACE;
  }
}
