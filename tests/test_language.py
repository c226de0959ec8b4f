"""Documents' language (issue 9, part 5): detection, the load report and the analyses' warning."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from analysis.corpus import load_corpus, load_report
from analysis.errors import CorpusWarning
from analysis.language import (
    _MACRO,
    LanguageWarning,
    _classify_chunk,
    _get_model,
    check_language,
    detect_languages,
)
from analysis.tokens import tokens

NEWS = {
    "en": "Russian President Vladimir Putin met his Turkish counterpart in Sochi on Monday "
    "to discuss the situation in the Syrian province of Idlib.",
    "ru": "Президент России Владимир Путин в понедельник встретился в Сочи с турецким "
    "коллегой, чтобы обсудить ситуацию в сирийской провинции Идлиб.",
    "ar": "التقى الرئيس الروسي فلاديمير بوتين نظيره التركي في سوتشي يوم الاثنين لبحث الوضع "
    "في محافظة إدلب السورية.",
    "fr": "Le président russe Vladimir Poutine a rencontré lundi son homologue turc à Sotchi "
    "pour discuter de la situation dans la province syrienne d'Idleb.",
    "de": "Der russische Präsident Wladimir Putin hat sich am Montag in Sotschi mit seinem "
    "türkischen Amtskollegen getroffen, um über die Lage in Idlib zu sprechen.",
    "es": "El presidente ruso, Vladímir Putin, se reunió el lunes en Sochi con su homólogo "
    "turco para hablar de la situación en la provincia siria de Idlib.",
    "tr": "Rusya Devlet Başkanı Vladimir Putin, pazartesi günü Soçi'de Türk mevkidaşıyla "
    "bir araya gelerek Suriye'nin İdlib vilayetindeki durumu görüştü.",
}

# made-up words (as some tests' synthetic corpora) and a short headline
GIBBERISH = " ".join(f"w{j}" for j in (12, 3, 45, 7, 101, 3, 12, 9, 250, 31) * 5)
HEADLINE = "Short headline: Putin meets Erdogan in Sochi to talk about Syria"


def test_detects_the_language_of_short_news_texts():
    got = detect_languages(list(NEWS.values()))
    assert got.tolist() == list(NEWS)


def test_same_labels_as_py3langid_itself(seeds):
    # the vectorised walk must give what the library's own classify gives, text by text
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    texts = [*NEWS.values(), *seeds["text"], "ПУТИН ВСТРЕТИЛСЯ С ЭРДОГАНОМ В СОЧИ И ОБСУДИЛ СИРИЮ."]
    expected = [_MACRO.get(c, c) for c, _ in (identifier.classify(t[:300]) for t in texts)]
    assert detect_languages(texts, max_chars=300).tolist() == expected
    expected = [_MACRO.get(c, c) for c, _ in (identifier.classify(t[:1000]) for t in texts)]
    assert detect_languages(texts).tolist() == expected


def test_confidence_is_py3langids_normalised_probability(seeds):
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    texts = [*NEWS.values(), *(t[:1000] for t in seeds["text"]), GIBBERISH, HEADLINE]
    labels, confidence = _classify_chunk(_get_model(), texts)
    assert labels.tolist() == [_MACRO.get(c, c) for c, _ in map(identifier.classify, texts)]
    # regional varieties count for their macrolanguage: Arabic's p adds up ar, arz and ary
    expected = [
        sum(p for code, p in identifier.rank(t) if _MACRO.get(code, code) == label)
        for t, label in zip(texts, labels, strict=True)
    ]
    assert confidence == pytest.approx(expected, abs=1e-4)


def test_texts_without_a_confident_label_are_undetermined():
    # py3langid: GIBBERISH is 'qu' at p = 0.057, HEADLINE 'en' at p = 0.596
    assert detect_languages([GIBBERISH, HEADLINE]).tolist() == ["und", "en"]
    assert detect_languages([GIBBERISH, HEADLINE], min_confidence=0.0).tolist() == ["qu", "en"]
    assert detect_languages([GIBBERISH, HEADLINE], min_confidence=0.6).tolist() == ["und", "und"]
    with pytest.raises(ValueError, match="min_confidence must be between 0.0 and 1.0"):
        detect_languages([HEADLINE], min_confidence=1.5)


def test_too_short_texts_are_undetermined():
    texts = ["Putin.", "", "12 345 678 -- 2019", "Short headline: Putin meets Erdogan", NEWS["ru"]]
    assert detect_languages(texts).tolist() == ["und", "und", "und", "und", "ru"]
    with pytest.raises(ValueError, match="max_chars must be >= 1, not 0"):
        detect_languages(texts, max_chars=0)


def test_detection_is_deterministic():
    texts = list(NEWS.values()) * 3
    assert detect_languages(texts).tolist() == detect_languages(texts[::-1]).tolist()[::-1]


def test_load_stores_the_language_and_reports_documents_not_in_english(write_files):
    folder = write_files(
        {"en.txt": NEWS["en"], "ru.txt": NEWS["ru"], "ar.txt": NEWS["ar"], "x.txt": "Putin."}
    )
    with pytest.warns(CorpusWarning, match=r"documents not in English .*, 2: ar \(detected ar"):
        corpus = load_corpus(folder)
    assert corpus["language"].tolist() == ["ar", "en", "ru", "und"]
    report = load_report(corpus)
    rows = report[report["action"] == "language"]
    assert list(zip(rows["item"], rows["problem"], strict=True)) == [
        ("ar", "detected ar, not English"),
        ("ru", "detected ru, not English"),
    ]


def test_analyses_warn_once_per_corpus(write_files):
    from analysis.frequencies import term_frequencies

    folder = write_files(
        {"en.txt": NEWS["en"], "en2.txt": NEWS["en"] + " Talks went on.", "ru.txt": NEWS["ru"]},
        folder="mixed_once",
    )
    with pytest.warns(CorpusWarning):
        corpus = load_corpus(folder)
    with pytest.warns(LanguageWarning) as record:
        toks = tokens(corpus)
    assert len(record) == 1
    assert "but 1 of 3 documents are in other languages (ru 1)" in str(record[0].message)
    # the same corpus again, through tokens() or an analysis: no second warning
    with warnings.catch_warnings():
        warnings.simplefilter("error", LanguageWarning)
        tokens(corpus)
        term_frequencies(corpus)
        term_frequencies(toks)


def test_english_corpus_gives_no_warning(seeds):
    with warnings.catch_warnings():
        warnings.simplefilter("error", LanguageWarning)
        tokens(seeds)
    assert seeds["language"].eq("en").all()


def test_check_language_detects_when_the_frame_has_no_language_column():
    frame = pd.DataFrame(
        {"doc_id": ["a", "b", "c", "d"], "text": [NEWS["en"], NEWS["fr"], NEWS["de"], NEWS["fr"]]}
    )
    with pytest.warns(LanguageWarning) as record:
        flags = check_language(frame, "Keyness with English stop words")
    assert flags.tolist() == [False, True, True, True]
    assert str(record[0].message).startswith(
        "Keyness with English stop words supports only en, but 3 of 4 documents are in other "
        "languages (fr 2, de 1)"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", LanguageWarning)
        again = check_language(frame, "Keyness with English stop words")
        assert again.tolist() == flags.tolist()
        assert not check_language(frame, "A French and German analysis", ("en", "fr", "de")).any()
