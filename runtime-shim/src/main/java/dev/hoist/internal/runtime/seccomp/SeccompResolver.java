package dev.hoist.internal.runtime.seccomp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Resolves a {@link SeccompProfile} for one container as Docker does (moby's
 * {@code setupSeccomp}): the native architecture and its {@code archMap} companions; a rule is
 * kept when all of its {@code includes.caps} are in the container's capabilities, the machine's
 * architecture is among its {@code includes.arches}, the running kernel is at least its
 * {@code includes.minKernel}, none of its {@code excludes.caps} is a capability of the container
 * and the architecture is not among its {@code excludes.arches}. An ERRNO or TRACE action
 * without an errno gets EPERM (as runc). Rules whose action is the default action are left out
 * (libseccomp refuses them).
 */
public final class SeccompResolver {
  static final int EPERM = 1;

  private final Set<String> caps;
  private final NativeArch arch;
  private final KernelVersion kernel;

  SeccompResolver(Collection<String> caps, NativeArch arch, KernelVersion kernel) {
    this.caps = Set.copyOf(caps);
    this.arch = arch;
    this.kernel = kernel;
  }

  /** For a container with these capabilities ({@code CAP_…}) on this machine. */
  public static SeccompResolver forThisMachine(Collection<String> caps) {
    return new SeccompResolver(caps, NativeArch.current(), KernelVersion.running());
  }

  public SeccompPolicy resolve(SeccompProfile profile) {
    if (!profile.architectures().isEmpty() && !profile.archMap().isEmpty()) {
      throw new SeccompProfileException(
          "a seccomp profile gives either architectures or archMap, not both");
    }
    SeccompAction defaultAction = SeccompAction.parse(profile.defaultAction(), "defaultAction");
    int defaultErrno = errno(profile.defaultErrnoRet());
    List<String> architectures = new ArrayList<>(profile.architectures());
    for (SeccompProfile.ArchMap m : profile.archMap()) {
      if (m.architecture().equals(arch.seccompName())) {
        architectures.add(m.architecture());
        architectures.addAll(m.subArchitectures());
      }
    }
    List<SeccompPolicy.Rule> rules = new ArrayList<>();
    for (SeccompProfile.Syscall s : profile.syscalls()) {
      if (!applies(s)) {
        continue;
      }
      SeccompAction action = SeccompAction.parse(s.action(), "action");
      int errno = errno(s.errnoRet());
      if (action == defaultAction && (errno == defaultErrno || !hasErrno(action))) {
        continue;
      }
      List<SeccompPolicy.Condition> conditions = s.args().stream()
          .map(a -> new SeccompPolicy.Condition(a.index(), SeccompCompare.parse(a.op(), "op"),
              a.value64(), a.valueTwo64()))
          .toList();
      rules.add(new SeccompPolicy.Rule(s.allNames(), action, errno, conditions));
    }
    return new SeccompPolicy(defaultAction, defaultErrno, architectures, rules);
  }

  private boolean applies(SeccompProfile.Syscall s) {
    SeccompProfile.Filter in = s.includes();
    SeccompProfile.Filter out = s.excludes();
    if (!in.arches().isEmpty() && !in.arches().contains(arch.goName())) {
      return false;
    }
    if (!caps.containsAll(in.caps())) {
      return false;
    }
    if (in.minKernel() != null
        && kernel.compareTo(KernelVersion.parse(in.minKernel(), "minKernel")) < 0) {
      return false;
    }
    if (out.arches().contains(arch.goName())) {
      return false;
    }
    return out.caps().stream().noneMatch(caps::contains);
  }

  private static boolean hasErrno(SeccompAction a) {
    return a == SeccompAction.ERRNO || a == SeccompAction.TRACE;
  }

  private static int errno(Integer errnoRet) {
    return errnoRet == null ? EPERM : errnoRet;
  }
}
