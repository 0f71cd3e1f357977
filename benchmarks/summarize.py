#!/usr/bin/env python3
"""Prints the markdown tables of docs/performance.md from JMH CSV / hyperfine JSON results (no dependencies).

  summarize.py access  CLEAN.csv AGENT.csv
  summarize.py segment CLEAN.csv AGENT.csv
  summarize.py buffer  CLEAN.csv AGENT.csv
  summarize.py vmalloc CLEAN.csv AGENT_SD0.csv AGENT_SD16.csv
  summarize.py startup HYPERFINE.json
  summarize.py asan    RESULTS_DIR    (the C ports: asan-{access,alloc}-{plain,asan}.csv, and the jkasan ratios
                                       of the same patterns where access-*.csv / vmalloc-*.csv are there)
"""
import csv
import json
import math
import os
import sys


def load(path):
    rows = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            name = r["Benchmark"].rsplit(".", 1)[1]
            rows[name] = (float(r["Score"]), float(r["Score Error (99.9%)"] or "nan"), int(r["Threads"]))
    return rows


def gmean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs))


def fmt(score, err):
    return f"{score:,.1f} ± {err:,.1f}" if not math.isnan(err) else f"{score:,.1f}"


def ratios_table(title, files, labels):
    runs = [load(f) for f in files]
    base = runs[0]
    head = "| benchmark | threads | " + " | ".join(f"{l} ns/op" for l in labels) + " | " + \
        " | ".join(f"ratio {l}" for l in labels[1:]) + " |"
    print(f"\n{title}\n")
    print(head)
    print("|" + "---|" * (2 + len(labels) + len(labels) - 1))
    ratios = [[] for _ in labels[1:]]
    for name, (s0, e0, t) in base.items():
        cells = [fmt(s0, e0)]
        rs = []
        for i, run in enumerate(runs[1:]):
            s, e, _ = run.get(name, (float("nan"), float("nan"), t))
            cells.append(fmt(s, e))
            r = s / s0
            ratios[i].append((r, name))
            rs.append(f"{r:.2f}x")
        print(f"| {name} | {t} | " + " | ".join(cells) + " | " + " | ".join(rs) + " |")
    return ratios


def summary(label, rs):
    worst = max(rs)
    print(f"- {label}: geomean {gmean([r for r, _ in rs]):.2f}x, worst {worst[0]:.2f}x ({worst[1]})")


def main():
    kind = sys.argv[1]
    if kind == "access":
        (rs,) = ratios_table("Access overhead (ratio = with agent / without)", sys.argv[2:4],
                             ["without", "with agent"])
        print()
        summary("with agent", rs)
    elif kind in ("segment", "buffer"):
        api = "MemorySegment" if kind == "segment" else "Direct ByteBuffer"
        (rs,) = ratios_table(api + " access overhead (ratio = with agent / without)", sys.argv[2:4],
                             ["without", "with agent"])
        print()
        summary("with agent", rs)
    elif kind == "asan":
        asan_tables(sys.argv[2])
    elif kind == "vmalloc":
        labels = ["without", "agent stack_depth=0", "agent stack_depth=16"]
        all_rs = ratios_table("test_vmalloc port (ratio = with agent / without = raw malloc)", sys.argv[2:5], labels)
        print()
        for label, rs in zip(labels[1:], all_rs):
            one = [x for x in rs if not x[1].endswith("_2t")]
            two = [x for x in rs if x[1].endswith("_2t")]
            summary(label + ", 1 thread", one)
            summary(label + ", 2 threads", two)
    elif kind == "startup":
        res = json.load(open(sys.argv[2]))["results"]
        print("\nStart-up (hyperfine, loading every class of the benchmarks jar)\n")
        print("| command | mean ms | σ ms | min ms | max ms |")
        print("|---|---|---|---|---|")
        for r in res:
            print(f"| {r['command']} | {r['mean']*1000:.1f} | {r['stddev']*1000:.1f} | "
                  f"{r['min']*1000:.1f} | {r['max']*1000:.1f} |")
        by = {r["command"]: r["mean"] for r in res}
        if "with-agent" in by and "without-agent" in by:
            print(f"\n- with/without: {by['with-agent'] / by['without-agent']:.3f}x "
                  f"(+{(by['with-agent'] - by['without-agent'])*1000:.1f} ms)")
    elif kind == "memory":
        memory_table(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)


def asan_tables(out):
    """The C ports with and without -fsanitize=address, then AddressSanitizer's ratio beside jkasan's."""
    asan_ratios = {}
    for prog, title in (("access", "Access loops in C (ratio = -fsanitize=address / plain -O2)"),
                        ("alloc", "Allocation patterns in C (ratio = -fsanitize=address / plain -O2 malloc)")):
        files = [os.path.join(out, f"asan-{prog}-{build}.csv") for build in ("plain", "asan")]
        (rs,) = ratios_table(title, files, ["gcc -O2", "gcc -O2 -fsanitize=address"])
        print()
        if prog == "alloc":
            summary("ASan, 1 thread", [x for x in rs if not x[1].endswith("_2t")])
            summary("ASan, 2 threads", [x for x in rs if x[1].endswith("_2t")])
        else:
            summary("ASan", rs)
        asan_ratios.update({name: r for r, name in rs})
    jkasan = jkasan_ratios(out, "vmalloc-agent-sd16.csv")
    common = [n for n in asan_ratios if n in jkasan]
    if not common:
        return
    print("\nThe bar to beat: the same pattern's slowdown under ASan and under jkasan (default options)\n")
    print("| benchmark | ratio ASan | ratio jkasan | jkasan / ASan |")
    print("|---|---|---|---|")
    for n in common:
        print(f"| {n} | {asan_ratios[n]:.2f}x | {jkasan[n]:.2f}x | {jkasan[n] / asan_ratios[n]:.2f} |")


def ratios(clean_csv, run_csv):
    """Each benchmark's score in RUN_CSV over its score in CLEAN_CSV."""
    base, run = load(clean_csv), load(run_csv)
    return {n: run[n][0] / base[n][0] for n in base if n in run}


def jkasan_ratios(out, vmalloc_agent):
    """jkasan's slowdown per pattern in the run in OUT: the access loops and the test_vmalloc port with the agent
    run VMALLOC_AGENT (vmalloc-agent-sd16.csv, default options, or vmalloc-agent-sd0.csv); those it lacks are left
    out."""
    jkasan = {}
    for clean, agent in (("access-clean.csv", "access-agent.csv"), ("vmalloc-clean.csv", vmalloc_agent)):
        if os.path.exists(os.path.join(out, clean)) and os.path.exists(os.path.join(out, agent)):
            jkasan.update(ratios(os.path.join(out, clean), os.path.join(out, agent)))
    return jkasan


def asan_ratios(out):
    """AddressSanitizer's slowdown per pattern of the C ports in OUT (asan-{access,alloc}-{plain,asan}.csv)."""
    found = {}
    for prog in ("access", "alloc"):
        plain, asan = (os.path.join(out, f"asan-{prog}-{build}.csv") for build in ("plain", "asan"))
        if os.path.exists(plain) and os.path.exists(asan):
            found.update(ratios(plain, asan))
    return found


def memory_table(agent_csv, clean_csv):
    """Per phase of the test_vmalloc trace: shadow pages (min, max, last) and the peak VmRSS of both runs."""
    def phases(path):
        out = {}
        for row in csv.DictReader(open(path)):
            out.setdefault((row["run"], row["phase"]), []).append(row)
        return out
    agent, clean = phases(agent_csv), phases(clean_csv)
    print("\nShadow pages and RSS during the test_vmalloc sequence\n")
    print("| run | phase | shadow pages min | max | at end of phase | VmRSS max MiB (agent) | VmRSS max MiB (no agent) |")
    print("|---|---|---|---|---|---|---|")
    for key, rows in agent.items():
        pages = [int(r["shadow_pages"]) for r in rows]
        rss = max(int(r["vmrss_kb"]) for r in rows) // 1024
        clean_rss = max((int(r["vmrss_kb"]) for r in clean.get(key, [])), default=0) // 1024
        print(f"| {key[0]} | {key[1]} | {min(pages)} | {max(pages)} | {pages[-1]} | {rss} | {clean_rss} |")


if __name__ == "__main__":
    main()
