from core.adapters.aws.sessions import COMPRESS_OVER_BYTES, decode_text, encode_text


def test_short_text_is_stored_as_a_string():
    name, value = encode_text("Jane Doe — Engineer")
    assert name == "text" and value == {"S": "Jane Doe — Engineer"}


def test_large_text_is_compressed_into_a_binary_attribute_and_round_trips():
    text = "- Led migration of billing to event sourcing; cut incidents.\n" * 400
    name, value = encode_text(text)
    assert name == "textZ"
    assert len(value["B"]) < len(text.encode()) / 5
    assert decode_text({name: value}) == text


def test_threshold_is_measured_in_utf8_bytes():
    text = "é" * (COMPRESS_OVER_BYTES // 2 + 1)  # fewer characters than the threshold, more bytes
    assert encode_text(text)[0] == "textZ"
