"""Spelling (SP): real typos are found with their correction; correct medical words pass."""

import json
import subprocess
import sys

import pytest


def check(run, tmp_path, text, name="page.md", *options):
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = run("check", "--format", "json", "--select", "SP", *options, name)
    return result, [(d["code"], d["line"], d["column"], d["message"], d["suggestion"])
                    for d in json.loads(result.output)["diagnostics"]]


def test_a_typo_is_reported_with_its_correction(run, tmp_path):
    result, found = check(run, tmp_path, "# Flu\n\nYou will recieve a letter.\n")
    assert result.exit_code == 1
    assert found == [("SP001", 3, 10, "Possible misspelling 'recieve': did you mean 'receive'?", "receive")]


def test_the_correction_prefers_a_word_the_page_uses(run, tmp_path):
    _, found = check(run, tmp_path, "Renal cancer starts in the kidney. Your renel team will help.\n", "p.txt")
    assert [(f[0], f[4]) for f in found] == [("SP001", "renal")]


@pytest.mark.parametrize("typo,fix", [("diarhea", "diarrhea"), ("perscription", "prescription"),
                                      ("symptons", "symptoms"), ("inhaller", "inhaler")])
def test_common_typos(run, tmp_path, typo, fix):
    assert [(f[0], f[4]) for f in check(run, tmp_path, f"It can cause {typo} in some people.\n", "p.txt")[1]] == [("SP001", fix)]


MEDICAL = ("pembrolizumab nivolumab ipilimumab cytokines oncolytic haematologist hematologist paediatric "
           "pediatric salbutamol tumour tumor leukaemia leukemia oesophagus esophagus diarrhoea diarrhea "
           "brachytherapy mesothelioma myelodysplastic stereotactic intravesical lumpectomy colonoscopy "
           "hepatitis pneumonitis imatinib atorvastatin amoxicillin aciclovir bacteraemia lymphoma "
           "neoadjuvant chemoradiation lymphoedema lymphedema")


def test_correct_medical_words_pass(run, tmp_path):
    assert check(run, tmp_path, f"Words: {MEDICAL}.\n", "p.txt")[1] == []


@pytest.mark.parametrize("text", [
    "Keytruda and Opdivo are brand names; Dr Okonkwo will see you.",  # capitalised names
    "Ask about CTLA-4, PD-1 and H1N1 (words with digits).",
    "See https://www.example.org/recieve-care or write to recieve@example.org.",
    "Bleomycin (blee-oh-MY-sin) is a drug.",  # a pronunciation guide
    "Use the `recieve` setting.",  # code
    "Tislelizumab-jsgr is a biologic.",  # the FDA's four-letter suffix
])
def test_names_addresses_code_and_pronunciations_are_left_alone(run, tmp_path, text):
    assert check(run, tmp_path, f"# Drugs\n\n{text}\n")[1] == []


@pytest.mark.parametrize("config", ['words = ["PICC"]\n', 'word-files = ["words.txt"]\n'])
def test_project_word_lists(run, tmp_path, config):
    assert [f[0] for f in check(run, tmp_path, "Your picc line is fitted today.\n", "p.txt")[1]] == ["SP001"]
    (tmp_path / "words.txt").write_text("# our words\npicc\n", encoding="utf-8")
    (tmp_path / "medlint.toml").write_text(config, encoding="utf-8")
    assert check(run, tmp_path, "Your picc line is fitted today.\n", "p.txt")[1] == []


def test_page_word_list_comment(run, tmp_path):
    text = "<!-- medlint-words: picc -->\n\nYour picc line is fitted today.\n"
    assert check(run, tmp_path, text)[1] == []
    assert [f[0] for f in check(run, tmp_path, "Your picc line is fitted today.\n")[1]] == ["SP001"]


def test_house_spelling_from_the_configuration(run, tmp_path):
    (tmp_path / "medlint.toml").write_text('spelling = "en-GB"\n', encoding="utf-8")
    _, found = check(run, tmp_path, "Your tumor may shrink, and so may your tumour.\n", "p.txt")
    assert found == [("SP002", 1, 6, "'tumor' is not en-GB spelling: write 'tumour'", "tumour")]


def test_house_spelling_from_a_page_comment(run, tmp_path):
    _, found = check(run, tmp_path, "<!-- medlint-spelling: en-US -->\n\nSee a paediatric nurse.\n")
    assert [(f[0], f[4]) for f in found] == [("SP002", "pediatric")]
    assert check(run, tmp_path, "See a paediatric nurse or a pediatric one.\n")[1] == []  # default: any


@pytest.mark.parametrize("text,name", [
    ("<html lang='es'><p>Los sintomas pueden incluir fiebre y tos.</p></html>", "p.html"),
    ("<p>La tuberculosis es una enfermedad que afecta a los pulmones y se transmite por el aire.</p>", "p.html"),
    ("---\nlanguage: fr\n---\nLes symptomes sont la fievre et la toux.\n", "p.md"),
])
def test_pages_in_other_languages_are_skipped(run, tmp_path, text, name):
    assert check(run, tmp_path, text, name)[1] == []


def test_the_dictionary_is_only_loaded_when_a_spelling_rule_runs(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Flu\n\nFlu is common.\n", encoding="utf-8")
    probe = ("import sys; from medlint.cli import main\n"
             "try:\n    main(['check', '--select', '{select}', '{page}'])\n"
             "except SystemExit:\n    pass\n"
             "print('marisa_trie' in sys.modules)\n")
    def loaded(select):
        code = probe.format(select=select, page=page)
        # from the page's folder: the installed medlint, not the source tree beside the tests
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              cwd=tmp_path).stdout.strip().splitlines()[-1]
    assert loaded("PH") == "False"
    assert loaded("SP") == "True"


@pytest.fixture
def fresh_lexicon(tmp_path, monkeypatch):
    """The lexicon's index stored under a new cache folder."""
    from medlint import lexicon

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    lexicon.lexicon.cache_clear()
    yield lexicon
    lexicon.lexicon.cache_clear()


def test_stored_index_answers_as_pyspellchecker_does(fresh_lexicon):
    from spellchecker import SpellChecker

    reference = SpellChecker(language="en", distance=1)
    built = fresh_lexicon.lexicon(("medical.txt",))
    assert list((fresh_lexicon.cache_home()).glob("lexicon-*.counts"))
    fresh_lexicon.lexicon.cache_clear()
    stored = fresh_lexicon.lexicon(("medical.txt",))  # read back from the cache folder
    for lex in (built, stored):
        for word in ("the", "receive", "chemotherapy", "tumour", "cytokines", "recieve", "zzzq"):
            assert (word in lex.frequency) == (word in reference.word_frequency.dictionary)
            if word in lex.frequency:
                assert lex.frequency[word] == reference.word_frequency.dictionary[word]
        for typo in ("recieve", "diabetis", "perscription", "chemoterapy"):
            expected = sorted((w for w in reference.edit_distance_1(typo) if w in reference.word_frequency.dictionary),
                              key=lambda w: (-reference.word_frequency.dictionary[w], w))
            assert lex.neighbours(typo) == expected
        assert lex.known("cytokines") and lex.known("salbutamol") and not lex.known("recieve")
        assert lex.other_variety("color", "en-GB") and not lex.other_variety("colour", "en-GB")


def test_two_edit_index_is_stored_and_read_back(fresh_lexicon):
    built = fresh_lexicon.lexicon(()).two_edits("neccesary", 5000)
    assert built[0] == "necessary"
    assert list(fresh_lexicon.cache_home().glob("lexicon-*.two-edits-5000.marisa"))
    fresh_lexicon.lexicon.cache_clear()
    assert fresh_lexicon.lexicon(()).two_edits("neccesary", 5000) == built  # mapped from the file


def test_damaged_or_unwritable_index_is_rebuilt(fresh_lexicon, tmp_path, monkeypatch):
    fresh_lexicon.lexicon(()).two_edits("neccesary", 5000)
    for stored in fresh_lexicon.cache_home().glob("lexicon-*.marisa"):
        stored.write_bytes(b"not a trie")
    fresh_lexicon.lexicon.cache_clear()
    assert fresh_lexicon.lexicon(()).neighbours("recieve")[0] == "receive"
    assert fresh_lexicon.lexicon(()).two_edits("neccesary", 5000)[0] == "necessary"
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    fresh_lexicon.lexicon.cache_clear()
    assert fresh_lexicon.lexicon(()).neighbours("recieve")[0] == "receive"
    assert fresh_lexicon.lexicon(()).two_edits("neccesary", 5000)[0] == "necessary"


def test_what_one_page_accepts_does_not_carry_to_the_next(run, tmp_path):
    # The rule remembers, for the run, words it never reports; a word one page accepts (its
    # word comment), or writes capitalised as a name, is still a typo on the next page.
    (tmp_path / "a.md").write_text("<!-- medlint-words: recieve -->\n\nYou will recieve a letter from "
                                   "Threatment Partners about your care.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("You will recieve a letter.\n\nThreatment can start the next week "
                                   "at the clinic.\n", encoding="utf-8")
    result = run("check", "--format", "json", "-j", "1", "--no-cache", "--select", "SP001", "a.md", "b.md")
    found = [(d["path"], d["line"], d["column"], d["suggestion"]) for d in json.loads(result.output)["diagnostics"]]
    assert found == [("b.md", 1, 10, "receive"), ("b.md", 3, 1, "Treatment")]


def osa_distance(a: str, b: str) -> int:
    """The optimal string alignment distance by its table (Damerau 1964): the reference the
    lexicon's linear tests are held to."""
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], previous2[j - 2] + 1)
        previous2, previous = previous, row
    return previous[-1]


def edited_pairs(seed: int, edits: int) -> list[tuple[str, str]]:
    """Short strings of three letters and copies of each with up to ``edits`` random edits (a
    deletion, insertion, replacement or swap), and a few pairs chosen by hand."""
    import random

    rng = random.Random(seed)
    pairs = [("", ""), ("", "a"), ("ab", "ba"), ("abc", "bca"), ("abcd", "abdc"), ("abcd", "badc"), ("ab", "ab"),
             ("abc", "ac"), ("abc", "abcd"), ("abc", "xabc"), ("abc", "abx"), ("aab", "aba"), ("ca", "abc"),
             ("abcd", "cdab"), ("abc", "cba"), ("", "ab"), ("abab", "baba")]
    for _ in range(3000):
        a = "".join(rng.choice("abc") for _ in range(rng.randint(0, 6)))
        b = list(a)
        for _ in range(rng.randint(0, edits)):
            at = rng.randint(0, len(b))
            edit = rng.choice("dirs")
            if edit == "i":
                b.insert(at, rng.choice("abc"))
            elif at < len(b) and edit in "dr":
                b[at:at + 1] = [] if edit == "d" else [rng.choice("abc")]
            elif at + 1 < len(b):
                b[at], b[at + 1] = b[at + 1], b[at]
        pairs.append((a, "".join(b)))
    return pairs


def test_two_edit_search_finds_every_frequent_word_with_its_first_letter_two_edits_away():
    from medlint.lexicon import lexicon

    lex = lexicon(())
    frequent = [lex.indexed.restore_key(key) for key, count in enumerate(lex.frequency.counts) if count >= 20000]
    assert osa_distance("ab", "ba") == 1 and osa_distance("kitten", "sitting") == 3 and osa_distance("ca", "abc") == 3
    assert lex.two_edits("tommorow", 20000)[0] == "tomorrow"
    for typo in ("neccesary", "tommorow", "hosptal", "medcine", "lotter", "abuot", "aobut", "fmaliy", "xyzzy",
                 "informaton", "immunothrapy", "ciltacabtagene", "ab", "abc",
                 "hosiptla", "emergancy", "hospitle", "treatmnetss", "pateint"):  # two swaps, two replacements …
        expected = sorted((w for w in frequent if w.isascii() and w.isalpha() and w[0] == typo[0]
                           and osa_distance(typo, w) == 2),
                          key=lambda w: (-lex.frequency[w], w))
        assert lex.two_edits(typo, 20000) == expected


def test_one_edit_search_finds_what_editing_everywhere_finds():
    # neighbours() looks words up by the strings one deletion from the word, not by every edit
    # of it: it finds the words among pyspellchecker's one-edit candidates, as they rank them.
    from spellchecker import SpellChecker

    from medlint.lexicon import lexicon

    reference = SpellChecker(language="en", distance=1)
    common = reference.word_frequency.dictionary
    lex = lexicon(())
    for word in ("xancer", "cancex", "cancerz", "cancre", "ancer", "acner", "recieve", "teh", "dont", "zzzq",
                 "ciltacabtagene", "pembrolizumab", "immunothrapy", "chemoterapy", "a", "hospitalss", "cancer",
                 "naive", "cafe", "x" * 60):
        everywhere = sorted((w for w in reference.edit_distance_1(word) if w in common), key=lambda w: (-common[w], w))
        assert lex.neighbours(word) == everywhere, word


def test_within_two_deletions_is_one_deletion_twice():
    import itertools

    from medlint.lexicon import within_one_deletion, within_two_deletions

    words = ["", "a", "ab", "aab", "abba", "banana", "recieve", "aaaa"]
    words += ["".join(letters) for letters in itertools.product("abc", repeat=5)]
    for word in words:
        once = within_one_deletion(word)
        assert within_two_deletions(word) == once.union(*map(within_one_deletion, once)), word


def test_within_one_edit_is_distance_at_most_one():
    from medlint.lexicon import within_one_edit

    for a, b in edited_pairs(11, 2):
        assert within_one_edit(a, b) == within_one_edit(b, a) == (osa_distance(a, b) <= 1), (a, b)


def test_two_edits_apart_is_distance_two():
    from medlint.lexicon import two_edits_apart

    pairs = edited_pairs(12, 3)
    assert sum(osa_distance(a, b) == 2 for a, b in pairs) > 400  # the pairs try both answers often
    for a, b in pairs:
        assert two_edits_apart(a, b) == two_edits_apart(b, a) == (osa_distance(a, b) == 2), (a, b)


TYPOS = (("recive", "receive"), ("becuse", "because"), ("beleve", "believe"), ("hosptal", "hospital"),
         ("mediine", "medicine"), ("treament", "treatment"), ("sympoms", "symptoms"), ("appoitment", "appointment"),
         ("prescrption", "prescription"), ("pharacy", "pharmacy"), ("infetion", "infection"), ("vacine", "vaccine"),
         ("presure", "pressure"), ("diabtes", "diabetes"), ("kidey", "kidney"), ("stoach", "stomach"),
         ("headche", "headache"), ("allrgy", "allergy"), ("tabets", "tablets"), ("injetion", "injection"),
         ("sweling", "swelling"), ("recoery", "recovery"), ("exerise", "exercise"), ("weiht", "weight"),
         ("vitmin", "vitamin"), ("proein", "protein"), ("calium", "calcium"), ("mineals", "minerals"),
         ("musles", "muscles"), ("shouder", "shoulder"), ("tonue", "tongue"), ("eyerow", "eyebrow"),
         ("foreead", "forehead"), ("diarhea", "diarrhea"), ("symptons", "symptoms"), ("inhaller", "inhaler"))


@pytest.mark.parametrize("count", [3, len(TYPOS)])
def test_every_typo_of_a_page_is_found_however_many(run, tmp_path, count):
    # A page's few unknown words are looked for by searching its text; a page of many is read
    # word by word instead: both find every typo, each once, where it stands.
    from medlint.checks.spelling import FEW_RUNS

    assert len(TYPOS) > FEW_RUNS
    typos = TYPOS[:count]
    text = "".join(f"You should {typo} it (soon).\n\n" for typo, _ in typos)
    _, found = check(run, tmp_path, text, "p.md")
    assert [(f[1], f[2], f[4]) for f in found] == [(2 * n + 1, 12, fix) for n, (_, fix) in enumerate(typos)]


def test_a_typo_inside_a_longer_run_is_found_once(run, tmp_path):
    # "recive" is also found inside "(recive)" and "recived,": each place is reported once.
    _, found = check(run, tmp_path, "Please recive the form, sign (recive) and we recived, it.\n", "p.txt")
    assert [(f[2], f[4]) for f in found] == [(8, "receive"), (31, "receive"), (46, "received")]


def test_a_capitalised_typo_is_a_name_where_the_page_uses_it_mid_sentence(run, tmp_path):
    # Ten capitalised typos start sentences; two of them are also used mid-sentence (names):
    # those two pass, whether asked among the page's first few words or after many.
    from medlint.checks.spelling import PageNames

    typos = TYPOS[:10]
    assert len(typos) > PageNames.FEW_ASKED
    named = {typos[1][0].capitalize(), typos[9][0].capitalize()}
    text = "".join(f"{typo.capitalize()} your letter soon.\n\n" for typo, _ in typos)
    text += "".join(f"Ask the team at {name} about it.\n\n" for name in sorted(named))
    _, found = check(run, tmp_path, text, "p.md")
    assert [(f[1], f[2], f[4]) for f in found] == [
        (2 * n + 1, 1, fix.capitalize()) for n, (typo, fix) in enumerate(typos) if typo.capitalize() not in named]


RUNS = ["cancer", "cancer,", "(see", "“standard”", "cancer).", "isn’t", "’tis", "rock’n’", "'quoted'",
        "(1-800-422-6237)", "21", "-", "©2024", "Inlyta®)", "whole-genome", "issues.](/news/2019/genomic-data)",
        "x²y", "co-op’s", "naïve,", "Calmette-Guérin.", "½cup", "a'b’c", "''"]


@pytest.mark.parametrize("run", RUNS)
def test_the_words_of_a_run_are_its_letter_words(run):
    # A run's words are found without a regex when marks stand round one word: the same words.
    from medlint.analysis.words import LETTER_WORD
    from medlint.checks.spelling import words_of_runs

    assert words_of_runs({run}) == set(LETTER_WORD.findall(run))


def test_the_words_of_many_runs_are_all_their_letter_words():
    from medlint.analysis.words import LETTER_WORD
    from medlint.checks.spelling import words_of_runs

    assert words_of_runs(set(RUNS)) == set(LETTER_WORD.findall(" ".join(RUNS)))


@pytest.mark.parametrize("intro", ["a test called {}", "a test named {}", "what is known as {}",
                                   "a test known  as *{}"])
def test_a_word_the_page_introduces_passes_everywhere_on_it(run, tmp_path, intro):
    # "recieve" is reported, unless the page introduces it as a name; then not even elsewhere.
    alone = "You will recieve a letter.\n"
    assert [f[4] for f in check(run, tmp_path, alone, "p.txt")[1]] == ["receive"]
    introduced = intro.format("recieve") + ".\n\n" + alone
    assert check(run, tmp_path, introduced, "p.txt")[1] == []


def test_introduced_names_are_what_the_pattern_finds_in_each_block():
    # Tried only where "called", "named" or "known" stands, the pattern finds what a search
    # through each block finds: no word glued before it, and not inside a match before.
    from types import SimpleNamespace

    from medlint.checks.spelling import INTRODUCED, introduced_names

    texts = ["a gene called WNT and one named Sonic, known as SHH", "a thing called named as x",
             "recalled Foo, renamed Bar, unknown as Baz", "called   Alpha named\nBeta", "known\tas gamma known",
             "nothing here", "called called Delta"]
    document = SimpleNamespace(blocks=[SimpleNamespace(text=text) for text in texts])
    expected = {m[1].lower() for text in texts for m in INTRODUCED.finditer(text)}
    assert introduced_names(document) == expected
    assert {"wnt", "sonic", "shh", "named", "alpha", "beta", "gamma", "called"} == expected


def test_a_listed_misspelling_the_lexicon_knows_is_reported_however_written(run, tmp_path):
    # "virous" is a word of SCOWL's, but the pack lists it as a misspelling of "virus": a word
    # the lexicon knows passes (in lower case or capitalised) unless it is listed.
    text = "The virous spreads fast.\n\nVirous particles spread fast.\n\nThe Cancer team and the clinic help.\n"
    _, found = check(run, tmp_path, text, "p.md")
    assert [(f[1], f[2], f[4]) for f in found] == [(1, 5, "virus"), (3, 1, "Virus")]
