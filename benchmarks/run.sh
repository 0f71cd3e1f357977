#!/usr/bin/env bash
# Runs every jkasan benchmark and prints the tables of docs/performance.md.
#
#   benchmarks/run.sh [all|access|segment|buffer|vmalloc|memory|startup|asan|inlining]...
#                                                 (default: access segment buffer vmalloc memory startup asan)
#
# Build first: mvn -B -q clean package -DskipTests (needs agent/target/jkasan-agent.jar and
# benchmarks/target/jkasan-benchmarks.jar). Uses $JAVA_HOME/bin/java if JAVA_HOME is set; the segment
# step needs a JDK 22+ and is skipped on an older one. The asan step needs gcc with libasan.
# Environment: AGENT (default agent/target/jkasan-agent.jar; another build, to compare), JMH_OPTS (default
# "-wi 2 -i 3 -w 1s -r 1s -f 1"), VMALLOC_JMH_OPTS for the vmalloc step (default "-wi 3 -i 3 -w 2s -r 1s -f 1"),
# ALLOC_WARMUP_MS for ASan's allocator (default 6000, the same warm-up), VMALLOC_HEAP for the vmalloc step's
# forks (default a fixed, pre-touched 2 GiB heap), OUT (default benchmarks/target/results).
# Runs one JVM at a time: never start two benchmark JVMs on a 2-core machine.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
AGENT=${AGENT:-$ROOT/agent/target/jkasan-agent.jar}
JAR=$ROOT/benchmarks/target/jkasan-benchmarks.jar
OUT=${OUT:-$ROOT/benchmarks/target/results}
JMH_OPTS=${JMH_OPTS:--wi 2 -i 3 -w 1s -r 1s -f 1}
# Alloc/free is measured in steady state, after each allocator's quarantine has filled once: until then
# every free is kept (jkasan: lazy_max=512m, about 131,000 one-page areas; ASan: quarantine_size_mb=256)
# and every allocation touches fresh pages, whose page faults dominate (docs/performance.md, section 2).
# Six seconds of warm-up cover that fill on this machine for both; the fill itself is timed by AllocFreeLoop.
VMALLOC_JMH_OPTS=${VMALLOC_JMH_OPTS:--wi 3 -i 3 -w 2s -r 1s -f 1}
ALLOC_WARMUP_MS=${ALLOC_WARMUP_MS:-6000}
# The agent's allocator keeps a Java object per area (131,072 of them wait in a full quarantine) and makes some
# garbage per allocation; on a default heap, G1 grows the heap through the short run and every first touch of a
# new region is a page fault (about 10 us each on the machine docs/performance.md measures), which made the
# small patterns' intervals several times their figures. A heap of fixed size, touched at start, measures the
# allocator in the steady state a running program reaches; every run of the step gets the same flags.
VMALLOC_HEAP=${VMALLOC_HEAP:--Xms2g -Xmx2g -XX:+AlwaysPreTouch}
# JDK 24+ prints a deprecation warning for sun.misc.Unsafe memory access; both sides get the same flag.
ALLOW=--sun-misc-unsafe-memory-access=allow
for f in "$AGENT" "$JAR"; do
  [[ -f $f ]] || { echo "missing $f: run mvn -B -q clean package -DskipTests" >&2; exit 2; }
done
mkdir -p "$OUT"

# jmh NAME "FORK JVM ARGS" BENCHMARK-REGEXP [JMH OPTIONS]: one JMH run, forks get the JVM args; results in
# $OUT/NAME.csv
jmh() {
  local name=$1 jvmargs=$2 regexp=$3 opts=${4:-$JMH_OPTS}
  echo "== JMH $name: forks get $ALLOW $jvmargs" >&2
  local append=(); [[ -n $jvmargs ]] && append=(-jvmArgsAppend "$jvmargs")
  # JMH forks inherit the host JVM's flags ($ALLOW) and add -jvmArgsAppend.
  # shellcheck disable=SC2086
  "$JAVA" $ALLOW -jar "$JAR" $opts "${append[@]}" -rf csv -rff "$OUT/$name.csv" "$regexp" \
    > "$OUT/$name.log" 2>&1 || { tail -30 "$OUT/$name.log" >&2; exit 1; }
}

access() {
  jmh access-clean "" 'UnsafeAccessBenchmark'
  jmh access-agent "-javaagent:$AGENT" 'UnsafeAccessBenchmark'
  python3 "$ROOT/benchmarks/summarize.py" access "$OUT/access-clean.csv" "$OUT/access-agent.csv"
}

segment() {
  local feature
  feature=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  if (( feature < 22 )); then
    echo "== segment: skipped, SegmentAccessBenchmark needs JDK 22+ (this is $feature)" >&2
    return
  fi
  jmh segment-clean "" 'SegmentAccessBenchmark'
  jmh segment-agent "-javaagent:$AGENT" 'SegmentAccessBenchmark'
  python3 "$ROOT/benchmarks/summarize.py" segment "$OUT/segment-clean.csv" "$OUT/segment-agent.csv"
}

buffer() {
  jmh buffer-clean "" 'BufferAccessBenchmark'
  jmh buffer-agent "-javaagent:$AGENT" 'BufferAccessBenchmark'
  python3 "$ROOT/benchmarks/summarize.py" buffer "$OUT/buffer-clean.csv" "$OUT/buffer-agent.csv"
}

# The C ports of the access loops and allocation patterns, built with gcc -O2 and with
# gcc -O2 -fsanitize=address, run one binary at a time: the bar jkasan's ratios are compared with.
asan() {
  local src=$ROOT/benchmarks/asan bin=$OUT/asan
  mkdir -p "$bin"
  for prog in access alloc; do
    gcc -O2 -Wall -Wextra -pthread -o "$bin/$prog-plain" "$src/$prog.c"
    gcc -O2 -Wall -Wextra -pthread -fsanitize=address -fno-omit-frame-pointer -o "$bin/$prog-asan" "$src/$prog.c"
    for build in plain asan; do
      echo "== C $prog, $build build" >&2
      local warmup=300; [[ $prog == alloc ]] && warmup=$ALLOC_WARMUP_MS
      WARMUP_MS=$warmup "$bin/$prog-$build" > "$OUT/asan-$prog-$build.csv"
    done
  done
  python3 "$ROOT/benchmarks/summarize.py" asan "$OUT"
  # The plot needs jkasan's side of the same run (the access and vmalloc steps); alone, the asan step has none.
  if [[ -f $OUT/access-agent.csv && -f $OUT/vmalloc-agent-sd16.csv ]]; then
    python3 "$ROOT/benchmarks/plot_vs_asan.py" "$OUT" "$ROOT/docs/performance-vs-asan.svg"
  fi
}

vmalloc() {
  jmh vmalloc-clean "$VMALLOC_HEAP" 'VmallocBenchmark' "$VMALLOC_JMH_OPTS"
  jmh vmalloc-agent-sd0 "$VMALLOC_HEAP -javaagent:$AGENT=stack_depth=0" 'VmallocBenchmark' "$VMALLOC_JMH_OPTS"
  jmh vmalloc-agent-sd16 "$VMALLOC_HEAP -javaagent:$AGENT" 'VmallocBenchmark' "$VMALLOC_JMH_OPTS"
  python3 "$ROOT/benchmarks/summarize.py" vmalloc "$OUT/vmalloc-clean.csv" "$OUT/vmalloc-agent-sd0.csv" \
    "$OUT/vmalloc-agent-sd16.csv"
}

memory() {
  echo "== shadow memory trace (test_vmalloc sequence, 1 thread)" >&2
  "$JAVA" $ALLOW -javaagent:"$AGENT" -cp "$JAR" io.jkasan.benchmarks.ShadowMemoryTrace 1000 50000 2 \
    > "$OUT/shadow-trace-agent.csv"
  "$JAVA" $ALLOW -cp "$JAR" io.jkasan.benchmarks.ShadowMemoryTrace 1000 50000 2 > "$OUT/shadow-trace-clean.csv"
  python3 "$ROOT/benchmarks/plot_shadow.py" "$OUT/shadow-trace-agent.csv" "$OUT/shadow-trace-clean.csv" \
    "$ROOT/docs/performance-shadow.svg"
  python3 "$ROOT/benchmarks/summarize.py" memory "$OUT/shadow-trace-agent.csv" "$OUT/shadow-trace-clean.csv"
}

startup() {
  local clean="$JAVA $ALLOW -cp $JAR io.jkasan.benchmarks.LoadAllClasses"
  local agent="$JAVA $ALLOW -javaagent:$AGENT -cp $JAR io.jkasan.benchmarks.LoadAllClasses"
  echo "== start-up: $($clean)" >&2
  if command -v hyperfine > /dev/null; then
    hyperfine -N --warmup 3 --runs 20 --export-markdown "$OUT/startup.md" --export-json "$OUT/startup.json" \
      -n without-agent "$clean" -n with-agent "$agent" >&2
    python3 "$ROOT/benchmarks/summarize.py" startup "$OUT/startup.json"
  else
    # Without hyperfine: 3 warm-ups, then the median wall and CPU (user + sys) time of 20 runs.
    for name in without-agent with-agent; do
      local cmd=$clean; [[ $name == with-agent ]] && cmd=$agent
      for _ in 1 2 3; do $cmd > /dev/null; done
      rm -f "$OUT/startup-$name.txt"
      for _ in $(seq 20); do /usr/bin/time -f "%e %U %S" -a -o "$OUT/startup-$name.txt" $cmd > /dev/null; done
      python3 -c 'import sys, statistics as st
runs = [[float(x) for x in line.split()] for line in open(sys.argv[2]) if line.strip()]
print(f"{sys.argv[1]}: median of {len(runs)} runs: wall {st.median(r[0] for r in runs) * 1000:.0f} ms, "
      f"CPU {st.median(r[1] + r[2] for r in runs) * 1000:.0f} ms")' "$name" "$OUT/startup-$name.txt"
    done
  fi
}

inlining() {
  echo "== PrintInlining of the instrumented hashMapLookup and sequentialGetLong (C2)" >&2
  "$JAVA" $ALLOW -jar "$JAR" -wi 2 -i 1 -w 1s -r 1s -f 1 \
    -jvmArgsAppend "-javaagent:$AGENT -XX:+UnlockDiagnosticVMOptions -XX:+PrintInlining -XX:+PrintCompilation" \
    'UnsafeAccessBenchmark.(hashMapLookup|sequentialGetLong)' > "$OUT/inlining.log" 2>&1
  grep -E '^ +[0-9]+ +[0-9]+ +[%sbn!]* +4 +io.jkasan.benchmarks|SunMiscUnsafeHooks|AccessChecker|OffHeapLongMap::get' \
    "$OUT/inlining.log" | head -60
}

steps=("$@")
[[ ${#steps[@]} -eq 0 ]] && steps=(all)
for s in "${steps[@]}"; do
  [[ $s == all ]] && { access; segment; buffer; vmalloc; memory; startup; asan; continue; }
  "$s"
done
