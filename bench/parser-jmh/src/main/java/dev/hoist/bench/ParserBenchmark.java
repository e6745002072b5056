package dev.hoist.bench;

import dev.hoist.dockerfile.Dockerfile;
import dev.hoist.dockerfile.stages.ResolveOptions;
import dev.hoist.internal.dockerfile.syntax.DockerfileSyntax;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parses the whole in-memory corpus once per operation, on one thread. Throughput is in
 * corpus passes per second; {@link ParserBenchMain} turns it into MB/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 10, time = 1)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class ParserBenchmark {
  private String[] names;
  private String[] texts;

  @Setup(Level.Trial)
  public void load() {
    Corpus corpus = Corpus.load(System.getProperty(Corpus.PROPERTY));
    names = corpus.names.toArray(new String[0]);
    texts = corpus.texts.toArray(new String[0]);
  }

  /** (a) the raw layer: grammar, continuations, heredocs, flags and arguments. */
  @Benchmark
  public void syntaxParse(Blackhole bh) {
    for (int i = 0; i < texts.length; i++) {
      bh.consume(DockerfileSyntax.parse(texts[i], names[i]));
    }
  }

  /** (b) the parser's result: the syntax tree and the typed instructions. */
  @Benchmark
  public void parse(Blackhole bh) {
    for (int i = 0; i < texts.length; i++) {
      bh.consume(Dockerfile.parse(texts[i], names[i]));
    }
  }

  /** (c) everything: syntax, typed instructions, then stage resolution with the defaults. */
  @Benchmark
  public void parseAndResolveStages(Blackhole bh) {
    for (int i = 0; i < texts.length; i++) {
      bh.consume(Dockerfile.parse(texts[i], names[i]).stages(ResolveOptions.defaults()));
    }
  }
}
