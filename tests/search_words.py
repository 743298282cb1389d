# ruff: noqa: RUF001  (Cyrillic and Arabic-script text is intended)
"""Real words of each language for the search tests (tests/site/test_tokens.py, and
tests/e2e/test_readers.py in Chromium): a sentence of a page and a word of it as a
reader types it."""

from __future__ import annotations

# (language, a sentence of a page, a word in the middle of it as a reader types it)
FOUND = [
    ("my", "ယာဉ်ကြောပိတ်ဆို့မှုကြောင့် ခရီးသည်များ စောင့်ဆိုင်းခဲ့ရသည်။", "ပိတ်ဆို့"),
    ("my", "မိုးလေဝသနှင့် ဇလဗေဒညွှန်ကြားမှုဦးစီးဌာနက ခန့်မှန်းထားသည်။", "ဇလဗေဒ"),
    ("bo", "བོད་ཀྱི་སྐད་ཡིག་ནི་རྒྱ་ཆེ།", "སྐད་ཡིག"),
    ("bo", "ལྷ་སའི་གནམ་གཤིས་གྲང་མོ་རེད།", "གནམ་གཤིས་"),
    ("fa", "او می‌خواهد کتاب‌ها را بخواند.", "میخواهد"),
    ("fa", "او می‌خواهد کتاب‌ها را بخواند.", "می خواهد"),
    ("fa", "او می‌خواهد کتاب‌ها را بخواند.", "كتاب"),  # Arabic kaf
    ("fa", "هلال احمر ایران یک گزارش داد", "يك"),  # Arabic kaf and yeh
    ("fa", "آمار سال ۱۴۰۵ منتشر شد", "1405"),
    ("ar", "بِسْمِ اللهِ", "بسم"),  # harakat
    ("ug", "شىنجاڭ ئۇيغۇر ئاپتونوم رايونى", "ئۇيـغۇر"),  # tatweel
    ("ru", "Ёлка на Красной площади", "елка"),
    ("ru", "Ёлка на Красной площади", "КРАСН"),
    ("vi", "Thủ tướng đến Hà Nội hôm nay", "ha noi"),
    ("vi", "Thủ tướng đến Hà Nội hôm nay", "Hà Nội"),
    ("vi", "Thủ tướng đến Hà Nội hôm nay", "den"),
    ("zh", "河湾市议会17日晚以二十一票赞成", "议会"),
    ("en", "Skywatchers far from the aurora", "skywatch"),
]
# A query typed with its tones asks for those tones.
NOT_FOUND = [
    ("vi", "Thủ tướng đến Hà Nội hôm nay", "hạ nội"),
    ("my", "ယာဉ်ကြောပိတ်ဆို့မှုကြောင့်", "ပိတ်ဆို့ခြင်း"),
]
# Text that exercises the cutting rules (kinzi, stacked consonants, dot below before
# asat, Tibetan shad, zero-width non-joiner, digits of four scripts, full-width letters).
EDGES = [
    "အင်္ဂါနေ့ ကမ္ဘာ ကြောင့် ၎င်း ဥက္ကဋ္ဌ",
    "བོད་ཀྱི་སྐད་ཡིག། ལྷ་ས་༢༠༢༦",
    "کتاب‌های می‌خواهم ١٢٣ ۴۵۶ ၁၂၃",
    "ＡＢＣ２０２７ Ёжик Thủ tướng",
]
