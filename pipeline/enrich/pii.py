"""Personal data in post text: e-mail addresses, phone numbers, IBANs, Dutch BSNs, Norwegian
birth numbers (fødselsnummer / D-number) and payment card numbers.

``find_personal_data`` is plain Python (regular expressions, python-stdnum and phonenumbers) so
that it can run on every post; the spaCy component that wraps it lives elsewhere.

How it decides:

* Every number is checked with its real checksum: IBAN mod 97 and country format, the BSN
  11-check, the fødselsnummer date and both check digits, Luhn plus a known issuer prefix and
  length for cards, and phonenumbers' own validity (leniency VALID) for phones. A look-alike with
  a wrong check digit is not flagged.
* Ordinary posts are cheap. Numbers are only looked at when one compiled regex finds a "digit
  region": at least 8 digits with spaces, dashes, dots or parentheses between them (at most 3
  such characters in a row); e-mail only when the text holds an "@". A region is cut into
  segments at ". " (a sentence end).
* phonenumbers never sees the whole text, only a window of a few characters around a segment
  shaped like a phone number: after "+" or starting "00" (international), starting "0" with 10
  or more digits (NL, GB), or 8 digits written 41234567 / 41 23 45 67 / 412 34 567 (NO). Dates
  and numbers directly after an order/ticket/... word are not tried. At most 1,000 phonenumbers
  calls per text, and segments of more than 40 digits are tables, not phone numbers.
* A BSN or fødselsnummer must be a whole segment, a card number must start one (it may be
  followed by an expiry date or CVC). Numbers glued to letters, to "+", "#", "/", "@", or
  written as an amount ("€ 123.456.782", "123456782,50") are not flagged.
* About 1 in 11 random 9-digit numbers passes the BSN 11-check, so a BSN is not flagged when
  one of the words in the 40 characters before it is an order/ticket/invoice/reference/case/...
  word (en, nl, nb). A phone number written without + is not flagged when such a word stands
  directly before it ("ordrenummer: 41234567").
* The digits of something written like an IBAN (valid or not) are not also a phone number.
* Nothing inside an http(s):// or www. URL is flagged.
* Overlaps keep the most specific kind: email > iban > payment_card > nin_no > bsn > phone (an
  e-mail address whose local part is a phone number is one e-mail address).

All regular expressions are linear-time: repetitions are bounded or separated by a character the
repeated part cannot match; e-mail is found from each "@" rather than by a scan from each
letter.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_left
from dataclasses import dataclass
from operator import mul

from phonenumbers import Leniency, PhoneNumberMatcher
from stdnum import iban as _iban
from stdnum import luhn as _luhn
from stdnum.nl import bsn as _bsn
from stdnum.no import fodselsnummer as _fnr

__all__ = ["PERSONAL_DATA_KINDS", "PersonalData", "find_personal_data"]

PERSONAL_DATA_KINDS: tuple[str, ...] = (
    "email",
    "phone",
    "iban",
    "bsn",
    "nin_no",
    "payment_card",
)

# Higher wins when two findings overlap.
_PRIORITY = {
    "email": 6,
    "iban": 5,
    "payment_card": 4,
    "nin_no": 3,
    "bsn": 2,
    "phone": 1,
}


@dataclass(frozen=True, slots=True)
class PersonalData:
    kind: str  # one of PERSONAL_DATA_KINDS
    value: str  # text[start:end], exactly as in the input
    start: int
    end: int


# --- regular expressions -------------------------------------------------------------------

# Separators allowed between the digits of a "digit region" (the phone/number gate): spaces
# (also no-break and thin spaces), dots, ASCII and Unicode dashes, parentheses.
_REGION_SEP = "[ \t\u00a0\u2009\u202f.\\-\u2010-\u2015\u2212()]"
# At least 8 digits with at most 3 separator characters between neighbours. The separator class
# holds no digit, so each repetition has exactly one way to match: linear time.
_DIGIT_REGION = re.compile(rf"[0-9](?:{_REGION_SEP}{{0,3}}[0-9]){{7,}}")

# A run: digit groups joined by single spaces, dots or dashes ("1234.56.782", "4111-1111-...").
_SEPARATOR_CHARS = " \t\u00a0\u2009\u202f.-()\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_DROP_SEPARATORS = str.maketrans("", "", _SEPARATOR_CHARS)
_RUN = re.compile(r"[0-9]+(?:[ \u00a0.\-][0-9]+)*")
_GROUP = re.compile(r"[0-9]+")

# E-mail: found from each "@": the local part (at most 64 characters, dot-separated atoms of
# letters, digits and _%+-) is read backwards in Python, the domain matched forwards.
_EMAIL_LOCAL_CHARS = frozenset(string.ascii_letters + string.digits + "_%+-.")
_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9_%+\-]+(?:\.[A-Za-z0-9_%+\-]+)*")
_EMAIL_DOMAIN = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9\-])"
)

# Compact ("NL91ABNA0417164300") or in groups of four ("NL91 ABNA 0417 1643 00"). The grouped
# alternative may swallow a following four-letter word; the code then tries shorter ends.
_IBAN_HEAD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2}")
_IBAN = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2}"
    r"(?:[A-Za-z0-9]{11,30}|(?: [A-Za-z0-9]{4}){2,7}(?: [A-Za-z0-9]{1,4})?)"
    r"(?![A-Za-z0-9])"
)

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'`]+", re.IGNORECASE)

# Words that make a number an order/ticket/invoice/case/... reference rather than personal data
# (English, Dutch, Norwegian bokmål), compared with the lower-cased words before the number.
_REFERENCE_WORDS = frozenset(
    """
    order orders ordernr orderno orderid ordernumber ordernummer ticket tickets ticketnr ticketid
    ticketnumber invoice invoices invoicenr invoiceno ref refs refnr refno reference references
    case caseid casenr casenumber tracking trackingnr trackingnumber trackingcode trackingid
    trace shipment parcel consignment booking bookings bookingnr bookingref reservation
    confirmation transaction receipt customer account acct policy serial claim voucher coupon
    membership subscription contract po vat
    bestelling bestellingen bestelnr bestelnummer bestelcode factuur facturen factuurnr
    factuurnummer zaak zaaknr zaaknummer dossier dossiernr dossiernummer kenmerk referentie
    referentienummer klantnummer klantnr zending zendingnr zendingnummer pakket pakketje
    pakketnummer boeking boekingnr boekingsnummer reservering reserveringsnummer transactie
    transactienummer polis polisnr polisnummer contractnummer volgnummer artikelnummer
    ticketnummer melding meldingnummer meldingsnummer rekening rekeningnr rekeningnummer storing
    storingsnummer lidnummer lidmaatschapsnummer abonnementsnummer bon bonnummer kassabon
    aanvraag aanvraagnummer kvk kvknummer btw btwnummer rsin
    ordre ordren ordrenr ordrenummer bestilling bestillingen bestillingsnr bestillingsnummer
    faktura fakturaen fakturanr fakturanummer sak saken saksnr saksnummer referanse referansen
    referansenummer kundenummer kundenr sporing sporingsnummer sending sendingen sendingsnummer
    pakke pakken pakkenummer reservasjon reservasjonsnummer kvittering kvitteringen kid kidnr
    kidnummer avtalenummer polisenummer kontraktnummer konto kontonr kontonummer henvendelse
    henvendelsen henvendelsesnummer medlemsnummer org orgnr organisasjonsnummer mva
    """.split()
)
# Words that name an identity number: a number after one is not a phone number, even when
# its checksum fails ("personnummer 03084131360" is a mistyped ID, not a London number).
_IDENTITY_WORDS = frozenset(
    """
    bsn burgerservicenummer sofinummer sofi fødselsnummer fodselsnummer fødselsnummeret
    personnummer personnummeret dnummer ssn nin passport paspoort paspoortnummer pass passnummer
    """.split()
)
# Words that may stand between such a word and the number: "ordrenummer er 41234567".
_REFERENCE_FILLERS = frozenset(
    "is er was nr no num nummer number id his her my your hans hennes min mitt din zijn haar "
    "mijn je".split()
)
_WORD = re.compile(r"[^\W\d_]+")
_REFERENCE_WINDOW = 40

# Money directly before or after a number: "€ 123.456.789", "123 456 789 kr".
_CURRENCY_BEFORE = re.compile(r"(?:[€$£¥]|\b(?:eur|euro|nok|kr|usd|gbp|fl))\.?\s?$", re.IGNORECASE)
_CURRENCY_AFTER = re.compile(
    r"^\s?(?:[€$£¥]|(?:eur|euro|euros|nok|kr|kroner|usd|gbp|dollar|pond|pund)\b|,-)",
    re.IGNORECASE,
)

# Nationally written Norwegian numbers: 8 digits, written 41234567, 41 23 45 67 or 412 34 567.
_NO_NATIONAL = re.compile(
    r"[2-9][0-9]{7}|[2-9][0-9](?: [0-9]{2}){3}|[2-9][0-9]{2} [0-9]{2} [0-9]{3}"
)

# A region that opens with a date ("24.12.2023 20.00") is a date and time, not a phone number.
_DATE_FIRST = re.compile(
    r"(?:[0-3]?[0-9]([./-])[01]?[0-9]\1(?:[0-9]{4}|[0-9]{2})|[0-9]{4}([./-])[01]?[0-9]\2[0-3]?[0-9])"
    r"(?![0-9]|[./-][0-9])"
)
_MAX_REGION_DIGITS = 40  # longer digit regions are tables of numbers, not phone numbers
_MAX_MATCHER_CALLS = 1000  # per text; bounds the time spent on adversarial input

# The BSN 11-check and the first fødselsnummer check digit as weighted sums that are 0 mod 11.
_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
_FNR_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)

# Card issuers: (lowest prefix, highest prefix, allowed lengths).
_ANY_LENGTH = tuple(range(13, 20))
_CARD_ISSUERS: tuple[tuple[str, str, tuple[int, ...]], ...] = (
    ("4", "4", (13, 16, 19)),  # Visa
    ("51", "55", (16,)),  # Mastercard
    ("2221", "2720", (16,)),  # Mastercard 2-series
    ("34", "34", (15,)),  # American Express
    ("37", "37", (15,)),
    ("300", "305", (14, 16, 17, 18, 19)),  # Diners Club
    ("36", "36", (14, 16, 17, 18, 19)),
    ("38", "39", (14, 16, 17, 18, 19)),
    ("6011", "6011", (16, 17, 18, 19)),  # Discover
    ("644", "649", (16, 17, 18, 19)),
    ("65", "65", (16, 17, 18, 19)),
    ("3528", "3589", (16, 17, 18, 19)),  # JCB
    ("62", "62", (16, 17, 18, 19)),  # UnionPay
    ("2200", "2204", (16, 17, 18, 19)),  # Mir
    ("50", "50", _ANY_LENGTH),  # Maestro
    ("56", "58", _ANY_LENGTH),
    ("63", "63", _ANY_LENGTH),
    ("67", "67", _ANY_LENGTH),
)

# Characters that, directly before a digit run, make it part of something else: a word or code
# ("AB123456782"), a phone number ("+31..."), a tag or reference ("#123..."), a URL or path.
_BAD_BEFORE = frozenset("+#/@=&%_\\")
_BAD_AFTER = frozenset("%_@\\")


# --- public API ----------------------------------------------------------------------------


def find_personal_data(text: str) -> list[PersonalData]:
    """Personal data in ``text``, sorted by start; no two findings overlap."""
    if not text:
        return []
    found: list[tuple[int, int, str]] = []
    if "@" in text:
        _find_emails(text, found)
    region = _DIGIT_REGION.search(text)
    if region is not None:
        _find_numbers(text, region, found)
    if not found:
        return []
    return _resolve(text, found)


# --- detectors -----------------------------------------------------------------------------


def _find_emails(text: str, found: list[tuple[int, int, str]]) -> None:
    at = text.find("@")
    while at != -1:
        start = at
        while start > 0 and at - start <= 64 and text[start - 1] in _EMAIL_LOCAL_CHARS:
            start -= 1
        before = text[start - 1] if start > 0 else " "
        domain = None
        if (
            0 < at - start <= 64
            and not (before.isalnum() or before in "_/@")
            and _EMAIL_LOCAL.fullmatch(text, start, at)
        ):
            domain = _EMAIL_DOMAIN.match(text, at + 1)
        if domain is None:
            at = text.find("@", at + 1)
        else:
            found.append((start, domain.end(), "email"))
            at = text.find("@", domain.end())


def _find_numbers(text: str, first: re.Match[str], found: list[tuple[int, int, str]]) -> None:
    """IBAN, BSN, fødselsnummer, payment cards and phone numbers, all around digit regions."""
    iban_end = 0
    scan = _Scan(text)
    region: re.Match[str] | None = first
    while region is not None:
        r_start, r_end = region.span()
        if r_start >= iban_end and _may_end_iban_head(text, r_start):
            iban_end = max(iban_end, _find_iban(text, max(iban_end, r_start - 42), r_start, found))
        if r_start >= iban_end:  # not part of an IBAN, nor of something written like one
            # A region is cut into segments at ". ", the end of a sentence.
            region_text = region.group()
            pos = 0
            while pos < len(region_text):
                cut = region_text.find(". ", pos)
                if cut == -1:
                    cut = len(region_text)
                raw = region_text[pos:cut]
                segment = raw.strip(_SEPARATOR_CHARS)
                if segment:
                    s_start = r_start + pos + len(raw) - len(raw.lstrip(_SEPARATOR_CHARS))
                    _check_segment(scan, s_start, segment, found)
                pos = cut + 2
        region = _DIGIT_REGION.search(text, r_end)


class _Scan:
    """Per-text state: the phonenumbers budget and the URL spans (computed when needed)."""

    __slots__ = ("text", "matcher_calls_left", "_urls")

    def __init__(self, text: str) -> None:
        self.text = text
        self.matcher_calls_left = _MAX_MATCHER_CALLS
        self._urls: list[tuple[int, int]] | None = None

    def in_url(self, start: int, end: int) -> bool:
        if self._urls is None:
            self._urls = _url_spans(self.text)
        return _inside(self._urls, start, end)


def _check_segment(
    scan: _Scan, start: int, segment: str, found: list[tuple[int, int, str]]
) -> None:
    """A segment of a digit region: digits joined by separators, starting and ending in a digit."""
    text = scan.text
    n_digits = len(segment.translate(_DROP_SEPARATORS))
    if n_digits < 8:
        return
    if n_digits >= 9:
        # BSN and fødselsnummer are a whole segment ("+31 (0)612345678" holds the run
        # "612345678", part of a phone number), a card starts one but may be followed by more
        # digits ("4111 1111 1111 1111 05/27"): only the first run counts.
        run = _RUN.match(segment)
        if run is not None:
            _check_run(text, start, start + run.end(), run.end() == len(segment), found)
    if scan.matcher_calls_left > 0:
        countries = _phone_countries(text, start, segment, n_digits)
        end = start + len(segment)
        if countries and not scan.in_url(start, end):
            scan.matcher_calls_left -= _find_phones(text, start, end, countries, found)


def _may_end_iban_head(text: str, r_start: int) -> bool:
    """Cheap: can the digit region at ``r_start`` be part of an IBAN? Then it follows a letter
    or digit (compact), or a space after a group of four letters and digits (grouped)."""
    if r_start < 2:
        return False
    before = text[r_start - 1]
    if before == " ":
        group = text[max(0, r_start - 5) : r_start - 1]
        return len(group) == 4 and group.isascii() and group.isalnum()
    return before.isascii() and before.isalnum()


def _find_iban(text: str, head_from: int, r_start: int, found: list[tuple[int, int, str]]) -> int:
    """IBANs holding the digit region at ``r_start``. Returns the end of the last text shaped
    like an IBAN, valid or not (0 if none): the digits of an IBAN with a typo are not a phone
    number.

    IBANs in use carry an account number of 8 or more digits, so one starts at most 42
    characters (34 plus group spaces) before such a region. (The SWIFT formats of a few
    countries would allow letters throughout; such an IBAN is found only next to an 8-digit
    run.)"""
    last_end = 0
    for head in _IBAN_HEAD.finditer(text, head_from, min(len(text), r_start + 2)):
        if head.start() < last_end:
            continue
        m = _IBAN.match(text, head.start())
        if m is None:
            continue
        start = m.start()
        candidate = m.group()
        last_end = m.end()
        # Compact: the whole match. Grouped: the whole match, then ends at earlier group
        # boundaries (the last group may have swallowed a following four-letter word).
        cut = len(candidate)
        while cut >= 15:
            piece = candidate[:cut]
            if len(piece.replace(" ", "")) >= 15 and _iban.is_valid(piece):
                found.append((start, start + cut, "iban"))
                last_end = start + cut  # what follows the IBAN is text of its own
                break
            cut = piece.rfind(" ")
    return last_end


def _check_run(
    text: str, start: int, end: int, region_end: bool, found: list[tuple[int, int, str]]
) -> None:
    """One digit run that starts a segment (and ends it when ``region_end``) as a BSN,
    fødselsnummer or payment card number."""
    run = text[start:end]
    n_digits = len(run) - run.count(" ") - run.count("\u00a0") - run.count(".") - run.count("-")
    if n_digits not in (9, 11) and not 13 <= n_digits <= 23:
        return
    if n_digits < 13 and not region_end:
        return
    if n_digits == len(run):  # one group, the common case
        groups, lengths, seps, digits = [(0, n_digits)], [n_digits], [], run
    else:
        groups = [(g.start(), g.end()) for g in _GROUP.finditer(run)]
        lengths = [b - a for a, b in groups]
        seps = [run[b].replace("\u00a0", " ") for _, b in groups[:-1]]
        digits = "".join(run[a:b] for a, b in groups)

    if n_digits == 9:
        if (
            _bsn_shape(lengths, _uniform(seps))
            and _weighted_mod11(digits, _BSN_WEIGHTS)
            and _clean_start(text, start)
            and _clean_end(text, end)
            and _bsn.is_valid(digits)
            and not _reference_nearby(text, start)
        ):
            found.append((start, end, "bsn"))
        return
    if n_digits == 11:
        if (
            (lengths == [11] or (lengths == [6, 5] and seps == [" "]))
            and _weighted_mod11(digits, _FNR_WEIGHTS)
            and _clean_start(text, start)
            and _clean_end(text, end)
            and _fnr.is_valid(digits)
        ):
            found.append((start, end, "nin_no"))
        return
    if not _clean_start(text, start):
        return
    # The whole run or, for a card followed by its expiry date or CVC ("4111 1111 1111 1111
    # 05/27"), the run without a short tail written after a space.
    for k in range(len(groups), 0, -1):
        count = sum(lengths[:k])
        if count < 13 or n_digits - count > 4:
            break
        if k == len(groups):
            if not _clean_end(text, end):
                continue
        elif seps[k - 1] != " ":
            continue
        if (
            _uniform(seps[: k - 1]) in ("", " ", "-")
            and _card_shape(lengths[:k])
            and _is_card(digits[:count])
        ):
            found.append((start, start + groups[k - 1][1], "payment_card"))
            return


def _weighted_mod11(digits: str, weights: tuple[int, ...]) -> bool:
    """A cheap first look at a mod-11 check; stdnum has the last word."""
    return sum(map(mul, weights, map(int, digits))) % 11 == 0


def _uniform(seps: list[str]) -> str | None:
    """The one separator used between all groups, "" for a single group, None when mixed."""
    if not seps:
        return ""
    first = seps[0]
    return first if all(s == first for s in seps) else None


def _bsn_shape(lengths: list[int], sep: str | None) -> bool:
    if lengths == [9]:
        return True
    return sep in (" ", ".") and lengths in ([3, 3, 3], [4, 2, 3])


def _card_shape(lengths: list[int]) -> bool:
    if len(lengths) == 1:
        return 13 <= lengths[0] <= 19
    if lengths in ([4, 6, 5], [4, 6, 4]):
        return True
    return len(lengths) >= 4 and all(n == 4 for n in lengths[:-1]) and 1 <= lengths[-1] <= 4


def _is_card(digits: str) -> bool:
    n = len(digits)
    for low, high, allowed in _CARD_ISSUERS:
        if n in allowed and low <= digits[: len(low)] <= high:
            return _luhn.is_valid(digits)
    return False


def _clean_start(text: str, start: int) -> bool:
    """False when a number starting at ``start`` is glued to a word, code, URL or amount."""
    if start == 0:
        return True
    before = text[start - 1]
    if before.isalnum() or before in _BAD_BEFORE:
        return False
    if before in ".,-" and start > 1 and text[start - 2].isalnum():
        return False
    return not _CURRENCY_BEFORE.search(text, max(0, start - 6), start)


def _clean_end(text: str, end: int) -> bool:
    """False when a number ending at ``end`` runs on into a word, decimal, fraction or amount."""
    if end >= len(text):
        return True
    after = text[end]
    if after.isalnum() or after in _BAD_AFTER:
        return False
    if after in ",/:" and end + 1 < len(text) and text[end + 1].isdigit():
        return False
    return not _CURRENCY_AFTER.search(text[end : end + 10])


def _phone_countries(text: str, start: int, region: str, n_digits: int) -> tuple[str, ...]:
    """The countries whose numbering plan to try on a digit region, () when it cannot be a
    phone number: cheap checks so that phonenumbers is asked only about likely numbers."""
    if n_digits > _MAX_REGION_DIGITS:
        return ()
    lead = text[max(0, start - 2) : start]
    before = lead[-1:]
    if before and (before.isalnum() or before in "#/@=&_\\"):
        return ()
    if "+" in lead:
        return ("NL",)  # international: the country is in the number
    if region.startswith("00"):
        countries: tuple[str, ...] = ("NL",)  # 00 is the international prefix in NL, NO and GB
    elif region[0] == "0" and n_digits >= 10:
        # NL: 0 + 9 digits, GB: 0 + 9 or 10 digits; longer regions may hold several numbers.
        countries = ("GB", "NL") if n_digits == 11 else ("NL", "GB")
    elif n_digits == 8 and _NO_NATIONAL.fullmatch(region.replace("\u00a0", " ")):
        countries = ("NO",)
    else:
        return ()
    if _DATE_FIRST.match(region):
        return ()  # "01-02-2024 10.00"
    if _reference_before(text, start):
        return ()  # "ordrenummer: 41234567"
    return countries


def _find_phones(
    text: str,
    start: int,
    end: int,
    countries: tuple[str, ...],
    found: list[tuple[int, int, str]],
) -> int:
    """Phone numbers in a small window around one segment; returns the phonenumbers calls."""
    w_start = max(0, start - 2)  # room for "+" or "(+"; phonenumbers checks the neighbours
    window = text[w_start : min(len(text), end + 1)]
    taken: list[tuple[int, int]] = []
    calls = 0
    for country in countries:
        if taken and end - start <= 16:
            break  # one number fills a segment this short
        calls += 1
        try:
            matches = [
                (w_start + m.start, w_start + m.end)
                for m in PhoneNumberMatcher(window, country, leniency=Leniency.VALID)
            ]
        except Exception:  # a third-party parser: odd input must not escape as an error
            continue
        for m_start, m_end in matches:
            if all(m_end <= a or m_start >= b for a, b in taken):
                taken.append((m_start, m_end))
                found.append((m_start, m_end, "phone"))
    return calls


# --- helpers -------------------------------------------------------------------------------


def _reference_nearby(text: str, start: int) -> bool:
    """A reference word among the words in the 40 characters before ``start``."""
    words = _WORD.findall(text, max(0, start - _REFERENCE_WINDOW), start)
    return any(w.lower() in _REFERENCE_WORDS for w in words)


def _reference_before(text: str, start: int) -> bool:
    """A reference or identity word directly before ``start``, give or take two filler
    words."""
    words = _WORD.findall(text, max(0, start - _REFERENCE_WINDOW), start)
    for skipped, word in enumerate(reversed(words)):
        word = word.lower()
        if word in _REFERENCE_WORDS or word in _IDENTITY_WORDS:
            return True
        if skipped == 2 or word not in _REFERENCE_FILLERS:
            return False
    return False


def _url_spans(text: str) -> list[tuple[int, int]]:
    if "://" not in text and "www." not in text.lower():
        return []
    return [m.span() for m in _URL.finditer(text)]


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when [start, end) overlaps one of the (sorted, disjoint) spans."""
    if not spans:
        return False
    i = bisect_left(spans, (end,))
    return i > 0 and spans[i - 1][1] > start


def _resolve(text: str, found: list[tuple[int, int, str]]) -> list[PersonalData]:
    """Drop findings inside URLs, then keep the most specific of overlapping findings."""
    urls = _url_spans(text)
    candidates = sorted(
        (f for f in found if not _inside(urls, f[0], f[1])),
        key=lambda f: (-_PRIORITY[f[2]], f[0], f[0] - f[1]),
    )
    kept: list[tuple[int, int, str]] = []  # sorted by start, disjoint
    for start, end, kind in candidates:
        i = bisect_left(kept, (start,))
        if i > 0 and kept[i - 1][1] > start:
            continue
        if i < len(kept) and kept[i][0] < end:
            continue
        kept.insert(i, (start, end, kind))
    return [PersonalData(kind, text[start:end], start, end) for start, end, kind in kept]
