//! Invented words for the demo caseload. Every name, street and clinic here is
//! made up; none belongs to a real person or place of care.

pub const GIVEN_NAMES: &[&str] = &[
    "Ada",
    "Ben",
    "Cora",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hiro",
    "Imani",
    "Jonah",
    "Kalani",
    "Lucia",
    "Marcus",
    "Nadia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Samir",
    "Tessa",
    "Uma",
    "Victor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zara",
    "Amara",
    "Bao",
    "Carmen",
    "Dmitri",
    "Esi",
    "Felix",
    "Gloria",
    "Hassan",
    "Ines",
    "Jamal",
    "Keiko",
    "Luis",
    "Mei",
    "Nikolai",
    "Olga",
    "Pedro",
    "Rahel",
    "Sione",
    "Tomas",
    "Valeria",
    "Walter",
    "Yara",
    "Agnes",
    "Bernard",
    "Clara",
    "Desmond",
    "Edith",
    "Frank",
    "Harriet",
    "Irving",
    "Josephine",
    "Leon",
    "Mildred",
    "Norman",
    "Opal",
    "Ruth",
];

pub const FAMILY_NAMES: &[&str] = &[
    "Quill",
    "Ortiz",
    "Lind",
    "Achebe",
    "Brannigan",
    "Castellanos",
    "Dunmore",
    "Eklund",
    "Farrow",
    "Galloway",
    "Haddad",
    "Ibarra",
    "Jorgensen",
    "Kowalczyk",
    "Lachance",
    "Mbeki",
    "Nakamura",
    "Okonkwo",
    "Pellegrino",
    "Quispe",
    "Rasmussen",
    "Szabo",
    "Tran",
    "Umarov",
    "Varga",
    "Whitlock",
    "Xiong",
    "Yilmaz",
    "Zielinski",
    "Abernathy",
    "Bellweather",
    "Corvino",
    "Delacroix",
    "Esposito",
    "Fairweather",
    "Grunwald",
    "Holloway",
    "Iwasaki",
    "Jablonski",
    "Kettering",
    "Lorimer",
    "Marchetti",
    "Nordqvist",
    "Oyelaran",
    "Penhallow",
    "Renwick",
    "Sandoval",
    "Thornbury",
    "Underhill",
    "Vasquez",
    "Wexford",
    "Yarrow",
    "Ashdown",
    "Birchfield",
    "Calloway",
    "Dovetail",
    "Emberly",
];

pub const STREETS: &[&str] = &[
    "Alder Way",
    "Birch Lane",
    "Cedar Court",
    "Dogwood Road",
    "Elm Terrace",
    "Foxglove Street",
    "Garnet Avenue",
    "Heron Loop",
    "Ivy Street",
    "Juniper Row",
    "Kestrel Drive",
    "Larkspur Place",
    "Maple Hollow",
    "Nettle Path",
];

pub const COLLEAGUES: [&str; 4] = ["amara.okafor", "li.wei", "jordan.reyes", "sam.novak"];

/// Billing practitioners of the invented clinic (SPEC §8 enrollments).
pub const PRACTITIONERS: &[&str] = &["Dr. Hana Alvarez", "Dr. Samuel Chen", "Dr. Ifeoma Okafor", "NP Greta Brandt"];

/// (language, share of clients in per mille); the rest speak English.
pub const LANGUAGES: &[(&str, u32)] =
    &[("Spanish", 120), ("Vietnamese", 40), ("Somali", 30), ("Russian", 30), ("Arabic", 30), ("Tagalog", 20)];

pub const PAYERS: &[&str] = &["Medicare", "Medicaid", "Riverton Health Plan", "Bluewater Advantage", "Self-pay"];

pub const TAGS: &[&str] =
    &["diabetes", "chf", "copd", "ckd", "hypertension", "depression", "housing", "food", "fall-risk", "dementia"];

pub const CLINICIANS: &[&str] = &[
    "Dr. Imani Falk",
    "Dr. Theo Brandt",
    "Dr. Sunita Rao",
    "Dr. Owen Maclean",
    "Dr. Lena Petrov",
    "Riverton Cardiology",
    "Northside Lab",
    "Eastgate Imaging",
    "Harbor Physical Therapy",
    "Dr. Amos Kiplagat",
    "Willow Behavioral Health",
    "Dr. Greta Solberg",
];

pub const LOCATIONS: &[&str] = &[
    "Riverton Clinic, 2nd floor",
    "Northside Medical Plaza",
    "Eastgate Imaging Center",
    "Client's home",
    "Harbor PT, Suite 4",
    "Video visit",
];

pub const FACILITIES: &[&str] =
    &["Lakeview General", "St. Brendan's Medical Center", "Riverton Memorial", "Maple Grove Skilled Nursing"];

pub const DISCHARGE_REASONS: &[&str] =
    &["Goals met", "Moved out of the service area", "Declined further services", "Transferred to hospice"];

/// Openings of a note by outcome.
pub const REACHED: &[&str] = &[
    "Spoke with client by phone.",
    "Reached client; caregiver also on the line.",
    "Met client at home.",
    "Video visit with client.",
    "Client called in.",
];
pub const NOT_REACHED: &[&str] = &[
    "Left voicemail asking for a call back.",
    "No answer; no voicemail set up.",
    "Number appears disconnected; will try the alternate phone.",
];

/// The middle of a note: what was discussed.
pub const TOPICS: &[&str] = &[
    "Completed medication reconciliation; no changes since discharge.",
    "Reviewed home BP log: readings 128-142 systolic.",
    "Client reports fasting glucose between 110 and 160 this week.",
    "Discussed transport to the cardiology visit; ride confirmed with the county van.",
    "Food insecurity screen positive; discussed the Eastside food pantry hours.",
    "Client worried about rent increase; housing referral discussed.",
    "Caregiver update: sleeping better, appetite fair.",
    "Refill of metformin delayed at pharmacy; called pharmacy to resolve.",
    "Reviewed fall-prevention steps; grab bars installed last week.",
    "Weight up 2 kg in three days; advised to call the heart failure nurse line.",
    "Discussed inhaler technique; spacer requested.",
    "PHQ-9 score 11, down from 15; continuing counselling.",
    "Lab results reviewed: A1c 7.9, down from 8.6.",
    "Client declined home health for now; will revisit next month.",
    "Confirmed upcoming appointment and reminded to bring the medication list.",
    "Utility shut-off notice received; energy assistance application started.",
    "Explained new coverage letter; member services number provided.",
];

/// The end of a note: the plan.
pub const PLANS: &[&str] = &[
    "Will call again next week.",
    "Follow up after the appointment.",
    "Plan: recheck in two weeks.",
    "Sent summary to the PCP.",
    "Caregiver to call if symptoms worsen.",
    "No further action today.",
];

pub const FOLLOWUP_TITLES: &[&str] = &[
    "Call about lab results",
    "Confirm transport for next visit",
    "Check on refill",
    "Send records to specialist",
    "Follow up on housing application",
    "Review BP log",
    "Call caregiver",
    "Check food pantry visit",
    "Schedule care plan review",
    "Confirm home health start",
];

/// (kind, whom, reason)
pub const REFERRALS: &[(&str, &str, &str)] = &[
    ("medical", "Riverton Cardiology", "Worsening shortness of breath"),
    ("behavioral", "Willow Behavioral Health", "Depression follow-up"),
    ("food", "Eastside Food Pantry", "Food insecurity screen positive"),
    ("housing", "Riverton Housing Authority", "Rent increase, risk of eviction"),
    ("transport", "County Ride Program", "No transport to appointments"),
    ("financial", "Benefits Navigation Desk", "Help applying for assistance"),
    ("utilities", "Energy Assistance Office", "Shut-off notice"),
];

pub const PROBLEMS: &[(&str, &str, &str)] = &[
    ("Type 2 diabetes, not at goal", "A1c under 8 by the target date", "Weekly glucose log review"),
    ("Heart failure with frequent admissions", "No readmission in 90 days", "Daily weights with a call plan"),
    ("Hypertension", "Home BP under 140/90", "Medication adherence check-ins"),
    ("Food insecurity", "Enrolled in food assistance", "Pantry and benefits referral"),
    ("Depression", "PHQ-9 under 10", "Counselling attendance support"),
    ("COPD", "No ED visits for breathing", "Inhaler technique teaching"),
];

/// (name, category, hours)
pub const RESOURCES: &[(&str, &str, &str)] = &[
    ("Eastside Food Pantry", "food", "Tue and Thu 10:00-16:00"),
    ("Riverton Housing Authority", "housing", "Mon-Fri 9:00-17:00"),
    ("County Ride Program", "transport", "Book 48 hours ahead"),
    ("Benefits Navigation Desk", "financial", "Mon-Wed 9:00-15:00"),
    ("Energy Assistance Office", "utilities", "Mon-Fri 8:30-16:30"),
    ("Willow Behavioral Health", "behavioral", "Mon-Sat 8:00-20:00"),
    ("Harbor Senior Center Meals", "food", "Lunch daily at noon"),
    ("Maple Grove Tenant Help Line", "housing", "Mon-Fri 10:00-18:00"),
    ("Riverton Legal Aid", "financial", "Walk-in Wed 13:00-17:00"),
    ("Northside Pharmacy Delivery", "medical", "Mon-Fri 9:00-18:00"),
];
