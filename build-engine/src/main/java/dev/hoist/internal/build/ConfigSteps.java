package dev.hoist.internal.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.cache.model.Healthcheck;
import dev.hoist.cache.model.ImageConfig;
import dev.hoist.dockerfile.instructions.Add;
import dev.hoist.dockerfile.instructions.Arg;
import dev.hoist.dockerfile.instructions.Cmd;
import dev.hoist.dockerfile.instructions.CommandLine;
import dev.hoist.dockerfile.instructions.Copy;
import dev.hoist.dockerfile.instructions.Entrypoint;
import dev.hoist.dockerfile.instructions.Env;
import dev.hoist.dockerfile.instructions.Expose;
import dev.hoist.dockerfile.instructions.Instruction;
import dev.hoist.dockerfile.instructions.KeyValuePair;
import dev.hoist.dockerfile.instructions.Label;
import dev.hoist.dockerfile.instructions.Maintainer;
import dev.hoist.dockerfile.instructions.Onbuild;
import dev.hoist.dockerfile.instructions.Run;
import dev.hoist.dockerfile.instructions.Shell;
import dev.hoist.dockerfile.instructions.StopSignal;
import dev.hoist.dockerfile.instructions.User;
import dev.hoist.dockerfile.instructions.Volume;
import dev.hoist.dockerfile.instructions.Workdir;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What each instruction does to the image config, and the text its history entry (and progress
 * line) shows, as Docker writes them. Instructions that change files (RUN, COPY, ADD, WORKDIR's
 * directory) are handled by the stage builder; their config part is here.
 */
final class ConfigSteps {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConfigSteps() {}

  /** The {@code created_by} text of an expanded instruction. */
  static String describe(Instruction instruction, List<String> shell) {
    if (instruction instanceof Run r) {
      return "RUN " + String.join(" ", RunStep.command(r, shell).argv()) + " # buildkit";
    }
    if (instruction instanceof Copy c) {
      return "COPY " + flags(c.from() == null ? null : "--from=" + c.from(),
          c.chown() == null ? null : "--chown=" + c.chown(),
          c.chmod() == null ? null : "--chmod=" + c.chmod(), c.link() ? "--link" : null,
          c.parents() ? "--parents" : null)
          + excludes(c.excludes()) + sources(c.paths().sources(), c.paths().heredocs().stream()
              .map(h -> "<<" + h.name()).toList()) + c.paths().destination() + " # buildkit";
    }
    if (instruction instanceof Add a) {
      return "ADD " + flags(a.chown() == null ? null : "--chown=" + a.chown(),
          a.chmod() == null ? null : "--chmod=" + a.chmod(), a.link() ? "--link" : null,
          a.checksum() == null ? null : "--checksum=" + a.checksum())
          + excludes(a.excludes()) + sources(a.paths().sources(), a.paths().heredocs().stream()
              .map(h -> "<<" + h.name()).toList()) + a.paths().destination() + " # buildkit";
    }
    if (instruction instanceof Env e) {
      return "ENV " + pairs(e.variables());
    }
    if (instruction instanceof Label l) {
      return "LABEL " + pairs(l.labels());
    }
    if (instruction instanceof Cmd c) {
      return "CMD " + json(command(c.command(), shell));
    }
    if (instruction instanceof Entrypoint e) {
      return "ENTRYPOINT " + json(command(e.command(), shell));
    }
    if (instruction instanceof Workdir w) {
      return "WORKDIR " + w.path();
    }
    if (instruction instanceof User u) {
      return "USER " + u.user();
    }
    if (instruction instanceof Expose e) {
      return "EXPOSE " + String.join(" ", ports(e.ports()));
    }
    if (instruction instanceof Volume v) {
      return "VOLUME " + json(v.paths());
    }
    if (instruction instanceof StopSignal s) {
      return "STOPSIGNAL " + s.signal();
    }
    if (instruction instanceof dev.hoist.dockerfile.instructions.Healthcheck h) {
      return "HEALTHCHECK " + json(h.test());
    }
    if (instruction instanceof Shell s) {
      return "SHELL " + json(s.shell());
    }
    if (instruction instanceof Maintainer m) {
      return "MAINTAINER " + m.name();
    }
    if (instruction instanceof Arg a) {
      // as BuildKit: each ARG with the value it resolved to (a build arg, the default, global)
      return "ARG " + String.join(" ", a.declarations().stream()
          .map(d -> d.value() == null ? d.name() : d.name() + "=" + d.value())
          .toList());
    }
    if (instruction instanceof Onbuild o) {
      return "ONBUILD " + o.expression();
    }
    return instruction.keyword();
  }

  /** An ARG as declared, defaults as written (what the cache keys an ARG step on). */
  static String declared(Arg arg) {
    return "ARG " + String.join(" ", arg.declarations().stream()
        .map(d -> d.defaultValue() == null ? d.name() : d.name() + "=" + d.defaultValue())
        .toList());
  }

  private static String flags(String... flags) {
    StringBuilder b = new StringBuilder();
    for (String f : flags) {
      if (f != null) {
        b.append(f).append(' ');
      }
    }
    return b.toString();
  }

  private static String excludes(List<String> excludes) {
    StringBuilder b = new StringBuilder();
    for (String e : excludes) {
      b.append("--exclude=").append(e).append(' ');
    }
    return b.toString();
  }

  private static String sources(List<String> sources, List<String> heredocs) {
    StringBuilder b = new StringBuilder();
    for (String s : sources) {
      b.append(s).append(' ');
    }
    for (String s : heredocs) {
      b.append(s).append(' ');
    }
    return b.toString();
  }

  private static String pairs(List<KeyValuePair> pairs) {
    return String.join(" ", pairs.stream().map(p -> p.key() + "=" + p.value()).toList());
  }

  static String json(List<String> values) {
    try {
      return JSON.writeValueAsString(values);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** CMD/ENTRYPOINT/HEALTHCHECK commands: exec form as written, shell form through SHELL. */
  static List<String> command(CommandLine line, List<String> shell) {
    if (!line.prependShell()) {
      return line.args();
    }
    List<String> out = new ArrayList<>(shell == null || shell.isEmpty()
        ? RunStep.DEFAULT_SHELL : shell);
    out.add(String.join(" ", line.args()));
    return out;
  }

  /** EXPOSE ports as Docker stores them: {@code 80/tcp}; ranges expanded. */
  static List<String> ports(List<String> written) {
    List<String> out = new ArrayList<>();
    for (String p : written) {
      String proto = "tcp";
      String port = p;
      int slash = p.indexOf('/');
      if (slash >= 0) {
        proto = p.substring(slash + 1).toLowerCase(Locale.ROOT);
        port = p.substring(0, slash);
      }
      int colon = port.lastIndexOf(':');
      if (colon >= 0) {
        port = port.substring(colon + 1); // ip:hostPort:containerPort keeps the container port
      }
      int dash = port.indexOf('-');
      try {
        if (dash > 0) {
          int from = Integer.parseInt(port.substring(0, dash));
          int to = Integer.parseInt(port.substring(dash + 1));
          if (to < from || to - from > 65535) {
            throw new NumberFormatException();
          }
          for (int i = from; i <= to; i++) {
            out.add(i + "/" + proto);
          }
        } else {
          out.add(Integer.parseInt(port) + "/" + proto);
        }
      } catch (NumberFormatException e) {
        throw new BuildException("EXPOSE: invalid port " + p);
      }
    }
    return out;
  }

  /**
   * The config after a config instruction. {@code cmdSet} tells whether CMD was set in this
   * stage (ENTRYPOINT resets an inherited CMD, as Docker does).
   */
  static ImageConfig apply(ImageConfig image, Instruction instruction, boolean cmdSet) {
    ContainerConfig c = image.config();
    ContainerConfig.Builder b = c.toBuilder();
    if (instruction instanceof Env e) {
      e.variables().forEach(p -> b.envVar(p.key(), p.value()));
    } else if (instruction instanceof Label l) {
      l.labels().forEach(p -> b.label(p.key(), p.value()));
    } else if (instruction instanceof Cmd cmd) {
      b.cmd(command(cmd.command(), c.shell()));
    } else if (instruction instanceof Entrypoint e) {
      b.entrypoint(command(e.command(), c.shell()));
      if (!cmdSet) {
        b.cmd(null);
      }
    } else if (instruction instanceof Workdir w) {
      b.workingDir(workdir(c.workingDir(), w.path()));
    } else if (instruction instanceof User u) {
      b.user(u.user());
    } else if (instruction instanceof Expose e) {
      ports(e.ports()).forEach(b::exposedPort);
    } else if (instruction instanceof Volume v) {
      v.paths().forEach(b::volume);
    } else if (instruction instanceof StopSignal s) {
      b.stopSignal(s.signal());
    } else if (instruction instanceof dev.hoist.dockerfile.instructions.Healthcheck h) {
      b.healthcheck(new Healthcheck(h.test(), Healthcheck.nanos(h.interval()),
          Healthcheck.nanos(h.timeout()), Healthcheck.nanos(h.startPeriod()),
          Healthcheck.nanos(h.startInterval()), h.retries(), null));
    } else if (instruction instanceof Shell s) {
      b.shell(s.shell());
    } else if (instruction instanceof Onbuild o) {
      List<String> next = c.onBuild() == null ? new ArrayList<>() : new ArrayList<>(c.onBuild());
      next.add(o.expression());
      b.onBuild(next);
    } else if (instruction instanceof Maintainer m) {
      return new ImageConfig(image.created(), m.name(), image.architecture(), image.os(),
          image.osVersion(), image.osFeatures(), image.variant(), c, image.rootfs(),
          image.history(), image.unknownFields());
    }
    return image.withConfig(b.build());
  }

  /** WORKDIR's path: absolute as written, or relative to the current one. */
  static String workdir(String current, String path) {
    String base = current == null || current.isEmpty() ? "/" : current;
    String joined = path.startsWith("/") ? path : base + "/" + path;
    return "/" + SourceTree.clean(joined);
  }
}
