//! CF time: `units = "<unit> since <date>"` + `calendar` -> dates, and back, as cftime does.
//!
//! ```text
//! TimeUnits::parse("days since 1850-01-01", Some("noleap"))
//!   .decode(59.25)            -> DateTime 1850-03-01T06:00:00
//!   .encode(&that)            -> 59.25
//! parse_iso("2001-03", cal)   -> IsoTime::Range(2001-03-01T00:00, 2001-04-01T00:00)
//! ```
//! Dates are counted in whole days plus microseconds of the day (cftime's resolution).
//! Calendars follow CF 1.9 and cftime's defaults: `standard`/`gregorian` is Julian before
//! 1582-10-15 (the ten days 1582-10-05..14 do not exist) and Gregorian after; `julian` and
//! `standard` have no year zero (year -1 precedes year 1), `proleptic_gregorian` and the
//! model calendars (`noleap`, `all_leap`, `360_day`) do.

use std::fmt;

const US_PER_DAY: i64 = 86_400_000_000;
/// Julian day number of 1582-10-15 (Gregorian), the first day of the Gregorian reform.
const REFORM_JDN: i64 = 2_299_161;
/// Julian day number of 1970-01-01 (Gregorian).
const UNIX_JDN: i64 = 2_440_588;

/// A CF calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Calendar {
    /// `standard` / `gregorian`: mixed Julian/Gregorian.
    Standard,
    ProlepticGregorian,
    /// `noleap` / `365_day`.
    NoLeap,
    /// `all_leap` / `366_day`.
    AllLeap,
    /// `360_day`: twelve months of 30 days.
    Day360,
    Julian,
}

impl Calendar {
    /// A calendar attribute's value (case-insensitive); `None` for an unknown name.
    pub fn parse(name: &str) -> Option<Calendar> {
        Some(match name.trim().to_ascii_lowercase().as_str() {
            "standard" | "gregorian" => Calendar::Standard,
            "proleptic_gregorian" => Calendar::ProlepticGregorian,
            "noleap" | "365_day" => Calendar::NoLeap,
            "all_leap" | "366_day" => Calendar::AllLeap,
            "360_day" => Calendar::Day360,
            "julian" => Calendar::Julian,
            _ => return None,
        })
    }

    /// The CF name (`standard`, `noleap`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Calendar::Standard => "standard",
            Calendar::ProlepticGregorian => "proleptic_gregorian",
            Calendar::NoLeap => "noleap",
            Calendar::AllLeap => "all_leap",
            Calendar::Day360 => "360_day",
            Calendar::Julian => "julian",
        }
    }

    /// Whether the calendar numbers years ..., -1, 0, 1 (else ..., -1, 1).
    pub fn has_year_zero(self) -> bool {
        !matches!(self, Calendar::Standard | Calendar::Julian)
    }

    /// Whether `year` (as the calendar numbers it) is a leap year.
    pub fn is_leap(self, year: i64) -> bool {
        let astro = self.astro(year);
        let julian = astro.rem_euclid(4) == 0;
        let gregorian = julian && (astro.rem_euclid(100) != 0 || astro.rem_euclid(400) == 0);
        match self {
            Calendar::NoLeap | Calendar::Day360 => false,
            Calendar::AllLeap => true,
            Calendar::Julian => julian,
            Calendar::ProlepticGregorian => gregorian,
            Calendar::Standard => {
                if astro < 1582 {
                    julian
                } else {
                    gregorian
                }
            }
        }
    }

    /// Days in `month` (1..=12) of `year`.
    pub fn days_in_month(self, year: i64, month: u32) -> u32 {
        if self == Calendar::Day360 {
            return 30;
        }
        match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if self.is_leap(year) => 29,
            2 => 28,
            _ => 0,
        }
    }

    /// Astronomical year (with a year zero) of a year as this calendar numbers it.
    fn astro(self, year: i64) -> i64 {
        if !self.has_year_zero() && year < 0 {
            year + 1
        } else {
            year
        }
    }

    fn year_of_astro(self, astro: i64) -> i64 {
        if !self.has_year_zero() && astro <= 0 {
            astro - 1
        } else {
            astro
        }
    }

    /// Checks that (year, month, day) exists in this calendar.
    pub fn check_date(self, year: i64, month: u32, day: u32) -> Result<(), String> {
        if !self.has_year_zero() && year == 0 {
            return Err(format!(
                "year 0 does not exist in the `{}` calendar",
                self.name()
            ));
        }
        if !(1..=12).contains(&month) {
            return Err(format!("month {month} is not in 1..12"));
        }
        let n = self.days_in_month(year, month);
        if day < 1 || day > n {
            return Err(format!(
                "{year:04}-{month:02} has {n} days in the `{}` calendar, not {day}",
                self.name()
            ));
        }
        if self == Calendar::Standard && (year, month) == (1582, 10) && (5..=14).contains(&day) {
            return Err(format!(
                "1582-10-{day:02} does not exist in the `standard` calendar (Julian until \
                 1582-10-04, Gregorian from 1582-10-15)"
            ));
        }
        Ok(())
    }

    /// A count of days for (year, month, day): consecutive days have consecutive numbers.
    /// The origin differs between calendars (only differences within one calendar mean
    /// anything). The date must exist (`check_date`).
    pub fn day_number(self, year: i64, month: u32, day: u32) -> i64 {
        let y = self.astro(year);
        let (m, d) = (month as i64, day as i64);
        match self {
            Calendar::ProlepticGregorian => gregorian_jdn(y, m, d),
            Calendar::Julian => julian_jdn(y, m, d),
            Calendar::Standard => {
                if (y, m, d) >= (1582, 10, 15) {
                    gregorian_jdn(y, m, d)
                } else {
                    julian_jdn(y, m, d)
                }
            }
            Calendar::NoLeap => 365 * y + CUM_NOLEAP[(m - 1) as usize] + d - 1,
            Calendar::AllLeap => 366 * y + CUM_ALLLEAP[(m - 1) as usize] + d - 1,
            Calendar::Day360 => 360 * y + 30 * (m - 1) + d - 1,
        }
    }

    /// The (year, month, day) of a `day_number`.
    pub fn date_of(self, n: i64) -> (i64, u32, u32) {
        let (y, m, d) = match self {
            Calendar::ProlepticGregorian => gregorian_from_jdn(n),
            Calendar::Julian => julian_from_jdn(n),
            Calendar::Standard => {
                if n >= REFORM_JDN {
                    gregorian_from_jdn(n)
                } else {
                    julian_from_jdn(n)
                }
            }
            Calendar::NoLeap => fixed_year(n, 365, &CUM_NOLEAP),
            Calendar::AllLeap => fixed_year(n, 366, &CUM_ALLLEAP),
            Calendar::Day360 => {
                let y = n.div_euclid(360);
                let r = n.rem_euclid(360);
                (y, (r / 30 + 1) as u32, (r % 30 + 1) as u32)
            }
        };
        (self.year_of_astro(y), m, d)
    }

    /// The day of the year of a date, 1 for January 1st, from the month lengths (as cftime's
    /// `dayofyr`: October 1582 of the `standard` calendar counts as 31 days).
    pub fn day_of_year(self, year: i64, month: u32, day: u32) -> u32 {
        (1..month).map(|m| self.days_in_month(year, m)).sum::<u32>() + day
    }
}

impl fmt::Display for Calendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

const CUM_NOLEAP: [i64; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
const CUM_ALLLEAP: [i64; 12] = [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335];

fn fixed_year(n: i64, len: i64, cum: &[i64; 12]) -> (i64, u32, u32) {
    let y = n.div_euclid(len);
    let r = n.rem_euclid(len);
    let m = cum.iter().rposition(|&c| c <= r).unwrap_or(0);
    (y, m as u32 + 1, (r - cum[m] + 1) as u32)
}

/// Julian day number of a proleptic Gregorian date (astronomical year).
fn gregorian_jdn(y: i64, m: i64, d: i64) -> i64 {
    // Howard Hinnant's days_from_civil, shifted from 1970-01-01 to the JDN origin.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468 + UNIX_JDN
}

fn gregorian_from_jdn(n: i64) -> (i64, u32, u32) {
    let z = n - UNIX_JDN + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m as u32, d as u32)
}

/// Julian day number of a Julian-calendar date (astronomical year).
fn julian_jdn(y: i64, m: i64, d: i64) -> i64 {
    // Count from March of year y (February last), in 4-year cycles of 1461 days.
    let y = if m <= 2 { y - 1 } else { y };
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    // 0000-03-01 (Julian) is JDN 1721118.
    (1461 * y).div_euclid(4) + doy + 1_721_118
}

fn julian_from_jdn(n: i64) -> (i64, u32, u32) {
    let z = n - 1_721_118;
    let y = (4 * z + 3).div_euclid(1461);
    let doy = z - (1461 * y).div_euclid(4);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = y + i64::from(m <= 2);
    (y, m as u32, d as u32)
}

/// A date and time of day in some calendar (which the date does not carry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// Microseconds past the second.
    pub micro: u32,
}

impl DateTime {
    /// Midnight of a date.
    pub fn date(year: i64, month: u32, day: u32) -> DateTime {
        DateTime {
            year,
            month,
            day,
            hour: 0,
            minute: 0,
            second: 0,
            micro: 0,
        }
    }

    /// Seconds past the minute, with the fraction.
    pub fn fsecond(&self) -> f64 {
        self.second as f64 + self.micro as f64 * 1e-6
    }

    /// The meteorological season: `DJF`, `MAM`, `JJA` or `SON` (xarray's `time.season`).
    pub fn season(&self) -> &'static str {
        match self.month {
            12 | 1 | 2 => "DJF",
            3..=5 => "MAM",
            6..=8 => "JJA",
            _ => "SON",
        }
    }

    /// The season as xarray's groupby orders it: 0 DJF, 1 MAM, 2 JJA, 3 SON.
    pub fn season_index(&self) -> u32 {
        (self.month % 12) / 3
    }

    /// Day of the year in `cal`, 1 for January 1st.
    pub fn dayofyear(&self, cal: Calendar) -> u32 {
        cal.day_of_year(self.year, self.month, self.day)
    }

    /// Microseconds since midnight.
    fn micros_of_day(&self) -> i64 {
        ((self.hour as i64 * 60 + self.minute as i64) * 60 + self.second as i64) * 1_000_000
            + self.micro as i64
    }

    /// Checks the date exists in `cal` and the time of day is in range.
    pub fn check(&self, cal: Calendar) -> Result<(), String> {
        cal.check_date(self.year, self.month, self.day)?;
        if self.hour > 23 || self.minute > 59 || self.second > 59 || self.micro > 999_999 {
            return Err(format!("`{self}` is not a time of day"));
        }
        Ok(())
    }

    /// (day number in `cal`, microseconds of the day).
    pub fn to_instant(&self, cal: Calendar) -> (i64, i64) {
        (
            cal.day_number(self.year, self.month, self.day),
            self.micros_of_day(),
        )
    }

    /// The date-time `days` days and `us` microseconds (any sign, any size) after
    /// day number 0 of `cal`.
    pub fn from_instant(cal: Calendar, days: i64, us: i64) -> DateTime {
        let days = days + us.div_euclid(US_PER_DAY);
        let us = us.rem_euclid(US_PER_DAY);
        let (year, month, day) = cal.date_of(days);
        let secs = us / 1_000_000;
        DateTime {
            year,
            month,
            day,
            hour: (secs / 3600) as u32,
            minute: (secs / 60 % 60) as u32,
            second: (secs % 60) as u32,
            micro: (us % 1_000_000) as u32,
        }
    }

    /// This date-time moved by `us` microseconds in `cal`.
    pub fn add_micros(&self, cal: Calendar, us: i64) -> DateTime {
        let (d, t) = self.to_instant(cal);
        DateTime::from_instant(cal, d, t + us)
    }

    /// `YYYY-MM-DD`.
    pub fn iso_date(&self) -> String {
        format!("{}-{:02}-{:02}", year_str(self.year), self.month, self.day)
    }
}

fn year_str(y: i64) -> String {
    if y < 0 {
        format!("-{:04}", -y)
    } else {
        format!("{y:04}")
    }
}

/// ISO 8601: `2000-01-01T06:00:00`, with `.ffffff` when there are microseconds.
impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}T{:02}:{:02}:{:02}",
            self.iso_date(),
            self.hour,
            self.minute,
            self.second
        )?;
        if self.micro != 0 {
            write!(f, ".{:06}", self.micro)?;
        }
        Ok(())
    }
}

/// The unit of a CF time axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeUnit {
    Microseconds,
    Milliseconds,
    Seconds,
    Minutes,
    Hours,
    Days,
    /// Only in the `360_day` calendar (30 days), as cftime allows.
    Months,
}

impl TimeUnit {
    /// cftime's spellings (case-insensitive).
    pub fn parse(s: &str) -> Option<TimeUnit> {
        use TimeUnit::*;
        Some(match s.to_ascii_lowercase().as_str() {
            "microseconds" | "microsecond" | "us" | "usec" | "usecs" => Microseconds,
            "milliseconds" | "millisecond" | "ms" | "msec" | "msecs" => Milliseconds,
            "seconds" | "second" | "s" | "sec" | "secs" => Seconds,
            "minutes" | "minute" | "min" | "mins" => Minutes,
            "hours" | "hour" | "h" | "hr" | "hrs" => Hours,
            "days" | "day" | "d" => Days,
            "months" | "month" => Months,
            _ => return None,
        })
    }

    /// Microseconds in one unit.
    pub fn micros(self) -> i64 {
        match self {
            TimeUnit::Microseconds => 1,
            TimeUnit::Milliseconds => 1_000,
            TimeUnit::Seconds => 1_000_000,
            TimeUnit::Minutes => 60_000_000,
            TimeUnit::Hours => 3_600_000_000,
            TimeUnit::Days => US_PER_DAY,
            TimeUnit::Months => 30 * US_PER_DAY,
        }
    }

    /// The plural CF name.
    pub fn name(self) -> &'static str {
        match self {
            TimeUnit::Microseconds => "microseconds",
            TimeUnit::Milliseconds => "milliseconds",
            TimeUnit::Seconds => "seconds",
            TimeUnit::Minutes => "minutes",
            TimeUnit::Hours => "hours",
            TimeUnit::Days => "days",
            TimeUnit::Months => "months",
        }
    }
}

/// A parsed CF time encoding: `<unit> since <epoch>` in a calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimeUnits {
    pub unit: TimeUnit,
    /// The reference date-time, in UTC (a time-zone offset in the text is applied).
    pub epoch: DateTime,
    pub calendar: Calendar,
}

impl TimeUnits {
    /// Parses a `units` attribute and an optional `calendar` attribute (absent: standard).
    /// Err says what is wrong; a `units` without ` since ` is not a time axis.
    pub fn parse(units: &str, calendar: Option<&str>) -> Result<TimeUnits, String> {
        let calendar = match calendar {
            None => Calendar::Standard,
            Some(c) => Calendar::parse(c).ok_or_else(|| format!("unknown calendar `{c}`"))?,
        };
        let text = units.trim();
        let lower = text.to_ascii_lowercase();
        let at = lower
            .find(" since ")
            .ok_or_else(|| format!("`{units}` is not `<unit> since <date>`"))?;
        let unit_s = text[..at].trim();
        let unit =
            TimeUnit::parse(unit_s).ok_or_else(|| format!("unknown time unit `{unit_s}`"))?;
        if unit == TimeUnit::Months && calendar != Calendar::Day360 {
            return Err(format!(
                "`months since` is only defined in the `360_day` calendar, not `{calendar}`"
            ));
        }
        let (epoch, tz_minutes) =
            parse_reference(text[at + 7..].trim()).map_err(|e| format!("`{units}`: {e}"))?;
        epoch
            .check(calendar)
            .map_err(|e| format!("`{units}`: {e}"))?;
        let epoch = epoch.add_micros(calendar, -tz_minutes * 60_000_000);
        Ok(TimeUnits {
            unit,
            epoch,
            calendar,
        })
    }

    /// The `units` text, `days since 1850-01-01 00:00:00`.
    pub fn units_string(&self) -> String {
        let e = &self.epoch;
        let mut s = format!(
            "{} since {} {:02}:{:02}:{:02}",
            self.unit.name(),
            e.iso_date(),
            e.hour,
            e.minute,
            e.second
        );
        if e.micro != 0 {
            s.push_str(&format!(".{:06}", e.micro));
        }
        s
    }

    /// The date-time of the value `v`, rounded to the microsecond as cftime does (to even;
    /// one microsecond off a whole second snaps to it, for units of a second and up).
    /// Err for NaN/infinite or out-of-range values.
    pub fn decode(&self, v: f64) -> Result<DateTime, String> {
        let exact = v * self.unit.micros() as f64;
        if !exact.is_finite() || exact.abs() > 9.0e18 {
            return Err(format!("time value {v} cannot be decoded as a date"));
        }
        let mut us = exact.round_ties_even() as i64;
        if self.unit.micros() >= 1_000_000 {
            match us.rem_euclid(1_000_000) {
                1 => us = exact.floor() as i64,
                999_999 => us = exact.ceil() as i64,
                _ => {}
            }
        }
        Ok(self.epoch.add_micros(self.calendar, us))
    }

    /// The value encoding `dt` (the inverse of `decode`). Err when `dt` does not exist in
    /// the calendar.
    pub fn encode(&self, dt: &DateTime) -> Result<f64, String> {
        dt.check(self.calendar)?;
        Ok(self.micros_since_epoch(dt) as f64 / self.unit.micros() as f64)
    }

    /// Microseconds from the epoch to `dt` (any sign).
    pub fn micros_since_epoch(&self, dt: &DateTime) -> i64 {
        let (d1, t1) = dt.to_instant(self.calendar);
        let (d0, t0) = self.epoch.to_instant(self.calendar);
        (d1 - d0) * US_PER_DAY + (t1 - t0)
    }

    /// Re-expresses a value of `other`'s encoding in this one (same calendar): the value
    /// whose decoded date-time is the same. Err when the calendars differ.
    pub fn convert_from(&self, other: &TimeUnits, v: f64) -> Result<f64, String> {
        if self.calendar != other.calendar {
            return Err(format!(
                "calendar `{}` cannot be joined with calendar `{}`",
                other.calendar, self.calendar
            ));
        }
        // Shift exactly in microseconds, then add the value's own (possibly fractional) part.
        let shift = self.micros_since_epoch(&other.epoch) as f64;
        Ok((v * other.unit.micros() as f64 + shift) / self.unit.micros() as f64)
    }
}

/// Parses a reference date-time: `1850-1-1`, `2000-01-01 00:00:00`, `2000-01-01T06:00Z`,
/// `1970-01-01 00:00:00 +1:00`, `... UTC`. Returns (date-time, time-zone offset in minutes).
fn parse_reference(s: &str) -> Result<(DateTime, i64), String> {
    let mut s = s.trim().to_string();
    for suffix in ["utc", "gmt", "z"] {
        if s.to_ascii_lowercase().ends_with(suffix) {
            s.truncate(s.len() - suffix.len());
            s = s.trim_end().to_string();
        }
    }
    // A trailing `+h`, `+hh:mm`, `-hhmm` after the time (not the date's own `-`).
    let mut tz = 0i64;
    let sep = s.find(['T', 't', ' ']);
    if let Some(sep) = sep {
        let tail = &s[sep + 1..];
        if let Some(k) = tail.rfind(['+', '-']) {
            let off = tail[k..].trim();
            let sign = if off.starts_with('-') { -1 } else { 1 };
            let digits = off[1..].trim();
            let (h, m) = match digits.split_once(':') {
                Some((h, m)) => (h, m),
                None if digits.len() == 4 => (&digits[..2], &digits[2..]),
                None => (digits, "0"),
            };
            let h: i64 = h.parse().map_err(|_| format!("bad time zone `{off}`"))?;
            let m: i64 = m.parse().map_err(|_| format!("bad time zone `{off}`"))?;
            tz = sign * (h * 60 + m);
            s = format!("{}{}", &s[..sep + 1], tail[..k].trim_end());
        }
    }
    let (dt, _) = parse_date_time(s.trim())?;
    Ok((dt, tz))
}

/// How much of a date-time a text gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Resolution {
    Year,
    Month,
    Day,
    Time,
}

/// `Y[-M[-D[(T| )h[:m[:s[.f]]]]]]`, with an optional leading `-` on the year.
fn parse_date_time(s: &str) -> Result<(DateTime, Resolution), String> {
    let bad = || format!("`{s}` is not a date (like 2000-01-31 or 2000-01-31T06:00)");
    let (date, time) = match s.find(['T', 't', ' ']) {
        Some(k) => (&s[..k], Some(s[k + 1..].trim())),
        None => (s, None),
    };
    let (neg, date) = match date.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, date),
    };
    let parts: Vec<&str> = date.split('-').collect();
    if parts.is_empty() || parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
        return Err(bad());
    }
    let num = |p: &str| -> Result<i64, String> {
        if p.chars().all(|c| c.is_ascii_digit()) {
            p.parse().map_err(|_| bad())
        } else {
            Err(bad())
        }
    };
    let mut year = num(parts[0])?;
    if neg {
        year = -year;
    }
    let month = parts.get(1).map(|p| num(p)).transpose()?.unwrap_or(1) as u32;
    let day = parts.get(2).map(|p| num(p)).transpose()?.unwrap_or(1) as u32;
    let mut res = [Resolution::Year, Resolution::Month, Resolution::Day][parts.len() - 1];
    let mut dt = DateTime::date(year, month, day);
    if let Some(t) = time.filter(|t| !t.is_empty()) {
        if parts.len() < 3 {
            return Err(bad());
        }
        res = Resolution::Time;
        let f: Vec<&str> = t.split(':').collect();
        if f.len() > 3 {
            return Err(bad());
        }
        dt.hour = num(f[0])? as u32;
        if let Some(m) = f.get(1) {
            dt.minute = num(m)? as u32;
        }
        if let Some(sec) = f.get(2) {
            let (whole, frac) = sec.split_once('.').unwrap_or((sec, ""));
            dt.second = num(whole)? as u32;
            if !frac.is_empty() {
                let digits: String = frac.chars().chain("000000".chars()).take(6).collect();
                dt.micro = num(&digits)? as u32;
            }
        }
    }
    Ok((dt, res))
}

/// A date-time text as a selection: a span of time or one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IsoTime {
    /// A year, month or day: [start, end), end exclusive.
    Range(DateTime, DateTime),
    /// A text with a time of day: that instant.
    Instant(DateTime),
}

/// Parses `"2001"`, `"2001-03"`, `"2000-01-01"` (spans) or `"2000-01-01T06:00"`,
/// `"2000-01-01 06:00:30"` (instants), checking the date exists in `cal`.
pub fn parse_iso(s: &str, cal: Calendar) -> Result<IsoTime, String> {
    let (dt, res) = parse_date_time(s.trim())?;
    dt.check(cal)
        .map_err(|e| format!("`{s}` is not a date in the `{cal}` calendar: {e}"))?;
    let next_year = |y: i64| {
        if !cal.has_year_zero() && y == -1 {
            1
        } else {
            y + 1
        }
    };
    Ok(match res {
        Resolution::Year => IsoTime::Range(dt, DateTime::date(next_year(dt.year), 1, 1)),
        Resolution::Month => {
            let end = if dt.month == 12 {
                DateTime::date(next_year(dt.year), 1, 1)
            } else {
                DateTime::date(dt.year, dt.month + 1, 1)
            };
            IsoTime::Range(dt, end)
        }
        Resolution::Day => IsoTime::Range(dt, dt.add_micros(cal, US_PER_DAY)),
        Resolution::Time => IsoTime::Instant(dt),
    })
}

#[cfg(test)]
mod tests;
