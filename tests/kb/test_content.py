"""The shipped pack's content: codes, sources, coverage of the brief and the source articles."""

from __future__ import annotations

from anklecheck.kb import KnowledgePack, TriageLevel
from anklecheck.kb.codes import icd10_problems

# The 49 conditions of the clinical fact brief, section 7.
BRIEF_CONDITIONS = [
    "lateral_ankle_sprain",
    "chronic_ankle_instability",
    "high_ankle_sprain",
    "ankle_fracture",
    "fifth_metatarsal_fracture",
    "achilles_rupture",
    "acute_compartment_syndrome",
    "footwear_overload",
    "doms",
    "achilles_tendinopathy",
    "stress_fracture",
    "mtss",
    "cecs",
    "peroneal_tendon",
    "pttd",
    "plantar_fasciitis",
    "retrocalcaneal_bursitis",
    "anterior_impingement",
    "posterior_impingement",
    "osteochondral_lesion_talus",
    "sinus_tarsi_syndrome",
    "severs_disease",
    "fluoroquinolone_tendinopathy",
    "ankle_osteoarthritis",
    "rheumatoid_arthritis",
    "gout",
    "pseudogout",
    "reactive_arthritis",
    "septic_arthritis",
    "tarsal_tunnel_syndrome",
    "mortons_neuroma",
    "superficial_peroneal_entrapment",
    "sural_nerve_entrapment",
    "lumbar_radiculopathy",
    "dvt",
    "cellulitis",
    "acute_limb_ischaemia",
    "irritant_contact_dermatitis",
    "allergic_contact_dermatitis",
    "miliaria",
    "eczema_flare",
    "exercise_induced_vasculitis",
    "exertional_petechiae",
    "cholinergic_urticaria",
    "exercise_induced_anaphylaxis",
    "tinea_pedis",
    "insect_bites",
    "friction_blisters",
    "stasis_dermatitis",
]


def test_every_brief_condition_is_in_the_pack(pack: KnowledgePack) -> None:
    assert sorted(set(BRIEF_CONDITIONS) - set(pack.conditions)) == []


def test_every_icd10_code_is_in_the_official_list(pack: KnowledgePack) -> None:
    assert icd10_problems(pack) == []


def test_both_source_articles_are_cited(pack: KnowledgePack) -> None:
    cited = {s for c in pack.conditions.values() for s in c.sources}
    cited |= {s for t in pack.topics.values() for item in t.items for s in item.source}
    assert {"seed_sore_ankles", "seed_red_spots"} <= cited
    titles = {pack.sources["seed_sore_ankles"].title, pack.sources["seed_red_spots"].title}
    assert titles == {
        "4 Common Causes of Sore Ankles After Cardio Exercise",
        "Red Spots on the Ankles After Exercising",
    }


def test_conflicts_with_the_source_articles_are_resolved_in_the_pack(pack: KnowledgePack) -> None:
    conflicts = " ".join(f"{c.question} {c.we_advise}".lower() for t in pack.topics.values() for c in t.conflicts)
    for subject in ("cotton", "antihistamine", "ice"):
        assert subject in conflicts, subject


def test_seventy_two_hour_rule_is_a_duration_rule(pack: KnowledgePack) -> None:
    duration = [r.rule for r in pack.rules if r.rule.kind == "duration"]
    assert any("seed_sore_ankles" in r.source and r.level == TriageLevel.consultation for r in duration)


def test_urgent_conditions_have_safety_advice_not_only_a_home_plan(pack: KnowledgePack) -> None:
    missing = [
        c.id for c in pack.conditions.values() if c.triage.level >= TriageLevel.consultation_24 and not c.while_you_wait
    ]
    assert missing == []


def test_findings_have_questions_phrases_and_leaks(pack: KnowledgePack) -> None:
    thin = [f.id for f in pack.findings.values() if len(f.phrases) < 3]
    assert thin == []


def test_dangerous_conditions_are_urgent_from_a_low_probability(pack: KnowledgePack) -> None:
    for condition in pack.conditions.values():
        if condition.triage.level >= TriageLevel.consultation_24:
            urgent = [s.threshold for s in condition.triage.steps if s.level >= TriageLevel.consultation_24]
            assert min(urgent) <= 0.2, condition.id
