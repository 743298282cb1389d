"""The built-in label sets agree with CLDR (through Babel) wherever CLDR has the word.

CLDR is the Unicode consortium's locale data, the words every phone shows. It has, for
our labels: the relative times "N minutes/hours/days ago" (in long, short and narrow
widths, with plural forms) and the names of the Simplified and Traditional scripts.
Each relative label must be CLDR's form, in one width, for every plural category of the
numbers it is shown with (minutes 5-59, hours 1-47, days 2 and more: see
samizdat.status._time), so "1 hr. ago" is as right as "5 hr. ago". Where CLDR only
inherits the root locale's placeholder ("-{0} h" for Tibetan), there is nothing to check.

Not in CLDR, so not checked: "just now" (CLDR has "now", a different word: a past
event reads "刚刚", not "现在"), the site's own words (search, share, circumvention tool).
Dates are ISO numerals in every language, so CLDR's month names are not used.
"""

from __future__ import annotations

import pytest
from babel import Locale

from samizdat.render._labels import LANGUAGES, site_labels_for
from samizdat.status._time import JUST_NOW_MINUTES

# label -> (CLDR field, the numbers the label is shown with)
RELATIVE = {
    "minutes_ago": ("minute", range(JUST_NOW_MINUTES, 60)),
    "hours_ago": ("hour", range(1, 48)),
    "days_ago": ("day", range(2, 400)),
}
WIDTHS = ("", "-short", "-narrow")
CLDR_LOCALE = {"zh-CN": "zh_Hans_CN", "zh-TW": "zh_Hant_TW"}
ROOT = Locale.parse("root")


def _locale(language: str) -> Locale:
    return Locale.parse(CLDR_LOCALE.get(language, language))


def _past_forms(locale: Locale, field: str, numbers: range) -> set[str]:
    """The CLDR forms of ``field`` right for every number of ``numbers``, as labels."""
    categories = {locale.plural_form(n) for n in numbers}
    forms = set()
    for width in WIDTHS:
        past = locale._data["date_fields"][field + width]["past"]
        if ROOT._data["date_fields"][field + width]["past"] == past:
            continue  # only root's placeholder: CLDR has no word
        texts = {past.get(category, past["other"]) for category in categories}
        if len(texts) == 1:
            forms.add(texts.pop().replace("{0}", "{n}"))
    return forms


@pytest.mark.parametrize("language", LANGUAGES)
def test_relative_times_are_cldr_s(language: str) -> None:
    locale, labels = _locale(language), site_labels_for(language, {})
    for label, (field, numbers) in RELATIVE.items():
        forms = _past_forms(locale, field, numbers)
        if forms:
            assert labels[label] in forms, (language, label, forms)


def test_tibetan_has_no_cldr_relative_times_to_check() -> None:
    # Were CLDR to gain them, this fails and the Tibetan labels get checked above.
    assert not _past_forms(_locale("bo"), "hour", range(1, 48))


@pytest.mark.parametrize("language", LANGUAGES)
def test_script_names_are_cldr_s_in_their_own_script(language: str) -> None:
    labels = site_labels_for(language, {})
    assert labels["hans"] == Locale.parse("zh_Hans").scripts["Hans"]
    assert labels["hant"] == Locale.parse("zh_Hant").scripts["Hant"]
