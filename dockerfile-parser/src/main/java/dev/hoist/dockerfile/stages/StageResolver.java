package dev.hoist.dockerfile.stages;

import dev.hoist.dockerfile.DockerfileException;
import dev.hoist.internal.dockerfile.text.Suggestions;
import dev.hoist.dockerfile.instructions.Arg;
import dev.hoist.dockerfile.instructions.Copy;
import dev.hoist.dockerfile.instructions.Env;
import dev.hoist.dockerfile.instructions.From;
import dev.hoist.dockerfile.instructions.Instruction;
import dev.hoist.dockerfile.instructions.KeyValuePair;
import dev.hoist.dockerfile.instructions.Run;
import dev.hoist.dockerfile.instructions.RunMount;
import dev.hoist.dockerfile.instructions.SourceLocation;
import dev.hoist.internal.dockerfile.shell.ShellLexer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits typed instructions into stages and expands them as BuildKit does. Global ARGs (before
 * the first FROM, plus the predefined ones) are visible to FROM lines. Inside a stage, words are
 * expanded with the stage's state, as BuildKit's {@code getEnv(d.state)}: the base's environment
 * (an image's, with the default PATH when it has none, or a base stage's state), then each ENV and
 * each ARG that has a value, in order, the later one winning ({@code ENV A=env} then
 * {@code ARG A=arg} makes {@code $A} "arg"). An ARG's value is a build arg, else its default
 * (expanded with the state before it), else the global value of the same name. Then it finds
 * what each stage refers to: stages named in FROM as written, in COPY --from and mounts by name
 * in any case or by index, always an earlier stage.
 */
public final class StageResolver {
  private final ShellLexer lexer;
  private final ResolveOptions options;
  private final Set<String> usedBuildArgs = new HashSet<>();
  private final List<String> warnings = new ArrayList<>();

  /**
   * A resolver for one build.
   *
   * @param escape the Dockerfile's escape character
   * @param options what the build adds
   */
  public StageResolver(char escape, ResolveOptions options) {
    this.lexer = new ShellLexer(escape);
    this.options = options;
  }

  /**
   * Resolves the instructions of one Dockerfile into stages.
   *
   * @param instructions the typed instructions, in order
   * @return the stage graph
   */
  public StageGraph resolve(List<Instruction> instructions) {
    Map<String, String> globalArgs = PredefinedArgs.of(options, targetStage(instructions));
    options.buildArgs().keySet().stream().filter(globalArgs::containsKey)
        .forEach(usedBuildArgs::add);
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
    unusedBuildArgs();
    return new StageGraph(linked, Collections.unmodifiableMap(globalArgs), warnings);
  }

  /** TARGETSTAGE: the target asked for, else the name of the last stage (empty if unnamed). */
  private String targetStage(List<Instruction> instructions) {
    if (options.target() != null && !options.target().isEmpty()) {
      return options.target();
    }
    String last = "";
    for (Instruction instruction : instructions) {
      if (instruction instanceof From f) {
        last = f.stageName() == null ? "" : f.stageName();
      }
    }
    return last;
  }

  /** One stage: FROM expanded with the global ARGs, then the body in the stage's state. */
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
      for (Stage stage : earlier) {
        if (from.stageName().equals(stage.name())) {
          warnings.add(written.location() + ": Duplicate stage name \"" + from.stageName()
              + "\", stage names should be unique (first used on line "
              + stage.from().location().line() + ")");
          break;
        }
      }
    }
    Stage base = baseStage(earlier, from);
    Map<String, String> env = new LinkedHashMap<>(base != null ? base.env()
        : ImageDefaults.withPath(from.image().equalsIgnoreCase("scratch") ? Map.of()
            : options.baseImageEnv().apply(from.image())));
    Map<String, String> state = new LinkedHashMap<>(base != null ? base.scope() : env);
    Map<String, String> args = new LinkedHashMap<>(base != null ? base.args() : Map.of());
    List<Instruction> expanded = new ArrayList<>();
    for (Instruction instruction : body) {
      if (instruction instanceof From) {
        throw new IllegalStateException("FROM inside a stage body");
      }
      try {
        if (instruction instanceof Arg arg) {
          Arg named = (Arg) arg.expand(new EnvironmentExpander(lexer, state));
          expanded.add(declareArgs(named, args, globalArgs, state));
          continue;
        }
        Instruction done = instruction.expand(new EnvironmentExpander(lexer, () -> state));
        if (done instanceof Env set) {
          for (KeyValuePair pair : set.variables()) {
            env.put(pair.key(), pair.value());
            state.put(pair.key(), pair.value());
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
        Collections.unmodifiableMap(env), Collections.unmodifiableMap(args), refs,
        Collections.unmodifiableMap(state));
  }

  /**
   * The stage a FROM names: the latest earlier stage of exactly that name (BuildKit looks base
   * names up as written, and stage names are lower case). A name that matches a stage only when
   * case is ignored is an error: BuildKit would take it for an image, and an image name with
   * upper case letters is invalid.
   */
  private static Stage baseStage(List<Stage> earlier, From from) {
    Stage found = null;
    for (Stage stage : earlier) {
      if (from.image().equals(stage.name())) {
        found = stage;
      }
    }
    if (found == null) {
      for (Stage stage : earlier) {
        if (from.image().equalsIgnoreCase(stage.name())) {
          throw located(from.location(), "FROM " + from.image() + ": no stage is named \""
              + from.image() + "\" (stage names are lower case: FROM " + stage.name()
              + "), and an image name cannot have upper case letters");
        }
      }
    }
    return found;
  }

  /**
   * Declares ARGs into {@code into} and {@code state} (when they have a value): a build arg
   * wins, then the default (expanded with the state before it), then the value in
   * {@code globals}. Returns the ARG with each declaration's value.
   */
  private Arg declareArgs(Arg arg, Map<String, String> into, Map<String, String> globals,
      Map<String, String> state) {
    List<Arg.Declaration> resolved = new ArrayList<>();
    for (Arg.Declaration d : arg.declarations()) {
      String value;
      if (options.buildArgs().containsKey(d.name())) {
        value = options.buildArgs().get(d.name());
        usedBuildArgs.add(d.name());
      } else if (d.defaultValue() != null) {
        value = lexer.processWord(d.defaultValue(), state);
      } else {
        value = globals.get(d.name());
      }
      into.put(d.name(), value);
      if (value != null) {
        state.put(d.name(), value);
      }
      resolved.add(d.resolvedTo(value));
    }
    return new Arg(resolved, arg.location());
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

  /**
   * Adds COPY --from and RUN --mount from= references, now that every stage is known. A name
   * refers to the last stage of that name (in any case, as BuildKit lower-cases it), an index to
   * that stage; either must be a stage before the one that uses it.
   */
  private List<Stage> linkReferences(List<Stage> stages) {
    List<Stage> linked = new ArrayList<>();
    for (Stage stage : stages) {
      List<StageReference> refs = new ArrayList<>(stage.references());
      for (Instruction instruction : stage.instructions()) {
        if (instruction instanceof Copy copy && copy.from() != null) {
          if (!lexer.processWord(copy.from(), Map.of()).equals(copy.from())) {
            throw located(copy.location(), "variable expansion is not supported for --from, "
                + "define a new stage with FROM using ARG from global scope as a workaround");
          }
          refs.add(reference(stages, stage, StageReference.Kind.COPY_FROM, copy.from(),
              copy.location(), "COPY --from", "copy"));
        } else if (instruction instanceof Run run) {
          for (RunMount mount : run.mounts()) {
            if (mount.from() != null) {
              refs.add(reference(stages, stage, StageReference.Kind.MOUNT_FROM, mount.from(),
                  run.location(), "RUN --mount from", "mount"));
            }
          }
        }
      }
      linked.add(new Stage(stage.index(), stage.name(), stage.from(), stage.instructions(),
          stage.env(), stage.args(), refs, stage.scope()));
    }
    return linked;
  }

  private static StageReference reference(List<Stage> stages, Stage user,
      StageReference.Kind kind, String from, SourceLocation at, String what, String verb) {
    Stage stage = null;
    if (!from.isEmpty() && from.chars().allMatch(Character::isDigit)) {
      int index = Integer.parseInt(from);
      if (index >= stages.size()) {
        throw located(at, "invalid stage index " + from + " in " + what + ": the Dockerfile has "
            + stages.size() + " stage" + (stages.size() == 1 ? "" : "s"));
      }
      stage = stages.get(index);
    } else {
      for (Stage s : stages) {
        if (from.equalsIgnoreCase(s.name())) {
          stage = s;
        }
      }
    }
    if (stage != null) {
      if (stage.index() >= user.index()) {
        throw located(at, "cannot " + verb + " from stage \"" + from + "\", it needs to be "
            + "defined before current stage \"" + (user.name() != null ? user.name()
                : "stage-" + user.index()) + "\"");
      }
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

  private void unusedBuildArgs() {
    for (String name : options.buildArgs().keySet()) {
      if (!usedBuildArgs.contains(name) && !ProxyArgs.isProxyArg(name)) {
        warnings.add("build argument " + name + " was given but never declared by an ARG");
      }
    }
  }

  private static DockerfileException located(SourceLocation at, String detail) {
    return new DockerfileException(at.file(), at.line(), at.column(), detail);
  }
}
