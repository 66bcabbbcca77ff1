"""The German, Spanish and French readers on real phrasings, each copied from
tests/reading/{de,es,fr}.yaml (whose cases give each text's URL and licence)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from timeline.text.normalise import normalise
from timeline.text.read import names_one_day, stated_durations, stated_numbers, stated_times

CORPUS = Path(__file__).parent / "reading"

D = datetime.date

CASES = [
    # (language, text, published, [(text, value), ...])
    ("de", "Montag, 22. Mai 2017", None, [("22. Mai 2017", "2017-05-22")]),
    (
        "de",
        "Am Samstag, dem 29. Januar 2011, um 02.30 Uhr beobachteten Zeugen in München-Kleinhadern",
        None,
        [("29. Januar 2011", "2011-01-29")],
    ),
    ("de", "Seit Mai 2001", None, [("Mai 2001", "2001-05")]),
    ("de", "Mulhouse (Frankreich), 11.09.2012", None, [("11.09.2012", "2012-09-11")]),
    (
        "de",
        "Ein entsprechendes Gesetz passierte gestern den Bundesrat.",
        D(2017, 9, 23),
        [("gestern", "2017-09-22")],
    ),
    (
        "de",
        "Am Dienstagmorgen gegen 8.00 Uhr ereignete sich im Elsass",
        D(2012, 9, 11),
        [("Am Dienstagmorgen", "2012-09-11")],
    ),
    (
        "de",
        "Heute hat in Rumänien die Parlamentswahl begonnen.",
        D(2012, 12, 9),
        [("Heute", "2012-12-09")],
    ),
    (
        "de",
        "Die Tat war eine sozial-liberale Schweizer Zeitung, die von 1935 bis 1978 von der "
        "Migros herausgegeben wurde",
        None,
        [("von 1935 bis 1978", "1935 to 1978")],
    ),
    ("es", "8 de abril de 2020", None, [("8 de abril de 2020", "2020-04-08")]),
    ("es", "Release Date: octubre 30, 2024", None, [("octubre 30, 2024", "2024-10-30")]),
    (
        "es",
        "Periodo del incidente: septiembre 17, 2017 - noviembre 15, 2017",
        None,
        [("septiembre 17, 2017 - noviembre 15, 2017", "2017-09-17 to 2017-11-15")],
    ),
    (
        "es",
        "la elección presidencial que se llevará a cabo en abril de 2019.",
        None,
        [("abril de 2019", "2019-04")],
    ),
    ("es", "murió anoche", D(2012, 9, 12), [("anoche", "2012-09-11")]),
    (
        "es",
        "comparto la noticia de la muerte, el día de ayer,",
        D(2012, 9, 12),
        [("ayer", "2012-09-11")],
    ),
    (
        "es",
        "con motivo del 192 aniversario de la independencia de Uruguay el día 25 de agosto.",
        D(2017, 8, 25),
        [("25 de agosto.", "2017-08-25")],
    ),
    ("fr", "Le 20 juin 2019", None, [("20 juin 2019", "2019-06-20")]),
    ("fr", "juin 24, 2020", None, [("juin 24, 2020", "2020-06-24")]),
    (
        "fr",
        "l’attentat suicide du 1er juillet à Gao",
        D(2018, 7, 3),
        [("1er juillet", "2018-07-01")],
    ),
    (
        "fr",
        "Cannes : La boutique Dior située sur la Croisette a été cambriolée hier.",
        D(2011, 1, 8),
        [("hier", "2011-01-07")],
    ),
    (
        "fr",
        "Aujourd’hui, le nombre de réfugiés",
        D(2017, 6, 20),
        [("Aujourd'hui", "2017-06-20")],
    ),
    (
        "fr",
        "agite le pays depuis mercredi.",
        D(2011, 1, 8),
        [("depuis mercredi", "2011-01-05")],
    ),
]


@pytest.mark.parametrize(("language", "text", "published", "expected"), CASES)
def test_what_each_reader_finds(language, text, published, expected) -> None:
    times = stated_times(normalise(text), published=published, language=language)
    assert [(t.text, t.value()) for t in times] == expected


@pytest.mark.parametrize(
    ("language", "text", "published"),
    [
        ("de", "Ein entsprechendes Gesetz passierte gestern den Bundesrat.", D(2017, 9, 23)),
        ("es", "murió anoche", D(2012, 9, 12)),
        ("fr", "agite le pays depuis mercredi.", D(2011, 1, 8)),
    ],
)
def test_a_weekday_or_yesterday_names_one_day(language, text, published) -> None:
    (time,) = stated_times(normalise(text), published=published, language=language)
    assert names_one_day(time, language=language)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # A full date is read to its day, never as its year alone.
        ("de", "Bereits am 2. Januar 2011 wurde die Niederländerin Sahra Bahrami"),
        ("es", "a la ciudad de Esquipulas, Guatemala, el 28 de enero de 2026"),
        ("fr", "Le 3 juillet 2018"),
    ],
)
def test_a_full_date_states_its_day(language, text) -> None:
    (time,) = stated_times(normalise(text), language=language)
    assert time.precision == "day"


@pytest.mark.parametrize(("language", "text"), [(case[0], case[1]) for case in CASES])
def test_every_phrasing_is_copied_from_the_corpus(language, text) -> None:
    corpus = (CORPUS / f"{language}.yaml").read_text(encoding="utf-8")
    assert text in corpus


NUMBER_CASES = [
    # (language, text, the numbers stated)
    ("de", "in Höhe von jeweils 1.507 Euro", [1507]),
    (
        "de",
        "Seit Mai 2001 sind 1.996.973 Artikel in deutscher Sprache entstanden.",
        [2001, 1996973],
    ),
    ("de", "Etwa 18,3 Millionen Staatsbürger sind aufgefordert ihre Stimme abzugeben.", [18300000]),
    (
        "de",
        "Seit dem 19. März 2017, 5 Uhr früh wird die 20-jährige Studentin Malina K. vermisst.",
        [2017, 20],
    ),
    ("de", "Fünf Menschen wurden zunächst vermisst.", [5]),
    ("es", "los más de US$ 140.000 millones", [140000000000]),
    ("es", "valoradas en más de $1.3 millones de dólares", [1300000]),
    (
        "es",
        "FEMA ha aprobado más de $1,300 MILLONES en asistencia directa para los "
        "sobrevivientes de los huracanes Helene y Milton.",
        [1300000000],
    ),
    (
        "es",
        "Más de un millón de personas por año reciben estatus legal permanente aquí en "
        "Estados Unidos.",
        [1000000],
    ),
    ("es", "de cuatro miembros del personal estadounidense", [4]),
    ("fr", "2 641 militaires ont perdu la vie dans ce conflit", [2641]),
    ("fr", "près de 70 milliards de dollars d’aide humanitaire", [70000000000]),
    ("fr", "l’attaque par mine antipersonnel du 30 juin qui a tué quatre soldats maliens", [4]),
    (
        "fr",
        "Cinq personnes dont une femme avait été arrêtées hier matin, elles ont été relâchées.",
        [5],
    ),
]


@pytest.mark.parametrize(("language", "text", "expected"), NUMBER_CASES)
def test_the_numbers_each_reader_finds(language, text, expected) -> None:
    numbers = stated_numbers(normalise(text), language=language)
    assert [n.value for n in numbers] == expected


@pytest.mark.parametrize(("language", "text"), [(c[0], c[1]) for c in NUMBER_CASES])
def test_every_number_phrasing_is_copied_from_the_corpus(language, text) -> None:
    corpus = (CORPUS / f"{language}.yaml").read_text(encoding="utf-8")
    assert text in corpus


LENGTH_CASES = [
    # (language, text, the lengths stated as (count, unit))
    ("de", "in Mecklenburg-Vorpommern seit acht Monaten staatliche Hilfen", [(8, "month")]),
    ("de", "der einmonatige Entzug des Führerscheins", [(1, "month")]),
    ("de", "Nach 22-jähriger Pause trat in Myanmar", [(22, "year")]),
    ("de", "nur anderthalb Jahre nach ihrer Einführung", [(18, "month")]),
    ("de", "Nach vier Nächten Anarchie", [(4, "day")]),
    ("de", "in den letzten 20 Tagen etwa 150 Raketen", [(20, "day")]),
    ("es", "en los últimos 20 años", [(20, "year")]),
    ("es", "sus más de dos décadas de dedicación", [(20, "year")]),
    (
        "es",
        "participará en programas de estudio de entre seis meses y dos años de duración",
        [(6, "month"), (2, "year")],
    ),
    ("es", "A más de un mes después de que Helene tocara tierra", [(1, "month")]),
    ("fr", "il y a 241 ans", [(241, "year")]),
    ("fr", "En quatre jours, 3 personnes sont mortes", [(4, "day")]),
]


@pytest.mark.parametrize(("language", "text", "expected"), LENGTH_CASES)
def test_the_lengths_each_reader_finds(language, text, expected) -> None:
    lengths = stated_durations(normalise(text), language=language)
    assert [(d.count, d.unit) for d in lengths] == expected


@pytest.mark.parametrize(("language", "text"), [(c[0], c[1]) for c in LENGTH_CASES])
def test_every_length_phrasing_is_copied_from_the_corpus(language, text) -> None:
    corpus = (CORPUS / f"{language}.yaml").read_text(encoding="utf-8")
    assert text in corpus


def test_a_unit_is_named_as_cldr_names_it() -> None:
    from timeline.text.lengths import unit_names

    assert unit_names("de")["jahrzehnte"] == ("year", 10)
    assert unit_names("es")["noches"] == ("day", 1)
    assert unit_names("fr")["semaines"] == ("week", 1)
