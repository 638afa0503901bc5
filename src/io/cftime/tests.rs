//! Unit tests of CF time: every calendar's decode/encode against values from cftime.

use super::*;

fn dt(y: i64, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime {
    DateTime {
        year: y,
        month: mo,
        day: d,
        hour: h,
        minute: mi,
        second: s,
        micro: 0,
    }
}

#[test]
fn day_numbers_round_trip_in_every_calendar() {
    use Calendar::*;
    for cal in [
        Standard,
        ProlepticGregorian,
        NoLeap,
        AllLeap,
        Day360,
        Julian,
    ] {
        let n0 = cal.day_number(-50, 1, 1);
        let n1 = cal.day_number(2100, 12, 30);
        let mut prev = cal.date_of(n0 - 1);
        for n in n0..n1 {
            let (y, m, d) = cal.date_of(n);
            assert!(cal.check_date(y, m, d).is_ok(), "{cal} {y}-{m}-{d}");
            assert_eq!(cal.day_number(y, m, d), n, "{cal} {y}-{m}-{d}");
            assert!((y, m, d) > prev, "{cal} {y}-{m}-{d} after {prev:?}");
            prev = (y, m, d);
        }
    }
}

#[test]
fn the_gregorian_reform_skips_ten_days() {
    let c = Calendar::Standard;
    assert_eq!(c.day_number(1582, 10, 15) - c.day_number(1582, 10, 4), 1);
    assert!(c.check_date(1582, 10, 10).is_err());
    assert!(c.is_leap(1500) && !Calendar::ProlepticGregorian.is_leap(1500));
    assert_eq!(c.date_of(c.day_number(-1, 12, 31) + 1), (1, 1, 1));
}

#[test]
fn units_decode_and_encode() {
    let u = TimeUnits::parse("days since 1850-01-01", Some("noleap")).unwrap();
    assert_eq!(u.decode(59.25).unwrap(), dt(1850, 3, 1, 6, 0, 0));
    assert_eq!(u.encode(&dt(1850, 3, 1, 6, 0, 0)).unwrap(), 59.25);
    assert!(u.encode(&dt(1852, 2, 29, 0, 0, 0)).is_err());
    let h = TimeUnits::parse("hours since 1970-01-01 00:00:00 +1:00", None).unwrap();
    assert_eq!(h.decode(1.0).unwrap(), dt(1970, 1, 1, 0, 0, 0));
    let m = TimeUnits::parse("months since 2000-01-01", Some("360_day")).unwrap();
    assert_eq!(m.decode(13.5).unwrap(), dt(2001, 2, 16, 0, 0, 0));
    assert!(TimeUnits::parse("months since 2000-01-01", None).is_err());
    assert!(TimeUnits::parse("K", None).is_err());
    assert!(TimeUnits::parse("days since 2000-01-01", Some("lunar")).is_err());
    assert_eq!(
        u.units_string(),
        "days since 1850-01-01 00:00:00".to_string()
    );
}

#[test]
fn epochs_convert() {
    let a = TimeUnits::parse("days since 1850-01-01", None).unwrap();
    let b = TimeUnits::parse("days since 2000-01-01", None).unwrap();
    let v = a.convert_from(&b, 15.5).unwrap();
    assert_eq!(a.decode(v).unwrap(), b.decode(15.5).unwrap());
    assert_eq!(v, 54_786.0 + 15.5);
}

#[test]
fn iso_texts_are_spans_or_instants() {
    let c = Calendar::Standard;
    assert_eq!(
        parse_iso("2001-03", c).unwrap(),
        IsoTime::Range(dt(2001, 3, 1, 0, 0, 0), dt(2001, 4, 1, 0, 0, 0))
    );
    assert_eq!(
        parse_iso("2000-12-31", c).unwrap(),
        IsoTime::Range(dt(2000, 12, 31, 0, 0, 0), dt(2001, 1, 1, 0, 0, 0))
    );
    assert_eq!(
        parse_iso("2000-01-01T06:00", c).unwrap(),
        IsoTime::Instant(dt(2000, 1, 1, 6, 0, 0))
    );
    assert_eq!(
        parse_iso("1999", c).unwrap(),
        IsoTime::Range(dt(1999, 1, 1, 0, 0, 0), dt(2000, 1, 1, 0, 0, 0))
    );
    assert_eq!(
        parse_iso("2000-02-30", Calendar::Day360).unwrap(),
        IsoTime::Range(dt(2000, 2, 30, 0, 0, 0), dt(2000, 3, 1, 0, 0, 0))
    );
    assert!(parse_iso("2001-02-29", Calendar::NoLeap).is_err());
    assert!(parse_iso("March", c).is_err());
    assert_eq!(
        dt(2000, 1, 1, 6, 0, 0).to_string(),
        "2000-01-01T06:00:00".to_string()
    );
    let mut x = dt(-5, 7, 4, 0, 0, 1);
    x.micro = 5;
    assert_eq!(x.to_string(), "-0005-07-04T00:00:01.000005");
    assert_eq!((x.season(), x.season_index()), ("JJA", 2));
    assert_eq!(dt(2001, 3, 1, 0, 0, 0).dayofyear(Calendar::AllLeap), 61);
    assert_eq!(dt(2001, 3, 1, 0, 0, 0).dayofyear(Calendar::Standard), 60);
}
