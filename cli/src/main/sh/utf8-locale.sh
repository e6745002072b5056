# Sourced by the hoist launcher before it starts the JVM. Java 17 converts file names between
# bytes and Strings with the locale's character set (sun.jnu.encoding, which no -D option
# changes), so under LANG=C or POSIX (ASCII) every non-ASCII name in a context, layer or archive
# fails. Unless the locale is already UTF-8, the JVM runs under C.UTF-8 (built into glibc since
# 2.35, so present on every Debian 12 machine).
hoist_ctype="${LC_ALL:-${LC_CTYPE:-${LANG:-}}}"
hoist_ctype="${hoist_ctype,,}"
if [[ $hoist_ctype != *utf-8* && $hoist_ctype != *utf8* ]]; then
  export LC_ALL=C.UTF-8
fi
unset hoist_ctype
