import pytest

from tests.conftest import api_for


@pytest.fixture
def as_manager(manager):
    return api_for(manager)


@pytest.fixture
def as_inspector(inspector):
    return api_for(inspector)


@pytest.fixture
def as_liaison(liaison_durham):
    return api_for(liaison_durham)
