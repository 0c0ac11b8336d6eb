//! Calendar dates: the pack's review date, today's (only to warn about
//! stale content), and their arithmetic. A leaf module: `labels` prints
//! dates and `pack` reads them, so it sits below both.

/// A calendar date.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Year.
    pub year: u16,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day, 1 to 31.
    pub day: u8,
}

impl Date {
    /// The date as ISO 8601 (`2026-11-22`).
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The date `months` later (day clamped to the month's length).
    pub fn add_months(&self, months: u32) -> Date {
        let total = self.year as u32 * 12 + (self.month as u32 - 1) + months;
        let (year, month) = ((total / 12) as u16, (total % 12 + 1) as u8);
        Date {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }

    /// Today's date in UTC, from the system clock. Used only to warn about
    /// stale content, never written into an output.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Date::from_days((secs / 86_400) as i64)
    }

    /// The date `days` after 1970-01-01 (Howard Hinnant's civil_from_days).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Date { year, month, day }
    }

    /// Seconds from 1970-01-01T00:00:00Z to midnight at the start of this date.
    pub fn unix_seconds(&self) -> i64 {
        let (y, m, d) = (self.year as i64, self.month as i64, self.day as i64);
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        (era * 146_097 + doe - 719_468) * 86_400
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_through_days() {
        let d = Date {
            year: 2026,
            month: 11,
            day: 22,
        };
        assert_eq!(Date::from_days(d.unix_seconds() / 86_400), d);
        assert_eq!(Date::from_days(0).iso(), "1970-01-01");
        assert_eq!(d.add_months(12).iso(), "2027-11-22");
        let jan31 = Date {
            year: 2024,
            month: 1,
            day: 31,
        };
        assert_eq!(jan31.add_months(1).iso(), "2024-02-29");
    }
}
