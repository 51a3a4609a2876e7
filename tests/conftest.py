import pytest

from pipeline.resources import Resources


@pytest.fixture(scope="session")
def res() -> Resources:
    """Language resources, loaded once for the whole test session."""
    return Resources()
