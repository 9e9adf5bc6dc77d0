//! The 10,000 distinct Open Badges 3.0 credentials the portfolio benchmarks use, made
//! from `tests/fixtures/bench-template.json`: each gets its own `id`, issue date and an
//! achievement name and description drawn deterministically from small word lists, so
//! that searches match known shares of the portfolio:
//! - `volcanology` (one topic of 100) is in the name of 1% of the badges;
//! - `pract` prefix-matches `Practitioner` (one level of 5) in 20%;
//! - `engin` prefix-matches the issuer, "Example Society of Engineers", in all of them.
//!
//! Changing `id` breaks the template's proof: the documents are for timing, and a bench
//! that needs valid badges signs them again.

use serde_json::Value;

pub(crate) const BADGES: usize = 10_000;
const TEMPLATE: &str = include_str!("../../tests/fixtures/bench-template.json");

/// 100 topics, one per 1% of the badges. None is a prefix of another word used.
const TOPICS: &str = "\
    acoustics agronomy algebra anatomy anthropology archaeology architecture astronomy bacteriology ballistics \
    biochemistry biology botany calculus cardiology cartography ceramics chemistry choreography climatology \
    cosmology criminology cryptography cybernetics dermatology dietetics ecology economics embryology entomology \
    epidemiology ergonomics ethics ethnography etymology forestry genetics geodesy geography geology geometry \
    glaciology graphics gymnastics haematology herpetology histology horticulture hydrology immunology journalism \
    kinesiology limnology linguistics logistics masonry mechanics metallurgy meteorology microbiology mineralogy \
    mycology mythology neurology numismatics nutrition oceanography oncology ontology optics ornithology \
    orthodontics paleontology pathology pedagogy petrology pharmacology philately philosophy phonetics photography \
    physics physiology poetry politics psychology radiology robotics seismology semantics sociology statistics \
    taxonomy thermodynamics topology toxicology typography virology volcanology zoology";
/// 5 levels: `Practitioner` names 20% of the badges.
const LEVELS: [&str; 5] = ["Fundamentals", "Foundations", "Practitioner", "Advanced", "Expert"];
/// 10 skills, one per description.
const SKILLS: &str = "teamwork research fieldwork leadership analysis design writing mentoring testing outreach";

/// The [`BADGES`] credential documents, in import order (the template's proof included).
pub(crate) fn credential_documents() -> Vec<Value> {
    let template: Value = serde_json::from_str(TEMPLATE).expect("the bench template is JSON");
    let topics: Vec<&str> = TOPICS.split_whitespace().collect();
    let skills: Vec<&str> = SKILLS.split_whitespace().collect();
    assert_eq!((topics.len(), skills.len()), (100, 10));
    (0..BADGES)
        .map(|i| {
            let mut doc = template.clone();
            let topic = topics[i % topics.len()];
            let level = LEVELS[(i / topics.len()) % LEVELS.len()];
            let skill = skills[(i / 7) % skills.len()];
            let mut title = topic.to_owned();
            title[..1].make_ascii_uppercase();
            doc["id"] = Value::from(format!("urn:uuid:3f9c8a52-6d1e-4b7a-9e0f-{i:012}"));
            // Issue dates spread over about three years, not in import order.
            let hours = (i * 7919) % 26_000;
            let (day, hour) = (hours / 24, hours % 24);
            let date = time::Date::from_ordinal_date(2023, 1).expect("a valid date") + time::Duration::days(day as i64);
            doc["validFrom"] = Value::from(format!("{date}T{hour:02}:00:00Z"));
            let achievement = &mut doc["credentialSubject"]["achievement"];
            achievement["id"] = Value::from(format!("https://example.org/achievements/{topic}-{i}"));
            achievement["name"] = Value::from(format!("{title} {level}"));
            achievement["description"] = Value::from(format!(
                "Awarded for {skill} in {topic} at the {} level. Holders have shown sustained, \
                 independent work assessed by two reviewers.",
                level.to_lowercase()
            ));
            doc
        })
        .collect()
}
