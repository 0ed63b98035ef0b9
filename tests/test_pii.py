"""Personal data in posts: what a reviewer of the archive would see flagged, and what not."""

import dataclasses
import random
import time

import phonenumbers
import pytest
from phonenumbers import PhoneNumberFormat, PhoneNumberType
from stdnum import iban, luhn
from stdnum.nl import bsn
from stdnum.no import fodselsnummer

from pipeline.enrich.pii import PERSONAL_DATA_KINDS, PersonalData, find_personal_data


def found(text: str) -> list[tuple[str, str]]:
    return [(d.kind, d.value) for d in find_personal_data(text)]


def assert_well_formed(text: str, findings: list[PersonalData]) -> None:
    last_end = 0
    for d in findings:
        assert d.kind in PERSONAL_DATA_KINDS
        assert 0 <= d.start < d.end <= len(text)
        assert text[d.start : d.end] == d.value
        assert d.start >= last_end, "sorted by start and not overlapping"
        last_end = d.end


# --- numbers derived with stdnum, so the tests do not hinge on a few hard-coded ones --------


def make_bsn(first8: str) -> str | None:
    """The 9-digit BSN that starts with ``first8``, if some last digit passes the 11-check."""
    for last in "0123456789":
        if bsn.is_valid(first8 + last):
            return first8 + last
    return None


def bsns(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < count:
        number = make_bsn(f"{rng.randrange(10_000_000, 99_999_999)}")
        if number:
            out.append(number)
    return out


def make_fnr(birth: str, individual: str) -> str | None:
    """Date part + individual number + both check digits (None when a check digit would be 10).
    The date is not checked here, so this also makes well-checksummed impossible dates."""
    base = birth + individual
    k1 = fodselsnummer.calc_check_digit1(base)
    if len(k1) != 1:
        return None
    k2 = fodselsnummer.calc_check_digit2(base + k1)
    return base + k1 + k2 if len(k2) == 1 else None


def fnr_for(birth: str) -> str:
    for individual in range(100, 500):
        number = make_fnr(birth, f"{individual:03d}")
        if number:
            return number
    raise AssertionError(f"no birth number for {birth}")


def make_iban(country: str, bban: str) -> str:
    return country + iban.calc_check_digits(country + "00" + bban) + bban


def make_card(prefix: str, length: int, seed: int) -> str:
    rng = random.Random(seed)
    partial = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    return partial + luhn.calc_check_digit(partial)


def grouped(number: str, size: int = 4, sep: str = " ") -> str:
    return sep.join(number[i : i + size] for i in range(0, len(number), size))


VALID_BSN = bsns(1, seed=1)[0]
VALID_FNR = fnr_for("150387")


def test_derived_numbers_are_valid():
    assert all(bsn.is_valid(n) for n in bsns(5, seed=2))
    assert fodselsnummer.is_valid(VALID_FNR)
    assert iban.is_valid(make_iban("NL", "ABNA0123456789"))
    assert luhn.is_valid(make_card("4", 16, seed=3))


# --- each kind found, with exact offsets, in a realistic post -------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        # e-mail
        (
            "Stuur je cv naar jan.de.vries@voorbeeld.nl vóór vrijdag!",
            "email",
            "jan.de.vries@voorbeeld.nl",
        ),
        (
            "Questions? Mail support+archive@mail.example.co.uk.",
            "email",
            "support+archive@mail.example.co.uk",
        ),
        ("(kontakt: Kari_Nordmann@firma.no)", "email", "Kari_Nordmann@firma.no"),
        # phone, written nationally
        ("Bel me gerust op 06 12345678 na 17.00 uur.", "phone", "06 12345678"),
        ("Klantenservice: 020-1234567 (ma-vr)", "phone", "020-1234567"),
        ("Ring meg på 412 34 567 i kveld, takk!", "phone", "412 34 567"),
        ("Sentralbord 22 12 34 56 er åpent 08-16.", "phone", "22 12 34 56"),
        ("Call the office on 020 7946 0958 before noon", "phone", "020 7946 0958"),
        ("Text me: 07911 123456", "phone", "07911 123456"),
        ("Bel (020) 123 4567 voor een afspraak", "phone", "(020) 123 4567"),
        # phone, written internationally
        ("Whatsapp +31 6 12345678 voor info", "phone", "+31 6 12345678"),
        ("Ring +47 412 34 567 om du lurer på noe", "phone", "+47 412 34 567"),
        ("London office: +44 20 7946 0958.", "phone", "+44 20 7946 0958"),
        ("US desk +1 415 555 2671 (9-5 PT)", "phone", "+1 415 555 2671"),
        ("Bel 0031 6 12345678 vanuit het buitenland", "phone", "0031 6 12345678"),
        ("tel.: +31 (0)20 123 4567", "phone", "+31 (0)20 123 4567"),
        # iban
        ("Maak het over naar NL91ABNA0417164300 o.v.v. je naam", "iban", "NL91ABNA0417164300"),
        ("IBAN: NL91 ABNA 0417 1643 00 graag voor vrijdag", "iban", "NL91 ABNA 0417 1643 00"),
        ("Pay to GB82WEST12345698765432, ref. party", "iban", "GB82WEST12345698765432"),
        ("Kontonummer NO9386011117947 – vipps går også", "iban", "NO9386011117947"),
        ("iban nl91abna0417164300 (lowercase)", "iban", "nl91abna0417164300"),
        # bsn
        (f"Mijn BSN is {VALID_BSN}, kun je dat checken?", "bsn", VALID_BSN),
        ("BSN: 1112.22.333 staat op mijn paspoort", "bsn", "1112.22.333"),
        (f"burgerservicenummer {grouped(VALID_BSN, 3)} klopt niet?", "bsn", grouped(VALID_BSN, 3)),
        # Norwegian birth number
        (f"Fødselsnummeret mitt er {VALID_FNR}, ikke del det!", "nin_no", VALID_FNR),
        ("fnr 151086 95088 ble lagt ut ved en feil", "nin_no", "151086 95088"),
        # payment card
        ("Kaart 4111 1111 1111 1111 geldig tot 05/27", "payment_card", "4111 1111 1111 1111"),
        ("card: 5555-5555-5555-4444 exp 12/26", "payment_card", "5555-5555-5555-4444"),
        ("Amex 378282246310005 lekket i chatten", "payment_card", "378282246310005"),
        ("4111-1111-1111-1111 05/27 cvc 123", "payment_card", "4111-1111-1111-1111"),
    ],
)
def test_finds_each_kind_with_exact_offsets(text, kind, value):
    findings = find_personal_data(text)
    start = text.index(value)
    assert findings == [PersonalData(kind, value, start, start + len(value))]


@pytest.mark.parametrize("country", ["NL", "NO", "GB"])
@pytest.mark.parametrize("number_type", [PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE])
@pytest.mark.parametrize(
    "number_format",
    [PhoneNumberFormat.NATIONAL, PhoneNumberFormat.INTERNATIONAL, PhoneNumberFormat.E164],
)
def test_phonenumbers_example_numbers(country, number_type, number_format):
    example = phonenumbers.example_number_for_type(country, number_type)
    written = phonenumbers.format_number(example, number_format)
    text = f"Vragen? Bel/ring/call {written} – groetjes!"
    assert found(text) == [("phone", written)]


@pytest.mark.parametrize("seed", range(5))
def test_derived_valid_numbers_are_found(seed):
    rng = random.Random(seed)
    account = f"{rng.randrange(10**9, 10**10)}"
    nl_iban = make_iban("NL", "RABO" + account)
    de_iban = make_iban("DE", f"{rng.randrange(10**17, 10**18)}")
    visa = make_card("4", 16, seed)
    mastercard = make_card("52", 16, seed)
    d_number = fnr_for(f"{41 + seed:02d}0585")  # D-number: day + 40
    number = bsns(1, seed=100 + seed)[0]
    cases = [
        (f"IBAN {grouped(nl_iban)} graag", "iban", grouped(nl_iban)),
        (f"Überweisung an {de_iban} bitte", "iban", de_iban),
        (f"betaald met {grouped(visa)} gisteren", "payment_card", grouped(visa)),
        (
            f"kort {grouped(mastercard, sep='-')} i går",
            "payment_card",
            grouped(mastercard, sep="-"),
        ),
        (f"D-nummer {d_number} fra Skatteetaten", "nin_no", d_number),
        (f"mijn bsn {number}", "bsn", number),
    ]
    for text, kind, value in cases:
        assert found(text) == [(kind, value)], text


# --- look-alikes with a wrong checksum are not flagged --------------------------------------


def one_digit_changed(number: str) -> list[str]:
    return [
        number[:i] + str((int(c) + 1) % 10) + number[i + 1 :]
        for i, c in enumerate(number)
        if c.isdigit()
    ]


@pytest.mark.parametrize(
    "variant", one_digit_changed("NL91ABNA0417164300") + one_digit_changed("NO9386011117947")
)
def test_iban_with_one_digit_changed_is_not_flagged(variant):
    assert found(f"Rekening {variant} graag") == []
    assert found(f"Rekening {grouped(variant)} graag") == []


def test_bsn_failing_the_11_check_is_not_flagged():
    for number in bsns(10, seed=4):
        for wrong in one_digit_changed(number):
            if not bsn.is_valid(wrong):
                assert found(f"Mijn BSN is {wrong}.") == []


@pytest.mark.parametrize(
    "number",
    [
        VALID_FNR[:-1] + str((int(VALID_FNR[-1]) + 1) % 10),  # second check digit wrong
        VALID_FNR[:-2] + str((int(VALID_FNR[-2]) + 1) % 10) + VALID_FNR[-1],  # first wrong
        "15108695077",  # stdnum's own example of a bad checksum
        fnr_for("300290"),  # 30 February, check digits right
        fnr_for("151390"),  # month 13, check digits right
        fnr_for("320190"),  # day 32, check digits right
        fnr_for("150350")[:6] + "75012",  # individual number outside every century range
    ],
)
def test_birth_number_with_bad_check_digit_or_impossible_date_is_not_flagged(number):
    assert number is not None and not fodselsnummer.is_valid(number)
    assert found(f"Fødselsnummer: {number}") == []


@pytest.mark.parametrize(
    "number",
    [
        "4111 1111 1111 1112",  # fails Luhn
        "4111-1111-1111-1121",
        "5555 5555 5555 4445",
        make_card("1", 16, seed=5),  # passes Luhn, no known issuer
        make_card("9", 16, seed=6),
        make_card("34", 16, seed=7),  # Amex prefix, but Amex numbers have 15 digits
    ],
)
def test_card_number_failing_luhn_or_issuer_check_is_not_flagged(number):
    assert found(f"betaald met kaart {number} gisteren") == []


# --- ordinary numbers that pass a checksum by chance are not personal data -----------------


@pytest.mark.parametrize(
    "template",
    [
        "Je bestelnummer is {n}, je pakket komt morgen.",
        "Bestelling {n} is verzonden",
        "Order {n} has shipped!",
        "Invoice ref {n} is overdue",
        "Ticket #{n} gesloten",
        "Zaaknummer: {n}. We nemen contact op.",
        "Din ordre {n} er sendt",
        "Faktura {n} forfaller i dag",
        "Tracking number {n}, arriving Thursday",
        "Kundenummer {n}",
        "Saksnummer {n} – vi svarer innen 3 dager",
    ],
)
def test_order_number_passing_the_11_check_is_not_a_bsn(template):
    for number in bsns(3, seed=8):
        assert found(template.format(n=number)) == []
    # The same number after "BSN" is one.
    assert found(f"BSN {VALID_BSN}") == [("bsn", VALID_BSN)]


@pytest.mark.parametrize(
    "text",
    [
        f"Kijk op https://example.com/orders/{VALID_BSN}/status",
        f"www.example.nl/klant?id={VALID_BSN}",
        f"bedrag {VALID_BSN}0 is te hoog",  # part of a longer number
        f"serienummer 1{VALID_BSN}",
        f"code AB{VALID_BSN}",
        f"€ {grouped(VALID_BSN, 3, '.')} omzet",  # an amount
        f"{VALID_BSN},50 euro",
        f"+31 (0){VALID_BSN}",  # phone written with (0): phone at most, never a BSN
        "Mijn profiel: https://x.com/@jan en https://mastodon.social/@jan@example.nl",
        "Inloggen op https://jan:geheim@example.com/admin",
    ],
)
def test_numbers_inside_urls_longer_numbers_or_amounts_are_not_bsn_or_email(text):
    assert all(kind not in ("bsn", "email") for kind, _ in found(text))


@pytest.mark.parametrize(
    "text",
    [
        "Op 24-12-2023 om 20.00-22.30 uur in de kerk",
        "Konsert 23.05.2024 kl. 19.30, billetter kr 2 499,-",
        "Season 2023-2024 starts on 2024-08-17 14:30",
        "Prijs € 1.299.000,00 k.k.",
        "Score 3-1, 12.345 toeschouwers, 1e helft",
        "ordrenummer: 41234567",
        "Bestelnummer 45678912 is verzonden",
        "Order #22123456 confirmed",
        "Versie 10.2.3.4567 uitgebracht",
    ],
)
def test_ordinary_numbers_are_not_personal_data(text):
    assert found(text) == []


# --- several findings in one post -----------------------------------------------------------


def test_several_findings_sorted_and_not_overlapping():
    text = (
        "Hoi! Ik ben Jan (jan.jansen@example.nl, 06-12345678). "
        f"Stort het op NL91 ABNA 0417 1643 00, mijn BSN is {VALID_BSN}. "
        "In Oslo: +47 412 34 567, fnr 151086 95088. Kaart 4111 1111 1111 1111. Groet!"
    )
    findings = find_personal_data(text)
    assert_well_formed(text, findings)
    assert [(d.kind, d.value) for d in findings] == [
        ("email", "jan.jansen@example.nl"),
        ("phone", "06-12345678"),
        ("iban", "NL91 ABNA 0417 1643 00"),
        ("bsn", VALID_BSN),
        ("phone", "+47 412 34 567"),
        ("nin_no", "151086 95088"),
        ("payment_card", "4111 1111 1111 1111"),
    ]


def test_overlapping_detections_keep_the_most_specific():
    # The digits of an IBAN contain a valid Dutch phone number ("0417164300"); a phone number
    # is the local part of an e-mail address. Each is reported once, as the larger thing.
    text = "IBAN NL91ABNA0417164300, mail 0612345678@example.nl"
    assert found(text) == [("iban", "NL91ABNA0417164300"), ("email", "0612345678@example.nl")]


def test_personal_data_is_immutable():
    finding = find_personal_data("mail a@example.com")[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.kind = "phone"


# --- bad input --------------------------------------------------------------------------------

_RNG = random.Random(9)
BAD_INPUTS = {
    "empty": "",
    "whitespace": " \n\t ",
    "emoji only": "😀🎉👍🏽🇳🇴" * 50,
    "zero-width": "\u200b\u200c\u200d\ufeff" * 100 + "06\u200b12345678",
    "control characters": "".join(chr(c) for c in range(32)) * 100 + "\x00BSN\x00123456782\x7f",
    "lone surrogate": "\ud800 06 12345678 \udfff",
    "right-to-left": "\u202ePhone: 06 12345678\u202c مرحبا ١٢٣٤٥٦٧٨٩",
    "mixed scripts": "Привет 你好 مرحبا שלום Ελληνικά 𝟘𝟙𝟚𝟛𝟜𝟝𝟞𝟟𝟠𝟡 ０６１２３４５６７８",
    "html": '<p>Mail <a href="mailto:jan@example.nl">jan@example.nl</a><br/>06&nbsp;12345678</p>',
    "100k digits and spaces": "".join(_RNG.choice("0123456789 ") for _ in range(100_000)),
    "100k digits": "7" * 100_000,
    "100k at signs": "@" * 100_000,
    "100k dots and letters": "a." * 50_000,
    "100k separators": "1 - (2) . " * 10_000,
    "100k html": "<div class='x'>&amp;</div>" * 4_000,
    "100k random": "".join(_RNG.choice("0123456789 +-.()@#/:aA€\n") for _ in range(100_000)),
}


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_bad_input_returns_quickly_without_error(name):
    text = BAD_INPUTS[name]
    started = time.perf_counter()
    findings = find_personal_data(text)
    elapsed = time.perf_counter() - started
    assert isinstance(findings, list)
    assert_well_formed(text, findings)
    assert elapsed < 1.0, f"{name}: {elapsed:.3f}s"


def test_bad_input_still_finds_what_is_there():
    html = BAD_INPUTS["html"]
    assert ("email", "jan@example.nl") in found(html)
    assert found("\x00BSN\x00123456782\x7f") == [("bsn", "123456782")]


def test_random_text_never_breaks_the_invariants():
    rng = random.Random(10)
    alphabet = "0123456789 .-()+@#/:,\n\t\u00a0\u200babcXYZNLGB€åø😀٣"
    for _ in range(3_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 60)))
        assert_well_formed(text, find_personal_data(text))


# --- speed ------------------------------------------------------------------------------------

_WORDS = (
    "de het een en van ik je dat niet op is met voor zijn er maar om ook als bij nog wat "
    "og i det som på er til med har ikke av for jeg den vi kan fra skal "
    "the a and of to in that it for on with this was but are at be have "
    "mooi weer vandaag concert morgen takk for i dag great weekend everyone thanks "
    "@archief #nieuws https://example.com/nieuws/2024/05/artikel"
).split()
_ORDINARY_NUMBERS = (
    "op 24-12-2023",
    "kl. 20.00-22.30",
    "€ 1.299,00",
    "in 2023",
    "seizoen 2023-2024",
    "bestelnummer 45678912",
    "ordre 123456789",
    "order #12345678",
    "kr 2 499,-",
    "on 2024-05-17 14:30",
    "23.05.2024",
    "12,5%",
    "$19.99",
    "nr. 42",
    "score 3-1",
)


def ordinary_posts(count: int) -> list[str]:
    rng = random.Random(11)
    posts = []
    for _ in range(count):
        words = [rng.choice(_WORDS) for _ in range(30)]
        if rng.random() < 0.5:
            words.insert(rng.randrange(30), rng.choice(_ORDINARY_NUMBERS))
        posts.append(" ".join(words))
    return posts


def test_ten_thousand_ordinary_posts_are_fast():
    posts = ordinary_posts(10_000)
    best = float("inf")
    for _ in range(3):  # best of three: the machine may be busy with other work
        started = time.perf_counter()
        results = [find_personal_data(post) for post in posts]
        best = min(best, time.perf_counter() - started)
    assert not any(results)
    assert best < 0.3, f"10,000 ordinary posts took {best:.3f}s"
