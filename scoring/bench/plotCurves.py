"""Plots docs/drift-curves.json (written by `npm run bench -w scoring -- --curves docs/drift-curves.json`)
into docs/drift-curves.png. Run with the anchors venv (it has matplotlib):
  ~/.cache/sieve/scoring-anchors/venv-<hash>/bin/python bench/plotCurves.py docs/drift-curves.json docs/drift-curves.png
"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

source, target = sys.argv[1], sys.argv[2]
data = json.load(open(source))
measures = sorted({p["measure"] for p in data["points"]}, key=lambda m: [p["measure"] for p in data["points"]].index(m))
fig, (fa, det) = plt.subplots(1, 2, figsize=(11, 4.2), dpi=110)
for m in measures:
    pts = [p for p in data["points"] if p["measure"] == m]
    fa.plot([p["n"] for p in pts], [p["falseAlarm"] for p in pts], marker="o", ms=3, label=m)
    d = [p for p in pts if p.get("detection") is not None]
    det.plot([p["n"] for p in d], [p["detection"] for p in d], marker="o", ms=3, label=m)
fa.axhline(0.05, color="red", ls="--", lw=1, label="target ≤ 5 %")
det.axhline(0.9, color="red", ls="--", lw=1, label="target ≥ 90 %")
for ax, title in ((fa, "False alarms (same distribution)"), (det, "Detection (0.5 sd shift, month pairs)")):
    ax.set_xscale("log")
    ax.set_xlabel("values per window (n per side)")
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
fa.set_ylabel("rate of drift verdicts")
fa.set_ylim(0, 0.08)
det.set_ylim(0, 1.005)
det.axvline(300, color="grey", ls=":", lw=1, label="target applies from n = 300")
det.legend(fontsize=7, loc="lower right")
fa.legend(fontsize=7, loc="upper right")
fig.suptitle("Sieve default drift verdicts on vega-datasets flights + weather (bootstrap)", fontsize=10)
fig.tight_layout()
fig.savefig(target)
