"""Write ``analysis/data/states.yaml``: every sovereign state, its names, demonyms, capital.

Run by hand when the list of states or their names change; the package never imports
this script or its data sources. The states are the UN members, the two UN observer
states (Palestine, the Holy See) and Kosovo and Taiwan, from ``country_converter``
(``country_data.tsv``: short and official names, UN membership); capitals, demonyms and
English official names come from ``countryinfo``. Both are pinned in
``scripts/requirements-generate.txt``::

    pip install --target /tmp/gen -r scripts/requirements-generate.txt
    PYTHONPATH=/tmp/gen python scripts/generate_states.py

What the packages get wrong for news text, or what would make an alias name two things
(*Georgia* the US state, *Victoria* the name, *Male* the word, the Congolese of two
Congos), is corrected in the tables below; every correction says why. The output is
plain YAML: ``actors.yaml`` includes it, and an actor listed in ``actors.yaml`` under
the same name replaces the generated entry (Russia, Syria, the United States ... are
hand-curated there).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

import country_converter
from countryinfo import CountryInfo

OUT = Path(__file__).resolve().parents[1] / "analysis" / "data" / "states.yaml"
EXTRA_ISO3 = {"PSE", "VAT", "XKX", "TWN"}  # observers, and states recognised by many

# canonical name used in news (and in actors.yaml) where the packages' short name differs
NAME = {
    "TUR": "Turkey",
    "COG": "Republic of the Congo",
    "COD": "Democratic Republic of the Congo",
    "BRN": "Brunei",
    "FSM": "Micronesia",
    "KNA": "Saint Kitts and Nevis",
    "LCA": "Saint Lucia",
    "VCT": "Saint Vincent and the Grenadines",
    "CPV": "Cape Verde",
    "CIV": "Ivory Coast",
    "TLS": "East Timor",
    "CZE": "Czech Republic",
    "SWZ": "Eswatini",
    "VAT": "Holy See",
    "GMB": "Gambia",
    "BHS": "Bahamas",
}
# aliases beyond the short and official names (former names, usual short forms)
ALIASES = {
    "TUR": ["Türkiye", "Turkish government"],
    "COD": ["Congo", "Congo-Kinshasa", "DR Congo", "DRC", "Democratic Republic of Congo"],
    "COG": ["Congo-Brazzaville", "Congo Republic"],
    "CPV": ["Cabo Verde"],
    "CIV": ["Côte d'Ivoire", "Cote d'Ivoire"],
    "TLS": ["Timor-Leste"],
    "CZE": ["Czechia"],
    "SWZ": ["Swaziland"],
    "MKD": ["Macedonia"],
    "MMR": ["Burma"],
    "VAT": ["Vatican", "Vatican City"],
    "GBR": ["Britain", "Great Britain", "U.K.", "UK", "United Kingdom"],
    "KOR": ["Republic of Korea", "South Korea"],
    "PRK": ["DPRK", "North Korea"],
    "ARE": ["UAE", "U.A.E.", "Emirates"],
    "NLD": ["Holland"],
    "PSE": ["State of Palestine"],
    "SAU": ["Saudi Arabia", "Saudi government"],
    "CHN": ["China", "Chinese government", "PRC"],
    "IRN": ["Islamic Republic of Iran"],
    "TWN": ["Taiwan"],
    "BIH": ["Bosnia", "Bosnia-Herzegovina"],
    "KGZ": ["Kyrgyz Republic"],
    "XKX": ["Kosovo"],
    "GRC": ["Greece", "Hellenic Republic"],
    "GEO": ["Republic of Georgia"],
}
# aliases left out: they name something else more often in this coverage
NOT_ALIASES = {
    "GEO": {"Georgia"},  # the US state; the country is "Republic of Georgia", Tbilisi
    "TWN": {"Republic of China"},  # one word away from the People's Republic
    "DMA": {"Commonwealth of Dominica"},
}
CAPITAL = {  # seat of government where the packages give another city or none
    "BOL": "La Paz",
    "SWZ": "Mbabane",
    "GRC": "Athens",
    "GBR": "London",
    "XKX": "Pristina",
    "PSE": "Ramallah",
    "USA": "Washington",
    "CHE": "Bern",
    "CIV": "Abidjan",
    "NLD": "The Hague",
    "LKA": "Colombo",
}
# capitals left out: another entry owns the word, or it is a common name or word
NO_CAPITAL = {
    "ISR",  # Jerusalem: contested; a place entry in actors.yaml
    "FIN",  # Helsinki: a place entry (summit venue) in actors.yaml
    "KAZ",  # Astana / Nur-Sultan: a place entry (Astana talks) in actors.yaml
    "SYC",  # Victoria
    "MDV",  # Malé folds to "Male"
    "GUY",  # Georgetown (Washington, the university)
    "COM",  # Moroni (a surname)
    "KIR",  # South Tarawa
    "SMR",  # City of San Marino
    "VAT",
    "JAM",  # Kingston (also in Ontario, London)
    "NZL",  # Wellington (a surname, a duke)
    "TON",
    "MHL",
}
DEMONYMS = {  # replace the package's demonyms (singular/adjective and plural)
    "ARG": ["Argentine", "Argentinean", "Argentines", "Argentinian", "Argentinians"],
    "ATG": ["Antiguan", "Antiguans", "Barbudan", "Barbudans"],
    "BIH": ["Bosnian", "Bosnians"],
    "CPV": ["Cape Verdean", "Cape Verdeans"],
    "COM": ["Comorian", "Comorians"],
    "ECU": ["Ecuadorean", "Ecuadoreans", "Ecuadorian", "Ecuadorians"],
    "ISL": ["Icelanders", "Icelandic"],
    "KGZ": ["Kyrgyz"],
    "TJK": ["Tajik", "Tajiks"],
    "MDV": ["Maldivian", "Maldivians"],
    "SUR": ["Surinamese"],
    "SAU": ["Saudi", "Saudi Arabian", "Saudi Arabians", "Saudis"],
    "DNK": ["Danes", "Danish"],
    "FIN": ["Finnish", "Finns"],
    "SWE": ["Swedes", "Swedish"],
    "POL": ["Poles", "Polish"],
    "ESP": ["Spaniards", "Spanish"],
    "TUR": ["Turkish", "Turks"],
    "GBR": ["British", "Britons"],
    "IRL": ["Irish"],
    "FRA": ["French", "Frenchman", "Frenchmen"],
    "NLD": ["Dutch"],
    "CHN": ["Chinese"],
    "JPN": ["Japanese"],
    "PHL": ["Filipino", "Filipinos", "Philippine"],
    "SVN": ["Slovene", "Slovenes", "Slovenian", "Slovenians"],
    "UZB": ["Uzbek", "Uzbeks", "Uzbekistani"],
    "KAZ": ["Kazakh", "Kazakhs", "Kazakhstani"],
    "CZE": ["Czech", "Czechs"],
    "SVK": ["Slovak", "Slovaks"],
    "HRV": ["Croatian", "Croatians", "Croats"],
    "SRB": ["Serb", "Serbian", "Serbians", "Serbs"],
    "GRC": ["Greek", "Greeks"],
    "ARE": ["Emirati", "Emiratis"],
    "NZL": ["New Zealander", "New Zealanders"],
    "LAO": ["Lao", "Laotian", "Laotians"],
    "NPL": ["Nepalese", "Nepali", "Nepalis"],
    "PSE": ["Palestinian", "Palestinians"],
    "XKX": ["Kosovar", "Kosovars"],
    "SOM": ["Somali", "Somalis"],
    "AFG": ["Afghan", "Afghans"],
    "THA": ["Thai", "Thais"],
    "VNM": ["Vietnamese"],
    "MMR": ["Burmese"],
    "TWN": ["Taiwanese"],
    "CHE": ["Swiss"],
    "PRT": ["Portuguese"],
    "LBN": ["Lebanese"],
    "SDN": ["Sudanese"],
    "SSD": ["South Sudanese"],
    "SEN": ["Senegalese"],
    "IRQ": ["Iraqi", "Iraqis"],
    "ISR": ["Israeli", "Israelis"],
    "KWT": ["Kuwaiti", "Kuwaitis"],
    "QAT": ["Qatari", "Qataris"],
    "YEM": ["Yemeni", "Yemenis"],
    "OMN": ["Omani", "Omanis"],
    "BHR": ["Bahraini", "Bahrainis"],
    "PAK": ["Pakistani", "Pakistanis"],
    "BGD": ["Bangladeshi", "Bangladeshis"],
    "ZAF": ["South African", "South Africans"],
    "KOR": ["South Korean", "South Koreans"],
    "PRK": ["North Korean", "North Koreans"],
    # both Congos are "Congolese", Dominica and the Dominican Republic both "Dominican":
    # left out for the smaller state
    "COG": [],
    "COD": [],
    "DMA": [],
    "BEN": ["Beninese"],
    "SWZ": ["Swazi", "Swazis"],
    "VAT": [],
}
_PLURAL_END = re.compile(r"(?:an|i)$")
_FORM_OF_STATE = re.compile(
    r"^(?:Republic|Kingdom|State|Federation|Commonwealth|Principality|Sultanate|Union|"
    r"Islamic|Federal|Democratic|People's|United|Grand|Independent|Plurinational|Bolivarian|"
    r"Socialist|Oriental|Hashemite|Arab|Co-operative|Swiss|Lao|Gabonese|Togolese|Hellenic|"
    r"Argentine|Portuguese|Italian|French|Lebanese|Slovak|Kyrgyz) "
)


def _ascii_letters(text: str) -> bool:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z .'-]*", folded)) and folded == text


def _sort_key(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def _states() -> list[dict]:
    table = Path(country_converter.__file__).with_name("country_data.tsv")
    with table.open(encoding="utf-8") as fh:
        rows = [
            r
            for r in csv.DictReader(fh, delimiter="\t")
            if r["UNmember"] or r["ISO3"] in EXTRA_ISO3
        ]
    out = []
    for r in rows:
        iso3 = r["ISO3"]
        try:
            info = CountryInfo(r["ISO2"]).info()
        except Exception:  # Greece, Kosovo, the UK are missing in countryinfo 1.0.1
            info = {}
        name = NAME.get(iso3, r["name_short"])
        aliases = {name, r["name_short"], *ALIASES.get(iso3, [])}
        official = [r["name_official"], *(info.get("altSpellings") or [])]
        aliases |= {a.strip() for a in official if a and _FORM_OF_STATE.match(a.strip())}
        kept = ALIASES.get(iso3, [])
        aliases = {a for a in aliases if "," not in a and (a.isascii() or a in kept)}
        aliases -= NOT_ALIASES.get(iso3, set())
        if iso3 in DEMONYMS:
            refs = set(DEMONYMS[iso3])
        else:
            refs = set()
            for d in (info.get("demonym") or "").split(","):
                d = d.strip()
                if d and _ascii_letters(d):
                    refs.add(d)
                    if _PLURAL_END.search(d):
                        refs.add(d + "s")
        capital = CAPITAL.get(iso3, info.get("capital"))
        if iso3 not in NO_CAPITAL and capital and capital not in aliases:
            capital = unicodedata.normalize("NFC", capital)
            if capital not in aliases:
                refs.add(capital)
        refs -= aliases
        out.append(
            {
                "name": name,
                "aliases": sorted(aliases, key=_sort_key),
                "references": sorted(refs, key=_sort_key),
            }
        )
    return sorted(out, key=lambda a: _sort_key(a["name"]))


def _flow(items: list[str]) -> str:
    def quote(x: str) -> str:
        return f'"{x}"' if re.search(r"[:#,\[\]{}&*!|>'\"%@`]", x) or x != x.strip() else x

    return "[" + ", ".join(quote(x) for x in items) + "]"


HEADER = """\
# Sovereign states: names, demonyms and capitals. GENERATED by scripts/generate_states.py
# from country_converter and countryinfo (pinned in scripts/requirements-generate.txt),
# with the hand corrections listed in that script. Do not edit here: change the script's
# tables and run it again, or list the state in actors.yaml (an entry there with the same
# name replaces the one below, as Russia, Syria, the United States... are).
#
# Fields as in actors.yaml. references (demonyms and capitals) count only with
# find_mentions(..., demonyms=True).

actors:
"""


def main() -> None:
    lines = [HEADER]
    for s in _states():
        lines.append(f"  - name: {s['name']}\n    type: state\n    affiliation: {s['name']}\n")
        lines.append(f"    aliases: {_flow(s['aliases'])}\n")
        if s["references"]:
            lines.append(f"    references: {_flow(s['references'])}\n")
        lines.append("\n")
    OUT.write_text("".join(lines).rstrip("\n") + "\n", encoding="utf-8")
    print(f"{OUT}: {len(_states())} states")


if __name__ == "__main__":
    main()
