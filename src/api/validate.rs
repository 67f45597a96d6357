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

/// `YYYY-MM-DD`, a real calendar date, not after `today`.
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
