//! `yishi tally` run as the real binary: the boundary table of major votes over one building and
//! over one entrance (exactly three quarters, one person short, 0.01 m² either side of the area
//! line, the two-thirds participation edges), the JSON object's shape, and each exit code.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn yishi(dir: &Path, args: &[&str]) -> Run {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_yishi"))
        .args([
            "--db",
            dir.join("unused.db").to_str().expect("utf-8"),
            "--lang",
            "en",
        ])
        .args(args)
        .output()
        .expect("run yishi");
    Run {
        code: out.status.code().expect("exit code"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

/// Where the counted units are: one entrance of 3栋, or the whole of 5栋.
#[derive(Clone, Copy)]
enum Where {
    Entrance,
    Building,
}

impl Where {
    fn scope(self) -> &'static str {
        match self {
            Where::Entrance => "entrance:3栋/2",
            Where::Building => "building:5栋",
        }
    }

    /// (building, 单元 cell, room) of the i-th counted unit.
    fn unit(self, i: usize) -> (&'static str, &'static str, String) {
        match self {
            Where::Entrance => ("3栋", "2", format!("{}01", i + 1)),
            Where::Building => ("5栋", "", format!("{}02", i + 1)),
        }
    }

    /// The (building, 房号) a ballot names.
    fn ballot_unit(self, i: usize) -> (&'static str, String) {
        let (b, e, room) = self.unit(i);
        if e.is_empty() {
            (b, room)
        } else {
            (b, format!("{e}单元{room}"))
        }
    }
}

/// A roll whose counted units have `areas` (0.01 m²), plus units outside the scope that must not
/// count: three in 3栋 1单元 and two in 6栋 (and, for the entrance, the rest of 3栋 is outside too).
fn roll_csv(w: Where, areas: &[i64]) -> String {
    let mut text = String::from("楼栋,单元,房号,面积,姓名,证件号,身份\n");
    let mut id = 0;
    let mut person = |text: &mut String, b: &str, e: &str, room: &str, area: i64| {
        id += 1;
        text.push_str(&format!(
            "{b},{e},{room},{}.{:02},业主{id},1101011980010{id:05}\n",
            area / 100,
            area % 100
        ));
    };
    for (i, a) in areas.iter().enumerate() {
        let (b, e, room) = w.unit(i);
        person(&mut text, b, e, &room, *a);
    }
    for room in ["101", "201", "301"] {
        person(&mut text, "3栋", "1", room, 12_000);
    }
    for room in ["101", "102"] {
        person(&mut text, "6栋", "", room, 15_000);
    }
    text
}

/// Ballots: (index of a counted unit, choice word).
fn ballots_csv(w: Where, ballots: &[(usize, &str)]) -> String {
    let mut text = String::from("楼栋,房号,选择\n");
    for (i, choice) in ballots {
        let (b, room) = w.ballot_unit(*i);
        text.push_str(&format!("{b},{room},{choice}\n"));
    }
    text
}

fn tally_json(dir: &Path, w: Where, areas: &[i64], ballots: &[(usize, &str)]) -> serde_json::Value {
    let roll = write(dir, "roll.csv", &roll_csv(w, areas));
    let votes = write(dir, "ballots.csv", &ballots_csv(w, ballots));
    let run = yishi(
        dir,
        &[
            "tally",
            "--roll",
            roll.to_str().expect("utf-8"),
            "--ballots",
            votes.to_str().expect("utf-8"),
            "--rule",
            "owners-major",
            "--scope",
            w.scope(),
            "--json",
        ],
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    serde_json::from_str(&run.stdout).expect("JSON on stdout")
}

/// `n` ballots: the first `yes` agree, the rest oppose.
fn votes(n: usize, yes: usize) -> Vec<(usize, &'static str)> {
    (0..n)
        .map(|i| (i, if i < yes { "同意" } else { "反对" }))
        .collect()
}

struct Case {
    name: &'static str,
    areas: Vec<i64>,
    ballots: Vec<(usize, &'static str)>,
    n: u64,
    a: i64,
    pn: u64,
    pa: i64,
    yn: u64,
    ya: i64,
    quorum_met: bool,
    passed: bool,
}

fn cases() -> Vec<Case> {
    let flat8 = vec![10_000; 8];
    // Agreeing units 0-5, opposing 6-7: moving 0.01 m² between unit 0 and unit 7 puts the
    // agreeing area 0.01 m² either side of three quarters of 800.00 (600.00).
    let below = {
        let mut a = flat8.clone();
        a[0] = 9_999;
        a[7] = 10_001;
        a
    };
    let above = {
        let mut a = flat8.clone();
        a[0] = 10_001;
        a[7] = 9_999;
        a
    };
    // Nine units, 900.00 m²: two thirds is exactly 6 persons and 600.00 m².
    let flat9 = vec![10_000; 9];
    let short_area = {
        // Units 0-5 take part; unit 0 has 0.01 m² less, unit 8 (who does not) 0.01 m² more.
        let mut a = flat9.clone();
        a[0] = 9_999;
        a[8] = 10_001;
        a
    };
    let c = |name,
             areas: Vec<i64>,
             ballots: Vec<(usize, &'static str)>,
             nums: (u64, i64, u64, i64, u64, i64),
             quorum_met,
             passed| Case {
        name,
        areas,
        ballots,
        n: nums.0,
        a: nums.1,
        pn: nums.2,
        pa: nums.3,
        yn: nums.4,
        ya: nums.5,
        quorum_met,
        passed,
    };
    vec![
        c(
            "exactly three quarters by persons and area passes",
            flat8.clone(),
            votes(8, 6),
            (8, 80_000, 8, 80_000, 6, 60_000),
            true,
            true,
        ),
        c(
            "one person short of three quarters fails",
            flat8.clone(),
            votes(8, 5),
            (8, 80_000, 8, 80_000, 5, 50_000),
            true,
            false,
        ),
        c(
            "agreeing area 0.01 m² below the line fails",
            below,
            votes(8, 6),
            (8, 80_000, 8, 80_000, 6, 59_999),
            true,
            false,
        ),
        c(
            "agreeing area 0.01 m² above the line passes",
            above,
            votes(8, 6),
            (8, 80_000, 8, 80_000, 6, 60_001),
            true,
            true,
        ),
        c(
            "exactly two thirds take part (6 of 9, 600.00 of 900.00 m²)",
            flat9.clone(),
            votes(6, 6),
            (9, 90_000, 6, 60_000, 6, 60_000),
            true,
            true,
        ),
        c(
            "one person short of two thirds: no quorum",
            flat9.clone(),
            votes(5, 5),
            (9, 90_000, 5, 50_000, 5, 50_000),
            false,
            false,
        ),
        c(
            "participating area 0.01 m² short of two thirds: no quorum",
            short_area,
            votes(6, 6),
            (9, 90_000, 6, 59_999, 6, 59_999),
            false,
            false,
        ),
    ]
}

fn boundary_table(w: Where) {
    let dir = tempfile::tempdir().expect("temp dir");
    for case in cases() {
        let j = tally_json(dir.path(), w, &case.areas, &case.ballots);
        let got = (
            j["N"].as_u64(),
            j["A"].as_i64(),
            j["Pn"].as_u64(),
            j["Pa"].as_i64(),
            j["Yn"].as_u64(),
            j["Ya"].as_i64(),
        );
        let want = (
            Some(case.n),
            Some(case.a),
            Some(case.pn),
            Some(case.pa),
            Some(case.yn),
            Some(case.ya),
        );
        assert_eq!(got, want, "{}: only the scope's units count", case.name);
        assert_eq!(j["quorum_met"], case.quorum_met, "{}", case.name);
        assert_eq!(j["passed"], case.passed, "{}", case.name);
        // The deciding inequalities say which line held and which did not.
        let deciding = j["deciding"].as_array().expect("deciding");
        assert_eq!(deciding.len(), 4, "{}", case.name);
        let all_hold = deciding.iter().all(|i| i["holds"] == true);
        assert_eq!(all_hold, case.passed, "{}: {deciding:?}", case.name);
    }
}

#[test]
fn entrance_major_vote_boundaries() {
    boundary_table(Where::Entrance);
}

#[test]
fn building_major_vote_boundaries() {
    boundary_table(Where::Building);
}

#[test]
fn the_json_object_has_the_documented_fields() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut ballots = votes(8, 6);
    ballots.push((7, "无效"));
    ballots.push((0, "反对")); // a repeat: the first ballot stands
    let j = tally_json(dir.path(), Where::Entrance, &[10_000; 8], &ballots);
    for key in [
        "format",
        "rule_text",
        "rule",
        "scope",
        "settings",
        "N",
        "A",
        "Pn",
        "Pa",
        "Yn",
        "Ya",
        "opposes",
        "abstentions",
        "invalid",
        "duplicates",
        "quorum_met",
        "passed",
        "quorum_line",
        "pass_line",
        "deciding",
    ] {
        assert!(j.get(key).is_some(), "missing {key}: {j}");
    }
    assert_eq!(j["format"], "yishi-tally/v1");
    assert_eq!(j["rule"], serde_json::json!({"kind": "owners_major"}));
    assert_eq!(
        j["scope"],
        serde_json::json!({"kind": "entrance", "building": "3栋", "entrance": "2单元"})
    );
    assert_eq!(j["settings"]["ballot_policy"], "first_stands");
    assert_eq!(j["invalid"], 1);
    assert_eq!(j["duplicates"], 1);
    assert_eq!(j["Yn"], 6, "the first ballot of unit 0 (agree) stands");
    assert_eq!(
        j["opposes"],
        serde_json::json!({"persons": 2, "area": 20_000})
    );
    assert_eq!(
        j["abstentions"],
        serde_json::json!({"persons": 0, "area": 0})
    );
    assert_eq!(
        j["quorum_line"],
        serde_json::json!({"persons": 6, "area": 53_334})
    );
    let first = &j["deciding"][0];
    assert_eq!(first["test"], "quorum");
    assert!(first["text"].as_str().expect("text").contains("3·Pn ≥ 2·N"));
}

#[test]
fn exit_codes_and_messages_suit_a_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let roll = write(d, "roll.csv", &roll_csv(Where::Entrance, &[10_000; 8]));
    let good = write(
        d,
        "ballots.csv",
        &ballots_csv(Where::Entrance, &votes(8, 6)),
    );
    let r = roll.to_str().expect("utf-8");
    let g = good.to_str().expect("utf-8");
    let run = |args: &[&str]| {
        let mut all = vec!["tally"];
        all.extend_from_slice(args);
        yishi(d, &all)
    };

    // 0: the count ran, whether or not the motion passed; the result block is printed.
    let ok = run(&[
        "--roll",
        r,
        "--ballots",
        g,
        "--rule",
        "owners-major",
        "--scope",
        "entrance:3栋/2单元",
    ]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    assert!(
        ok.stdout.contains("3栋") && ok.stdout.contains("2单元"),
        "{}",
        ok.stdout
    );
    let failed = run(&["--roll", r, "--ballots", g, "--rule", "owners-major"]);
    assert_eq!(
        failed.code, 0,
        "a motion that fails is still a count: {}",
        failed.stderr
    );

    // 1: errors in the files, each named with its file and line; nothing counted.
    let bad_roll = write(
        d,
        "bad-roll.csv",
        "楼栋,单元,房号,面积,姓名,证件号,身份\n3栋,2,101,100,甲,110101198001010001,业主\n3栋,2,201,-5,乙,110101198001010002,业主\n",
    );
    let e = run(&[
        "--roll",
        bad_roll.to_str().expect("utf-8"),
        "--ballots",
        g,
        "--rule",
        "owners-major",
    ]);
    assert_eq!(e.code, 1, "{}", e.stderr);
    assert!(e.stderr.contains("bad-roll.csv: Line 3"), "{}", e.stderr);
    assert!(e.stdout.is_empty(), "nothing counted: {}", e.stdout);
    let bad_ballots = write(
        d,
        "bad-ballots.csv",
        "楼栋,房号,选择\n3栋,2单元101,同意\n3栋,2单元999,同意\n3栋,2单元201,maybe\n",
    );
    let e = run(&[
        "--roll",
        r,
        "--ballots",
        bad_ballots.to_str().expect("utf-8"),
        "--rule",
        "owners-major",
    ]);
    assert_eq!(e.code, 1, "{}", e.stderr);
    assert!(
        e.stderr.contains("bad-ballots.csv: line 3")
            && e.stderr.contains("not on this vote's roll"),
        "{}",
        e.stderr
    );
    assert!(
        e.stderr.contains("bad-ballots.csv: line 4") && e.stderr.contains("\"maybe\""),
        "{}",
        e.stderr
    );
    let no_choice = write(d, "no-choice.csv", "楼栋,房号\n3栋,2单元101\n");
    let e = run(&[
        "--roll",
        r,
        "--ballots",
        no_choice.to_str().expect("utf-8"),
        "--rule",
        "owners-major",
    ]);
    assert_eq!(e.code, 1);
    assert!(
        e.stderr.contains("no-choice.csv: line 1 (header)") && e.stderr.contains("选择"),
        "{}",
        e.stderr
    );

    // 2: usage errors, and a missing file is named as a missing file.
    let missing = d.join("nowhere.csv");
    let e = run(&[
        "--roll",
        missing.to_str().expect("utf-8"),
        "--ballots",
        g,
        "--rule",
        "owners-major",
    ]);
    assert_eq!(e.code, 2, "{}", e.stderr);
    assert!(
        e.stderr.contains("nowhere.csv does not exist"),
        "{}",
        e.stderr
    );
    assert!(
        !e.stderr.contains("database") && !e.stderr.contains("page"),
        "{}",
        e.stderr
    );
    for bad in [
        vec!["--rule", "owners-huge"],
        vec!["--rule", "owners-major", "--scope", "street:3栋"],
        vec!["--rule", "committee:5", "--scope", "building:3栋"],
        vec!["--rule", "owners-major", "--scope", "entrance:3栋/9"],
        vec!["--rule", "residents:groups:4:5"],
    ] {
        let mut args = vec!["--roll", r, "--ballots", g];
        args.extend(bad.iter().copied());
        let e = run(&args);
        assert_eq!(e.code, 2, "{bad:?}: {}", e.stderr);
        assert!(e.stderr.contains("docs/tally.md"), "{bad:?}: {}", e.stderr);
    }
    // clap's own usage errors are 2 as well.
    assert_eq!(run(&["--ballots", g]).code, 2);
}

#[test]
fn residents_meetings_by_mode_from_the_roll() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    // 101: owner living there, a son turning 18 on 2026-12-21, a tenant. 102: owner elsewhere,
    // two adult tenants. 103: owner, residence unknown.
    let roll = write(
        d,
        "roll.csv",
        concat!(
            "楼栋,房号,面积,姓名,证件号,身份,出生日期,是否居住\n",
            "1栋,101,90,张一,110101198001010011,业主,,是\n",
            "1栋,101,90,张二,,住户,2008-12-21,\n",
            "1栋,101,90,王租,,租户,1990-01-01,\n",
            "1栋,102,90,李业,110101197001010022,业主,,否\n",
            "1栋,102,90,赵甲,,租户,1985-05-05,\n",
            "1栋,102,90,赵乙,,租户,1986-06-06,\n",
            "1栋,103,90,孙三,110101196001010033,业主,,\n",
        ),
    );
    let ballots = write(
        d,
        "ballots.csv",
        "楼栋,房号,姓名,选择\n1栋,101,张一,同意\n1栋,102,赵甲,同意\n1栋,102,赵乙,反对\n",
    );
    let count = |rule: &str, on: &str| {
        let run = yishi(
            d,
            &[
                "tally",
                "--roll",
                roll.to_str().expect("utf-8"),
                "--ballots",
                ballots.to_str().expect("utf-8"),
                "--rule",
                rule,
                "--on",
                on,
                "--json",
            ],
        );
        assert_eq!(run.code, 0, "{rule}: {}", run.stderr);
        serde_json::from_str::<serde_json::Value>(&run.stdout).expect("json")
    };
    // Adults: 张一, 王租, 赵甲, 赵乙, 孙三 (unknown residence, counted); not 李业 nor the minor.
    let adults = count("residents:adults", "2026-12-20");
    assert_eq!(
        (
            adults["N"].as_u64(),
            adults["Pn"].as_u64(),
            adults["Yn"].as_u64()
        ),
        (Some(5), Some(3), Some(2))
    );
    assert_eq!(adults["settings"]["on"], "2026-12-20");
    assert_eq!(
        count("residents:adults", "2026-12-21")["N"],
        6,
        "the son is 18 that day"
    );
    // Households: 101, 102, 103; a second ballot from 102 is a repeat of that household's.
    let households = count("residents:households", "2026-12-20");
    assert_eq!(
        (
            households["N"].as_u64(),
            households["Pn"].as_u64(),
            households["duplicates"].as_u64()
        ),
        (Some(3), Some(2), Some(1))
    );
    // Group representatives: N = groups × per group; the roll is not needed.
    let groups = yishi(
        d,
        &[
            "tally",
            "--ballots",
            ballots.to_str().expect("utf-8"),
            "--rule",
            "residents:groups:4:3",
            "--json",
        ],
    );
    assert_eq!(groups.code, 0, "{}", groups.stderr);
    let g: serde_json::Value = serde_json::from_str(&groups.stdout).expect("json");
    assert_eq!(
        (g["N"].as_u64(), g["Pn"].as_u64(), g["quorum_met"].as_bool()),
        (Some(12), Some(3), Some(false))
    );
}
