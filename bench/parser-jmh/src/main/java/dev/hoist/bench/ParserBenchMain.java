package dev.hoist.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Entry point of the benchmark jar.
 *
 * <ul>
 *   <li>{@code check LIST OK_LIST}: parses and resolves every file named in LIST once, writes
 *       the ones hoist accepts to OK_LIST and reports the others on stderr.
 *   <li>{@code run LIST SUMMARY [JMH options...]}: runs {@link ParserBenchmark} over the files in
 *       LIST and writes, per benchmark, the median of the measurement iterations in MB/s (corpus
 *       bytes, 10^6 bytes to the MB) to SUMMARY. Further arguments go to JMH (for example
 *       {@code -prof stack} or {@code -wi 2}).
 * </ul>
 */
public final class ParserBenchMain {
  private ParserBenchMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length >= 3 && args[0].equals("check")) {
      check(args[1], Path.of(args[2]));
    } else if (args.length >= 3 && args[0].equals("run")) {
      run(args[1], Path.of(args[2]), Arrays.copyOfRange(args, 3, args.length));
    } else {
      System.err.println("usage: check LIST OK_LIST | run LIST SUMMARY [JMH options...]");
      System.exit(2);
    }
  }

  private static void check(String list, Path okList) throws IOException {
    Corpus corpus = Corpus.load(list);
    List<String> ok = new ArrayList<>();
    for (int i = 0; i < corpus.texts.size(); i++) {
      String verdict = Corpus.check(corpus.texts.get(i), corpus.names.get(i));
      if (verdict.equals("ok")) {
        ok.add(corpus.names.get(i));
      } else {
        System.err.println("excluded " + corpus.names.get(i) + ": " + verdict.replace('\n', ' '));
      }
    }
    Files.write(okList, ok, StandardCharsets.UTF_8);
    System.err.printf("corpus check: %d of %d files accepted by hoist%n", ok.size(),
        corpus.texts.size());
  }

  private static void run(String list, Path summary, String[] jmhArgs) throws Exception {
    String absList = Path.of(list).toAbsolutePath().toString();
    Corpus corpus = Corpus.load(absList);
    CommandLineOptions cli = new CommandLineOptions(jmhArgs);
    ChainedOptionsBuilder options = new OptionsBuilder()
        .parent(cli)
        .threads(1)
        .jvmArgsAppend("-D" + Corpus.PROPERTY + "=" + absList);
    if (cli.getIncludes().isEmpty()) {
      // both benchmarks, unless a JMH benchmark regexp was given (e.g. "syntaxParse")
      options.include(ParserBenchmark.class.getName() + "\\.");
    }
    Collection<RunResult> results = new Runner(options.build()).run();

    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "files=%d bytes=%d", corpus.texts.size(), corpus.bytes));
    for (RunResult result : results) {
      String name = result.getParams().getBenchmark();
      name = name.substring(name.lastIndexOf('.') + 1);
      List<Double> mbps = new ArrayList<>();
      for (BenchmarkResult benchmark : result.getBenchmarkResults()) {
        for (IterationResult iteration : benchmark.getIterationResults()) {
          // throughput in corpus passes per second
          mbps.add(iteration.getPrimaryResult().getScore() * corpus.bytes / 1e6);
        }
      }
      mbps.sort(null);
      lines.add(String.format(Locale.ROOT,
          "benchmark=%s iterations=%d median_mbps=%.2f min_mbps=%.2f max_mbps=%.2f", name,
          mbps.size(), median(mbps), mbps.get(0), mbps.get(mbps.size() - 1)));
    }
    Files.write(summary, lines, StandardCharsets.UTF_8);
    System.out.println();
    lines.forEach(System.out::println);
  }

  private static double median(List<Double> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
