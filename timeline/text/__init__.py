"""Reading texts: their normal form, and what a quote states, one module per language.

- normalise: the form quotes and sources are compared in, with the way back to the
  original offsets. It knows no language.
- read: the entry points, stated_times(text, published=..., language=...),
  stated_durations(text, language=...) and stated_numbers(text, language=...), and
  names_one_day(time, language=...) for a day named by a weekday or "yesterday".
  `language` is a source's language tag; its primary subtag picks the reader.
- stated: the records (StatedTime, StatedDuration, StatedNumber), the choice among
  overlapping finds, numbers in digits, and Language, what a reader gives the core.
- times: how a time rule's match becomes a StatedTime (calendar arithmetic, relative
  days counted from publication), the same for every language.
- languages: the one table of readers, by primary subtag, and the fallback (English)
  for a text in a language without one.
- en: English, its words and the patterns made of them.

Adding a language, say German, is one module and one line:

1. timeline/text/de.py defines LANGUAGE = Language(code="de", ...) (see stated.Language
   for every field, and en.py for a reader to follow). Its time rules are patterns with
   the named groups the builders of times.py read, each with one of those builders; its
   tables map its month and weekday names, its words for "yesterday" and the like, and
   the parts of a decade; it finds numbers written in words and lengths of time itself,
   giving each length a unit of stated.UNITS.
2. languages.READERS gets the line "de": "de".

This package's __init__ imports nothing: sources imports normalise on every run, while a
reader, whose patterns are many, is imported only when a quote is first read in its
language.
"""
