"""Quality and speed of the matcher: precision/recall/F1 on the labelled pairs (development
and held-out part separately), pairs per second, and blocking on synthetic names.

`ankunft bench name-matcher [--names N] [--misses]` runs it (see `ankunft/cases/benchmarks.py`).
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ankunft.cases.matching.blocking import blocking_keys
from ankunft.cases.matching.normalise import canonical_token, tokens
from ankunft.cases.matching.score import THRESHOLD, name_score, token_score

DATA = Path(__file__).parent / "data"
DEV = DATA / "name_pairs_dev.tsv"
HOLDOUT = DATA / "name_pairs_holdout.tsv"


class Out(Protocol):
    def write(self, msg: str, /) -> object: ...


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    label: bool
    note: str


@dataclass(frozen=True)
class Metrics:
    pairs: int
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_pairs(path: Path) -> list[Pair]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        a, b, label, note = line.split("\t")
        pairs.append(Pair(a, b, label == "1", note))
    return pairs


def measure(pairs: list[Pair], threshold: float = THRESHOLD) -> Metrics:
    counts: Counter[tuple[bool, bool]] = Counter(
        (p.label, name_score(p.a, p.b) >= threshold) for p in pairs
    )
    return Metrics(
        pairs=len(pairs),
        tp=counts[True, True],
        fp=counts[False, True],
        fn=counts[True, False],
        tn=counts[False, False],
    )


def misses(pairs: list[Pair], threshold: float = THRESHOLD) -> list[tuple[float, Pair]]:
    scored = [(name_score(p.a, p.b), p) for p in pairs]
    return [(s, p) for s, p in scored if (s >= threshold) != p.label]


def pairs_per_second(pairs: list[Pair], seconds: float = 1.0) -> float:
    """Cold: the caches are cleared before every round, so each pair is normalised anew."""
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        tokens.cache_clear()
        canonical_token.cache_clear()
        token_score.cache_clear()
        for p in pairs:
            name_score(p.a, p.b)
        done += len(pairs)
    return done / (time.perf_counter() - start)


GIVEN = (  # noqa: SIM905 - a word list reads better as text
    "Mohammed Ahmad Ali Hassan Hussein Omar Yusuf Ibrahim Khalid Mahmoud Mustafa Said Walid "
    "Karim Samir Tariq Jamal Hamza Abdullah Abdulrahman Bashar Ammar Fatima Aisha Zainab "
    "Maryam Sara Layla Nour Huda Rania Lina Amina Yasmin Khadija Reza Hamid Farid Zahra "
    "Mehmet Ahmet Mustafa Emre Murat Hüseyin Fatma Ayşe Emine Elif Zeynep Büşra Ivan "
    "Aleksandr Sergei Dmitri Andrei Mikhail Oleksandr Yurii Vasyl Bohdan Olga Natalia Tatiana "
    "Olena Iryna Oksana Yulia Kateryna Svetlana Anna Maria Elena Ioana Andreea Mihai Ion "
    "Gheorghe Stefan Florin Cristian Georgi Hristo Stoyan Tsvetan Yordan Ivanka Giorgos "
    "Dimitris Eleni Konstantinos Dawit Yonas Semhar Tigran Aram Giorgi Nino Thomas"
).split()
FAMILY = (  # noqa: SIM905 - a word list reads better as text
    "Al-Hassan Hussein Ahmadi Rahimi Karimi Hosseini Haddad Khalil Mansour Darwish Nasser "
    "Ibrahim Abbas Haidar Saleh Jaber Qasim Hamdan Khatib Sayed Omar Yilmaz Kaya Demir Şahin "
    "Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç Aslan Koç Kurt Petrov "
    "Ivanov Smirnov Kuznetsov Popov Sokolov Volkov Morozov Novikov Kovalenko Shevchenko "
    "Bondarenko Tkachenko Kravchenko Melnyk Lysenko Marchenko Savchenko Popescu Ionescu Popa "
    "Stan Dumitru Munteanu Constantinescu Stoica Dimitrov Georgiev Todorov Hristov Stoyanov "
    "Petkova Papadopoulos Nikolaou Georgiou Tesfaye Haile Gebremedhin Petrosyan Grigoryan "
    "Beridze Kapanadze Müller Schmidt Schneider Fischer Weber Meyer"
).split()


def synthetic_names(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """Random given/family combinations; 90 % of the family names get a random letter inserted
    and one appended, so there are many family names, as in a real register, not ~90."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    letters = "abdeghiklmnorstuvz"
    names = []
    for _ in range(n):
        family = rng.choice(FAMILY)
        if rng.random() < 0.9:  # noqa: PLR2004
            i = rng.randrange(1, len(family))
            family = family[:i] + rng.choice(letters) + family[i:] + rng.choice(letters)
        given = rng.choice(GIVEN)
        if rng.random() < 0.3:  # noqa: PLR2004
            given += " " + rng.choice(GIVEN)
        names.append((given, family))
    return names


def blocking_figures(n: int, out: Out) -> None:
    names = synthetic_names(n)
    tokens.cache_clear()
    canonical_token.cache_clear()
    start = time.perf_counter()
    keys = [blocking_keys(g, f) for g, f in names]
    seconds = time.perf_counter() - start
    buckets = Counter(k for ks in keys for k in ks)
    entries = sum(buckets.values())
    # what a lookup meets: the persons sharing each of its keys, weighted by how often a
    # key occurs (a frequent key is looked up often), distinct persons per lookup measured
    per_key = sum(c * c for c in buckets.values()) / entries
    sample = names[: min(2000, n)]
    index: dict[str, set[int]] = {}
    for i, ks in enumerate(keys):
        for k in ks:
            index.setdefault(k, set()).add(i)
    cands = [len(set().union(*(index[k] for k in keys[i]))) - 1 for i in range(len(sample))]
    out.write(
        f"blocking: {n:,} names, {entries / n:.2f} keys per name, {len(buckets):,} distinct "
        f"keys, {entries / len(buckets):.1f} persons per key (mean), {per_key:.1f} per key "
        f"(lookup-weighted), largest key {max(buckets.values()):,}; candidates per person "
        f"(union of its keys) mean {sum(cands) / len(cands):.0f}, max {max(cands):,}; "
        f"building keys {seconds:.2f} s ({n / seconds:,.0f} names/s)\n"
    )


def _split(name: str) -> tuple[str, str]:
    """Free text as (given, family): the last word is taken as the family name."""
    given, _sep, family = name.strip().rpartition(" ")
    return given, family


def blocking_recall(pairs: list[Pair]) -> float:
    """Share of the true pairs whose two persons share at least one blocking key (a pair
    without a shared key is never compared, whatever its score)."""
    true = [p for p in pairs if p.label]
    found = sum(bool(blocking_keys(*_split(p.a)) & blocking_keys(*_split(p.b))) for p in true)
    return found / len(true)


def _line(name: str, m: Metrics) -> str:
    return (
        f"{name:<8} pairs {m.pairs:>4}  precision {m.precision:.3f}  recall {m.recall:.3f}  "
        f"F1 {m.f1:.3f}  (tp {m.tp}, fp {m.fp}, fn {m.fn}, tn {m.tn})\n"
    )


def run(args: list[str], out: Out) -> None:
    parser = argparse.ArgumentParser(prog="ankunft bench name-matcher")
    parser.add_argument("--names", type=int, default=200_000, help="synthetic names for blocking")
    parser.add_argument("--misses", action="store_true", help="list the wrongly decided pairs")
    opts = parser.parse_args(args)
    dev, holdout = load_pairs(DEV), load_pairs(HOLDOUT)
    out.write(f"threshold {THRESHOLD}\n")
    out.write(_line("dev", measure(dev)))
    out.write(_line("holdout", measure(holdout)))
    if opts.misses:
        for part, pairs in (("dev", dev), ("holdout", holdout)):
            for score, p in misses(pairs):
                out.write(f"  {part} {score:.3f} label {int(p.label)}: {p.a} | {p.b} ({p.note})\n")
    out.write(f"speed: {pairs_per_second(dev + holdout):,.0f} pairs/s (cold caches)\n")
    out.write(
        f"blocking recall (true pairs sharing a key): dev {blocking_recall(dev):.3f}, "
        f"holdout {blocking_recall(holdout):.3f}\n"
    )
    blocking_figures(opts.names, out)
