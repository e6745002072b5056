#!/usr/bin/env python3
"""Compares the Docker CLI's commands and flags with hoist's, for docs/docker-users.md.

Reads `docker --help` and `docker CMD [SUB] --help` (the docker CLI alone: no daemon is needed
for --help) and `./hoist CMD [SUB] --help`, and gives each Docker command and flag a status:
works (hoist has it), or what notes.tsv says (partly, refused, in progress, missing with a
reason), else missing. With --write it rewrites the table between the markers of
docs/docker-users.md; without, it prints the table.

  bench/docker-users/compare.py [--write] [--hoist PATH] [--jobs N]
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DOC = os.path.join(ROOT, "docs", "docker-users.md")
BEGIN, END = "<!-- docker-users table: begin -->", "<!-- docker-users table: end -->"
FLAG = re.compile(r"^\s{1,8}(?:(-[A-Za-z0-9]), )?(--[A-Za-z0-9][\w-]*)")
SHORT_ONLY = re.compile(r"^\s{1,8}(-[A-Za-z0-9])(?:[ =,]|$)")
SECTION = re.compile(r"^([A-Z][\w ]*Commands|Commands):\s*$")
HIDDEN_DOCKER = {"--help"}  # every command has it


def run(argv):
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       env=dict(os.environ, COLUMNS="200"))
    return p.returncode, p.stdout


def docker_commands(words=()):
    """The subcommands `docker WORDS --help` lists (its Commands sections)."""
    code, text = run(["docker", *words, "--help"])
    found, inside = [], False
    for line in text.splitlines():
        if SECTION.match(line):
            inside = True
            continue
        if inside and not line.strip():
            inside = False
            continue
        m = re.match(r"^\s{2}([a-z][\w-]*)\*?\s", line)
        if inside and m:
            found.append(m.group(1))
    return found


def flags(text, hoist):
    """Long flags (and short-only ones) of a --help text's option lines."""
    out = {}
    for line in text.splitlines():
        m = FLAG.match(line)
        if m:
            out[m.group(2)] = m.group(1) or ""
            if hoist:  # picocli lists every name of an option: -t, --time, --timeout=SECONDS
                for alias in re.findall(r"--[A-Za-z0-9][\w-]*", line.strip().split("  ")[0]):
                    out[alias] = m.group(1) or ""
            continue
        m = SHORT_ONLY.match(line)
        if m and not hoist:
            out[m.group(1)] = m.group(1)
    return out


def docker_tree():
    """[(command words, {flag: short})] for every Docker command, groups walked."""
    tree = [((), flags(run(["docker", "--help"])[1].split("Commands:")[-1], False))]
    for top in docker_commands():
        subs = docker_commands((top,))
        if subs:
            for sub in subs:
                tree.append(((top, sub), flags(run(["docker", top, sub, "--help"])[1], False)))
        else:
            tree.append(((top,), flags(run(["docker", top, "--help"])[1], False)))
    return tree


def hoist_flags(hoist, words):
    """hoist's flags for the command, or None when hoist has no such command."""
    code, text = run([hoist, *words, "--help"])
    if code != 0 or "Unmatched argument" in text or "Unknown" in text.split("\n", 1)[0]:
        return None
    usage = text.split("\n", 1)[0].split()[2:]  # after "Usage: hoist"
    named = []
    for token in usage:
        if token.startswith("[") or token.startswith("-") or token.isupper():
            break
        named.append(token)
    # the command itself, or an alias of it (container ls is hoist container ps), not its group
    if len(named) != len(words) or named[:-1] != list(words[:-1]):
        return None
    return flags(text, True)


def read_notes():
    """{(command, flag or '*'): (status, note)} from notes.tsv."""
    notes = {}
    with open(os.path.join(HERE, "notes.tsv"), encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            command, flag, status = parts[0], parts[1], parts[2]
            notes[(command, flag)] = (status, parts[3] if len(parts) > 3 else "")
    return notes


ALIASES = {"container ls": "ps", "image ls": "images", "image rm": "rmi", "system info": "info",
           "system events": "events", "builder build": "build", "image build": "build"}


def names_of(command):
    """The command's names for notes.tsv: itself, its top-level alias, run for create."""
    names = [command]
    words = command.split(" ")
    if command in ALIASES:
        names.append(ALIASES[command])
    elif len(words) == 2 and words[0] in ("container", "image", "system"):
        names.append(words[1])
    if names[-1] == "create":
        names.append("run")
    return names


def status_of(command, flag, present, notes):
    """(status, note) of a flag (or '*' for the command itself)."""
    keys = [(name, flag) for name in names_of(command)]
    if " " in command:
        keys.append((command.split(" ")[0] + " *", flag))
    keys.append(("*", flag))
    for key in keys:
        if key and key in notes:
            status, note = notes[key]
            if not present or status.startswith("partly"):
                return status, note
    return ("works", "") if present else ("missing", "")


def table(hoist, jobs):
    notes = read_notes()
    tree = docker_tree()
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        hoisted = list(pool.map(lambda e: hoist_flags(hoist, e[0]), tree))
    rows = ["| Docker command | hoist | flags that work | flags that differ or are missing |",
            "|---|---|---|---|"]
    counts = {}
    for (words, dflags), hflags in zip(tree, hoisted):
        command = " ".join(words) if words else "(global options)"
        present = hflags is not None or not words
        cstatus, cnote = status_of(command, "*", present, notes)
        word = cstatus.split(" (")[0]
        counts[word] = counts.get(word, 0) + 1
        works, other = [], []
        for flag in sorted(dflags, key=lambda f: f.lstrip("-").lower()):
            if flag in HIDDEN_DOCKER:
                continue
            has = hflags is not None and flag in hflags
            if not words:  # global options: hoist's top level
                has = flag in (hoist_flags(hoist, ()) or {})
            status, note = status_of(command, flag, has, notes)
            short = dflags[flag]
            spelled = [f for f, s in (hflags or {}).items() if short and s == short]
            if status == "missing" and spelled:
                status, note = "partly", "as `%s %s`" % (short, spelled[0])
            if status == "works":
                works.append("`" + flag + "`")
            elif hflags is not None or not words:
                other.append("`%s` %s%s" % (flag, status, ": " + note if note else ""))
        hoist_cell = cstatus + (": " + cnote if cnote else "")
        if hflags is None and words:
            other = ["(all, with the command)"] if dflags else []
        rows.append("| `docker %s` | %s | %s | %s |" % (
            " ".join(words) if words else "(global options)", hoist_cell, " ".join(works) or "",
            "<br>".join(other)))
    summary = ", ".join("%d %s" % (n, s) for s, n in sorted(counts.items()))
    return "\n".join(rows) + "\n\nCommands: " + summary + ".\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--hoist", default=os.path.join(ROOT, "hoist"))
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    run([args.hoist, "--version"])  # builds hoist once, before the parallel runs
    text = table(args.hoist, args.jobs)
    if not args.write:
        sys.stdout.write(text)
        return
    with open(DOC, encoding="utf-8") as f:
        doc = f.read()
    start, end = doc.index(BEGIN) + len(BEGIN), doc.index(END)
    with open(DOC, "w", encoding="utf-8") as f:
        f.write(doc[:start] + "\n" + text + doc[end:])


if __name__ == "__main__":
    main()
