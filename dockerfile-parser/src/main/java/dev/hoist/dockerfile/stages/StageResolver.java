package dev.hoist.dockerfile.stages;

import dev.hoist.dockerfile.DockerfileException;
import dev.hoist.dockerfile.Suggestions;
import dev.hoist.dockerfile.instructions.Arg;
import dev.hoist.dockerfile.instructions.Copy;
import dev.hoist.dockerfile.instructions.Env;
import dev.hoist.dockerfile.instructions.From;
import dev.hoist.dockerfile.instructions.Instruction;
import dev.hoist.dockerfile.instructions.InstructionFactory;
import dev.hoist.dockerfile.instructions.KeyValuePair;
import dev.hoist.dockerfile.instructions.Run;
import dev.hoist.dockerfile.instructions.RunMount;
import dev.hoist.dockerfile.instructions.SourceLocation;
import dev.hoist.dockerfile.shell.ShellLexer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Splits typed instructions into stages and expands them as Docker does: global ARGs (before
 * the first FROM, plus the predefined platform ARGs) are visible to FROM lines; inside a stage
 * an ARG is visible from its declaration on (taking a build-arg override, else its default,
 * else the global value of the same name), ENV is visible from its instruction on and wins
 * over an ARG of the same name, and a stage inherits the ENV of a stage it is built FROM.
 * Then it finds what each stage refers to and rejects unknown stages and cycles.
 */
public final class StageResolver {
  private final ShellLexer lexer;
  private final ResolveOptions options;
  private final Set<String> usedBuildArgs = new HashSet<>();

  public StageResolver(char escape, ResolveOptions options) {
    this.lexer = new ShellLexer(escape);
    this.options = options;
  }

  public StageGraph resolve(List<Instruction> instructions) {
    Map<String, String> globalArgs = predefinedArgs();
    int first = 0;
    while (first < instructions.size() && !(instructions.get(first) instanceof From)) {
      Instruction instruction = instructions.get(first);
      if (!(instruction instanceof Arg arg)) {
        throw new DockerfileException(instruction.location().file(),
            instruction.location().line(), instruction.location().column(),
            instruction.keyword() + " before the first FROM: only ARG may come before FROM "
                + "(no build stage in current context)");
      }
      try {
        declareArgs(arg, globalArgs, globalArgs, visible(globalArgs));
      } catch (DockerfileException e) {
        throw located(arg.location(), e.detail());
      }
      first++;
    }
    if (first == instructions.size()) {
      Instruction last = instructions.get(instructions.size() - 1);
      throw new DockerfileException(last.location().file(), last.location().line(), 0,
          "the Dockerfile has no FROM instruction: every build stage starts with FROM");
    }
    List<Stage> stages = new ArrayList<>();
    List<Instruction> body = new ArrayList<>();
    From from = null;
    for (Instruction instruction : instructions.subList(first, instructions.size())) {
      if (instruction instanceof From next) {
        if (from != null) {
          stages.add(stage(stages, from, body, globalArgs));
        }
        from = next;
        body.clear();
      } else {
        body.add(instruction);
      }
    }
    stages.add(stage(stages, from, body, globalArgs));
    List<Stage> linked = linkReferences(stages);
    new CycleCheck(linked).run();
    return new StageGraph(linked, Collections.unmodifiableMap(globalArgs), warnings());
  }

  private Map<String, String> predefinedArgs() {
    Map<String, String> args = new LinkedHashMap<>();
    putPlatform(args, "TARGET", options.targetPlatform());
    putPlatform(args, "BUILD", options.buildPlatform());
    return args;
  }

  private static void putPlatform(Map<String, String> args, String prefix, Platform p) {
    args.put(prefix + "PLATFORM", p.toString());
    args.put(prefix + "OS", p.os());
    args.put(prefix + "ARCH", p.architecture());
    args.put(prefix + "VARIANT", p.variant());
  }

  /** One stage: FROM expanded with the global ARGs, then the body in the stage's scope. */
  private Stage stage(List<Stage> earlier, From written, List<Instruction> body,
      Map<String, String> globalArgs) {
    From from;
    try {
      from = (From) written.expand(new EnvironmentExpander(lexer, visible(globalArgs)));
    } catch (DockerfileException e) {
      throw located(written.location(), e.detail());
    }
    if (from.image().isBlank()) {
      throw located(written.location(), "base name (" + written.image()
          + ") should not be blank");
    }
    if (from.stageName() != null) {
      try {
        InstructionFactory.checkStageName(from.stageName().toLowerCase(Locale.ROOT));
      } catch (DockerfileException e) {
        throw located(written.location(), e.detail());
      }
      for (Stage stage : earlier) {
        if (from.stageName().equalsIgnoreCase(stage.name())) {
          throw located(written.location(), "duplicate stage name \"" + from.stageName()
              + "\" (first used on line " + stage.from().location().line() + ")");
        }
      }
      from = new From(from.image(), from.stageName().toLowerCase(Locale.ROOT),
          from.platform(), from.location());
    }
    Stage base = findStage(earlier, from.image());
    Map<String, String> env = new LinkedHashMap<>(
        base != null ? base.env() : options.baseImageEnv().apply(from.image()));
    Map<String, String> args = new LinkedHashMap<>();
    List<Instruction> expanded = new ArrayList<>();
    for (Instruction instruction : body) {
      if (instruction instanceof From) {
        throw new IllegalStateException("FROM inside a stage body");
      }
      try {
        if (instruction instanceof Arg arg) {
          Map<String, String> scope = scope(args, env);
          Arg named = (Arg) arg.expand(new EnvironmentExpander(lexer, scope));
          declareArgs(named, args, globalArgs, scope);
          expanded.add(named);
          continue;
        }
        Instruction done = instruction.expand(
            new EnvironmentExpander(lexer, () -> scope(args, env)));
        if (done instanceof Env set) {
          for (KeyValuePair pair : set.variables()) {
            env.put(pair.key(), pair.value());
          }
        }
        expanded.add(done);
      } catch (DockerfileException e) {
        throw located(instruction.location(), e.detail());
      }
    }
    List<StageReference> refs = new ArrayList<>();
    refs.add(base != null
        ? new StageReference(StageReference.Kind.BASE, base.index(), null, from.location())
        : new StageReference(StageReference.Kind.BASE, -1, from.image(), from.location()));
    return new Stage(earlier.size(), from.stageName(), from, expanded,
        Collections.unmodifiableMap(env), Collections.unmodifiableMap(args), refs);
  }

  /**
   * Declares ARGs into {@code into}: a build-arg wins, then the default (expanded with
   * {@code scope}, what is visible at the ARG), then the value in {@code globals}.
   */
  private void declareArgs(Arg arg, Map<String, String> into, Map<String, String> globals,
      Map<String, String> scope) {
    Map<String, String> current = new LinkedHashMap<>(scope);
    for (Arg.Declaration d : arg.declarations()) {
      String value;
      if (options.buildArgs().containsKey(d.name())) {
        value = options.buildArgs().get(d.name());
        usedBuildArgs.add(d.name());
      } else if (d.defaultValue() != null) {
        value = lexer.processWord(d.defaultValue(), current);
      } else {
        value = globals.get(d.name());
      }
      into.put(d.name(), value);
      if (value != null) {
        current.put(d.name(), value);
      } else {
        current.remove(d.name());
      }
    }
  }

  /** What a word in a stage can see: its ARGs that have values, overridden by its ENVs. */
  private static Map<String, String> scope(Map<String, String> args, Map<String, String> env) {
    Map<String, String> scope = visible(args);
    scope.putAll(env);
    return scope;
  }

  private static Map<String, String> visible(Map<String, String> args) {
    Map<String, String> visible = new LinkedHashMap<>();
    args.forEach((k, v) -> {
      if (v != null) {
        visible.put(k, v);
      }
    });
    return visible;
  }

  /** Adds COPY --from and RUN --mount from= references, now that every stage is known. */
  private static List<Stage> linkReferences(List<Stage> stages) {
    List<Stage> linked = new ArrayList<>();
    for (Stage stage : stages) {
      List<StageReference> refs = new ArrayList<>(stage.references());
      for (Instruction instruction : stage.instructions()) {
        if (instruction instanceof Copy copy && copy.from() != null) {
          refs.add(reference(stages, StageReference.Kind.COPY_FROM, copy.from(),
              copy.location(), "COPY --from"));
        } else if (instruction instanceof Run run) {
          for (RunMount mount : run.mounts()) {
            if (mount.from() != null) {
              refs.add(reference(stages, StageReference.Kind.MOUNT_FROM, mount.from(),
                  run.location(), "RUN --mount from"));
            }
          }
        }
      }
      linked.add(new Stage(stage.index(), stage.name(), stage.from(), stage.instructions(),
          stage.env(), stage.args(), refs));
    }
    return linked;
  }

  private static StageReference reference(List<Stage> stages, StageReference.Kind kind,
      String from, SourceLocation at, String what) {
    if (!from.isEmpty() && from.chars().allMatch(Character::isDigit)) {
      int index = Integer.parseInt(from);
      if (index >= stages.size()) {
        throw located(at, "invalid stage index " + from + " in " + what + ": the Dockerfile has "
            + stages.size() + " stage" + (stages.size() == 1 ? "" : "s"));
      }
      return new StageReference(kind, index, null, at);
    }
    Stage stage = findStage(stages, from);
    if (stage != null) {
      return new StageReference(kind, stage.index(), null, at);
    }
    if (!looksLikeImageReference(from)) {
      List<String> names = stages.stream().map(Stage::name).filter(n -> n != null).toList();
      String hint = Suggestions.didYouMean(from, names);
      throw located(at, "unknown stage \"" + from + "\" in " + what
          + (hint.isEmpty() ? (names.isEmpty() ? " (this Dockerfile names no stages)"
              : " (stages: " + String.join(", ", names) + ")") : hint)
          + "; to use an image, write a full reference such as " + from + ":latest");
    }
    return new StageReference(kind, -1, from, at);
  }

  /** A tag, digest, registry or repository path marks an image rather than a stage name. */
  private static boolean looksLikeImageReference(String from) {
    return from.contains(":") || from.contains("@") || from.contains("/");
  }

  private static Stage findStage(List<Stage> stages, String name) {
    for (Stage stage : stages) {
      if (name.equalsIgnoreCase(stage.name())) {
        return stage;
      }
    }
    return null;
  }

  private List<String> warnings() {
    List<String> warnings = new ArrayList<>();
    for (String name : options.buildArgs().keySet()) {
      if (!usedBuildArgs.contains(name) && !ProxyArgs.isProxyArg(name)) {
        warnings.add("build argument " + name + " was given but never declared by an ARG");
      }
    }
    return warnings;
  }

  private static DockerfileException located(SourceLocation at, String detail) {
    return new DockerfileException(at.file(), at.line(), at.column(), detail);
  }
}
