#!/usr/bin/env python3
"""Writes an SVG plot (no dependencies) of ShadowMemoryTrace CSVs: shadow pages and VmRSS against operations.

  plot_shadow.py AGENT.csv [CLEAN.csv] OUT.svg
"""
import csv
import sys


def load(path):
    with open(path, newline="") as f:
        return [r for r in csv.DictReader(f)]


def main():
    agent = load(sys.argv[1])
    clean = load(sys.argv[2]) if len(sys.argv) > 3 else []
    out = sys.argv[-1]
    W, H, L, R, T, B = 960, 460, 70, 80, 40, 70
    pw, ph = W - L - R, H - T - B
    xmax = max(int(r["op"]) for r in agent) or 1
    # the after-purge rows share the op count of "done"; draw them a little to the right
    pts = []
    for r in agent:
        x = int(r["op"]) + (xmax * 0.004 if r["phase"] == "after_purge" else 0)
        pts.append((x, int(r["shadow_pages"]), int(r["vmrss_kb"]) / 1024, r["phase"], r["run"]))
    xmax = max(p[0] for p in pts)
    ymax = max(p[1] for p in pts) * 1.1 or 1
    rss_pts = [(int(r["op"]), int(r["vmrss_kb"]) / 1024) for r in clean]
    rmax = max([p[2] for p in pts] + [p[1] for p in rss_pts]) * 1.1

    def X(x):
        return L + pw * x / xmax

    def Y(y):
        return T + ph * (1 - y / ymax)

    def YR(y):
        return T + ph * (1 - y / rmax)

    s = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
         f'<rect width="{W}" height="{H}" fill="white"/>',
         f'<text x="{W/2}" y="22" text-anchor="middle" font-size="15">jkasan KASAN_VMALLOC shadow pages during '
         f'the test_vmalloc port (2 runs, then Jkasan.purge())</text>']
    # phase bands
    colors = ["#f2f2f2", "#e4ecf7"]
    start, cur, k = 0, None, 0
    for x, _, _, ph_, run in pts + [(xmax, 0, 0, "end", "")]:
        key = ph_ + run
        if cur is None:
            cur, start = (ph_, key), x
        elif key != cur[1]:
            if cur[0] not in ("boot", "done", "after_purge"):
                s.append(f'<rect x="{X(start):.1f}" y="{T}" width="{X(x) - X(start):.1f}" height="{ph}" '
                         f'fill="{colors[k % 2]}"/>')
                s.append(f'<text x="{(X(start) + X(x)) / 2:.1f}" y="{T + ph + 32 + 12 * (k % 2)}" '
                         f'text-anchor="middle" font-size="9">{cur[0]}</text>')
                k += 1
            cur, start = (ph_, key), x
    # axes and grid
    for i in range(6):
        y = ymax / 1.1 * i / 5
        s.append(f'<line x1="{L}" x2="{L + pw}" y1="{Y(y):.1f}" y2="{Y(y):.1f}" stroke="#ccc"/>')
        s.append(f'<text x="{L - 6}" y="{Y(y) + 4:.1f}" text-anchor="end">{y:,.0f}</text>')
        r = rmax / 1.1 * i / 5
        s.append(f'<text x="{L + pw + 6}" y="{YR(r) + 4:.1f}" fill="#c0392b">{r:,.0f}</text>')
    for i in range(6):
        x = xmax * i / 5
        s.append(f'<text x="{X(x):.1f}" y="{T + ph + 16}" text-anchor="middle">{x / 1000:,.0f}k</text>')
    s.append(f'<rect x="{L}" y="{T}" width="{pw}" height="{ph}" fill="none" stroke="black"/>')
    s.append(f'<text x="{L + pw / 2}" y="{H - 6}" text-anchor="middle">operations (allocate/free pairs)</text>')
    s.append(f'<text transform="translate(16,{T + ph / 2}) rotate(-90)" text-anchor="middle" fill="#1f4e9c">'
             f'shadow pages (4 KiB)</text>')
    s.append(f'<text transform="translate({W - 14},{T + ph / 2}) rotate(90)" text-anchor="middle" fill="#c0392b">'
             f'VmRSS MiB</text>')

    def poly(points, color, width, dash=""):
        d = " ".join(f"{a:.1f},{b:.1f}" for a, b in points)
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        return f'<polyline points="{d}" fill="none" stroke="{color}" stroke-width="{width}"{extra}/>'

    s.append(poly([(X(p[0]), YR(p[2])) for p in pts], "#c0392b", 1.2))
    if rss_pts:
        s.append(poly([(X(a), YR(b)) for a, b in rss_pts], "#c0392b", 1.2, "4,3"))
    s.append(poly([(X(p[0]), Y(p[1])) for p in pts], "#1f4e9c", 1.6))
    # legend
    lx, ly = L + 10, T + 14
    s.append(f'<rect x="{lx - 4}" y="{ly - 12}" width="300" height="{50 if rss_pts else 34}" fill="white" '
             f'stroke="#999"/>')
    s.append(f'<line x1="{lx}" x2="{lx + 24}" y1="{ly - 4}" y2="{ly - 4}" stroke="#1f4e9c" stroke-width="2"/>'
             f'<text x="{lx + 30}" y="{ly}">shadow pages (Jkasan.statistics().shadowPages())</text>')
    s.append(f'<line x1="{lx}" x2="{lx + 24}" y1="{ly + 12}" y2="{ly + 12}" stroke="#c0392b"/>'
             f'<text x="{lx + 30}" y="{ly + 16}">VmRSS with the agent</text>')
    if rss_pts:
        s.append(f'<line x1="{lx}" x2="{lx + 24}" y1="{ly + 28}" y2="{ly + 28}" stroke="#c0392b" '
                 f'stroke-dasharray="4,3"/><text x="{lx + 30}" y="{ly + 32}">VmRSS without the agent (malloc)</text>')
    s.append("</svg>")
    with open(out, "w") as f:
        f.write("\n".join(s) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
