"""The long API fuzzing run of issue 12 (docs/reliability.md, "API fuzzing").

    .venv/bin/python scripts/fuzz_api.py --requests 10000

Starts from a fresh database (a temporary SQLite file, or an empty PostgreSQL database
given with --database), loads the demo data (Duisburg: one login per role), adds a second
municipality holding a record of every kind, marked (`tests/fuzz/world.py`), and sends
generated requests for every operation of /api/openapi.json as Duisburg's user of each role
until at least --requests were sent. Prints requests, per-role counts, statuses, failures
by kind and time; exits 1 if any check failed. A script, not an `ankunft` command:
schemathesis is a test dependency (`pip install -e '.[test]'`).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=10_000, help="at least this many")
    parser.add_argument("--database", help="URL of an EMPTY database (default: a temp SQLite)")
    parser.add_argument("--seed", type=int, default=1, help="first round's seed")
    parser.add_argument("--examples", type=int, default=6, help="per operation, mode, round")
    parser.add_argument(
        "--workers", type=int, default=1, help="processes, each with its own database and roles"
    )
    parser.add_argument("--roles", help=argparse.SUPPRESS)  # a worker's share
    parser.add_argument("--result", help=argparse.SUPPRESS)  # where a worker writes its figures
    parser.add_argument("--verbose", action="store_true", help="print each failure's report")
    return parser.parse_args()


def _prepare() -> Any:
    """Migrate, load the demo data, add municipality B; Duisburg's users and B's marks."""
    from django.core.management import call_command  # noqa: PLC0415

    from ankunft.core.audit import SYSTEM, access_context  # noqa: PLC0415
    from ankunft.core.models import Interface, Municipality, Role, User  # noqa: PLC0415
    from tests.fuzz import world  # noqa: PLC0415

    with access_context(Interface.SYSTEM, actor=SYSTEM):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("demo_data", quiet=True)
        town = Municipality.objects.get(slug="duisburg")
        users = {
            str(role): User.objects.filter(
                role=role, municipality=None if role == Role.OPERATOR else town, is_active=True
            )
            .order_by("pk")
            .first()
            for role in Role
        }
        missing = [role for role, user in users.items() if user is None]
        if missing:
            raise SystemExit(f"demo data has no user of {missing}")
        return world.build(town, users)


def _workers(args: argparse.Namespace) -> int:
    """Run the roles in `args.workers` processes (own databases) and add up their figures."""
    from ankunft.core.models import Role  # noqa: PLC0415

    roles = [str(r) for r in Role]
    shares = [roles[i :: args.workers] for i in range(args.workers)]
    folder = Path(tempfile.mkdtemp(prefix="ankunft-fuzz-"))
    started = time.monotonic()
    processes = []
    for i, share in enumerate(shares):
        command = [
            sys.executable,
            __file__,
            f"--requests={args.requests * len(share) // len(roles)}",
            f"--examples={args.examples}",
            f"--seed={args.seed + 1000 * i}",
            f"--roles={','.join(share)}",
            f"--result={folder / f'{i}.json'}",
        ]
        if args.database:  # one empty database per worker: URL_0, URL_1, …
            command.append(f"--database={args.database}_{i}")
        if args.verbose:
            command.append("--verbose")
        processes.append(subprocess.Popen(command))  # noqa: S603 - our own script
    codes = [p.wait() for p in processes]
    results = [json.loads((folder / f"{i}.json").read_text()) for i in range(len(shares))]
    total: dict[str, Any] = {"requests": 0, "per_role": {}, "statuses": {}, "failures": {}}
    for r in results:
        total["requests"] += r["requests"]
        total["per_role"].update(r["per_role"])
        for key in ("statuses", "failures"):
            for k, n in r[key].items():
                total[key][k] = total[key].get(k, 0) + n
    print(f"\n== all {len(shares)} workers, wall time {time.monotonic() - started:.0f} s")
    print(f"requests: {total['requests']}")
    print("per role: " + ", ".join(f"{r} {n}" for r, n in total["per_role"].items()))
    print("statuses: " + ", ".join(f"{s}: {n}" for s, n in sorted(total["statuses"].items())))
    failures = ", ".join(f"{k}: {n}" for k, n in total["failures"].items()) or "none"
    print(f"failures: {failures}")
    return max(codes)


def main() -> int:
    args = _arguments()
    if args.workers > 1:
        os.environ.setdefault("DEBUG", "true")
        os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
        import django  # noqa: PLC0415

        django.setup()
        return _workers(args)
    folder = tempfile.mkdtemp(prefix="ankunft-fuzz-")
    os.environ["DATABASE_URL"] = args.database or f"sqlite:///{folder}/fuzz.sqlite3"
    os.environ.setdefault("DEBUG", "true")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    import django  # noqa: PLC0415

    django.setup()
    from tests.fuzz import runner, world  # noqa: PLC0415

    started = time.monotonic()
    built = _prepare()
    setup_seconds = time.monotonic() - started
    schema = runner.load_schema([*built.a_ids, *built.leaks.known_ids()])

    total = runner.Stats()
    per_role: Counter[str] = Counter()
    seed, rounds = args.seed, 0
    while total.requests < args.requests:
        rounds += 1
        for role in args.roles.split(",") if args.roles else world.ROLES:
            stats = runner.fuzz(
                schema,
                token=built.tokens[role],
                leaks=None if role == "operator" else built.leaks,
                examples=args.examples,
                negative=True,
                seed=seed,
            )
            seed += 1
            per_role[role] += stats.requests
            total.add(stats)
            print(f"round {rounds} {role:<12} {stats.requests:>6} requests {stats.seconds:6.1f} s")
            sys.stdout.flush()

    if args.result:
        Path(args.result).write_text(
            json.dumps(
                {
                    "requests": total.requests,
                    "per_role": per_role,
                    "statuses": {str(k): n for k, n in total.by_status.items()},
                    "failures": total.failures,
                }
            )
        )
    print()
    print(f"database: {django.db.connection.vendor}, set-up {setup_seconds:.0f} s")
    print(f"operations: {sum(1 for _ in schema.get_all_operations())}, roles: {len(per_role)}")
    rate = total.requests / max(total.seconds, 1e-9)
    print(f"requests: {total.requests} in {total.seconds:.0f} s ({rate:.1f}/s), rounds: {rounds}")
    print("per role: " + ", ".join(f"{r} {n}" for r, n in per_role.items()))
    print("statuses: " + ", ".join(f"{s}: {n}" for s, n in sorted(total.by_status.items())))
    print(f"no data generated for: {len(total.unsatisfiable)} operation/mode pairs")
    if not total.failures:
        print("failures: none")
        return 0
    print("failures by kind: " + ", ".join(f"{k}: {n}" for k, n in total.failures.items()))
    for key, text in total.examples.items():
        print(f"== {key}")
        if args.verbose:
            print(text)
    return 1


if __name__ == "__main__":
    sys.exit(main())
