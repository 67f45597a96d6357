//! Checks of the required information, shared by the app (inline messages before any
//! request) and the service (which never trusts the client).

use time::Date;
use time::macros::format_description;

use crate::wire::Field;

const MAX_LOGIN_NAME: usize = 64;
const MAX_EMAIL: usize = 254;

/// Why a field is not acceptable; the app shows one message per variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldError {
    Missing,
    TooLong,
    BadCharacters,
    BadFormat,
    NotARealDate,
    InTheFuture,
    /// A date that could be read more than one way (a two-digit year, the month first).
    Ambiguous,
}

pub fn login_name(value: &str) -> Result<(), FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(FieldError::Missing);
    }
    if value.chars().count() > MAX_LOGIN_NAME {
        return Err(FieldError::TooLong);
    }
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(FieldError::BadCharacters);
    }
    Ok(())
}

/// `YYYY-MM-DD`, a real calendar date, not after `today`: the wire's form, which the
/// service checks (a person's typing goes through `read_date_of_birth` first).
pub fn date_of_birth(value: &str, today: Date) -> Result<Date, FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(FieldError::Missing);
    }
    let shape_ok = value.len() == 10
        && value.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shape_ok {
        return Err(FieldError::BadFormat);
    }
    let date = Date::parse(value, format_description!("[year]-[month]-[day]"))
        .map_err(|_| FieldError::NotARealDate)?;
    plausible(date, today)
}

/// A date of birth as a Hong Kong student types it: `30/07/2008` or `30-07-2008` (day
/// first, one or two digits for day and month), or year first, `2008-07-30` or
/// `2008/07/30`. The year is always four digits: `30/07/08` is refused as ambiguous, and
/// so is a month-first date such as `07/30/2008` (no month 30, but a real 30 July). What
/// was read goes on the wire as `YYYY-MM-DD` (`wire_date`).
pub fn read_date_of_birth(value: &str, today: Date) -> Result<Date, FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(FieldError::Missing);
    }
    let separator = value.chars().find(|c| !c.is_ascii_digit());
    let Some(separator @ ('/' | '-')) = separator else {
        return Err(FieldError::BadFormat);
    };
    let parts: Vec<&str> = value.split(separator).collect();
    let numbers: Option<Vec<u16>> = parts
        .iter()
        .map(|part| {
            let digits =
                !part.is_empty() && part.len() <= 4 && part.bytes().all(|b| b.is_ascii_digit());
            digits.then(|| part.parse().ok()).flatten()
        })
        .collect();
    let (Some(numbers), 3) = (numbers, parts.len()) else {
        return Err(FieldError::BadFormat);
    };
    let lengths = [parts[0].len(), parts[1].len(), parts[2].len()];
    let short = |len: usize| (1..=2).contains(&len);
    let (year, month, day) = match lengths {
        [4, m, d] if short(m) && short(d) => (numbers[0], numbers[1], numbers[2]),
        [d, m, 4] if short(d) && short(m) => (numbers[2], numbers[1], numbers[0]),
        // 30/07/08: 1908 or 2008, or 8 July 2030?
        [a, b, 2] if short(a) && short(b) => return Err(FieldError::Ambiguous),
        _ => return Err(FieldError::BadFormat),
    };
    let day_first = lengths[2] == 4;
    let date = calendar_date(year, month, day);
    match date {
        Some(date) => plausible(date, today),
        // 07/30/2008: no month 30, but read month first it is a real day.
        None if day_first && month > 12 && calendar_date(year, day, month).is_some() => {
            Err(FieldError::Ambiguous)
        }
        None => Err(FieldError::NotARealDate),
    }
}

/// A date as the wire and the service's records spell it: `YYYY-MM-DD`.
pub fn wire_date(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

fn calendar_date(year: u16, month: u16, day: u16) -> Option<Date> {
    let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(i32::from(year), month, u8::try_from(day).ok()?).ok()
}

/// Born in or after 1900 and not after today.
fn plausible(date: Date, today: Date) -> Result<Date, FieldError> {
    if date.year() < 1900 {
        return Err(FieldError::NotARealDate);
    }
    if date > today {
        return Err(FieldError::InTheFuture);
    }
    Ok(date)
}

pub fn email(value: &str) -> Result<(), FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(FieldError::Missing);
    }
    if value.len() > MAX_EMAIL {
        return Err(FieldError::TooLong);
    }
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(FieldError::BadCharacters);
    }
    match value.rsplit_once('@') {
        Some((local, domain))
            if !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && value.parse::<lettre::Address>().is_ok() =>
        {
            Ok(())
        }
        _ => Err(FieldError::BadFormat),
    }
}

/// Every field of a reset request that is not acceptable.
pub fn identity(login: &str, dob: &str, mail: &str, today: Date) -> Vec<Field> {
    let mut bad = Vec::new();
    if login_name(login).is_err() {
        bad.push(Field::LoginName);
    }
    if date_of_birth(dob, today).is_err() {
        bad.push(Field::DateOfBirth);
    }
    if email(mail).is_err() {
        bad.push(Field::Email);
    }
    bad
}

pub fn today_utc() -> Date {
    time::OffsetDateTime::now_utc().date()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 28);

    #[test]
    fn dates_must_be_real_and_past() {
        assert!(date_of_birth("2008-02-29", TODAY).is_ok());
        assert_eq!(
            date_of_birth("2007-02-29", TODAY),
            Err(FieldError::NotARealDate)
        );
        assert_eq!(
            date_of_birth("14/03/2008", TODAY),
            Err(FieldError::BadFormat)
        );
        assert_eq!(
            date_of_birth("2030-01-01", TODAY),
            Err(FieldError::InTheFuture)
        );
        assert_eq!(date_of_birth(" ", TODAY), Err(FieldError::Missing));
    }

    #[test]
    fn typed_dates_are_read_day_first_or_year_first() {
        let july_30 = date!(2008 - 07 - 30);
        for typed in [
            "30/07/2008",
            "30-07-2008",
            "2008-07-30",
            "2008/07/30",
            "30/7/2008",
            " 30/07/2008 ",
        ] {
            assert_eq!(read_date_of_birth(typed, TODAY), Ok(july_30), "{typed}");
        }
        assert_eq!(
            read_date_of_birth("07/03/2008", TODAY),
            Ok(date!(2008 - 03 - 07)),
            "day first, as Hong Kong writes it"
        );
        assert_eq!(wire_date(july_30), "2008-07-30");
        assert_eq!(wire_date(date!(1999 - 01 - 02)), "1999-01-02");
    }

    #[test]
    fn typed_dates_that_are_ambiguous_or_impossible_are_refused() {
        for (typed, why) in [
            ("30/07/08", FieldError::Ambiguous),
            ("07/30/2008", FieldError::Ambiguous),
            ("31/02/2008", FieldError::NotARealDate),
            ("30/13/2008", FieldError::NotARealDate),
            ("00/07/2008", FieldError::NotARealDate),
            ("30/07/1850", FieldError::NotARealDate),
            ("30/07/2030", FieldError::InTheFuture),
            ("30.07.2008", FieldError::BadFormat),
            ("30/07-2008", FieldError::BadFormat),
            ("30072008", FieldError::BadFormat),
            ("30 July 2008", FieldError::BadFormat),
            ("2008-7-30-1", FieldError::BadFormat),
            ("030/07/2008", FieldError::BadFormat),
            ("", FieldError::Missing),
        ] {
            assert_eq!(read_date_of_birth(typed, TODAY), Err(why), "{typed}");
        }
    }

    #[test]
    fn the_wire_takes_only_year_month_day() {
        assert!(date_of_birth("2008-07-30", TODAY).is_ok());
        assert_eq!(
            date_of_birth("30/07/2008", TODAY),
            Err(FieldError::BadFormat)
        );
    }

    #[test]
    fn emails_need_a_domain() {
        assert!(email("chan.taiman@example.com").is_ok());
        assert_eq!(email("chan.taiman"), Err(FieldError::BadFormat));
        assert_eq!(email("chan@localhost"), Err(FieldError::BadFormat));
        assert_eq!(
            email("chan tai@example.com"),
            Err(FieldError::BadCharacters)
        );
    }

    #[test]
    fn login_names_have_no_spaces() {
        assert!(login_name("chantaiman").is_ok());
        assert_eq!(login_name("chan taiman"), Err(FieldError::BadCharacters));
        assert_eq!(login_name(&"a".repeat(65)), Err(FieldError::TooLong));
    }
}
