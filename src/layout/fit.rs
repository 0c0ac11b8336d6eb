//! Fit-to-box: the largest scale at which a layout fits, found by bisection.

/// Tries `attempt` at `max`, then searches down to `min` for the largest
/// scale that works, to about 0.5% of the range. Returns the scale and what
/// the attempt made, or the attempt's error at `min` when even that fails.
pub fn largest<T, E>(
    min: f32,
    max: f32,
    mut attempt: impl FnMut(f32) -> Result<T, E>,
) -> Result<(f32, T), E> {
    let first = attempt(max);
    if let Ok(t) = first {
        return Ok((max, t));
    }
    if max <= min {
        return first.map(|t| (max, t));
    }
    let mut best = (min, attempt(min)?);
    let (mut lo, mut hi) = (min, max);
    for _ in 0..8 {
        let mid = (lo + hi) / 2.0;
        match attempt(mid) {
            Ok(t) => {
                best = (mid, t);
                lo = mid;
            }
            Err(_) => hi = mid,
        }
    }
    Ok(best)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_largest_scale_that_fits() {
        // Content of height 100 * s must fit 80.
        let (s, h) = largest(0.5, 1.0, |s| {
            if 100.0 * s <= 80.0 {
                Ok(100.0 * s)
            } else {
                Err(100.0 * s - 80.0)
            }
        })
        .unwrap();
        assert!(s <= 0.8 && s > 0.79, "{s}");
        assert!(h <= 80.0);
    }

    #[test]
    fn takes_the_maximum_when_it_fits() {
        assert_eq!(largest(0.5, 1.0, Ok::<_, ()>).unwrap().0, 1.0);
    }

    #[test]
    fn reports_the_error_at_the_minimum() {
        let err = largest(0.5, 1.0, |s| if s < 0.1 { Ok(()) } else { Err(s) }).unwrap_err();
        assert_eq!(err, 0.5);
    }
}
