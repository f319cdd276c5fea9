//! Several fields in one sealed value: each a 4-byte big-endian length and
//! its bytes, in a fixed order the caller knows. One envelope per tip
//! instead of one per field keeps a million tips' overhead small.

/// The packed bytes did not hold the fields expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("sealed fields are malformed")]
pub struct FieldsError;

/// Packs `fields` in order.
pub fn pack(fields: &[&[u8]]) -> Vec<u8> {
    let mut packed = Vec::with_capacity(fields.iter().map(|f| f.len() + 4).sum());
    for field in fields {
        let len = u32::try_from(field.len()).expect("a field is far under 4 GiB");
        packed.extend_from_slice(&len.to_be_bytes());
        packed.extend_from_slice(field);
    }
    packed
}

/// Unpacks exactly `N` fields, or fails.
pub fn unpack<const N: usize>(mut packed: &[u8]) -> Result<[Vec<u8>; N], FieldsError> {
    let mut fields: [Vec<u8>; N] = std::array::from_fn(|_| Vec::new());
    for field in &mut fields {
        let (len, rest) = packed.split_first_chunk::<4>().ok_or(FieldsError)?;
        let len = usize::try_from(u32::from_be_bytes(*len)).map_err(|_| FieldsError)?;
        let (bytes, rest) = rest.split_at_checked(len).ok_or(FieldsError)?;
        *field = bytes.to_vec();
        packed = rest;
    }
    if packed.is_empty() {
        Ok(fields)
    } else {
        Err(FieldsError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_come_back_as_they_went_in() {
        let packed = pack(&[b"words", b"", "ភ្នំពេញ".as_bytes()]);
        let [a, b, c] = unpack::<3>(&packed).unwrap();
        assert_eq!((a.as_slice(), b.as_slice()), (&b"words"[..], &b""[..]));
        assert_eq!(String::from_utf8(c).unwrap(), "ភ្នំពេញ");
    }

    #[test]
    fn the_wrong_number_of_fields_or_a_cut_is_refused() {
        let packed = pack(&[b"one", b"two"]);
        assert_eq!(unpack::<1>(&packed), Err(FieldsError));
        assert_eq!(unpack::<3>(&packed), Err(FieldsError));
        assert_eq!(unpack::<2>(&packed[..packed.len() - 1]), Err(FieldsError));
        assert_eq!(unpack::<1>(&[0, 0, 0, 9, 1]), Err(FieldsError));
    }
}
