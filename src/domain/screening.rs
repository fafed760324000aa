//! Standard screenings (SPEC §9): each instrument's items with their published
//! wording and allowed answers, the score, band and named positives of a set
//! of answers, and the trend of a series of one instrument's scores.
//!
//! Answers are one integer per item, in the items' order. `score` refuses
//! anything else, naming the item and its allowed range. An `Assessment` is
//! scored once, when it is recorded, and never edited (a new one replaces it).

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::client::Gender;
use super::referral::ReferralKind;
use super::validation::required_text;
use super::{Invalid, word_enum};

word_enum!(
    /// A standard screening instrument; the words are the contract (`caseload assess CLIENT phq9`).
    Instrument, "instrument" {
        Phq2 => "phq2" ("PHQ-2"), Phq9 => "phq9" ("PHQ-9"), Gad7 => "gad7" ("GAD-7"),
        Auditc => "auditc" ("AUDIT-C"), Steadi => "steadi" ("STEADI"), Hrsn => "hrsn" ("AHC HRSN"),
    }
);

word_enum!(
    /// How a screening was administered.
    Mode, "mode" {
        Phone => "phone", Video => "video", InPerson => "in_person" ("in person"),
        SelfReport => "self" ("self-report"),
    }
);

word_enum!(
    /// What a score means, in the instrument's own bands (SPEC §9).
    Band, "band" {
        Minimal => "minimal", Mild => "mild", Moderate => "moderate",
        ModeratelySevere => "moderately_severe" ("moderately severe"), Severe => "severe",
        Negative => "negative", Positive => "positive",
        NotAtRisk => "not_at_risk" ("not at risk"), AtRisk => "at_risk" ("at risk"),
    }
);

word_enum!(
    /// A named positive finding that asks for action whatever the total:
    /// PHQ-9 item 9 above 0, and the AHC HRSN's needs.
    Flag, "positive" {
        Item9 => "item9" ("item 9 (self-harm)"), Housing => "housing", Food => "food",
        Transport => "transport", Utilities => "utilities", Safety => "safety",
    }
);

/// The AHC HRSN's needs a referral answers, each with the referral's kind:
/// the alerts, the quality measures, the referral offer and the demo agree.
pub const SOCIAL_NEEDS: [(Flag, ReferralKind); 4] = [
    (Flag::Housing, ReferralKind::Housing),
    (Flag::Food, ReferralKind::Food),
    (Flag::Transport, ReferralKind::Transport),
    (Flag::Utilities, ReferralKind::Utilities),
];

impl Flag {
    /// The kind of referral that answers this need, if a referral can.
    pub fn referral_kind(self) -> Option<ReferralKind> {
        SOCIAL_NEEDS.iter().find(|(need, _)| *need == self).map(|(_, kind)| *kind)
    }
}

/// One allowed answer of an item: the value recorded and the words read out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Choice {
    pub value: u8,
    pub words: &'static str,
}

/// One item of an instrument: its number (from 1), its wording as published,
/// and its allowed answers (consecutive values, lowest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Item {
    pub number: u8,
    pub wording: &'static str,
    pub answers: &'static [Choice],
}

impl Item {
    pub fn lowest(&self) -> u8 {
        self.answers.first().map_or(0, |c| c.value)
    }

    pub fn highest(&self) -> u8 {
        self.answers.last().map_or(0, |c| c.value)
    }

    /// The words of one answer, if it is allowed.
    pub fn words_of(&self, value: u8) -> Option<&'static str> {
        self.answers.iter().find(|c| c.value == value).map(|c| c.words)
    }
}

const fn choice(value: u8, words: &'static str) -> Choice {
    Choice { value, words }
}

const fn item(number: u8, wording: &'static str, answers: &'static [Choice]) -> Item {
    Item { number, wording, answers }
}

/// PHQ-2/PHQ-9 and GAD-7 answers (Kroenke, Spitzer, Williams; free to use).
const HOW_OFTEN: &[Choice] = &[
    choice(0, "Not at all"),
    choice(1, "Several days"),
    choice(2, "More than half the days"),
    choice(3, "Nearly every day"),
];

const PHQ9: &[Item] = &[
    item(1, "Little interest or pleasure in doing things", HOW_OFTEN),
    item(2, "Feeling down, depressed, or hopeless", HOW_OFTEN),
    item(3, "Trouble falling or staying asleep, or sleeping too much", HOW_OFTEN),
    item(4, "Feeling tired or having little energy", HOW_OFTEN),
    item(5, "Poor appetite or overeating", HOW_OFTEN),
    item(
        6,
        "Feeling bad about yourself - or that you are a failure or have let yourself or your family down",
        HOW_OFTEN,
    ),
    item(7, "Trouble concentrating on things, such as reading the newspaper or watching television", HOW_OFTEN),
    item(
        8,
        "Moving or speaking so slowly that other people could have noticed? Or the opposite - being so fidgety \
         or restless that you have been moving around a lot more than usual",
        HOW_OFTEN,
    ),
    item(9, "Thoughts that you would be better off dead or of hurting yourself in some way", HOW_OFTEN),
];

const GAD7: &[Item] = &[
    item(1, "Feeling nervous, anxious or on edge", HOW_OFTEN),
    item(2, "Not being able to stop or control worrying", HOW_OFTEN),
    item(3, "Worrying too much about different things", HOW_OFTEN),
    item(4, "Trouble relaxing", HOW_OFTEN),
    item(5, "Being so restless that it is hard to sit still", HOW_OFTEN),
    item(6, "Becoming easily annoyed or irritable", HOW_OFTEN),
    item(7, "Feeling afraid as if something awful might happen", HOW_OFTEN),
];

/// AUDIT-C (the first three AUDIT questions, WHO; public domain).
const AUDITC: &[Item] = &[
    item(
        1,
        "How often do you have a drink containing alcohol?",
        &[
            choice(0, "Never"),
            choice(1, "Monthly or less"),
            choice(2, "2-4 times a month"),
            choice(3, "2-3 times a week"),
            choice(4, "4 or more times a week"),
        ],
    ),
    item(
        2,
        "How many standard drinks containing alcohol do you have on a typical day?",
        &[choice(0, "1 or 2"), choice(1, "3 or 4"), choice(2, "5 or 6"), choice(3, "7 to 9"), choice(4, "10 or more")],
    ),
    item(
        3,
        "How often do you have six or more drinks on one occasion?",
        &[
            choice(0, "Never"),
            choice(1, "Less than monthly"),
            choice(2, "Monthly"),
            choice(3, "Weekly"),
            choice(4, "Daily or almost daily"),
        ],
    ),
];

const NO_YES: &[Choice] = &[choice(0, "No"), choice(1, "Yes")];

/// CDC STEADI "Stay Independent" brochure: yes scores the points in brackets.
const STEADI: &[Item] = &[
    item(1, "I have fallen in the past year. (Yes = 2 points)", NO_YES),
    item(2, "I use or have been advised to use a cane or walker to get around safely. (Yes = 2 points)", NO_YES),
    item(3, "Sometimes I feel unsteady when I am walking.", NO_YES),
    item(4, "I steady myself by holding onto furniture when walking at home.", NO_YES),
    item(5, "I am worried about falling.", NO_YES),
    item(6, "I need to push with my hands to stand up from a chair.", NO_YES),
    item(7, "I have some trouble stepping up onto a curb.", NO_YES),
    item(8, "I often have to rush to the toilet.", NO_YES),
    item(9, "I have lost some feeling in my feet.", NO_YES),
    item(10, "I take medicine that sometimes makes me feel light-headed or more tired than usual.", NO_YES),
    item(11, "I take medicine to help me sleep or improve my mood.", NO_YES),
    item(12, "I often feel sad or depressed.", NO_YES),
];

const FOOD_TRUE: &[Choice] = &[choice(0, "Never true"), choice(1, "Sometimes true"), choice(2, "Often true")];

const HOW_OFTEN_HURT: &[Choice] = &[
    choice(1, "Never"),
    choice(2, "Rarely"),
    choice(3, "Sometimes"),
    choice(4, "Fairly often"),
    choice(5, "Frequently"),
];

/// The CMS Accountable Health Communities HRSN screening tool, its 10 core
/// items. Item 2 is published as "check all that apply"; it is recorded as
/// one answer, whether any of the problems was checked (which ones belong in
/// a note), and its wording here says so.
const HRSN: &[Item] = &[
    item(
        1,
        "What is your living situation today?",
        &[
            choice(0, "I have a steady place to live"),
            choice(1, "I have a place to live today, but I am worried about losing it in the future"),
            choice(
                2,
                "I do not have a steady place to live (I am temporarily staying with others, in a hotel, in a \
                 shelter, living outside on the street, on a beach, in a car, abandoned building, bus or train \
                 station, or in a park)",
            ),
        ],
    ),
    item(
        2,
        "Think about the place you live. Do you have problems with any of the following? Pests such as bugs, \
         ants, or mice; mold; lead paint or pipes; lack of heat; oven or stove not working; smoke detectors \
         missing or not working; water leaks. (Recorded as one answer: none of the above, or one or more of them.)",
        &[choice(0, "None of the above"), choice(1, "One or more of them")],
    ),
    item(
        3,
        "Within the past 12 months, you worried that your food would run out before you got money to buy more.",
        FOOD_TRUE,
    ),
    item(
        4,
        "Within the past 12 months, the food you bought just didn't last and you didn't have money to get more.",
        FOOD_TRUE,
    ),
    item(
        5,
        "In the past 12 months, has lack of reliable transportation kept you from medical appointments, \
         meetings, work or from getting things needed for daily living?",
        NO_YES,
    ),
    item(
        6,
        "In the past 12 months has the electric, gas, oil, or water company threatened to shut off services in \
         your home?",
        &[choice(0, "No"), choice(1, "Yes"), choice(2, "Already shut off")],
    ),
    item(7, "How often does anyone, including family and friends, physically hurt you?", HOW_OFTEN_HURT),
    item(8, "How often does anyone, including family and friends, insult or talk down to you?", HOW_OFTEN_HURT),
    item(9, "How often does anyone, including family and friends, threaten you with harm?", HOW_OFTEN_HURT),
    item(10, "How often does anyone, including family and friends, scream or curse at you?", HOW_OFTEN_HURT),
];

impl Instrument {
    /// The items, in the order their answers are given.
    pub fn items(self) -> &'static [Item] {
        match self {
            Self::Phq2 => &PHQ9[..2],
            Self::Phq9 => PHQ9,
            Self::Gad7 => GAD7,
            Self::Auditc => AUDITC,
            Self::Steadi => STEADI,
            Self::Hrsn => HRSN,
        }
    }

    /// What is read out before the items.
    pub fn introduction(self) -> &'static str {
        match self {
            Self::Phq2 | Self::Phq9 => {
                "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
            }
            Self::Gad7 => "Over the last 2 weeks, how often have you been bothered by the following problems?",
            Self::Auditc => "Questions about drinking alcohol in the past year.",
            Self::Steadi => "Check Your Risk for Falling: answer yes or no to each statement.",
            Self::Hrsn => "Questions about your living situation, food, transportation, utilities and safety.",
        }
    }

    /// The instrument's full name.
    pub fn title(self) -> &'static str {
        match self {
            Self::Phq2 => "Patient Health Questionnaire-2",
            Self::Phq9 => "Patient Health Questionnaire-9",
            Self::Gad7 => "Generalized Anxiety Disorder-7",
            Self::Auditc => "Alcohol Use Disorders Identification Test - Consumption",
            Self::Steadi => "STEADI Stay Independent fall-risk checklist",
            Self::Hrsn => "Accountable Health Communities Health-Related Social Needs screening",
        }
    }

    /// The highest total score.
    pub fn max_score(self) -> u32 {
        match self {
            Self::Steadi => 14,
            Self::Hrsn => 5,
            _ => self.items().iter().map(|i| u32::from(i.highest())).sum(),
        }
    }
}

/// The result of scoring one set of answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scored {
    /// The total (HRSN: how many of its five needs are positive).
    pub score: u32,
    pub band: Band,
    pub positives: Vec<Flag>,
}

/// Scores answers of `instrument` exactly as SPEC §9 says. `gender` matters
/// to AUDIT-C only (positive at 3 for women, 4 otherwise). Refuses a wrong
/// number of answers, or an answer outside its item's range, naming the item.
pub fn score(instrument: Instrument, answers: &[u8], gender: Gender) -> Result<Scored, Invalid> {
    check_answers(instrument, answers)?;
    let total: u32 = answers.iter().map(|&a| u32::from(a)).sum();
    let scored = |score: u32, band: Band| Scored { score, band, positives: Vec::new() };
    Ok(match instrument {
        Instrument::Phq2 => scored(total, if total >= 3 { Band::Positive } else { Band::Negative }),
        Instrument::Phq9 => Scored {
            score: total,
            band: severity(total, &[(20, Band::Severe), (15, Band::ModeratelySevere), (10, Band::Moderate)]),
            positives: if answers[8] > 0 { vec![Flag::Item9] } else { Vec::new() },
        },
        Instrument::Gad7 => scored(total, severity(total, &[(15, Band::Severe), (10, Band::Moderate)])),
        Instrument::Auditc => {
            let threshold = if gender == Gender::Female { 3 } else { 4 };
            scored(total, if total >= threshold { Band::Positive } else { Band::Negative })
        }
        Instrument::Steadi => {
            let points = total + u32::from(answers[0]) + u32::from(answers[1]);
            scored(points, if points >= 4 { Band::AtRisk } else { Band::NotAtRisk })
        }
        Instrument::Hrsn => {
            let positives = hrsn_needs(answers);
            let count = positives.len() as u32;
            Scored { score: count, band: if count > 0 { Band::Positive } else { Band::Negative }, positives }
        }
    })
}

/// Minimal 0–4 and mild 5–9 for PHQ-9 and GAD-7; `upper` the higher bands,
/// highest first, each from its lowest score.
fn severity(total: u32, upper: &[(u32, Band)]) -> Band {
    upper
        .iter()
        .find(|(from, _)| total >= *from)
        .map_or(if total >= 5 { Band::Mild } else { Band::Minimal }, |(_, band)| *band)
}

/// The AHC HRSN's positive needs (CMS scoring): living situation not steady
/// or at risk, any housing problem; food sometimes or often true; transport
/// yes; utilities threatened or shut off; safety when the four safety items
/// add up to more than 10 or any one is "Fairly often" or "Frequently".
fn hrsn_needs(answers: &[u8]) -> Vec<Flag> {
    let safety = &answers[6..10];
    let safety_sum: u32 = safety.iter().map(|&a| u32::from(a)).sum();
    [
        (answers[0] > 0 || answers[1] > 0, Flag::Housing),
        (answers[2] > 0 || answers[3] > 0, Flag::Food),
        (answers[4] > 0, Flag::Transport),
        (answers[5] > 0, Flag::Utilities),
        (safety_sum > 10 || safety.iter().any(|&a| a >= 4), Flag::Safety),
    ]
    .into_iter()
    .filter_map(|(positive, flag)| positive.then_some(flag))
    .collect()
}

fn check_answers(instrument: Instrument, answers: &[u8]) -> Result<(), Invalid> {
    let items = instrument.items();
    if answers.len() != items.len() {
        return Err(Invalid::new(
            "answers",
            format!("the {} has {} items, and {} answers were given", instrument.label(), items.len(), answers.len()),
            format!("give --answers as {} numbers separated by commas, one per item in order", items.len()),
        ));
    }
    for (item, &answer) in items.iter().zip(answers) {
        if item.words_of(answer).is_none() {
            return Err(Invalid::new(
                "answers",
                format!(
                    "item {} of the {} allows {} to {}, not {answer}",
                    item.number,
                    instrument.label(),
                    item.lowest(),
                    item.highest()
                ),
                format!("`caseload assess instruments` lists each item's answers; fix item {}", item.number),
            ));
        }
    }
    Ok(())
}

/// Answers typed as numbers separated by commas ("0,1,3"), before scoring.
pub fn parse_answers(text: &str) -> Result<Vec<u8>, Invalid> {
    text.split(',')
        .enumerate()
        .map(|(index, part)| {
            part.trim().parse::<u8>().map_err(|_| {
                Invalid::new(
                    "answers",
                    format!("answer {} is not a whole number from 0 to 9", index + 1),
                    "give --answers as numbers separated by commas, e.g. 0,1,2",
                )
            })
        })
        .collect()
}

/// One screening as recorded (SPEC §2). JSON field names are the contract.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub id: i64,
    pub client_id: i64,
    pub instrument: Instrument,
    pub taken_at: DateTime<Utc>,
    pub mode: Mode,
    /// One value per item, in the items' order.
    pub answers: Vec<u8>,
    pub score: u32,
    pub band: Band,
    pub positives: Vec<Flag>,
    pub administered_by: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

/// A screening as given, before it is scored: what `caseload assess` and the
/// interface's administering hand to the store.
#[derive(Debug, Clone, PartialEq)]
pub struct Screening {
    pub client_id: i64,
    pub instrument: Instrument,
    pub answers: Vec<u8>,
    pub taken_at: DateTime<Utc>,
    pub mode: Mode,
}

impl Screening {
    /// Scores the answers (`score`) and makes the record; id and created_*
    /// are set when it is stored. Refuses bad answers, a screening dated
    /// after `now`, or no administrator.
    pub fn assess(self, gender: Gender, administered_by: &str, now: DateTime<Utc>) -> Result<Assessment, Invalid> {
        let Scored { score, band, positives } = score(self.instrument, &self.answers, gender)?;
        if self.taken_at > now {
            return Err(Invalid::new(
                "taken_at",
                "a screening cannot be dated in the future",
                "give --at the time it was taken (now or earlier)",
            ));
        }
        Ok(Assessment {
            id: 0,
            client_id: self.client_id,
            instrument: self.instrument,
            taken_at: self.taken_at,
            mode: self.mode,
            answers: self.answers,
            score,
            band,
            positives,
            administered_by: required_text("administered_by", administered_by)?,
            created_by: String::new(),
            created_at: DateTime::UNIX_EPOCH,
        })
    }
}

impl Assessment {
    pub fn has(&self, flag: Flag) -> bool {
        self.positives.contains(&flag)
    }
}

word_enum!(
    /// How a series of one instrument's scores has moved since its first (the baseline).
    Trend, "trend" {
        Remission => "remission", Response => "response", Worsening => "worsening",
        NoClearChange => "no_clear_change" ("no clear change"),
    }
);

/// The trend of a series of scores of one instrument, oldest first, for the
/// instruments that measure severity over time (PHQ-9 and GAD-7); None for
/// the others (screens read by their band) and for fewer than two scores.
///
/// Definitions (measurement-based care, as the AIMS Center and NCQA's
/// depression measures use them; the 5-point change is the PHQ-9's minimal
/// clinically important difference, Löwe et al. 2004):
/// - remission: a baseline of 10 or more and the latest under 5;
/// - response: the latest at least 50% below the baseline;
/// - worsening: the latest 5 or more points above the baseline;
/// - otherwise no clear change.
pub fn trend(instrument: Instrument, scores: &[u32]) -> Option<Trend> {
    if !matches!(instrument, Instrument::Phq9 | Instrument::Gad7) || scores.len() < 2 {
        return None;
    }
    let (baseline, latest) = (*scores.first()?, *scores.last()?);
    Some(if baseline >= 10 && latest < 5 {
        Trend::Remission
    } else if baseline > 0 && latest * 2 <= baseline {
        Trend::Response
    } else if latest >= baseline + 5 {
        Trend::Worsening
    } else {
        Trend::NoClearChange
    })
}

/// "PHQ-9 18 → 11 → 7: response": the scores in order, with the trend when there is one.
pub fn trend_line(instrument: Instrument, scores: &[u32]) -> String {
    let series = scores.iter().map(u32::to_string).collect::<Vec<_>>().join(" → ");
    match trend(instrument, scores) {
        Some(trend) => format!("{} {series}: {}", instrument.label(), trend.label()),
        None => format!("{} {series}", instrument.label()),
    }
}

#[cfg(test)]
#[path = "screening_tests.rs"]
mod tests;
