"""timeline find: exact matches, then the closest passages, each with an entry ready to paste."""

from __future__ import annotations

import pytest

from conftest import SOURCE_META, small_project


def test_an_exact_match_gives_its_place_and_a_ready_entry(project, run):
    # Typed with ASCII quotes and dash; the source has typographic ones.
    words = 'said a "large-scale offensive" had begun - six people were killed'
    status, out, err = run(["find", words], cwd=project())
    assert (status, err) == (0, "")
    assert out == (
        "seeds/article.txt:3:23: article (exact)\n"
        "  - source: article\n"
        '    quote: "said a \\"large-scale offensive\\" had begun - six people were killed"\n'
        "    # states a number: six (6)\n"
        "    supports: [figures.NAME]\n"
    )


def test_what_a_quote_states_is_listed_in_reading_order(project, run):
    words = "On Tuesday, officials said"
    status, out, _ = run(["find", words], cwd=project())
    assert (status, out) == (
        0,
        "seeds/article.txt:3:1: article (exact)\n"
        "  - source: article\n"
        '    quote: "On Tuesday, officials said"\n'
        "    # states a date: 2023-09-19 (On Tuesday)\n"
        "    supports: [date]\n",
    )


def test_every_exact_match_is_listed(project, run):
    status, out, _ = run(["find", "the"], cwd=project())
    assert (status, out) == (
        0,
        "seeds/article.txt:1:14: article (exact)\n"
        "  - source: article\n"
        '    quote: "the"\n'
        "    supports: [summary]\n"
        "\n"
        "seeds/article.txt:4:37: article (exact)\n"
        "  - source: article\n"
        '    quote: "the"\n'
        "    supports: [summary]\n",
    )


def test_without_an_exact_match_the_closest_passages_come_in_the_sources_words(project, run):
    status, out, _ = run(["find", "The war of 2020 lasted 45 days"], cwd=project())
    assert (status, out) == (
        0,
        "seeds/article.txt:4:1: article (96% similar)\n"
        "  - source: article\n"
        '    quote: "The war of 2020 lasted 44 days"\n'
        "    # states a date: 2020 (2020)\n"
        "    # states a duration: 44 days\n"
        "    supports: [date, duration]\n",
    )


def test_a_difference_in_letter_case_is_named(project, run):
    status, out, _ = run(["find", "on tuesday, officials"], cwd=project())
    assert (status, out.splitlines()[:3]) == (
        0,
        [
            "seeds/article.txt:3:1: article (the same words in other letter case)",
            "  - source: article",
            '    quote: "On Tuesday, officials"',
        ],
    )


def test_nothing_found_exits_1(project, run):
    status, out, err = run(["find", "xyzzy plugh"], cwd=project())
    assert (status, out) == (1, "")
    assert err == 'nothing like "xyzzy plugh" in 1 source; try fewer words or other words\n'


def test_in_limits_the_search_to_one_source(project, run):
    root = project(
        small_project({"seeds/other.txt": "nine months\n", "seeds/other.yaml": SOURCE_META})
    )
    status, out, _ = run(["find", "nine months"], cwd=root)
    assert status == 0
    assert [line for line in out.splitlines() if line.startswith("seeds/")] == [
        "seeds/article.txt:4:62: article (exact)",
        "seeds/other.txt:1:1: other (exact)",
    ]
    status, out, _ = run(["find", "nine months", "--in", "other"], cwd=root)
    assert (status, out.splitlines()[0]) == (0, "seeds/other.txt:1:1: other (exact)")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["find", "six", "--in", "artcle"],
            "timeline find: error: --in artcle: no source of that id in seeds/; "
            'did you mean "article"?\n',
        ),
        (["find", "  "], "timeline find: error: give some words to look for\n"),
    ],
)
def test_usage_errors(project, run, args, message):
    assert run(args, cwd=project()) == (2, "", message)


def test_a_pasted_entry_passes_the_check(project, run):
    root = project()
    _, out, _ = run(["find", "six people were killed"], cwd=root)
    entry = "\n".join(out.splitlines()[1:]).replace("figures.NAME", "figures.killed")
    event = (
        'title: Six killed\ndate: "2023-09-19"\nfigures:\n  killed: 6\nevidence:\n' + entry + "\n"
    )
    (root / "data/events/six-killed.yaml").write_text(event, encoding="utf-8")
    status, out, _ = run(["check"], cwd=root)
    assert out.splitlines()[-1] == "checked 2 events, 1 source, 3 quotes: 0 errors, 1 warning"
    assert status == 0


def test_close_passages_are_ranked_and_widened_to_whole_statements(project, run):
    seed = (
        "The army was to leave the northern districts by 1 December 2020.\n"
        "The police were to leave the southern districts by 20 November 2020.\n"
    )
    root = project(small_project({"seeds/article.txt": seed}))
    status, out, _ = run(["find", "the army was to leave the districts by 1 December"], cwd=root)
    assert status == 0
    assert out == (
        "seeds/article.txt:1:1: article (91% similar)\n"
        "  - source: article\n"
        '    quote: "The army was to leave the northern districts by 1 December 2020"\n'
        "    # states a date: 2020-12-01 (1 December 2020)\n"
        "    supports: [date]\n"
    )
