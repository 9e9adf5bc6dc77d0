//! `rosette verify` with many inputs verifies them on every core: one JSON line per input,
//! in input order, each the very report the input gets when it is verified alone; inputs
//! that cannot be read are reported on stderr and the others still verified.

use crate::common::{fixture, Home, CREDENTIALS};
use serde_json::Value;

const AT: &str = "2026-01-01T00:00:00Z";

fn json_lines(text: &str) -> Vec<Value> {
    text.lines().map(|l| serde_json::from_str(l).expect("one JSON report per line")).collect()
}

#[test]
fn many_inputs_come_back_in_input_order_with_the_reports_of_one_at_a_time() {
    let home = Home::new();
    home.run(["identity", "add", "jane.doe@example.org"]).success();
    // Stored badges with the documents kept beside them, plus files, plus bad inputs,
    // repeated so that the workers finish out of order.
    let stored = home.import_new(&[fixture("ob2-signed.jws"), fixture("ob3-vc2-jwt-es256.jws")]);
    home.run(["cache", "import", fixture("ob2-signed-key.json").to_str().unwrap()]).success();
    home.run(["cache", "import", fixture("ob2-signed-issuer.json").to_str().unwrap()]).success();
    let mut inputs: Vec<String> = Vec::new();
    for round in 0..4 {
        for c in &CREDENTIALS {
            inputs.push(fixture(c.file).to_str().unwrap().to_owned());
        }
        inputs.push(fixture("bad/not-a-badge.json").to_str().unwrap().to_owned());
        inputs.push(fixture("bad/truncated.jws").to_str().unwrap().to_owned());
        inputs.push(stored[round % stored.len()].clone());
    }
    let mut args = vec!["verify", "--offline", "--json", "--at", AT, "--recipient", "jane.doe@example.org"];
    args.extend(inputs.iter().map(String::as_str));
    let together = home.run(&args);
    let lines = json_lines(&together.stdout_text());
    assert_eq!(lines.len(), inputs.len(), "one line per input");
    for (line, input) in lines.iter().zip(&inputs) {
        assert_eq!(line["input"], input.as_str(), "input order is kept");
        let alone =
            home.run(["verify", "--offline", "--json", "--at", AT, "--recipient", "jane.doe@example.org", input]);
        assert_eq!(json_lines(&alone.stdout_text()), std::slice::from_ref(line), "{input} alone gives the same report");
    }
    let verdicts: Vec<&str> = lines.iter().filter_map(|l| l["report"]["verdict"].as_str()).collect();
    assert!(
        verdicts.contains(&"valid") && verdicts.contains(&"invalid") && verdicts.contains(&"unknown"),
        "{verdicts:?}"
    );
    // The worst verdict among them (unknown) is the exit status.
    assert_eq!(together.code, Some(2));
}

#[test]
fn unreadable_inputs_among_many_are_reported_in_place_and_the_rest_verified() {
    let home = Home::new();
    let jwt = fixture("ob3-vc2-jwt-eddsa.jwt").to_str().unwrap().to_owned();
    let es256 = fixture("ob3-vc2-jwt-es256.jws").to_str().unwrap().to_owned();
    let run =
        home.run(["verify", "--offline", "--json", "--at", AT, &jwt, "no-such-badge", &es256, "nothing-here-either"]);
    assert_eq!(run.code, Some(66), "an input that is neither a file nor a badge id is an input error");
    let lines = json_lines(&run.stdout_text());
    let inputs: Vec<&str> = lines.iter().map(|l| l["input"].as_str().unwrap()).collect();
    assert_eq!(inputs, [jwt.as_str(), es256.as_str()]);
    assert!(lines.iter().all(|l| l["report"]["verdict"] == "valid"));
    let stderr = run.stderr_lines();
    let missing: Vec<&&str> = stderr.iter().filter(|l| l.starts_with("rosette: ")).collect();
    assert_eq!(missing.len(), 2, "{stderr:?}");
    assert!(missing[0].contains("no-such-badge") && missing[1].contains("nothing-here-either"), "{stderr:?}");
}
