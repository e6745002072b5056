package dev.hoist.dockerfile.instructions;

import dev.hoist.dockerfile.DockerfileException;
import dev.hoist.dockerfile.GoDuration;
import dev.hoist.dockerfile.Heredoc;
import dev.hoist.dockerfile.KeyValue;
import dev.hoist.dockerfile.RawInstruction;
import dev.hoist.dockerfile.SyntaxTree;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns raw instructions into typed ones, checking each kind's flags and arguments as
 * BuildKit's {@code instructions.Parse} does. Values are not expanded here: the stage
 * resolver expands them with the ARGs and ENVs in scope.
 */
public final class InstructionFactory {
  private static final Pattern ONBUILD_PREFIX = Pattern.compile("^\\s*(?i:ONBUILD)\\s*");
  private static final Pattern STAGE_NAME = Pattern.compile("^[a-z][a-z0-9-_.]*$");

  private final String file;

  /**
   * A factory for the instructions of one file.
   *
   * @param file the file's name, for locations and messages
   */
  public InstructionFactory(String file) {
    this.file = file;
  }

  /**
   * Every instruction of a syntax tree, typed.
   *
   * @param tree the syntax tree
   * @return the typed instructions
   */
  public static List<Instruction> createAll(SyntaxTree tree) {
    InstructionFactory factory = new InstructionFactory(tree.fileName());
    return tree.instructions().stream().map(factory::create).toList();
  }

  /**
   * One instruction, typed; a DockerfileException names what is wrong with it.
   *
   * @param raw the instruction as written
   * @return the typed instruction
   */
  public Instruction create(RawInstruction raw) {
    SourceLocation at = new SourceLocation(file, raw.startLine(), raw.endLine(), raw.column());
    try {
      return switch (raw.name()) {
        case "from" -> from(raw, at);
        case "run" -> run(raw, at);
        case "cmd" -> new Cmd(command(raw), at);
        case "entrypoint" -> new Entrypoint(command(raw), at);
        case "shell" -> shell(raw, at);
        case "env" -> new Env(pairs(raw), at);
        case "label" -> new Label(pairs(raw), at);
        case "maintainer" -> new Maintainer(exactlyOne(raw), at);
        case "expose" -> new Expose(atLeastOne(raw), at);
        case "volume" -> volume(raw, at);
        case "user" -> new User(exactlyOne(raw), at);
        case "workdir" -> new Workdir(exactlyOne(raw), at);
        case "stopsignal" -> new StopSignal(exactlyOne(raw), at);
        case "arg" -> arg(raw, at);
        case "onbuild" -> onbuild(raw, at);
        case "healthcheck" -> healthcheck(raw, at);
        case "copy" -> copy(raw, at);
        case "add" -> add(raw, at);
        default -> throw new DockerfileException("unknown instruction: " + raw.keyword());
      };
    } catch (DockerfileException e) {
      throw e.at(file, raw.startLine(), raw.column());
    }
  }

  private static From from(RawInstruction raw, SourceLocation at) {
    Flags flags = new Flags("FROM").string("platform").parse(raw.flags());
    List<String> args = raw.args();
    if (args.size() != 1 && args.size() != 3) {
      throw new DockerfileException("FROM requires either one or three arguments"
          + (args.isEmpty() ? ": an image (or stage) to start from" : ""));
    }
    String name = null;
    if (args.size() == 3) {
      if (!args.get(1).equalsIgnoreCase("as")) {
        throw new DockerfileException("Second argument of FROM should be AS, not \""
            + args.get(1) + "\"");
      }
      // never expanded: FROM alpine AS ${NAME} is refused, as in BuildKit
      name = args.get(2).toLowerCase(Locale.ROOT);
      if (!STAGE_NAME.matcher(name).matches()) {
        throw new DockerfileException("invalid name for build stage: \"" + args.get(2)
            + "\", name can't start with a number or contain symbols");
      }
    }
    return new From(args.get(0), name, flags.value("platform"), at);
  }

  private static Run run(RawInstruction raw, SourceLocation at) {
    Flags flags = new Flags("RUN").strings("mount").string("network").string("security")
        .parse(raw.flags());
    // a bare RUN is accepted, as BuildKit accepts it (the shell runs an empty command); the
    // network mode is never expanded: RUN --network=$MODE is refused, as in BuildKit
    String network = flags.value("network");
    if (network != null && !List.of("default", "none", "host").contains(network)) {
      throw new DockerfileException("unsupported network mode \"" + network
          + "\" (expected default, none or host)");
    }
    String security = flags.value("security");
    if (security != null && !List.of("sandbox", "insecure").contains(security)) {
      throw new DockerfileException("unsupported security mode \"" + security
          + "\" (expected sandbox or insecure)");
    }
    List<RunMount> mounts = flags.values("mount").stream().map(RunMount::parse).toList();
    return new Run(new CommandLine(raw.args(), !raw.json()), chomped(raw.heredocs()), mounts,
        network, security, at);
  }

  /** CMD and ENTRYPOINT: no flags; exec form, or shell form run through SHELL. */
  private static CommandLine command(RawInstruction raw) {
    noFlags(raw);
    return new CommandLine(raw.args(), !raw.json());
  }

  private static Shell shell(RawInstruction raw, SourceLocation at) {
    noFlags(raw);
    if (!raw.json()) {
      throw new DockerfileException(
          "SHELL requires the arguments to be in JSON form, such as SHELL [\"/bin/sh\", \"-c\"]");
    }
    if (raw.args().isEmpty()) {
      throw new DockerfileException("SHELL requires at least one argument");
    }
    return new Shell(raw.args(), at);
  }

  private static List<KeyValuePair> pairs(RawInstruction raw) {
    noFlags(raw);
    if (raw.pairs().isEmpty()) {
      throw new DockerfileException(raw.keyword() + " requires at least one argument");
    }
    List<KeyValuePair> pairs = new ArrayList<>();
    for (KeyValue kv : raw.pairs()) {
      if (kv.key().isEmpty()) {
        throw new DockerfileException(raw.keyword() + " names can not be blank");
      }
      pairs.add(new KeyValuePair(kv.key(), kv.value()));
    }
    return pairs;
  }

  private static Volume volume(RawInstruction raw, SourceLocation at) {
    List<String> paths = atLeastOne(raw);
    for (String path : paths) {
      if (path.isBlank()) {
        throw new DockerfileException("VOLUME specified can not be an empty string");
      }
    }
    return new Volume(paths, at);
  }

  private static Arg arg(RawInstruction raw, SourceLocation at) {
    List<Arg.Declaration> declarations = new ArrayList<>();
    for (String word : atLeastOne(raw)) {
      int eq = word.indexOf('=');
      String name = eq < 0 ? word : word.substring(0, eq);
      if (name.isEmpty()) {
        throw new DockerfileException("ARG names can not be blank");
      }
      declarations.add(new Arg.Declaration(name, eq < 0 ? null : word.substring(eq + 1)));
    }
    return new Arg(declarations, at);
  }

  private static Onbuild onbuild(RawInstruction raw, SourceLocation at) {
    noFlags(raw);
    RawInstruction trigger = raw.onbuild();
    switch (trigger.name()) {
      case "onbuild" -> throw new DockerfileException(
          "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
      case "from", "maintainer" -> throw new DockerfileException(
          trigger.keyword() + " isn't allowed as an ONBUILD trigger");
      default -> { }
    }
    // BuildKit's expression: the line without ONBUILD, each heredoc's body and terminator after
    // it, so a later build parses the trigger as it was written
    StringBuilder expression = new StringBuilder(
        ONBUILD_PREFIX.matcher(raw.original()).replaceFirst(""));
    for (Heredoc heredoc : trigger.heredocs()) {
      expression.append('\n').append(heredoc.content()).append(heredoc.name());
    }
    return new Onbuild(expression.toString(), trigger, at);
  }

  private static Healthcheck healthcheck(RawInstruction raw, SourceLocation at) {
    Flags flags = new Flags("HEALTHCHECK").string("interval").string("timeout")
        .string("start-period").string("start-interval").string("retries").parse(raw.flags());
    List<String> args = raw.args();
    if (args.isEmpty()) {
      throw new DockerfileException("HEALTHCHECK requires at least one argument");
    }
    String type = args.get(0).toUpperCase(Locale.ROOT);
    if (type.equals("NONE")) {
      if (args.size() > 1) {
        throw new DockerfileException("HEALTHCHECK NONE takes no arguments");
      }
      if (!raw.flags().isEmpty()) {
        throw new DockerfileException("HEALTHCHECK NONE takes no options");
      }
      return new Healthcheck(List.of("NONE"), null, null, null, null, null, at);
    }
    if (!type.equals("CMD")) {
      throw new DockerfileException(
          "Unknown type \"" + type + "\" in HEALTHCHECK (try CMD)");
    }
    List<String> command = args.subList(1, args.size());
    if (command.isEmpty()) {
      throw new DockerfileException("Missing command after HEALTHCHECK CMD");
    }
    List<String> test = new ArrayList<>();
    test.add(raw.json() ? "CMD" : "CMD-SHELL");
    test.addAll(command);
    Integer retries = null;
    String retriesText = flags.value("retries");
    if (retriesText != null) {
      try {
        retries = Integer.parseInt(retriesText);
      } catch (NumberFormatException e) {
        throw new DockerfileException("invalid --retries value \"" + retriesText
            + "\" (expected a whole number)");
      }
      if (retries < 0) {
        throw new DockerfileException("--retries cannot be negative (" + retries + ")");
      }
    }
    return new Healthcheck(test, interval(flags, "interval"), interval(flags, "timeout"),
        interval(flags, "start-period"), interval(flags, "start-interval"), retries, at);
  }

  private static Duration interval(Flags flags, String name) {
    String text = flags.value(name);
    if (text == null) {
      return null;
    }
    Duration d = GoDuration.parse(text).orElseThrow(() -> new DockerfileException(
        "invalid duration for --" + name + ": \"" + text
            + "\" (expected a number and unit, such as 30s or 1m30s)"));
    if (!d.isZero() && d.compareTo(Duration.ofMillis(1)) < 0) {
      throw new DockerfileException("--" + name + " cannot be less than 1ms (" + text + ")");
    }
    return d;
  }

  private static Copy copy(RawInstruction raw, SourceLocation at) {
    Flags flags = new Flags("COPY").string("from").string("chown").string("chmod").bool("link")
        .bool("parents").strings("exclude").parse(raw.flags());
    return new Copy(sourcesAndDestination(raw), flags.value("from"),
        flags.value("chown"), flags.value("chmod"), flags.isTrue("link"),
        flags.isTrue("parents"), flags.values("exclude"), at);
  }

  private static Add add(RawInstruction raw, SourceLocation at) {
    Flags flags = new Flags("ADD").string("chown").string("chmod").bool("link")
        .string("checksum").bool("keep-git-dir").strings("exclude").bool("unpack")
        .parse(raw.flags());
    return new Add(sourcesAndDestination(raw), flags.value("chown"),
        flags.value("chmod"), flags.isTrue("link"), flags.value("checksum"),
        flags.isTrue("keep-git-dir"), flags.values("exclude"),
        flags.isSet("unpack") ? flags.isTrue("unpack") : null, at);
  }

  private static SourcesAndDestination sourcesAndDestination(RawInstruction raw) {
    List<String> args = raw.args();
    if (args.size() < 2) {
      throw new DockerfileException(raw.keyword() + " requires at least two arguments, but "
          + (args.isEmpty() ? "none was" : "only one was")
          + " provided. Destination could not be determined.");
    }
    List<String> sources = new ArrayList<>();
    List<Heredoc> heredocs = new ArrayList<>();
    int nextHeredoc = 0;
    for (String source : args.subList(0, args.size() - 1)) {
      if (!raw.json() && nextHeredoc < raw.heredocs().size() && isHeredocWord(source)) {
        heredocs.add(chomp(raw.heredocs().get(nextHeredoc++)));
      } else {
        sources.add(source);
      }
    }
    return new SourcesAndDestination(sources, args.get(args.size() - 1), heredocs);
  }

  private static boolean isHeredocWord(String word) {
    int i = 0;
    while (i < word.length() && Character.isDigit(word.charAt(i))) {
      i++;
    }
    return word.startsWith("<<", i);
  }

  private static List<Heredoc> chomped(List<Heredoc> heredocs) {
    return heredocs.stream().map(InstructionFactory::chomp).toList();
  }

  private static Heredoc chomp(Heredoc heredoc) {
    return heredoc.chomp()
        ? new Heredoc(heredoc.name(), heredoc.effectiveContent(), heredoc.expand(), false,
            heredoc.fileDescriptor())
        : heredoc;
  }

  private static Flags noFlags(RawInstruction raw) {
    return new Flags(raw.keyword()).parse(raw.flags());
  }

  private static String exactlyOne(RawInstruction raw) {
    noFlags(raw);
    if (raw.args().size() != 1) {
      throw new DockerfileException(raw.keyword() + " requires exactly one argument");
    }
    return raw.args().get(0);
  }

  private static List<String> atLeastOne(RawInstruction raw) {
    noFlags(raw);
    if (raw.args().isEmpty()) {
      throw new DockerfileException(raw.keyword() + " requires at least one argument");
    }
    return raw.args();
  }
}
