"""What the extraction builds once and reuses across calls (issue 9). Reuse must not change what is sent."""

import instructor

from consensus.extract import labels_model, window_response_model


def test_a_window_response_model_is_built_once_and_sends_the_schema_instructor_would_build():
    assert window_response_model(1, 24) is window_response_model(1, 24)
    assert window_response_model(1, 24) is not window_response_model(1, 25)
    per_call = instructor.openai_schema(labels_model(1, 24))  # what instructor made of labels_model on each call
    assert window_response_model(1, 24).openai_schema == per_call.openai_schema

