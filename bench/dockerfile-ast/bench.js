#!/usr/bin/env node
// Parse throughput of dockerfile-ast over the same corpus as hoist's JMH benchmark.
//
//   node bench.js LIST [--warmup-seconds N] [--rounds N] [--round-seconds N] [--out FILE]
//
// LIST names the Dockerfiles, one path a line (bench/parser.sh writes it). Every file is read
// into memory once. After a warm-up, each round parses the whole corpus repeatedly for about
// --round-seconds and yields MB/s (corpus bytes, 10^6 bytes to the MB); the median of the rounds
// is reported. Two variants run:
//   parse      DockerfileParser.parse(text), then count the instructions (what editors do first)
//   parse+args as above, and also ask every instruction for its arguments (and flags where it has
//              them). dockerfile-ast computes those lazily, whereas hoist's syntax layer splits
//              flags and arguments while parsing, so this is the closer like-for-like figure.
"use strict";
const fs = require("fs");
const { DockerfileParser } = require("dockerfile-ast");

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const listFile = process.argv[2];
if (!listFile || listFile.startsWith("--")) {
  console.error("usage: node bench.js LIST [--warmup-seconds N] [--rounds N] [--round-seconds N] [--out FILE]");
  process.exit(2);
}
const warmupSeconds = Number(option("--warmup-seconds", "5"));
const rounds = Number(option("--rounds", "10"));
const roundSeconds = Number(option("--round-seconds", "1"));
const out = option("--out", null);

const files = fs.readFileSync(listFile, "utf8").split("\n").map((l) => l.trim()).filter(Boolean);
const texts = [];
let bytes = 0;
for (const f of files) {
  const buf = fs.readFileSync(f);
  bytes += buf.length;
  texts.push(buf.toString("utf8"));
}

let sink = 0; // every result feeds this, so the work cannot be optimised away

function passParse() {
  for (let i = 0; i < texts.length; i++) {
    const dockerfile = DockerfileParser.parse(texts[i]);
    sink += dockerfile.getInstructions().length;
  }
}

function passParseArgs() {
  for (let i = 0; i < texts.length; i++) {
    const dockerfile = DockerfileParser.parse(texts[i]);
    const instructions = dockerfile.getInstructions();
    sink += instructions.length;
    for (const instruction of instructions) {
      sink += instruction.getArguments().length;
      if (typeof instruction.getFlags === "function") {
        sink += instruction.getFlags().length;
      }
    }
  }
}

function runFor(pass, seconds) {
  const limit = BigInt(Math.round(seconds * 1e9));
  const start = process.hrtime.bigint();
  let passes = 0;
  let elapsed = 0n;
  do {
    pass();
    passes++;
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < limit);
  return (bytes * passes) / (Number(elapsed) / 1e9) / 1e6;
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

const lines = [`files=${texts.length} bytes=${bytes} node=${process.version} dockerfile-ast=${require("dockerfile-ast/package.json").version}`];
for (const [name, pass] of [["parse", passParse], ["parse+args", passParseArgs]]) {
  runFor(pass, warmupSeconds);
  const mbps = [];
  for (let r = 0; r < rounds; r++) {
    mbps.push(runFor(pass, roundSeconds));
  }
  mbps.sort((a, b) => a - b);
  lines.push(`benchmark=${name} rounds=${rounds} median_mbps=${median(mbps).toFixed(2)} ` +
    `min_mbps=${mbps[0].toFixed(2)} max_mbps=${mbps[mbps.length - 1].toFixed(2)}`);
}
lines.push(`sink=${sink}`);
const text = lines.join("\n") + "\n";
process.stdout.write(text);
if (out) fs.writeFileSync(out, text);
