#!/usr/bin/env python3
"""Writes an SVG plot (no dependencies) of each pattern's slowdown under AddressSanitizer (the C ports) and under
jkasan (default options, and stack_depth=0 for the allocation patterns), on a log scale, from one run's results.

  plot_vs_asan.py RESULTS_DIR OUT.svg     (RESULTS_DIR as benchmarks/run.sh writes it: asan-*.csv, access-*.csv,
                                           vmalloc-*.csv)
"""
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from summarize import asan_ratios, jkasan_ratios, ratios  # noqa: E402  (the tables and this plot share them)

SERIES = (("AddressSanitizer", "#d62728"), ("jkasan, default options", "#1f77b4"),
          ("jkasan, stack_depth=0", "#9ecae1"))


def esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def main():
    out, svg = sys.argv[1], sys.argv[2]
    asan = asan_ratios(out)
    default = jkasan_ratios(out, "vmalloc-agent-sd16.csv")
    sd0 = jkasan_ratios(out, "vmalloc-agent-sd0.csv")
    names = [n for n in asan if n in default]
    if not names:
        sys.exit("plot_vs_asan.py: no pattern has both an ASan and a jkasan result in " + out)
    alloc_plain, alloc_asan = (os.path.join(out, f"asan-alloc-{b}.csv") for b in ("plain", "asan"))
    allocation = set(ratios(alloc_plain, alloc_asan)) if os.path.exists(alloc_asan) else set()
    # stack_depth applies to allocation only: the access loops have one jkasan bar.
    rows = [(n, [asan[n], default[n], sd0.get(n) if n in allocation else None]) for n in names]
    top = max(v for _, vs in rows for v in vs if v is not None)
    decades = max(1, math.ceil(math.log10(top)))
    W, L, R, T, B, bar = 960, 150, 30, 60, 50, 7
    row_h = bar * 3 + 8
    H = T + B + row_h * len(rows)
    pw = W - L - R

    def X(v):
        return L + pw * math.log10(max(v, 1)) / decades

    o = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
         f'<rect width="{W}" height="{H}" fill="white"/>',
         f'<text x="{W / 2}" y="20" text-anchor="middle" font-size="15">Slowdown on the same patterns: '
         'AddressSanitizer (C, gcc -O2) and jkasan (Java)</text>']
    for d in range(decades + 1):
        x = L + pw * d / decades
        o.append(f'<line x1="{x:.1f}" y1="{T - 6}" x2="{x:.1f}" y2="{H - B}" stroke="#ccc"/>')
        o.append(f'<text x="{x:.1f}" y="{H - B + 16}" text-anchor="middle">{10 ** d:,}x</text>')
    o.append(f'<text x="{L + pw / 2}" y="{H - 12}" text-anchor="middle">slowdown against the same pattern '
             'without the tool (log scale; shorter is better)</text>')
    for i, (name, vs) in enumerate(rows):
        y0 = T + i * row_h
        if name in allocation and (i == 0 or rows[i - 1][0] not in allocation):
            o.append(f'<line x1="10" y1="{y0 - 2}" x2="{W - R}" y2="{y0 - 2}" stroke="#888"/>')
            o.append(f'<text x="{W - R}" y="{y0 + 10}" text-anchor="end" fill="#555">allocation and free</text>')
        elif i == 0:
            o.append(f'<text x="{W - R}" y="{y0 + 10}" text-anchor="end" fill="#555">access loops</text>')
        o.append(f'<text x="{L - 8}" y="{y0 + row_h / 2 + 2:.1f}" text-anchor="end">{esc(name)}</text>')
        for j, v in enumerate(vs):
            if v is None:
                continue
            y = y0 + j * bar
            o.append(f'<rect x="{L}" y="{y}" width="{max(X(v) - L, 1):.1f}" height="{bar - 1}" '
                     f'fill="{SERIES[j][1]}"><title>{esc(SERIES[j][0])}: {v:.2f}x</title></rect>')
            o.append(f'<text x="{X(v) + 4:.1f}" y="{y + bar - 1}" font-size="9">{v:.2f}x</text>')
    for j, (label, colour) in enumerate(SERIES):
        x = L + j * 230
        o.append(f'<rect x="{x}" y="32" width="12" height="12" fill="{colour}"/>')
        o.append(f'<text x="{x + 16}" y="42">{esc(label)}</text>')
    o.append("</svg>")
    with open(svg, "w") as f:
        f.write("\n".join(o) + "\n")


if __name__ == "__main__":
    main()
