//! The demo community 阳光山庄 and larger synthetic rosters for benchmarks.
//!
//! Invariants: pure and deterministic (a fixed-seed LCG, no clock, no IO), so the same spec always
//! gives the same rows; every roster passes `check_roster` with no problem; rows carry the line
//! numbers they would have in a file (header on line 1). The people are invented: names are
//! drawn from common characters and checked against a list of famous names; identity numbers are
//! well-formed (GB 11643 check digit) but made up.

use super::area::Area;
use super::roster::{AreaSource, Relation, RosterRow, UnitKind, UnitStatus};
use std::collections::BTreeSet;

pub const DEMO_NAME: &str = "阳光山庄";
pub const DEMO_ADDRESS: &str = "重庆市巴南区莲花街道阳光社区滨江路 188 号";

/// The shape of a synthetic community.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterSpec {
    /// Residential buildings "1栋".."N栋".
    pub buildings: u32,
    pub floors: u32,
    pub units_per_floor: u32,
    /// The last residential building is entirely the developer's unsold units.
    pub developer_unsold_building: bool,
    /// 商铺 in "商业楼".
    pub shops: u32,
    /// 车位 in "地下车库".
    pub parking: u32,
}

/// About 370 units: six 18-storey buildings of three units a floor, the sixth still unsold.
pub fn demo_spec() -> RosterSpec {
    RosterSpec {
        buildings: 6,
        floors: 18,
        units_per_floor: 3,
        developer_unsold_building: true,
        shops: 10,
        parking: 40,
    }
}

/// 10,000 units: forty 31-storey buildings of eight units a floor, 30 shops, 50 parking spaces.
pub fn bench_spec_10k() -> RosterSpec {
    RosterSpec {
        buildings: 40,
        floors: 31,
        units_per_floor: 8,
        developer_unsold_building: true,
        shops: 30,
        parking: 50,
    }
}

pub fn demo_roster() -> Vec<RosterRow> {
    generate_roster(&demo_spec())
}

/// Common surnames, with 向, 冉, 刁 and 牟 that are frequent around Chongqing.
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢钟谭陆汪范廖夏付邹熊秦邱江向冉刁牟";
const GIVEN_FIRST: &str = "建国志秀丽春晓海文永玉红小立家子俊雪思宇欣雨佳新素桂淑德光学庆长晨静";
const GIVEN_SECOND: &str = "华平军英芳兰梅强伟刚勇杰涛斌辉燕萍琴霞敏婷娟洁磊鹏飞林成宏涵瑶轩琳彤";
/// Public figures the pools above can produce; a demo must not put them on a roll.
#[rustfmt::skip]
const FAMOUS: &[&str] = &[
    "刘德华", "林俊杰", "张家辉", "陈建斌", "冯小刚", "杨丽萍", "刘涛", "周涛", "何洁", "韩磊", "张杰",
    "朱军", "朱婷", "郑洁", "余华", "张文宏", "李强", "李鹏", "邓小平", "胡春华", "孙春兰", "贾庆林",
    "王勇", "王刚", "周强",
];
const PHONE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153",
    "155", "157", "158", "159", "177", "180", "182", "183", "186", "187", "189", "199",
];
/// 巴南, 南岸, 渝北, 沙坪坝, 渝中, 九龙坡, 江北, and a few from elsewhere.
const REGIONS: &[&str] = &[
    "500113", "500113", "500113", "500108", "500112", "500106", "500103", "500107", "500105",
    "510107", "520102", "420106",
];
const DEVELOPER: &str = "重庆晴川置业有限公司";
const SHOP_COMPANY: &str = "重庆市巴南区嘉禾商贸有限公司";

/// A 64-bit LCG (Knuth's MMIX constants), high bits out: plenty for varied demo data.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as u32
    }
    fn below(&mut self, n: u32) -> u32 {
        self.next() % n.max(1)
    }
    fn percent(&mut self, p: u32) -> bool {
        self.below(100) < p
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u32) as usize]
    }
    fn pick_char(&mut self, chars: &str) -> char {
        let n = self.below(chars.chars().count() as u32) as usize;
        chars.chars().nth(n).expect("below() stays under the count")
    }
}

#[derive(Debug, Clone)]
struct Person {
    name: String,
    id: String,
    phone: String,
}

/// Attributes shared by every row of one unit.
struct UnitSpec {
    building: String,
    unit: String,
    kind: UnitKind,
    area: Area,
    area_source: AreaSource,
    status: UnitStatus,
}

struct Generator {
    rng: Lcg,
    ids: BTreeSet<String>,
    rows: Vec<RosterRow>,
    /// Single owners who may be given another unit, with how many they hold.
    holders: Vec<(Person, u32)>,
    /// Everyone owning a home, for parking spaces.
    owners: Vec<Person>,
    developer: Person,
}

impl Generator {
    fn name(&mut self) -> String {
        loop {
            let surname = self.rng.pick_char(SURNAMES);
            let given = if self.rng.percent(75) {
                format!(
                    "{}{}",
                    self.rng.pick_char(GIVEN_FIRST),
                    self.rng.pick_char(GIVEN_SECOND)
                )
            } else {
                self.rng.pick_char(GIVEN_SECOND).to_string()
            };
            let name = format!("{surname}{given}");
            if !FAMOUS.contains(&name.as_str()) {
                return name;
            }
        }
    }

    fn person(&mut self) -> Person {
        let id = loop {
            let region = self.rng.pick(REGIONS);
            let (y, m, d) = (
                1950 + self.rng.below(51),
                1 + self.rng.below(12),
                1 + self.rng.below(28),
            );
            let body = format!("{region}{y}{m:02}{d:02}{:03}", 1 + self.rng.below(999));
            let id = format!("{body}{}", id_check_char(&body));
            if self.ids.insert(id.clone()) {
                break id;
            }
        };
        Person {
            name: self.name(),
            id,
            phone: self.phone(),
        }
    }

    fn phone(&mut self) -> String {
        format!(
            "{}{:08}",
            self.rng.pick(PHONE_PREFIXES),
            self.rng.below(100_000_000)
        )
    }

    fn push(&mut self, unit: &UnitSpec, who: &Person, relation: Relation, designated_voter: bool) {
        self.rows.push(RosterRow {
            line: self.rows.len() as u32 + 2,
            building: unit.building.clone(),
            unit: unit.unit.clone(),
            entrance: super::roster::entrance_of_number(&unit.unit),
            kind: unit.kind,
            area: unit.area,
            area_source: unit.area_source,
            status: unit.status,
            name: who.name.clone(),
            id_number: who.id.clone(),
            phone: who.phone.clone(),
            relation,
            designated_voter,
            adult_from: super::roster::birth_date_of_id(&who.id).map(super::roster::adult_from),
            lives_there: (relation == Relation::Resident).then_some(true),
        });
    }

    fn source(&mut self) -> AreaSource {
        match self.rng.below(100) {
            0..=84 => AreaSource::Register,
            85..=94 => AreaSource::Survey,
            _ => AreaSource::Contract,
        }
    }

    /// A sold home: one owner (sometimes one who already holds a unit), or two co-owners.
    fn sold_home(&mut self, unit: &UnitSpec) {
        let reuse = self.rng.percent(3) && !self.holders.is_empty();
        if reuse {
            let i = self.rng.below(self.holders.len() as u32) as usize;
            let (owner, held) = self.holders[i].clone();
            self.push(unit, &owner, Relation::Owner, false);
            // Nobody is given more than three units.
            if held + 1 >= 3 {
                self.holders.swap_remove(i);
            } else {
                self.holders[i].1 = held + 1;
            }
        } else if self.rng.percent(8) {
            let (a, b) = (self.person(), self.person());
            // Most co-owners name their voter; the rest let the first listed vote by default.
            let designated = self.rng.below(4);
            self.push(unit, &a, Relation::Owner, designated == 1);
            self.push(
                unit,
                &b,
                Relation::Owner,
                designated == 2 || designated == 3,
            );
            self.owners.extend([a, b]);
        } else {
            let owner = self.person();
            self.push(unit, &owner, Relation::Owner, false);
            self.holders.push((owner.clone(), 1));
            self.owners.push(owner);
        }
        if self.rng.percent(6) {
            let mut tenant = self.person();
            // Residents often give no identity number; the roster allows that for them.
            if self.rng.percent(70) {
                tenant.id.clear();
            }
            self.push(unit, &tenant, Relation::Resident, false);
        }
    }

    fn residential(&mut self, spec: &RosterSpec, b: u32) {
        let unsold_building = spec.developer_unsold_building && b == spec.buildings;
        let stacks: Vec<i64> = (0..spec.units_per_floor)
            .map(|_| 6000 + i64::from(self.rng.below(8600)))
            .collect();
        for floor in 1..=spec.floors {
            for (idx, base) in stacks.iter().enumerate() {
                // A few flats differ from their stack (corner rooms, surveyed corrections).
                let area = if self.rng.percent(15) {
                    base + i64::from(self.rng.below(301)) - 150
                } else {
                    *base
                };
                let undelivered =
                    spec.developer_unsold_building && !unsold_building && self.rng.percent(1);
                let unit = UnitSpec {
                    building: format!("{b}栋"),
                    unit: format!("{floor}{:02}", idx + 1),
                    kind: UnitKind::Residence,
                    area: Area(area.clamp(6000, 14599)),
                    area_source: self.source(),
                    status: match (unsold_building, undelivered) {
                        (true, _) => UnitStatus::Unsold,
                        (false, true) => UnitStatus::Undelivered,
                        (false, false) => UnitStatus::Delivered,
                    },
                };
                if unsold_building || undelivered {
                    let developer = self.developer.clone();
                    self.push(&unit, &developer, Relation::Developer, false);
                } else {
                    self.sold_home(&unit);
                }
            }
        }
    }

    fn shops(&mut self, count: u32) {
        let company = Person {
            name: SHOP_COMPANY.to_string(),
            id: uscc("500113", "MA61B8K4"),
            phone: "023-66237788".into(),
        };
        for i in 0..count {
            let unit = UnitSpec {
                building: "商业楼".to_string(),
                unit: format!("{}{:02}", 1 + i / 20, 1 + i % 20),
                kind: UnitKind::Shop,
                area: Area(4000 + i64::from(self.rng.below(14001))),
                area_source: self.source(),
                status: UnitStatus::Delivered,
            };
            // One trading company holds every fifth shop: a multi-unit owner that is a company.
            let owner = if i % 5 == 4 {
                company.clone()
            } else {
                self.person()
            };
            self.push(&unit, &owner, Relation::Owner, false);
        }
    }

    fn parking(&mut self, spec: &RosterSpec) {
        for i in 1..=spec.parking {
            let mut unit = UnitSpec {
                building: "地下车库".to_string(),
                unit: format!("B1-{i:03}"),
                kind: UnitKind::Parking,
                area: Area(1200 + i64::from(self.rng.below(301))),
                area_source: AreaSource::Survey,
                status: UnitStatus::Delivered,
            };
            if spec.developer_unsold_building && self.rng.percent(25) {
                unit.status = UnitStatus::Unsold;
                let developer = self.developer.clone();
                self.push(&unit, &developer, Relation::Developer, false);
            } else {
                let owner = match self.owners.len() as u32 {
                    0 => self.person(),
                    n => self.owners[self.rng.below(n) as usize].clone(),
                };
                self.push(&unit, &owner, Relation::Owner, false);
            }
        }
    }
}

/// A realistic roster for `spec`, deterministic for a given spec.
pub fn generate_roster(spec: &RosterSpec) -> Vec<RosterRow> {
    let developer = Person {
        name: DEVELOPER.to_string(),
        id: uscc("500113", "MA5U7Q2X"),
        phone: "023-66281234".into(),
    };
    let mut g = Generator {
        rng: Lcg(0x5945_5348_4932_3032), // "YISHI2024" in spirit; any fixed seed will do
        ids: BTreeSet::new(),
        rows: Vec::new(),
        holders: Vec::new(),
        owners: Vec::new(),
        developer,
    };
    for b in 1..=spec.buildings {
        g.residential(spec, b);
    }
    g.shops(spec.shops);
    g.parking(spec);
    g.rows
}

/// GB 11643 check character of the first 17 digits of an identity number.
fn id_check_char(body: &str) -> char {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][(sum % 11) as usize]
}

/// A well-formed 统一社会信用代码 (GB 32100) for an enterprise ("91") in `region`.
fn uscc(region: &str, org8: &str) -> String {
    const CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    let value = |c: char| c.to_digit(36).unwrap_or(0);
    let org_sum: u32 = org8
        .chars()
        .zip([3, 7, 9, 10, 5, 8, 4, 2])
        .map(|(c, w)| value(c) * w)
        .sum();
    let org_check = match 11 - org_sum % 11 {
        10 => 'X',
        11 => '0',
        n => char::from_digit(n, 10).unwrap_or('0'),
    };
    let body = format!("91{region}{org8}{org_check}");
    let weights = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let sum: usize = body
        .chars()
        .zip(weights)
        .map(|(c, w)| CHARS.find(c).unwrap_or(0) * w)
        .sum();
    let check = (31 - sum % 31) % 31;
    format!("{body}{}", &CHARS[check..check + 1])
}

#[cfg(test)]
#[path = "demo_tests.rs"]
mod tests;

/// The PIN of each demo office holder who gets a key, printed by `yishi demo` and on the demo's
/// sign-in screen. DEMO ONLY: anyone who reads this file knows them.
pub fn demo_pin(role: crate::domain::states::Role) -> Option<&'static str> {
    use crate::domain::states::Role;
    Some(match role {
        Role::Host => "demo-host-2026",
        Role::Secretary => "demo-secretary-2026",
        Role::Registrar => "demo-registrar-2026",
        Role::Counter => "demo-counter-2026",
        Role::Scrutineer => "demo-scrutineer-2026",
        Role::BuildingHead => "demo-building-2026",
        Role::PartyBranch => "demo-branch-2026",
        _ => return None,
    })
}
