"""Plots scripts/bench/detect-scale.ts's JSON: time and peak memory against relationships, per engine.
Usage: python3 scripts/bench/detect-scale-plot.py docs/benchmarks/detect-scale.json  (writes .png beside it)"""
import json, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

path = sys.argv[1]
report = json.load(open(path))
series = {}
for row in report["results"]:
    m = row["relationships"]
    def add(name, figures, ms_key="ms", mem_key="peakRssMb"):
        if isinstance(figures, dict) and ms_key in figures:
            series.setdefault(name, []).append((m, figures[ms_key] / 1000, figures.get(mem_key)))
    add("in-process (Node)", row.get("inProcess"))
    add("python-igraph", row.get("igraph"))
    gds = row.get("gds") or {}
    add("GDS Louvain (project + run)", gds.get("louvain"), mem_key="jvmPeakRssMb")
    add("GDS Leiden (project + run)", gds.get("leiden"), mem_key="jvmPeakRssMb")

fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4.2))
for name, points in series.items():
    xs = [p[0] / 1e6 for p in points]
    a.plot(xs, [p[1] for p in points], marker="o", label=name)
    mem = [(x, p[2]) for x, p in zip(xs, points) if p[2] is not None]
    if mem:
        b.plot([x for x, _ in mem], [y / 1024 for _, y in mem], marker="o", label=name)
a.set_xlabel("relationships (millions)"); a.set_ylabel("community detection time (s)"); a.set_xscale("log"); a.set_yscale("log")
b.set_xlabel("relationships (millions)"); b.set_ylabel("peak RSS (GB; GDS: whole JVM)"); b.set_xscale("log")
a.grid(True, which="both", alpha=0.3); b.grid(True, which="both", alpha=0.3)
a.legend(fontsize=8); b.legend(fontsize=8)
fig.suptitle(f"Community detection at scale ({report['cpus']} cores, load {report['loadStart'][0]}..{report.get('loadEnd', ['?'])[0]}, commit {report['commit']})", fontsize=10)
fig.tight_layout()
out = path.rsplit(".", 1)[0] + ".png"
fig.savefig(out, dpi=110)
print(f"plot: {out}")
