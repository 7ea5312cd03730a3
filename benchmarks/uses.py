"""How fast a declaration of 10,000 uses is read, evaluated and reported.

    python benchmarks/uses.py                 # 10,000 uses, best of 3
    python benchmarks/uses.py --uses 2000     # a smaller declaration

The generated ``reciprocity.yml`` declares a company and 10,000 commons under eight bundled
licences (PPL, CoopCycle, Contributive Commons with its open-brand code social and a prestation
each, BUSL, PolyForm Noncommercial, Elastic, CNPL, Parity), with a money contribution to one in
three of the Contributive Commons ones: every verdict but ``exempt`` comes out, and the owed
amounts are summed. Written in YAML's flow style it is just under the 1 MiB the loader accepts,
so 10,000 is about the most uses a declaration can hold.

Measured in this process (the fastest of ``--repeat``): reading the declaration (YAML, schema,
types), evaluating it, and rendering the JSON report; then, each in a new process (the fastest
of ``--repeat``), `reciprocity audit FILE --format json` and `reciprocity check FOLDER --format
json` on a folder holding only the declaration. Targets, ours, for 10,000 uses and scaled with
the count: evaluation under 2 s (0.2 ms a use) and each command under 5 s. A real declaration
lists tens of uses, so this is the worst case the loader lets through: it should still take no
longer than the scan of a large repository does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from collections import Counter
from pathlib import Path

from common import Row, best, best_in_process, console_script, print_rows

USES = 10_000
AS_OF = "2026-11-22"
TARGET_EVALUATE_S = 2.0
TARGET_COMMAND_S = 5.0

# (licence, code social, purposes): each gives a different verdict for a profit-seeking company.
PROFILES = (
    ("PPL", "", "[commercial, production]"),
    ("LicenseRef-CoopCycle", "", "[production, network-service]"),
    ("LicenseRef-Contributive-Commons", "open-brand", "[commercial, prestation]"),
    ("BUSL-1.1", "", "[internal, production]"),
    ("PolyForm-Noncommercial-1.0.0", "", "[non-commercial]"),
    ("Elastic-2.0", "", "[hosted-service]"),
    ("LicenseRef-CNPL-7.0", "", "[commercial]"),
    ("Parity-7.0.0", "", "[modification]"),
)

HEADER = """\
version: 1
organisation: {name: Bench SAS, form: company, country: FR, revenue: 2400000 EUR, people: 35}
period: 2026
uses:
"""


def generate(count: int) -> str:
    """A declaration of ``count`` uses, one flow mapping a line to keep it under 1 MiB."""
    lines = []
    contributions = []
    for index in range(count):
        licence, code_social, purposes = PROFILES[index % len(PROFILES)]
        name = f"c{index:05d}"
        fields = [f"component: {name}", f"licence: {licence}"]
        if code_social:
            fields.append(f"code-social: {code_social}")
        fields.append(f"purposes: {purposes}")
        if licence == "LicenseRef-CoopCycle":
            fields.append("since: 2026-02-01")
        if code_social:
            fields.append("prestations: [{date: 2026-04-12, amount: 3000 EUR}]")
            if index % 3 == 0:
                contributions.append(
                    f"  - {{to: {name}, kind: money, amount: 120 EUR, date: 2026-05-01}}\n"
                )
        lines.append("  - {" + ", ".join(fields) + "}\n")
    return HEADER + "".join(lines) + "contributions:\n" + "".join(contributions)


def measure(count: int = USES, repeat: int = 3) -> list[Row]:
    """The budget's rows for a declaration of ``count`` uses."""
    from reciprocity.catalogue import load_catalogue
    from reciprocity.declaration import parse_declaration
    from reciprocity.declaration.loader import MAX_BYTES
    from reciprocity.evaluation.engine import Evaluator
    from reciprocity.report import CheckFormat, ReportOptions, render_check

    text = generate(count)
    size = len(text.encode())
    scale = count / USES
    evaluate_target = TARGET_EVALUATE_S * scale
    command_target = TARGET_COMMAND_S * scale

    read_s, (declaration, _) = best_in_process(
        lambda: parse_declaration(text, source="reciprocity.yml"), repeat
    )
    engine = Evaluator(load_catalogue(), dt.date.fromisoformat(AS_OF))
    evaluate_s, result = best_in_process(lambda: engine.evaluate(declaration), repeat)
    verdicts = Counter(use.verdict.value for use in result.uses)
    print(f"verdicts: {dict(sorted(verdicts.items()))}", file=sys.stderr)
    report_s, _ = best_in_process(
        lambda: render_check(result, CheckFormat.JSON, ReportOptions()), repeat
    )
    how = f"in process, best of {repeat}"
    rows = [
        Row(
            f"read a declaration of {count:,} uses ({size / 1e6:.2f} MB)",
            f"{read_s:.2f} s ({how})",
        ),
        Row(
            f"evaluate its {count:,} uses",
            f"{evaluate_s:.2f} s ({how})",
            f"< {evaluate_target:.3g} s",
            evaluate_s < evaluate_target,
        ),
        Row("render their JSON report", f"{report_s:.2f} s ({how})"),
    ]
    if size > MAX_BYTES:
        note = f"not run: {size:,} bytes is over the {MAX_BYTES:,} a declaration may have"
        return [*rows, Row("`reciprocity audit` of it", note, f"< {command_target:.3g} s")]
    script = console_script()
    with tempfile.TemporaryDirectory(prefix="reciprocity-bench-") as scratch:
        folder = Path(scratch)
        declaration_file = folder / "reciprocity.yml"
        declaration_file.write_text(text, encoding="utf-8")
        common = ["--format", "json", "--as-of", AS_OF]
        commands = {
            "audit": [script, "audit", str(declaration_file), *common],
            "check": [script, "check", str(folder), *common],
        }
        for name, argv in commands.items():
            # Findings exit with 1; the page cache is warm from the file just written.
            done = best(argv, repeat, ok=(0, 1), warm_up=False)
            rows.append(
                Row(
                    f"`reciprocity {name} --format json` of it",
                    f"{done.seconds:.2f} s, {done.peak_mb:.0f} MB (best of {repeat})",
                    f"< {command_target:.3g} s",
                    done.seconds < command_target,
                )
            )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--uses", type=int, default=USES)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = measure(args.uses, args.repeat)
    print_rows(rows)
    return 0 if all(row.met is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
