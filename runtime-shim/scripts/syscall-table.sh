#!/bin/sh
# Regenerates the x86_64 syscall table the seccomp filter compiler reads (name number lines),
# from the kernel headers (linux-libc-dev). SyscallTableTest checks the resource against them.
set -eu
header=${1:-/usr/include/x86_64-linux-gnu/asm/unistd_64.h}
out=$(dirname "$0")/../src/main/resources/dev/hoist/internal/runtime/seccomp/syscalls-x86_64.txt
awk '/^#define __NR_/ { print substr($2, 6), $3 }' "$header" > "$out"
