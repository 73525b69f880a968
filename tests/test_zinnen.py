"""Every sentence of a full demo batch agrees with the figures it prints.

The scan reads every HTML page as a reader does (tags stripped, split into sentences), finds
every claim about a difference, a ratio or a share together with the figures in the same
sentence, recomputes it from those figures and fails on any mismatch, printing the sentence and
its file. The claims and their patterns (enumerated from a full build):

* "X procentpunt|% meer|minder (A → B %)", "met X procentpunt … (A → B %)" — a change;
* "(A % tegenover B %): [een verschil van ]X procentpunt [hoger|lager]" — a comparison;
* "(A % tegenover B %): het verschil is kleiner dan X procentpunt" — vergelijkbaar;
* "ongewijzigd (A → B)" — no change;
* a ratio word ("meer dan het dubbele van", "ruim 7 keer zoveel als", "ongeveer de helft van"
  …) with the two figures it compares (after "tegenover", or "telt A …, … (B)");
* "P % van … (bijna 1 op de N)" — a share in words;
* "A van de B … (P %)", "(A van B, P %)", "A/B = P %" — a share in figures.

The truth of a ratio word is read from what the Dutch words mean (intervals below), not from
the code that writes them, so the scan also catches words that do not follow their ratio.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_BLOCK_TAGS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "div", "figcaption",
               "caption", "tr", "dt", "dd", "summary", "br", "title", "article", "section"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("script", "style", "svg"):
            self.skip += 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "svg"):
            self.skip = max(0, self.skip - 1)
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def sentences(markup: str) -> list[str]:
    """The sentences a reader sees: text of each block, split after . ! ? before a capital."""
    parser = _Text()
    parser.feed(markup)
    out = []
    for block in "".join(parser.parts).split("\n"):
        block = " ".join(block.split())
        out += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9À-Ý])", block) if s]
    return out


def nl(text: str) -> float:
    """A number as the reports print it: 3.018 → 3018, 17,6 → 17.6."""
    return float(text.replace(".", "").replace(",", "."))


def decimals_of(text: str) -> int:
    return len(text.split(",")[1]) if "," in text else 0


def _same(claimed: str, computed: float) -> bool:
    """The claimed figure equals the computed one at the claimed decimals (half-up)."""
    d = decimals_of(claimed)
    return abs(nl(claimed) - computed) <= 0.5 * 10.0**-d + 1e-9


#: What each ratio word means: the ratios q = A / B it may describe (inclusive bounds).
RATIO_WORDS: tuple[tuple[str, float, float], ...] = (
    ("meer dan het dubbele van", 2.0 + 1e-9, 2.5),
    ("ongeveer het dubbele van", 1.9, 2.1),
    ("bijna het dubbele van", 1.75, 2.0 - 1e-9),
    ("meer dan anderhalve keer", 1.5 + 1e-9, 1.85),
    ("ongeveer anderhalve keer", 1.4, 1.6),
    ("ruim tweeënhalve keer", 2.5 + 1e-9, 2.85),
    ("ongeveer tweeënhalve keer", 2.4, 2.6),
    ("ongeveer twee derde van", 0.6, 0.72),
    ("ongeveer drie vijfde van", 0.55, 0.65),
    ("ongeveer de helft van", 0.44, 0.56),
    ("ongeveer twee vijfde van", 0.35, 0.45),
    ("ongeveer een derde van", 0.28, 0.38),
    ("ongeveer een kwart van", 0.2, 0.3),
    ("ongeveer een vijfde van", 0.16, 0.24),
    ("minder dan een vijfde van", 0.0, 0.2 - 1e-9),
    ("ongeveer een tiende van", 0.075, 0.125),
    ("minder dan een tiende van", 0.0, 0.1 - 1e-9),
)
_TIMES = re.compile(r"\b(ongeveer|bijna|ruim) (\d+(?:,\d)?) keer\b")


def _ratio_words(sentence: str) -> list[tuple[str, float, float]]:
    """Every ratio claim of the sentence with the ratios it allows."""
    found = [(word, lo, hi) for word, lo, hi in RATIO_WORDS if word in sentence]
    for qualifier, n_text in _TIMES.findall(sentence):
        n = nl(n_text)
        if qualifier == "ongeveer":
            lo, hi = (n * 0.97, n * 1.03) if n_text.isdigit() else (n - 0.05, n + 0.05)
        elif qualifier == "bijna":
            lo, hi = n - 0.5, n - 1e-9
        else:
            lo, hi = n + 1e-9, n + 0.5
        found.append((f"{qualifier} {n_text} keer", lo, hi))
    return found


def _ratio_figures(sentence: str) -> tuple[float, float] | None:
    """The two figures a ratio word compares: "(A tegenover B)", or "telt A …, … (B)"."""
    versus = re.search(rf"\(({NUMBER}) %? ?tegenover ({NUMBER}) %?\)", sentence)
    if versus:
        return nl(versus.group(1)), nl(versus.group(2))
    counts = re.search(rf"\btelt ({NUMBER})\b.*\(({NUMBER})\)\.?$", sentence)
    if counts:
        return nl(counts.group(1)), nl(counts.group(2))
    return None


def check(sentence: str) -> list[str]:
    """Why a sentence disagrees with its own figures (empty when it agrees)."""
    problems = []
    # A change: "X procentpunt meer (A → B %)", "met X procentpunt … (A → B %)".
    for m in re.finditer(
            rf"({NUMBER}) (procentpunt|%) (?:(meer|minder) |tegenover een jaar eerder )?"
            rf"\(({NUMBER}) → ({NUMBER})", sentence):
        x, unit, word, a, b = m.groups()
        before, after = nl(a), nl(b)
        if unit == "procentpunt":
            size = abs(after - before)
        else:
            size = abs(after / before - 1) * 100 if before else float("nan")
        if sentence[:m.start()].endswith("minder dan "):
            if not size < nl(x):
                problems.append(f"'minder dan {x} {unit}' maar {a} → {b}")
        elif not _same(x, size):
            problems.append(f"verandering {x} {unit} maar {a} → {b}")
        if word and (word == "meer") != (after > before):
            problems.append(f"'{word}' maar {a} → {b}")
    for m in re.finditer(rf"ongewijzigd \(({NUMBER}) → ({NUMBER})", sentence):
        if nl(m.group(1)) != nl(m.group(2)):
            problems.append(f"'ongewijzigd' maar {m.group(1)} → {m.group(2)}")
    # A comparison: "(A % tegenover B %): [een verschil van ]X procentpunt [hoger|lager]".
    for m in re.finditer(
            rf"\(({NUMBER}) % tegenover ({NUMBER}) %\): (?:een verschil van )?({NUMBER}) "
            r"procentpunt( hoger| lager)?", sentence):
        a, b, x, word = m.groups()
        if not _same(x, abs(nl(a) - nl(b))):
            problems.append(f"verschil {x} procentpunt maar {a} tegenover {b}")
        if word and (word == " hoger") != (nl(a) > nl(b)):
            problems.append(f"'{word.strip()}' maar {a} tegenover {b}")
    for m in re.finditer(rf"\(({NUMBER}) % tegenover ({NUMBER}) %\): het verschil is kleiner dan "
                         rf"({NUMBER}) procentpunt", sentence):
        a, b, x = m.groups()
        if not abs(nl(a) - nl(b)) < nl(x) - 1e-9:
            problems.append(f"'kleiner dan {x} procentpunt' maar {a} tegenover {b}")
    # Ratio words.
    words = _ratio_words(sentence)
    if words:
        figures = _ratio_figures(sentence)
        if figures is None:
            problems.append("verhoudingswoord zonder de twee cijfers in de zin")
        else:
            a, b = figures
            q = a / b if b else float("inf")
            for word, lo, hi in words:
                if not lo <= q <= hi:
                    problems.append(f"'{word}' maar {a:g} / {b:g} = {q:.2f}")
    # A share in words: "P % van … (bijna 1 op de N)" or "(ongeveer de helft)".
    m = re.search(rf"({NUMBER}) % van .*\((ongeveer|bijna|ruim) (?:1 op de (\d+)|de helft)\)",
                  sentence)
    if m:
        p, qualifier, n = nl(m.group(1)) / 100, m.group(2), int(m.group(3) or 2)
        r = p * n
        ok = {"ongeveer": 0.97 <= r <= 1.03, "bijna": 0.85 <= r < 1,
              "ruim": 1 < r <= 1.15}[qualifier]
        if not ok:
            problems.append(f"'{qualifier} 1 op de {n}' maar {m.group(1)} %")
    # Shares in figures: "A van de B … (P %)", "(A van B, P %)", "A/B = P %".
    for pattern in (rf"\b({NUMBER}) van de ({NUMBER}) [^()]*\(({NUMBER}) %\)",
                    rf"\(({NUMBER}) van ({NUMBER}), ({NUMBER}) %\)",
                    rf"\b({NUMBER})/({NUMBER}) = ({NUMBER}) %"):
        for m in re.finditer(pattern, sentence):
            a, b, p = m.groups()
            if nl(b) and not _same(p, 100 * nl(a) / nl(b)):
                problems.append(f"aandeel {p} % maar {a} van {b}")
    return problems


def scan(folder: Path) -> tuple[int, int, list[str]]:
    """(sentences, claims checked, "file: sentence — problem" for every mismatch)."""
    n_sentences = n_claims = 0
    wrong = []
    claim = re.compile(r"procentpunt|→|tegenover|keer|dubbele|helft|derde|vijfde|kwart|"
                       r"tiende|1 op de|\d/\d| van de \d")
    for path in sorted(folder.rglob("*.html")):
        for sentence in sentences(path.read_text("utf-8")):
            n_sentences += 1
            if claim.search(sentence):
                n_claims += 1
            for problem in check(sentence):
                wrong.append(f"{path.relative_to(folder)}: {sentence} — {problem}")
    return n_sentences, n_claims, wrong


# -- positive controls: the scanner flags what is wrong -------------------------------------------


@pytest.mark.parametrize("sentence", [
    # The examples: differences of unrounded values, ratio words that understate.
    "Tegenover een jaar eerder is dat 0,5 procentpunt minder (17,6 → 17,0 %).",
    "Gent scoort slechter dan Vlaanderen (8,9 % tegenover 5,9 %): 3,1 procentpunt hoger.",
    "Antwerpen telt 3.018 RMI-gerechtigden, meer dan het dubbele van het aantal in Gent (411).",
    "Gent scoort beter dan Vlaanderen (23,4 % tegenover 6,0 %): 17,4 procentpunt hoger, meer "
    "dan het dubbele van het Vlaamse cijfer.",
    # The direction, the times, a share, an "unchanged" and "smaller than" that are not true.
    "Tegenover een jaar eerder is dat 0,6 procentpunt meer (17,6 → 17,0 %).",
    "Gent ligt lager dan Vlaanderen (16,3 % tegenover 14,1 %): een verschil van 2,2 "
    "procentpunt, ongeveer 1,4 keer het Vlaamse cijfer.",
    "Antwerpen telt 3.018 RMI-gerechtigden, bijna 7 keer zoveel als het aantal in Gent (411).",
    "Dat is 9,6 % van alle RMI-gerechtigden in Vlaanderen (ruim 1 op de 10).",
    "Tegenover een jaar eerder is het cijfer ongewijzigd (14,1 → 14,2 %).",
    "Mechelen ligt in de lijn van Vlaanderen (74,2 % tegenover 75,2 %): het verschil is kleiner "
    "dan 1 procentpunt.",
    "7 van de 15 deelnemers van wie de uitstroom gevolgd werd, vonden werk (53,3 %).",
    "Achter op schema: actie 2, jongeren (102 van 400, 25,4 %).",
    "Tegenover een jaar eerder is dat 3,1 % meer (3.450 → 3.561).",
    "Tegenover een jaar eerder is het cijfer ongewijzigd (49.626 → 49.606).",
    "Tegenover een jaar eerder is dat minder dan 0,1 % minder (49.626 → 48.606).",
    "Brugge telt 500, ongeveer de helft van.",  # a ratio word without its figures
])
def test_the_scanner_flags_a_wrong_sentence(sentence):
    assert check(sentence), sentence


@pytest.mark.parametrize("sentence", [
    "Tegenover een jaar eerder is dat 0,6 procentpunt minder (17,6 → 17,0 %); die daling is "
    "statistisch significant.",
    "Gent scoort slechter dan Vlaanderen (8,9 % tegenover 5,9 %): 3,0 procentpunt hoger, "
    "ongeveer anderhalve keer het Vlaamse cijfer.",
    "Antwerpen telt 3.018 RMI-gerechtigden, ruim 7 keer zoveel als het aantal in Gent (411).",
    "Dat is 9,6 % van alle RMI-gerechtigden in Vlaanderen (bijna 1 op de 10).",
    "Mechelen ligt in de lijn van Vlaanderen (74,3 % tegenover 75,2 %): het verschil is kleiner "
    "dan 1 procentpunt.",
    "Tegenover een jaar eerder is dat 3,2 % meer (3.450 → 3.561).",
    "Tegenover een jaar eerder is dat minder dan 0,1 % minder (49.626 → 49.606).",
    "7 van de 15 deelnemers van wie de uitstroom gevolgd werd, vonden werk (46,7 %).",
    "Achter op schema: actie 2, jongeren (102 van 400, 25,5 %).",
    "De 8 van de samenvattende tabel past bij (8/15 = 53,3 %, 7/15 = 46,7 %).",
])
def test_the_scanner_passes_a_right_sentence(sentence):
    assert check(sentence) == []


def test_sentences_are_split_as_a_reader_reads_them():
    markup = ("<p>Gent telt 3.018 RMI-gerechtigden. Dat is 9,6 % van alle <em>RMI</em>."
              "</p><script>var a = '1. 2.';</script><td>75,2 %</td>")
    assert sentences(markup) == ["Gent telt 3.018 RMI-gerechtigden.", "Dat is 9,6 % van alle RMI.",
                                 "75,2 %"]


# -- the scan over a full demo batch --------------------------------------------------------------


def test_every_sentence_of_the_demo_batch_agrees_with_its_figures(demo_batch):
    folder, _ = demo_batch
    n_sentences, n_claims, wrong = scan(folder)
    assert n_sentences > 10_000 and n_claims > 1_000, (n_sentences, n_claims)
    assert wrong == [], f"{len(wrong)} zinnen kloppen niet met hun cijfers:\n" + "\n".join(
        wrong[:200])
