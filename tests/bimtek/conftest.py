import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.fixture
def count_queries():
    """``count_queries(client, url)``: how many queries one GET costs (and it answers 200)."""

    def count(client, url: str) -> int:
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200, response.status_code
        return len(context)

    return count
