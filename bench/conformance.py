"""Run the peer test corpus (tests/conformance/corpus) through pressdesk and raw SpiffWorkflow and print
PASS / WRONG / REFUSED / CRASH for both, side by side, then every case that did not pass.

    .venv/bin/python -m bench.conformance [-v]
"""
from __future__ import annotations

import sys
import time

from tests.conformance.drivers import DRIVERS
from tests.conformance.runner import VERDICTS, counts, load_cases, run_all


def main(verbose: bool = False) -> None:
    cases = load_cases()
    results = {}
    for driver in DRIVERS:
        started = time.perf_counter()
        results[driver.name] = run_all(driver, cases)
        print(f"{driver.name}: {len(cases)} models in {time.perf_counter() - started:.1f} s")
    print(f"\n{'':14}" + "".join(f"{v:>9}" for v in VERDICTS))
    for name, res in results.items():
        c = counts(res)
        print(f"{name:14}" + "".join(f"{c[v]:>9}" for v in VERDICTS)
              + f"   ({100 * c['PASS'] / len(cases):.0f} % PASS)")
    print()
    for i, case in enumerate(cases):
        row = {name: res[i] for name, res in results.items()}
        if verbose or any(r.verdict != "PASS" for r in row.values()):
            print(f"{case.id}")
            for name, r in row.items():
                print(f"   {name:14} {r.verdict:8} {r.detail.splitlines()[0][:150] if r.detail else ''}")


if __name__ == "__main__":
    main("-v" in sys.argv)
