"""What the extraction builds once and reuses across calls (issue 9): the response model of a window and the TLS
context. Reuse must not change what is sent, nor turn certificate checks off."""

import ssl

import instructor

from consensus.backends import Endpoint
from consensus.extract import labels_model, make_client, window_response_model


def test_a_window_response_model_is_built_once_and_sends_the_schema_instructor_would_build():
    assert window_response_model(1, 24) is window_response_model(1, 24)
    assert window_response_model(1, 24) is not window_response_model(1, 25)
    per_call = instructor.openai_schema(labels_model(1, 24))  # what instructor made of labels_model on each call
    assert window_response_model(1, 24).openai_schema == per_call.openai_schema


def test_clients_share_one_verifying_tls_context():
    endpoint = Endpoint("remote", "https://example.invalid/v1", "m", "key", "tools", 5.0)
    contexts = [make_client(endpoint)[0].client._client._transport._pool._ssl_context for _ in range(2)]
    assert contexts[0] is contexts[1]
    assert contexts[0].verify_mode == ssl.CERT_REQUIRED and contexts[0].check_hostname
