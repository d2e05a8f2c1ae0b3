#!/usr/bin/env python3
"""Independent reference values for scoring/test/drift/reference.test.ts.

Python standard library only (scipy cannot be installed here). Each function re-states the
definition documented by scipy or the textbook, computed in exact rational arithmetic (fractions)
where possible and with 50-digit decimals for logs, square roots and exponentials. Run:

    python3 scoring/test/reference/driftReference.py
"""
from decimal import Decimal, getcontext
from fractions import Fraction as F
import math

getcontext().prec = 50

A_REF = [10, 20, 30, 25, 15]
A_CUR = [12, 18, 25, 30, 15]
A_EDGES = [F(0), F(1), F(5, 2), F(4)]
B_REF = [5, 0, 7, 3]
B_CUR = [1, 4, 0, 9]
C_REF = [8, 0, 5]
C_CUR = [3, 0, 9]


def D(f):
    return Decimal(f.numerator) / Decimal(f.denominator)


def props(counts):
    t = sum(counts)
    return [F(c, t) for c in counts]


def rel_entr(x, y):  # scipy.special.rel_entr
    if x == 0:
        return Decimal(0)
    return D(x) * (D(x) / D(y)).ln()


def jensenshannon_base2(u, v):
    # scipy.spatial.distance.jensenshannon(u, v, base=2): normalise, m = (p+q)/2,
    # js = sum(rel_entr(p, m) + rel_entr(q, m)) / 2, divided by ln(2), square root.
    p, q = props(u), props(v)
    m = [(a + b) / 2 for a, b in zip(p, q)]
    js = sum(rel_entr(a, c) + rel_entr(b, c) for a, b, c in zip(p, q, m)) / 2
    return (js / Decimal(2).ln()).sqrt()


def ks_binned(u, v):
    # max |F_u(i) - F_v(i)| over cumulative bin proportions, exact.
    p, q = props(u), props(v)
    cu = cv = F(0)
    best = F(0)
    for a, b in zip(p, q):
        cu += a
        cv += b
        best = max(best, abs(cu - cv))
    return best


def bin_points(edges):
    # Interior bins at midpoints; open tails one neighbouring-bin width beyond the outer edges, at
    # its midpoint (the definition documented in scoring/src/drift/wasserstein.ts).
    pts = [edges[0] - (edges[1] - edges[0]) / 2]
    pts += [(edges[i - 1] + edges[i]) / 2 for i in range(1, len(edges))]
    pts.append(edges[-1] + (edges[-1] - edges[-2]) / 2)
    return pts


def scipy_wasserstein(u_values, v_values, u_weights, v_weights):
    # scipy.stats._stats_py._cdf_distance(p=1, ...) step by step, in exact arithmetic.
    u_sorter = sorted(range(len(u_values)), key=lambda i: u_values[i])
    v_sorter = sorted(range(len(v_values)), key=lambda i: v_values[i])
    all_values = sorted(list(u_values) + list(v_values))
    deltas = [all_values[i + 1] - all_values[i] for i in range(len(all_values) - 1)]

    def cdf(values, sorter, weights):
        sv = [values[i] for i in sorter]
        cum = [F(0)]
        for i in sorter:
            cum.append(cum[-1] + weights[i])
        out = []
        for x in all_values[:-1]:
            idx = sum(1 for s in sv if s <= x)  # searchsorted(side='right')
            out.append(cum[idx] / cum[-1])
        return out

    uc = cdf(u_values, u_sorter, u_weights)
    vc = cdf(v_values, v_sorter, v_weights)
    return sum(abs(a - b) * d for a, b, d in zip(uc, vc, deltas))


def weighted_std(points, weights):
    w = props(weights)
    mean = sum(a * x for a, x in zip(w, points))
    return D(sum(a * (x - mean) ** 2 for a, x in zip(w, points))).sqrt()


def chi2_sf(stat, dof):
    # Upper tail of chi-square: Q(dof/2, stat/2). Integer a: e^-x * sum_{j<a} x^j/j!.
    # Half-integer a: Q(1/2, x) = erfc(sqrt x), then Q(a+1, x) = Q(a, x) + x^a e^-x / Gamma(a+1).
    x = D(stat) / 2
    if dof % 2 == 0:
        a = dof // 2
        return (-x).exp() * sum(x ** j / math.factorial(j) for j in range(a))
    q = Decimal(repr(math.erfc(float(x.sqrt()))))  # double precision, ~1e-16 relative
    a = Decimal("0.5")
    gamma = Decimal(math.pi).sqrt()  # Gamma(1/2)
    # Decimal(math.pi) is exact to double precision; fine for 1e-9.
    while a < Decimal(dof) / 2:
        gamma = gamma * a  # Gamma(a+1) = a Gamma(a)
        q += (x.ln() * a).exp() * (-x).exp() / gamma
        a += 1
    return q


def chi2_homogeneity(u, v):
    # scipy.stats.chi2_contingency([u, v], correction=False) after dropping all-zero columns.
    cols = [(a, b) for a, b in zip(u, v) if a + b > 0]
    nu, nv = sum(a for a, _ in cols), sum(b for _, b in cols)
    n = nu + nv
    stat = F(0)
    for a, b in cols:
        ea, eb = F((a + b) * nu, n), F((a + b) * nv, n)
        stat += (a - ea) ** 2 / ea + (b - eb) ** 2 / eb
    return stat, len(cols) - 1


def chi2_goodness_of_fit(u, v):
    # scipy.stats.chisquare(v, f_exp=u * sum(v) / sum(u)).
    nu, nv = sum(u), sum(v)
    stat = F(0)
    for a, b in zip(u, v):
        e = F(a * nv, nu)
        stat += (b - e) ** 2 / e
    return stat, len(u) - 1


def psi(u, v):
    p, q = props(u), props(v)
    return sum(D(b - a) * (D(b) / D(a)).ln() for a, b in zip(p, q))


def kl(u, v):  # scipy.stats.entropy(p, q)
    p, q = props(u), props(v)
    return sum(rel_entr(a, b) for a, b in zip(p, q))


def hellinger(u, v):
    p, q = props(u), props(v)
    return (sum((D(a).sqrt() - D(b).sqrt()) ** 2 for a, b in zip(p, q)) / 2).sqrt()


def show(name, value):
    print(f"{name} = {float(value)!r}")


if __name__ == "__main__":
    show("js(A)", jensenshannon_base2(A_REF, A_CUR))
    show("js(B)", jensenshannon_base2(B_REF, B_CUR))
    show("ks(A)", ks_binned(A_REF, A_CUR))
    show("ks(B)", ks_binned(B_REF, B_CUR))
    pts = bin_points(A_EDGES)
    w = scipy_wasserstein(pts, pts, [F(c) for c in A_REF], [F(c) for c in A_CUR])
    show("wasserstein(A)", w)
    show("normalizedWasserstein(A)", D(w) / weighted_std(pts, A_REF))
    for label, (u, v) in {"A": (A_REF, A_CUR), "B": (B_REF, B_CUR), "C": (C_REF, C_CUR)}.items():
        stat, dof = chi2_homogeneity(u, v)
        show(f"chi2 homogeneity({label}).statistic", stat)
        print(f"chi2 homogeneity({label}).dof = {dof}")
        show(f"chi2 homogeneity({label}).pValue", chi2_sf(stat, dof))
    stat, dof = chi2_goodness_of_fit(A_REF, A_CUR)
    show("chi2 goodness-of-fit(A).statistic", stat)
    print(f"chi2 goodness-of-fit(A).dof = {dof}")
    show("chi2 goodness-of-fit(A).pValue", chi2_sf(stat, dof))
    show("psi(A)", psi(A_REF, A_CUR))
    show("kl(A)", kl(A_REF, A_CUR))
    show("hellinger(A)", hellinger(A_REF, A_CUR))
    # The survival function alone, far from the fixed inputs above (series and continued fraction).
    show("chiSquareSurvival(120, 100)", chi2_sf(F(120), 100))
    show("chiSquareSurvival(30, 7)", chi2_sf(F(30), 7))
    show("chiSquareSurvival(0.5, 9)", chi2_sf(F(1, 2), 9))
