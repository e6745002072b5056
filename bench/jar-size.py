#!/usr/bin/env python3
"""What hoist.jar holds, by source: the sum of its entries' compressed sizes per dependency jar.

    bench/jar-size.py cli/target/hoist.jar DEPENDENCY.jar...

Each entry is attributed to the first dependency jar given that holds an entry of the same name;
dev/hoist/** is hoist's own; top-level <os>/<arch>/ directories are zstd-jni's natives. The
dependency jars are the cli's runtime class path (the jars of `mvn -o -X -pl cli -am package`'s
dependency tree for dev.hoist:cli, under ~/.m2/repository).
"""
import collections
import os
import sys
import zipfile

jar, deps = sys.argv[1], sys.argv[2:]
owners = {}
for dep in deps:
    with zipfile.ZipFile(dep) as z:
        for name in z.namelist():
            owners.setdefault(name, os.path.basename(dep)[:-4])
sizes = collections.Counter()
total = 0
with zipfile.ZipFile(jar) as z:
    for entry in z.infolist():
        total += entry.compress_size
        name = entry.filename
        if name.startswith('dev/hoist/') or name.startswith('META-INF/maven/dev.hoist'):
            key = 'hoist (dev/hoist/**)'
        elif name.startswith(('linux/', 'darwin/', 'win/', 'freebsd/', 'aix/')):
            key = 'zstd-jni natives'
        else:
            key = owners.get(name, 'other')
        sizes[key] += entry.compress_size
print(f'{os.path.getsize(jar):>10} bytes on disk, {total} bytes of compressed entries')
for key, size in sizes.most_common():
    print(f'{size:>10}  {key}')
