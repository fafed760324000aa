use super::*;

fn scored(instrument: Instrument, answers: &[u8]) -> Scored {
    score(instrument, answers, Gender::Unknown).expect("valid answers")
}

/// Answers of `instrument` adding up to `total` (lowest values, then filled from the first item).
fn adding_up_to(instrument: Instrument, total: u32) -> Vec<u8> {
    let items = instrument.items();
    let mut answers: Vec<u8> = items.iter().map(Item::lowest).collect();
    let mut left = total - answers.iter().map(|&a| u32::from(a)).sum::<u32>();
    for (answer, item) in answers.iter_mut().zip(items) {
        let room = u32::from(item.highest() - *answer).min(left);
        *answer += room as u8;
        left -= room;
    }
    assert_eq!(left, 0, "{total} fits {}", instrument.label());
    answers
}

fn band_at(instrument: Instrument, total: u32) -> Band {
    scored(instrument, &adding_up_to(instrument, total)).band
}

#[test]
fn instruments_parse_in_any_case_and_read_as_published() {
    assert_eq!("PHQ9".parse::<Instrument>(), Ok(Instrument::Phq9));
    assert_eq!(" AuditC ".parse::<Instrument>(), Ok(Instrument::Auditc));
    assert_eq!(Instrument::Phq9.label(), "PHQ-9");
    assert_eq!(Instrument::Hrsn.as_str(), "hrsn");
    let error = "beck".parse::<Instrument>().expect_err("unknown");
    assert!(error.hint.contains("phq2, phq9, gad7, auditc, steadi, hrsn"), "{error:?}");
    let counts: Vec<usize> = Instrument::ALL.iter().map(|i| i.items().len()).collect();
    assert_eq!(counts, [2, 9, 7, 3, 12, 10]);
    assert_eq!(Instrument::Phq2.items()[1].wording, "Feeling down, depressed, or hopeless");
    assert_eq!(Instrument::Phq9.items()[8].words_of(3), Some("Nearly every day"));
    assert_eq!(Instrument::Hrsn.items()[6].words_of(4), Some("Fairly often"));
    for instrument in Instrument::ALL {
        for (index, item) in instrument.items().iter().enumerate() {
            assert_eq!(usize::from(item.number), index + 1);
            let values: Vec<u8> = item.answers.iter().map(|c| c.value).collect();
            let expected: Vec<u8> = (item.lowest()..=item.highest()).collect();
            assert_eq!(values, expected, "{} item {} has consecutive values", instrument.label(), item.number);
        }
    }
}

#[test]
fn phq2_is_positive_at_3() {
    assert_eq!(scored(Instrument::Phq2, &[1, 1]).band, Band::Negative);
    assert_eq!(scored(Instrument::Phq2, &[2, 1]), Scored { score: 3, band: Band::Positive, positives: vec![] });
    assert_eq!(scored(Instrument::Phq2, &[3, 3]).band, Band::Positive);
}

#[test]
fn phq9_bands_at_every_boundary() {
    let bands = [
        (0, Band::Minimal),
        (4, Band::Minimal),
        (5, Band::Mild),
        (9, Band::Mild),
        (10, Band::Moderate),
        (14, Band::Moderate),
        (15, Band::ModeratelySevere),
        (19, Band::ModeratelySevere),
        (20, Band::Severe),
        (27, Band::Severe),
    ];
    for (total, band) in bands {
        assert_eq!(band_at(Instrument::Phq9, total), band, "PHQ-9 {total}");
    }
}

#[test]
fn phq9_item9_is_flagged_whatever_the_total() {
    let low = scored(Instrument::Phq9, &[0, 0, 0, 0, 0, 0, 0, 0, 1]);
    assert_eq!((low.score, low.band, low.positives), (1, Band::Minimal, vec![Flag::Item9]));
    let high = scored(Instrument::Phq9, &[3, 3, 3, 3, 3, 3, 3, 3, 0]);
    assert_eq!((high.score, high.band, high.positives), (24, Band::Severe, vec![]));
}

#[test]
fn gad7_bands_at_every_boundary() {
    let bands = [
        (0, Band::Minimal),
        (4, Band::Minimal),
        (5, Band::Mild),
        (9, Band::Mild),
        (10, Band::Moderate),
        (14, Band::Moderate),
        (15, Band::Severe),
        (21, Band::Severe),
    ];
    for (total, band) in bands {
        assert_eq!(band_at(Instrument::Gad7, total), band, "GAD-7 {total}");
    }
}

#[test]
fn auditc_is_positive_at_4_and_at_3_for_women() {
    let at = |answers: &[u8], gender| score(Instrument::Auditc, answers, gender).expect("valid").band;
    for gender in [Gender::Male, Gender::Other, Gender::Unknown] {
        assert_eq!(at(&[1, 1, 1], gender), Band::Negative, "{gender}");
        assert_eq!(at(&[2, 1, 1], gender), Band::Positive, "{gender}");
    }
    assert_eq!(at(&[1, 1, 0], Gender::Female), Band::Negative);
    assert_eq!(at(&[1, 1, 1], Gender::Female), Band::Positive);
    assert_eq!(score(Instrument::Auditc, &[4, 4, 4], Gender::Male).expect("valid").score, 12);
}

#[test]
fn steadi_weighs_items_1_and_2_double_and_is_at_risk_at_4() {
    let steadi = |answers: [u8; 12]| scored(Instrument::Steadi, &answers);
    let three_light = steadi([0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!((three_light.score, three_light.band), (3, Band::NotAtRisk));
    let four_light = steadi([0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    assert_eq!((four_light.score, four_light.band), (4, Band::AtRisk));
    let fallen = steadi([1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!((fallen.score, fallen.band), (3, Band::NotAtRisk));
    let fallen_and_cane = steadi([1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!((fallen_and_cane.score, fallen_and_cane.band), (4, Band::AtRisk));
    assert_eq!(steadi([1; 12]).score, Instrument::Steadi.max_score());
}

/// HRSN answers with no need: steady housing, no problems, food never true,
/// no transport or utility trouble, and the four safety items as given.
fn hrsn(safety: [u8; 4]) -> Vec<u8> {
    let mut answers = vec![0, 0, 0, 0, 0, 0];
    answers.extend(safety);
    answers
}

#[test]
fn hrsn_safety_needs_a_sum_above_10_or_one_fairly_often() {
    assert_eq!(
        scored(Instrument::Hrsn, &hrsn([1, 1, 1, 1])),
        Scored { score: 0, band: Band::Negative, positives: vec![] }
    );
    assert_eq!(scored(Instrument::Hrsn, &hrsn([3, 3, 2, 2])).positives, vec![], "a sum of 10 is not positive");
    assert_eq!(scored(Instrument::Hrsn, &hrsn([3, 3, 3, 2])).positives, vec![Flag::Safety], "11 is");
    assert_eq!(scored(Instrument::Hrsn, &hrsn([1, 1, 4, 1])).positives, vec![Flag::Safety], "one fairly often");
    assert_eq!(scored(Instrument::Hrsn, &hrsn([5, 1, 1, 1])).positives, vec![Flag::Safety], "one frequently");
}

#[test]
fn hrsn_flags_each_need_by_its_items() {
    let needs = |changes: &[(usize, u8)]| {
        let mut answers = hrsn([1, 1, 1, 1]);
        for &(index, value) in changes {
            answers[index] = value;
        }
        scored(Instrument::Hrsn, &answers)
    };
    assert_eq!(needs(&[(0, 1)]).positives, vec![Flag::Housing], "worried about losing it");
    assert_eq!(needs(&[(0, 2)]).positives, vec![Flag::Housing], "no steady place");
    assert_eq!(needs(&[(1, 1)]).positives, vec![Flag::Housing], "a problem with the place");
    assert_eq!(needs(&[(2, 1)]).positives, vec![Flag::Food], "sometimes true");
    assert_eq!(needs(&[(3, 2)]).positives, vec![Flag::Food], "often true");
    assert_eq!(needs(&[(4, 1)]).positives, vec![Flag::Transport]);
    assert_eq!(needs(&[(5, 2)]).positives, vec![Flag::Utilities], "already shut off");
    let all = needs(&[(0, 2), (2, 2), (4, 1), (5, 1), (6, 5)]);
    assert_eq!(
        (all.score, all.band, all.positives),
        (5, Band::Positive, vec![Flag::Housing, Flag::Food, Flag::Transport, Flag::Utilities, Flag::Safety])
    );
}

#[test]
fn answers_out_of_range_are_refused_naming_the_item_and_its_range() {
    let error = score(Instrument::Phq9, &[0, 0, 4, 0, 0, 0, 0, 0, 0], Gender::Unknown).expect_err("4");
    assert_eq!(error.field, "answers");
    assert_eq!(error.message, "item 3 of the PHQ-9 allows 0 to 3, not 4");
    let error = score(Instrument::Hrsn, &hrsn([1, 0, 1, 1]), Gender::Unknown).expect_err("0");
    assert_eq!(error.message, "item 8 of the AHC HRSN allows 1 to 5, not 0");
    let error = score(Instrument::Steadi, &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2], Gender::Unknown).expect_err("2");
    assert_eq!(error.message, "item 12 of the STEADI allows 0 to 1, not 2");
}

#[test]
fn too_few_or_too_many_answers_are_refused() {
    let error = score(Instrument::Gad7, &[0; 6], Gender::Unknown).expect_err("six");
    assert_eq!(error.message, "the GAD-7 has 7 items, and 6 answers were given");
    assert!(error.hint.contains("7 numbers"), "{error:?}");
    let error = score(Instrument::Phq2, &[0, 0, 0], Gender::Unknown).expect_err("three");
    assert_eq!(error.message, "the PHQ-2 has 2 items, and 3 answers were given");
    assert!(score(Instrument::Auditc, &[], Gender::Female).is_err());
}

#[test]
fn answers_are_typed_as_numbers_separated_by_commas() {
    assert_eq!(parse_answers("0, 1,3"), Ok(vec![0, 1, 3]));
    assert_eq!(parse_answers("0,x").expect_err("x").message, "answer 2 is not a whole number from 0 to 9");
    assert!(parse_answers("0,,1").is_err());
    assert!(parse_answers("-1").is_err());
}

fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("instant")
}

#[test]
fn a_screening_is_scored_when_it_is_recorded() {
    let screening = Screening {
        client_id: 7,
        instrument: Instrument::Auditc,
        answers: vec![1, 1, 1],
        taken_at: at("2026-11-20T15:00:00Z"),
        mode: Mode::Phone,
    };
    let now = at("2026-11-23T15:00:00Z");
    let recorded = screening.clone().assess(Gender::Female, " casey ", now).expect("recorded");
    assert_eq!((recorded.score, recorded.band, recorded.administered_by.as_str()), (3, Band::Positive, "casey"));
    let later = Screening { taken_at: at("2026-11-24T15:00:00Z"), ..screening.clone() };
    assert_eq!(later.assess(Gender::Female, "casey", now).expect_err("future").field, "taken_at");
    assert_eq!(screening.assess(Gender::Male, "", now).expect_err("nobody").field, "administered_by");
}

#[test]
fn trends_follow_the_published_definitions() {
    assert_eq!(trend(Instrument::Phq9, &[18, 11, 7]), Some(Trend::Response));
    assert_eq!(trend_line(Instrument::Phq9, &[18, 11, 7]), "PHQ-9 18 → 11 → 7: response");
    assert_eq!(trend(Instrument::Phq9, &[18, 10]), Some(Trend::NoClearChange), "44% below is not a response");
    assert_eq!(trend(Instrument::Phq9, &[18, 9]), Some(Trend::Response), "exactly 50% below");
    assert_eq!(trend(Instrument::Phq9, &[12, 8, 4]), Some(Trend::Remission));
    assert_eq!(trend(Instrument::Phq9, &[12, 5]), Some(Trend::Response), "5 is not remission");
    assert_eq!(trend(Instrument::Phq9, &[6, 2]), Some(Trend::Response), "remission needs a baseline of 10");
    assert_eq!(trend(Instrument::Phq9, &[7, 9, 12]), Some(Trend::Worsening));
    assert_eq!(trend(Instrument::Phq9, &[7, 11]), Some(Trend::NoClearChange));
    assert_eq!(trend(Instrument::Gad7, &[16, 3]), Some(Trend::Remission));
    assert_eq!(trend(Instrument::Phq9, &[0, 0]), Some(Trend::NoClearChange));
    assert_eq!(trend(Instrument::Phq9, &[18]), None, "one score has no trend");
    assert_eq!(trend(Instrument::Auditc, &[6, 2]), None, "screens are read by their band");
    assert_eq!(trend_line(Instrument::Phq2, &[4, 1]), "PHQ-2 4 → 1");
}

#[test]
fn each_social_need_is_answered_by_a_referral_of_its_kind_and_the_other_flags_by_none() {
    use crate::domain::referral::ReferralKind;
    assert_eq!(Flag::Food.referral_kind(), Some(ReferralKind::Food));
    assert_eq!(Flag::Utilities.referral_kind(), Some(ReferralKind::Utilities));
    assert_eq!(Flag::Safety.referral_kind(), None, "a safety concern is a call, not a referral");
    assert_eq!(Flag::Item9.referral_kind(), None);
}
