"""The Python side of `npm run bench:anchors -w scoring`: runs the samples written by anchors.ts
through Evidently, NannyML and scipy, and prints one JSON object per line.

  python anchors.py INPUT.json

INPUT: {"agreement": [{"name", "ref", "cur", "sieve": {"edges", "ref", "cur"}}],
        "grid": [{"id", "ref", "cur"}], "speed": {"dir", "features", "rows"} | null}
"""
import json
import sys
import time
import warnings

import numpy as np
import pandas as pd
import scipy
import scipy.stats
from scipy.spatial.distance import jensenshannon
from scipy.stats._morestats import _anderson_ksamp_right  # A²kN before normalisation (scipy 1.17.1)

import evidently
import nannyml
from evidently.legacy.calculations.stattests import registry as ev_registry
from evidently.legacy.calculations.stattests import (
    jensenshannon_stat_test,
    kl_div_stat_test,
    ks_stat_test,
    psi_stat_test,
    wasserstein_stat_test,
)
from evidently.legacy.core import ColumnType

warnings.filterwarnings("ignore")
import logging  # noqa: E402

logging.disable(logging.CRITICAL)


def out(obj):
    print(json.dumps(obj), flush=True)


def bin_points(edges):
    e = list(edges)
    pts = [e[0] - (e[1] - e[0]) / 2]
    pts += [(a + b) / 2 for a, b in zip(e[:-1], e[1:])]
    pts.append(e[-1] + (e[-1] - e[-2]) / 2)
    return pts


def nannyml_js(ref, cur):
    calc = nannyml.UnivariateDriftCalculator(column_names=["x"], continuous_methods=["jensen_shannon"], chunk_number=1)
    calc.fit(pd.DataFrame({"x": ref}))
    df = calc.calculate(pd.DataFrame({"x": cur})).filter(period="analysis").to_df()
    return float(df[("x", "jensen_shannon", "value")].iloc[0])


def agreement(sample):
    ref = pd.Series(sample["ref"], dtype=float)
    cur = pd.Series(sample["cur"], dtype=float)
    combined = np.concatenate([ref.values, cur.values])
    bins = np.histogram_bin_edges(combined, bins="sturges")
    ev_ref = np.histogram(ref, bins)[0]
    ev_cur = np.histogram(cur, bins)[0]
    num = ColumnType.Numerical
    doane = np.histogram_bin_edges(ref.values, bins="doane")
    nm_ref = np.histogram(ref.values, doane)[0]
    nm_cur = np.histogram(cur.values, doane)[0]
    nm_left = len(cur) - nm_cur.sum()
    s = sample["sieve"]
    pts = bin_points(s["edges"])
    ks = scipy.stats.ks_2samp(ref.values, cur.values)
    pooled = np.sort(combined)
    ad = _anderson_ksamp_right(
        [ref.values, cur.values], pooled, np.unique(pooled), 2, np.array([len(ref), len(cur)]), len(pooled)
    )
    chi = scipy.stats.chi2_contingency([s["ref"], s["cur"]], correction=False)
    out(
        {
            "kind": "agreement",
            "name": sample["name"],
            "evidently_counts": {"ref": ev_ref.tolist(), "cur": ev_cur.tolist()},
            "nannyml_counts": {"ref": nm_ref.tolist() + [0], "cur": nm_cur.tolist() + [int(nm_left)]},
            "evidently": {
                "psi": float(psi_stat_test(ref, cur, num, None).drift_score),
                "kl": float(kl_div_stat_test(ref, cur, num, None).drift_score),
                "js_nats": float(jensenshannon_stat_test(ref, cur, num, None).drift_score),
                "wasserstein_raw_norm": float(wasserstein_stat_test(ref, cur, num, None).drift_score),
                "ks_p": float(ks_stat_test(ref, cur, num, None).drift_score),
            },
            "nannyml": {"js": nannyml_js(ref.values, cur.values)},
            "scipy": {
                "ks_stat": float(ks.statistic),
                "ad_a2kn": float(ad),
                "ks_p": float(ks.pvalue),
                "js_sieve_bins": float(jensenshannon(s["ref"], s["cur"], base=2)),
                "wasserstein_sieve_bins": float(scipy.stats.wasserstein_distance(pts, pts, s["ref"], s["cur"])),
                "chi2_stat": float(chi.statistic),
                "chi2_p": float(chi.pvalue),
                "entropy_sieve_bins": float(
                    scipy.stats.entropy(
                        np.maximum(np.array(s["ref"]) / sum(s["ref"]), 1e-4),
                        np.maximum(np.array(s["cur"]) / sum(s["cur"]), 1e-4),
                    )
                ),
            },
        }
    )


def evidently_default(ref, cur):
    r, c = pd.Series(ref, dtype=float), pd.Series(cur, dtype=float)
    test = ev_registry.get_stattest(r, c, ColumnType.Numerical, None)
    result = test(r, c, ColumnType.Numerical, None)
    return bool(result.drifted), test.name


def nannyml_default(ref, cur):
    calc = nannyml.UnivariateDriftCalculator(column_names=["x"])
    calc.fit(pd.DataFrame({"x": ref}))
    df = calc.calculate(pd.DataFrame({"x": cur})).filter(period="analysis").to_df()
    return bool(df[("x", "jensen_shannon", "alert")].any())


def grid(item):
    ev, name = evidently_default(item["ref"], item["cur"])
    try:
        nm = nannyml_default(item["ref"], item["cur"])
    except Exception as e:  # NannyML refuses some small samples; say so rather than guess
        nm = None
        name += f"; nannyml error: {type(e).__name__}"
    out({"kind": "grid", "id": item["id"], "evidently": ev, "evidently_test": name, "nannyml": nm})


def speed(spec):
    f, rows = spec["features"], spec["rows"]
    ref = np.fromfile(spec["dir"] + "/ref.f64", dtype="<f8").reshape(f, rows)
    cur = np.fromfile(spec["dir"] + "/cur.f64", dtype="<f8").reshape(f, rows)
    cols = [f"f{i}" for i in range(f)]
    ref_df = pd.DataFrame(ref.T, columns=cols)
    cur_df = pd.DataFrame(cur.T, columns=cols)
    from evidently import Report
    from evidently.presets import DataDriftPreset

    t0 = time.perf_counter()
    Report([DataDriftPreset()]).run(current_data=cur_df, reference_data=ref_df)
    ev_ms = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    calc = nannyml.UnivariateDriftCalculator(column_names=cols)
    calc.fit(ref_df)
    calc.calculate(cur_df)
    nm_ms = (time.perf_counter() - t0) * 1000
    out({"kind": "speed", "evidently_ms": ev_ms, "nannyml_ms": nm_ms})


def main():
    spec = json.load(open(sys.argv[1]))
    out(
        {
            "kind": "versions",
            "evidently": evidently.__version__,
            "nannyml": nannyml.__version__,
            "scipy": scipy.__version__,
            "numpy": np.__version__,
            "pandas": pd.__version__,
        }
    )
    for s in spec["agreement"]:
        agreement(s)
    for g in spec["grid"]:
        grid(g)
    if spec.get("speed"):
        speed(spec["speed"])


if __name__ == "__main__":
    main()
