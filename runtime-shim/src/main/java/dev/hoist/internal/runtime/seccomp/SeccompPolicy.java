package dev.hoist.internal.runtime.seccomp;

import java.util.List;

/**
 * A profile resolved for one container (its capabilities, the machine's architecture, the
 * running kernel): only the rules that apply, with their actions and errnos settled. Both
 * adapters start here: {@link BpfCompiler} (hoist's shim) and {@link OciSeccomp} (runc).
 *
 * @param defaultAction what happens to a syscall no rule matches
 * @param defaultErrno its errno when the action is ERRNO or TRACE
 * @param architectures libseccomp names, the native one first ({@code SCMP_ARCH_X86_64})
 * @param rules in the profile's order
 */
public record SeccompPolicy(SeccompAction defaultAction, int defaultErrno,
    List<String> architectures, List<Rule> rules) {

  public SeccompPolicy {
    architectures = List.copyOf(architectures);
    rules = List.copyOf(rules);
  }

  /**
   * {@code names} get {@code action} when the conditions hold: all of them (AND), except when
   * two compare the same argument: then each condition alone (OR), as runc reads a profile.
   */
  public record Rule(List<String> names, SeccompAction action, int errno,
      List<Condition> conditions) {
    public Rule {
      names = List.copyOf(names);
      conditions = List.copyOf(conditions);
    }

    /** The condition groups: the rule applies when every condition of one group holds. */
    List<List<Condition>> alternatives() {
      long distinct = conditions.stream().mapToInt(Condition::index).distinct().count();
      if (distinct == conditions.size()) {
        return List.of(conditions);
      }
      return conditions.stream().map(List::of).toList();
    }

    /** The value a filter returns: the action with its errno. */
    int ret() {
      return action.ret | (action == SeccompAction.ERRNO || action == SeccompAction.TRACE
          ? errno & 0xffff : 0);
    }
  }

  /** Argument {@code index} (0 to 5), compared as an unsigned 64-bit value. */
  public record Condition(int index, SeccompCompare op, long value, long valueTwo) {
    boolean test(long[] args) {
      return op.test(args[index], value, valueTwo);
    }
  }

  /** The default action's return value. */
  int defaultRet() {
    return new Rule(List.of(), defaultAction, defaultErrno, List.of()).ret();
  }
}
