//! Query parameters as the store writes them (`params![…]`, `[a, b]`, `[]`,
//! `&[(":name", &value)]`), taken apart so each engine binds them its own way.

use rusqlite::ToSql;

/// Parameters bound by position (`?`, `?1`) or by name (`:name`).
pub enum Bound<'a> {
    Positional(Vec<&'a dyn ToSql>),
    Named(Vec<(&'a str, &'a dyn ToSql)>),
}

/// What a statement can be given as its parameters.
pub trait Params {
    fn bind(&self) -> Bound<'_>;
}

impl Params for [&(dyn ToSql + Send + Sync); 0] {
    fn bind(&self) -> Bound<'_> {
        Bound::Positional(Vec::new())
    }
}

impl Params for &[&dyn ToSql] {
    fn bind(&self) -> Bound<'_> {
        Bound::Positional(self.to_vec())
    }
}

impl<T: ToSql + ?Sized, const N: usize> Params for &[&T; N] {
    fn bind(&self) -> Bound<'_> {
        Bound::Positional(self.iter().map(|value| value as &dyn ToSql).collect())
    }
}

impl Params for &[(&str, &dyn ToSql)] {
    fn bind(&self) -> Bound<'_> {
        Bound::Named(self.to_vec())
    }
}

impl<T: ToSql + ?Sized, const N: usize> Params for &[(&str, &T); N] {
    fn bind(&self) -> Bound<'_> {
        Bound::Named(self.iter().map(|(name, value)| (*name, value as &dyn ToSql)).collect())
    }
}

macro_rules! positional_arrays {
    ($($n:literal)+) => {$(
        impl<T: ToSql> Params for [T; $n] {
            fn bind(&self) -> Bound<'_> {
                Bound::Positional(self.iter().map(|value| value as &dyn ToSql).collect())
            }
        }
    )+};
}

positional_arrays!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);

/// Positional parameters from an iterator (a list whose length varies).
pub struct FromIter<T>(Vec<T>);

pub fn params_from_iter<T: ToSql>(values: impl IntoIterator<Item = T>) -> FromIter<T> {
    FromIter(values.into_iter().collect())
}

impl<T: ToSql> Params for FromIter<T> {
    fn bind(&self) -> Bound<'_> {
        Bound::Positional(self.0.iter().map(|value| value as &dyn ToSql).collect())
    }
}
