"""The free-text intake on sentences whose reading is not in doubt (the intake set measures the rest)."""

from __future__ import annotations

import pytest

from anklecheck import Checker, InvalidInputError
from anklecheck.intake import ParseResult


def read(checker: Checker, text: str) -> dict[str, bool]:
    return {e.id: bool(e.present) for e in checker.parse(text).evidence}


def status(result: ParseResult, finding: str) -> str | None:
    return next((m.status for m in result.mentions if m.finding == finding), None)


def test_a_plain_statement_is_evidence_with_its_span(checker: Checker) -> None:
    result = checker.parse("Rolled my ankle playing netball and heard a crack")
    found = {e.id: e for e in result.evidence}
    assert found["injury_rolled_ankle"].present is True
    assert found["heard_crack"].text == "heard a crack"
    start, end = found["heard_crack"].span  # type: ignore[misc]
    assert result.text[start:end] == "heard a crack"


def test_negation_and_but_ending_it(checker: Checker) -> None:
    evidence = read(checker, "No numbness but it is really bruised")
    assert evidence["numbness_tingling"] is False
    assert evidence["bruising"] is True


def test_a_new_clause_ends_a_negation(checker: Checker) -> None:
    evidence = read(checker, "I can't move it, and I've had a fever.")
    assert evidence["fever"] is True


def test_a_negation_of_degree_is_still_there(checker: Checker) -> None:
    assert read(checker, "it honestly doesnt hurt that much")["complaint_pain"] is True
    assert read(checker, "not much bruising but no swelling") == {"bruising": True, "swelling_ankle": False}


def test_a_clause_after_a_comma_starts_afresh(checker: Checker) -> None:
    evidence = read(checker, "The pain isn't at the ankle, it's on the outside edge of my foot.")
    assert evidence["pain_outer_midfoot"] is True
    assert read(checker, "The outer foot (not the ankle) is bruised.")["bruising"] is True


def test_comparatives_match_their_base_word(checker: Checker) -> None:
    assert read(checker, "This week my ankle got hotter, redder and more swollen.")["joint_hot_red_swollen"] is True


def test_a_symptom_belongs_to_the_body_part_named_nearest(checker: Checker) -> None:
    assert read(checker, "Overnight it went red, hot and swollen.")["joint_hot_red_swollen"] is True
    on_the_shin = read(checker, "There is a red, hot and swollen patch on my shin.")
    assert "joint_hot_red_swollen" not in on_the_shin


def test_a_phrase_read_wide_does_not_borrow_a_far_negation(checker: Checker) -> None:
    result = checker.parse("The spots are not itchy, and they don't fade with a glass.")
    assert status(result, "itch") == "absent"
    assert status(result, "rash_does_not_fade_under_glass") == "present"


def test_a_phrase_holding_its_own_negation_is_not_negated_again(checker: Checker) -> None:
    result = checker.parse("Spots on ankles. Not raised, not itchy, don't fade with a glass.")
    assert status(result, "itch") == "absent"
    assert status(result, "rash_does_not_fade_under_glass") == "present"


def test_a_word_beside_a_hedged_phrase_is_not_part_of_it(checker: Checker) -> None:
    evidence = read(checker, "Right calf aching and maybe a little puffier than the left")
    assert evidence.get("complaint_pain") is True
    assert "leg_swelling_one_side" not in evidence


def test_cant_do_without_pain_is_pain(checker: Checker) -> None:
    assert read(checker, "Had physio, still can't run without it aching at the front")["complaint_pain"] is True


def test_a_symptom_denied_at_a_place_is_denied_there_only(checker: Checker) -> None:
    evidence = read(checker, "Ankle swollen after a long flight, no pain in my calfs, no redness")
    assert evidence.get("pain_calf") is False
    assert "complaint_pain" not in evidence
    assert read(checker, "no pain, no swelling")["complaint_pain"] is False


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Rolled my ankle off a kerb. The outside of it is puffy and sore.", "pain_outer_ankle"),
        ("Went over on my ankle on the stairs and it's sore on the inside", "pain_inner_ankle"),
        ("My heel hurts at the back after runs", "pain_back_of_heel"),
        ("Rolled my ankle on a root. No bruise, and it hurts on the outside when I walk.", "pain_outer_ankle"),
        ("My ankle is sore on the outside, no swelling on the inside", "pain_outer_ankle"),
    ],
)
def test_a_side_on_its_own_is_of_the_part_named_before_it(checker: Checker, text: str, place: str) -> None:
    assert read(checker, text).get(place) is True


def test_a_side_is_not_a_preposition(checker: Checker) -> None:
    assert "pain_top_of_foot" not in read(checker, "My foot aches when I stand in front of the class")


def test_a_hedge_ends_at_a_question_mark(checker: Checker) -> None:
    evidence = read(checker, "i think my arch might be flatter than it used to be? my arch aches after long walks")
    assert evidence.get("pain_arch") is True


def test_one_phrase_may_say_two_complaints(checker: Checker) -> None:
    evidence = read(checker, "burning pain in the bottom of my foot at night")
    assert evidence.get("complaint_pain") is True
    assert evidence.get("numbness_tingling") is True


def test_maybe_after_a_finding_hedges_it(checker: Checker) -> None:
    result = checker.parse("No bruise at all, bit puffy maybe, and it hurts when I walk.")
    assert status(result, "swelling_ankle") == "uncertain"
    assert status(result, "bruising") == "absent"


@pytest.mark.parametrize("text", ["I've had lower back pain for years", "chest pain when I run", "tummy ache"])
def test_pain_elsewhere_in_the_body_is_not_leg_pain(checker: Checker, text: str) -> None:
    assert "complaint_pain" not in read(checker, text)


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("Lateral malleolus non-tender.", "tender_outer_ankle_bone"),
        ("The Achilles tendon is neither thickened nor tender.", "achilles_tender_thickened"),
        ("Nil bruising.", "bruising"),
        ("Swelling absent.", "swelling_ankle"),
    ],
)
def test_clinicians_negations(checker: Checker, text: str, finding: str) -> None:
    assert read(checker, text)[finding] is False


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("I'm not running a temperature", "fever"),  # a denying phrase's "not" negates the rest too
        ("Not painful, no fever, feel well otherwise", "feeling_very_unwell"),  # no double negation
        ("No temp, feel normal.", "fever"),
    ],
)
def test_a_denying_phrase_denies_whatever_stands_before_it(checker: Checker, text: str, finding: str) -> None:
    assert read(checker, text)[finding] is False


@pytest.mark.parametrize(
    ("text", "stepped_up"),
    [
        ("After going from 20 to 40 miles a week my lower shin hurts", True),
        ("went from 3 runs a week to 6 in the last month, now my ankle aches", True),
        ("cut down from 5 runs a week to 3 and my shin still hurts", None),
        ("my shin hurts from 2 to 3 hours after a run", None),  # hours after a run, not training
    ],
)
def test_training_stepped_up_in_numbers(checker: Checker, text: str, stepped_up: bool | None) -> None:
    assert read(checker, text).get("training_increase") is stepped_up


@pytest.mark.parametrize(
    ("text", "worse"),
    [
        ("tingling and burning in my sole after standing all day, worse at night", True),
        ("burning and paraesthesia in the sole, worse after prolonged standing and at night", True),
        ("tingling in my toes. I stand at work.", None),
    ],
)
def test_nerve_symptoms_said_with_when_they_are_worse(checker: Checker, text: str, worse: bool | None) -> None:
    assert read(checker, text).get("burning_worse_standing_or_night") is worse


@pytest.mark.parametrize("text", ["Can still hop on it and there was no pop or anything.", "He did not hear a pop."])
def test_no_pop_said_in_passing(checker: Checker, text: str) -> None:
    assert read(checker, text)["felt_pop_or_snap"] is False


def test_a_certainty_word_ends_a_hedge(checker: Checker) -> None:
    result = checker.parse("Might be a bit of bruising on the inner side, ankle's definitely swollen though")
    assert status(result, "swelling_ankle") == "present"


def test_later_is_not_lateral(checker: Checker) -> None:
    assert "pain_outer_ankle" not in read(checker, "my ankle hurt two days later")
    assert read(checker, "lateral ankle pain")["pain_outer_ankle"] is True


@pytest.mark.parametrize(
    ("text", "delayed"),
    [
        ("Ran through poison ivy on a trail run, two days later I've got lines of little blisters", True),
        ("an itchy, red, scaly eruption on both feet 2 days after starting to wear new trainers", True),
        ("my ankle hurt two days later", None),  # no rash
    ],
)
def test_a_rash_days_after_a_contact(checker: Checker, text: str, delayed: bool | None) -> None:
    assert read(checker, text).get("rash_appeared_1_to_3_days_after_contact") is delayed


@pytest.mark.parametrize(
    ("text", "at_rest"),
    [
        ("my foot went white and cold, it's agony even sitting still", True),
        ("burning pain in the bottom of my foot at night", True),
        ("my heel hurts at the start of a run", None),
    ],
)
def test_pain_said_with_rest_or_night(checker: Checker, text: str, at_rest: bool | None) -> None:
    assert read(checker, text).get("pain_at_rest_or_night") is at_rest


@pytest.mark.parametrize(
    ("text", "trunk"),
    [
        ("Witnesses describe hives over her trunk, arms and legs", True),
        ("tiny purple dots on his legs and tummy", True),
        ("my arms ache from the gym and my ankle is sore", None),  # no rash
    ],
)
def test_a_rash_said_with_the_trunk_or_arms(checker: Checker, text: str, trunk: bool | None) -> None:
    assert read(checker, text).get("rash_on_trunk_or_arms") is trunk


def test_if_reaches_its_condition_only(checker: Checker) -> None:
    evidence = read(checker, "the bone is agony if I press it and it hurts to walk")
    assert evidence.get("pain_on_weight_bearing") is True
    assert "swelling_ankle" not in read(checker, "I'll ice it if it swells up")


def test_a_cue_inside_the_phrase_is_not_a_negation(checker: Checker) -> None:
    assert read(checker, "I can't walk on it at all")["unable_to_bear_weight"] is True


def test_someone_else_and_maybe_are_reported_but_not_evidence(checker: Checker) -> None:
    result = checker.parse("My dad has gout. Maybe a bit bruised.")
    assert status(result, "history_of_gout") == "other_person"
    assert status(result, "bruising") == "uncertain"
    assert {e.id for e in result.evidence}.isdisjoint({"history_of_gout", "bruising"})


def test_durations_age_and_sex(checker: Checker) -> None:
    result = checker.parse("My heel has hurt for 5 days. I'm a 45 year old woman.")
    evidence = {e.id: e.present for e in result.evidence}
    assert evidence["duration_over_72h"] is True
    assert evidence["duration_over_2_weeks"] is False
    assert (result.age, result.sex) == (45, "female")
    assert checker.parse("45F, sore ankle for two weeks").age == 45


def test_a_case_report_age_is_read_and_its_words_are_no_phrase(checker: Checker) -> None:
    result = checker.parse("A 31-year-old male trail runner presented with ankle pain.")
    assert (result.age, result.sex) == (31, "male")
    assert "old_worn_shoes" not in {e.id for e in result.evidence}  # no "old ... runners" (shoes)


def test_misspellings_still_match(checker: Checker) -> None:
    assert read(checker, "rolled my ankel and its brusied")["bruising"] is True


def test_a_real_word_one_letter_from_a_phrase_word_is_not_a_misspelling(checker: Checker) -> None:
    assert "skin_break_entry" not in read(checker, "Sprinter, 19. My foot aches when I sprint.")
    assert "skin_break_entry" in read(checker, "I had a splinter in my foot last week")


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("For a couple of months I've had an ache", {"duration_over_6_weeks": True}),
        (
            "The rash has been there two and a half weeks",
            {"duration_over_2_weeks": True, "duration_over_6_weeks": False},
        ),
        ("My ankle has been sore for a few days", {"duration_over_2_weeks": False}),  # maybe over 72 hours
        ("Played 18 holes yesterday and now both lower legs have a blotchy rash", {"duration_over_72h": False}),
        ("He had noticed a painful, swollen right calf 2 days earlier", {"duration_over_72h": False}),
        ("Woke at 3am with my big toe joint red, hot and swollen", {"duration_over_72h": False}),
        ("A volleyball player was seen 1 hour after inverting her ankle", {"duration_over_72h": False}),
        ("A 50-year-old woman describes 5 months of burning forefoot pain", {"duration_over_6_weeks": True}),
        ("posterior ankle pain when she rises onto pointe, present for 2 months", {"duration_over_6_weeks": True}),
        ("White, macerated skin between the toes. Duration 2 months.", {"duration_over_6_weeks": True}),
        ("Heel pain of 4 months' duration", {"duration_over_6_weeks": True}),
        (
            "A runner with a 3-week history of pain over the inner shin",
            {"duration_over_2_weeks": True, "duration_over_6_weeks": False},
        ),  # a case report's wording
        ("It has ached on and off going back years", {"duration_over_6_weeks": True}),
    ],
)
def test_durations_said_in_words(checker: Checker, text: str, days: dict[str, bool]) -> None:
    assert days.items() <= read(checker, text).items()


def test_a_lower_bound_sets_no_upper_one(checker: Checker) -> None:
    evidence = read(checker, "blisters between my toes, really itchy, been over a fortnight now")
    assert evidence.get("duration_over_2_weeks") is True
    assert "duration_over_6_weeks" not in evidence


def test_cannot_is_cant(checker: Checker) -> None:
    assert read(checker, "Severe pain, I cannot take even two steps on it")["unable_to_bear_weight"] is True


@pytest.mark.parametrize(
    ("text", "sudden"),
    [
        ("Rolled my ankle stepping off a kerb last night, it's puffy", True),
        ("My ankle aches deep inside. Had a bad sprain 6 months ago.", None),  # that injury is long past
        ("Felt a pop in my calf at tennis", True),
        ("I rolled it months ago and it has ached since, on and off for 3 months", None),  # long ago
        ("I sprained my ankle last year; now my heel is sore", None),  # history, not this problem
        ("It came on gradually after I went over on it", None),  # the text says how it began
        ("No injury, my heel just started hurting", None),
    ],
)
def test_an_injury_told_now_is_a_sudden_start(checker: Checker, text: str, sudden: bool | None) -> None:
    assert read(checker, text).get("sudden_onset") is sudden


def test_what_matched_nothing_is_reported(checker: Checker) -> None:
    result = checker.parse("My heel hurts. The weather was lovely.")
    assert "The weather was lovely" in result.unmatched


@pytest.mark.parametrize("text", ["", "   ", "<b></b>", "\x00\x01"])
def test_empty_text_is_a_clear_error(checker: Checker, text: str) -> None:
    with pytest.raises(InvalidInputError, match="empty"):
        checker.parse(text)


def test_oversized_text_is_a_clear_error(checker: Checker) -> None:
    with pytest.raises(InvalidInputError, match="10,000"):
        checker.parse("my ankle hurts " * 1000)


@pytest.mark.parametrize(
    "text", ["🦶😭🏃‍♀️", "<script>alert('x')</script> sore heel", "ankle\u202e hurts", "''; DROP TABLE x;--", "ø" * 500]
)
def test_odd_input_gives_a_result_not_a_crash(checker: Checker, text: str) -> None:
    assert isinstance(checker.parse(text), ParseResult)


def test_text_that_is_not_english_says_so(checker: Checker) -> None:
    assert checker.parse("me duele mucho el tobillo desde ayer").notes
    assert checker.parse("踝关节很痛").notes
    assert not checker.parse("my ankle hurts").notes


def test_assess_combines_text_with_explicit_answers(checker: Checker) -> None:
    result = checker.assess({"bruising": False}, text="rolled my ankle, it's bruised, I'm 30")
    evidence = {e.id: e for e in result.evidence}
    assert evidence["bruising"].present is False  # the explicit answer wins
    assert evidence["injury_rolled_ankle"].source == "text"
    assert result.age == 30


@pytest.mark.parametrize(
    ("text", "both"),
    [
        ("my shins ache along the inner edge when I run", True),
        ("tiny red spots on my legs after running in the heat", True),
        ("sore ankles and swollen feet", True),
        ("blisters on both my little toes from new boots", True),  # "both" before a part, singular or not
        ("Both calfs ache after spin class", True),
        ("tiny red dots all over my ankels after spin class", True),  # a slip of "ankles"
        ("my shin aches after runs", None),  # "aches" is a word, not a slip of "arches"
        ("Achilles sore again after hill reps", None),  # "achilles" alone is one tendon as often as two
        ("only one leg is swollen", False),
        ("I'm on my feet all day and my heel hurts", None),  # an idiom, not both feet
        ("no swelling in my ankles, my left calf is sore", None),  # the plural is of a denied symptom
    ],
)
def test_a_symptom_of_parts_in_the_plural_is_on_both_sides(checker: Checker, text: str, both: bool | None) -> None:
    assert {e.id: e.present for e in checker.parse(text).evidence}.get("pain_both_legs") is both


@pytest.mark.parametrize(
    ("text", "durations"),
    [
        ("Started couch to 5k three weeks ago and now my shins ache", {}),  # dates the programme
        ("had knee surgery 3 weeks ago, my calf is swollen", {}),
        ("My friend had a fever for a week after a tick bite. I have a bite on my calf.", {}),
        ("I sprained my ankle about three weeks ago playing tennis", {"duration_over_2_weeks": True}),
        ("My heel has hurt for 5 days since I got new shoes", {"duration_over_72h": True}),
        ("Spots on my shins. This lot has been there 2 days.", {"duration_over_72h": False}),
        ("Ball of my foot is agony after a 12 hour shift in narrow boots", {}),  # the shift's length
        ("Right calf swollen and painful after a 9-hour coach trip", {}),
        ("Stiff ankles every morning for well over an hour", {}),  # how long the stiffness lasts
        ("My shins itch, then welts come up about an hour later", {}),
        ("Saw the doctor today. My ankle is still swollen.", {}),  # "today" dates the visit
        ("Both Achilles began aching 5 days after starting levofloxacin", {}),  # how long until it began
        ("My calves are sore after hill running, it started the next morning", {}),  # after the run, not now
        ("My calf has been swollen for the past 6 hours", {"duration_over_72h": False}),
        ("The ankle started hurting 3 hours ago", {"duration_over_72h": False}),
        (
            "pain at the back of her ankle when she goes en pointe, has had it for about ten days",
            {"duration_over_72h": True, "duration_over_2_weeks": False},
        ),  # "had it": the problem's
        ("Scraped my shin on a box jump two days ago and now it's red", {"duration_over_72h": False}),
        ("Sore shins since I started skipping rope last week", {"duration_over_72h": True}),
        ("pain in my heel when i walk, its been over a month now", {"duration_over_2_weeks": True}),  # no upper bound
        ("I'm 38, been running about 3 years. My heel hurts.", {}),  # how long he has run
        ("Went to a trampoline park on Saturday. It's Tuesday now and my calves ache", {"duration_over_72h": False}),
    ],
)
def test_a_duration_counts_when_it_is_nearest_the_problem(
    checker: Checker, text: str, durations: dict[str, bool]
) -> None:
    evidence = {e.id: e.present for e in checker.parse(text).evidence}
    stated = {f: v for f, v in evidence.items() if f.startswith("duration_over_")}
    assert durations.items() <= stated.items()
    assert bool(stated) == bool(durations)


@pytest.mark.parametrize(
    ("text", "during"),
    [
        ("Frount of my ankle pinches when i squat deep", True),
        ("The back of my heel aches whenever I'm sprinting", True),
        ("Pain on the outside edge of my foot about halfway along when I run", True),
        ("My achilles aches after my runs", None),  # after, not during
        ("No pain when I run", False),  # said in so many words, denied
        ("I love to run. My heel hurts in the morning.", None),  # no cue joins them
        ("my calf cramped and hurt at mile 20 of the marathon", True),
        ("the top of my foot hurts 2 weeks into my new running plan", None),  # weeks, not minutes, in
    ],
)
def test_pain_said_with_an_activity_is_pain_during_exercise(checker: Checker, text: str, during: bool | None) -> None:
    assert read(checker, text).get("pain_during_activity") is during


@pytest.mark.parametrize(
    ("text", "weight"),
    [
        ("it hurts on the outside when I walk", True),
        ("my heel is agony to stand on first thing", True),
        ("my heel hurts. I walk to work.", None),
    ],
)
def test_pain_said_with_standing_or_walking_is_pain_on_weight_bearing(
    checker: Checker, text: str, weight: bool | None
) -> None:
    assert read(checker, text).get("pain_on_weight_bearing") is weight


def test_back_pain_is_read_word_for_word(checker: Checker) -> None:
    assert read(checker, "no back pain")["back_pain"] is False
    assert read(checker, "I don't have any back pain or numbness")["back_pain"] is False
    assert read(checker, "My lower back has been aching for weeks")["back_pain"] is True
    assert "back_pain" not in read(checker, "I have pain at the back of my heel")
    assert "back_pain" not in read(checker, "a bad pain at the back of my ankle, trouble getting back to running")


@pytest.mark.parametrize(
    "text",
    ["There is no h/o trauma.", "He denies any trauma, fever or prior episodes.", "No injury, it just started aching."],
)
def test_an_injury_denied_outright_denies_every_way_of_injuring_it(checker: Checker, text: str) -> None:
    evidence = read(checker, text)
    assert [evidence.get(f) for f in ("injury_rolled_ankle", "injury_foot_twisted_outward", "injury_fall_or_blow")] == [
        False,
        False,
        False,
    ]


def test_a_phrase_opening_with_a_negation_keeps_its_order(checker: Checker) -> None:
    evidence = read(checker, "It came on gradually, no sudden injury, no swelling.")
    assert evidence["swelling_ankle"] is False  # "injury, no" is no "no injury" that eats the next "no"
    assert evidence["sudden_onset"] is False  # the "no" of "no sudden injury" reaches "sudden"


@pytest.mark.parametrize(
    "text",
    [
        "I've sprained that ankle loads of times over the years.",
        "I've rolled my left ankle more times than I can count.",
        "following an inversion sprain in 2021 that was managed with RICE only",
        "Had a bad sprain on that side last year.",
    ],
)
def test_an_ankle_roll_told_as_one_of_many_or_long_ago_is_an_earlier_sprain(checker: Checker, text: str) -> None:
    evidence = read(checker, text)
    assert evidence.get("previous_ankle_sprain") is True
    assert "injury_rolled_ankle" not in evidence
    assert "sudden_onset" not in evidence


@pytest.mark.parametrize(
    ("text", "rolled"),
    [
        ("I rolled my ankle stepping off a kerb", True),
        ("my ankle rolled right over on the trail", True),
        ("I've always had flat feet and my ankles roll in", None),
    ],
)
def test_an_ankle_roll_is_told_in_its_order(checker: Checker, text: str, rolled: bool | None) -> None:
    assert read(checker, text).get("injury_rolled_ankle") is rolled


@pytest.mark.parametrize(
    ("text", "night_pain", "nerve_worse"),
    [
        ("tingling and numbness in both feet for 3 weeks, worse at night", None, True),
        ("my heel aches at night", True, None),
    ],
)
def test_worse_at_night_without_pain_is_the_nerve_symptom(
    checker: Checker, text: str, night_pain: bool | None, nerve_worse: bool | None
) -> None:
    evidence = read(checker, text)
    assert (evidence.get("pain_at_rest_or_night"), evidence.get("burning_worse_standing_or_night")) == (
        night_pain,
        nerve_worse,
    )


def test_no_pain_at_rest_denies_rest_pain(checker: Checker) -> None:
    assert read(checker, "She has no pain at rest and there is no swelling today.")["pain_at_rest_or_night"] is False


def test_a_place_needs_its_symptom_said_not_denied(checker: Checker) -> None:
    evidence = read(checker, "my heel really hurts when I walk and I don't have any numbness")
    assert evidence["numbness_tingling"] is False
    assert "tingling_sole_heel_arch" not in evidence


@pytest.mark.parametrize(
    ("text", "over_72h"),
    [
        (
            "presented with a 4-day history of a red, hot area on his shin, spreading past the line drawn yesterday",
            True,
        ),
        ("ball of my foot hurts after a night of salsa in new shoes", None),  # an outing, not a duration
    ],
)
def test_durations_of_the_problem_and_of_an_outing(checker: Checker, text: str, over_72h: bool | None) -> None:
    assert read(checker, text).get("duration_over_72h") is over_72h


def test_something_that_happened_before_is_recurrent(checker: Checker) -> None:
    assert read(checker, "The same thing has happened before after long walks.")["recurrent_episodes"] is True


@pytest.mark.parametrize(
    ("text", "settled"),
    [
        ("my heel has hurt for about two weeks", {"duration_over_72h": True}),
        ("my heel has hurt for two weeks", {"duration_over_72h": True, "duration_over_2_weeks": False}),
        ("my heel has hurt for about two months", {"duration_over_6_weeks": True}),
        ("sore shin for a few weeks", {"duration_over_2_weeks": True, "duration_over_6_weeks": False}),
    ],
)
def test_a_rough_length_settles_only_what_it_surely_says(checker: Checker, text: str, settled: dict[str, bool]) -> None:
    evidence = read(checker, text)
    assert {k: v for k, v in evidence.items() if k.startswith("duration_")} == settled


def test_a_capitalised_name_is_no_slip_of_a_phrase_word(checker: Checker) -> None:
    evidence = read(checker, "I'm 70, on a walking holiday in Spain, hot and humid, long days on foot.")
    assert "complaint_pain" not in evidence  # "Spain" is no misspelt "pain"
    assert read(checker, "Ankle swolen since yesterday")["swelling_ankle"] is True  # a slip still reads


def test_a_denial_negated_between_its_words_says_the_finding(checker: Checker) -> None:
    evidence = read(checker, "Tiny flat red dots on my shins. Pressed a glass on them and they didn't fade.")
    assert evidence["rash_does_not_fade_under_glass"] is True
    assert read(checker, "no temp, feel normal")["fever"] is False


def test_an_earlier_sprain_told_again_is_still_the_earlier_one(checker: Checker) -> None:
    evidence = read(
        checker, "I rolled my ankle badly about three months ago. The sprain is better but my foot is numb."
    )
    assert evidence["previous_ankle_sprain"] is True
    assert "injury_rolled_ankle" not in evidence


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("No new soaps or detergents.", "new_contact_product"),
        ("No history of ankle sprains.", "previous_ankle_sprain"),
        ("No previous history of DVT or clots.", "previous_dvt"),
    ],
)
def test_a_negation_running_into_its_phrase_still_negates(checker: Checker, text: str, finding: str) -> None:
    assert read(checker, text)[finding] is False


def test_a_negation_ending_its_clause_does_not_reach_on(checker: Checker) -> None:
    text = "I tried to take a few steps and couldn't, had to be carried off, and I still can't now."
    assert read(checker, text)["unable_to_bear_weight"] is True


def test_a_finding_of_its_own_inside_a_longer_phrase_is_that_phrase(checker: Checker) -> None:
    evidence = read(checker, "can't stand on tip toes on my right foot since my calf went twang")
    assert evidence["cannot_tiptoe_single_leg"] is True
    assert "unable_to_bear_weight" not in evidence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "No bony tenderness at the tip of either malleolus, the base of the fifth metatarsal or the navicular.",
            {
                "tender_outer_ankle_bone": False,
                "tender_inner_ankle_bone": False,
                "tender_fifth_metatarsal_base": False,
                "tender_navicular": False,
            },
        ),
        (
            "Tender at the tip of the medial malleolus; lateral malleolus non-tender.",
            {"tender_inner_ankle_bone": True, "tender_outer_ankle_bone": False},
        ),
        (
            "She is tender over the navicular but not over the base of the fifth metatarsal.",
            {"tender_navicular": True, "tender_fifth_metatarsal_base": False},
        ),
        ("There is tenderness along the peroneal tendons posterior to the lateral malleolus.", {}),
    ],
)
def test_tenderness_said_once_over_a_list_of_places(checker: Checker, text: str, expected: dict[str, bool]) -> None:
    evidence = read(checker, text)
    bones = ("tender_outer_ankle_bone", "tender_inner_ankle_bone", "tender_fifth_metatarsal_base", "tender_navicular")
    assert {k: v for k, v in evidence.items() if k in bones} == expected


def test_a_pasted_link_names_no_symptom(checker: Checker) -> None:
    assert read(checker, "https://www.example.com/photos/ankle_rash_123.jpg") == {}
    assert read(checker, "my ankle is swollen, see www.pics.com/ankle.jpg") == {"swelling_ankle": True}


def test_a_snap_felt_at_a_place_marks_the_place(checker: Checker) -> None:
    evidence = read(checker, "felt a snap at the back of my ankle playing squash, can't stand on tiptoe")
    assert evidence["pain_back_of_ankle"] is True
    assert "pain_outer_ankle" not in read(checker, "the outside of my ankle is bruised")  # a place alone is no symptom
