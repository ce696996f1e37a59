"""The argument checks shared by every public function."""

import numpy as np
import pytest

from autograd import AutogradError
from autograd.engine.checks import check_bool, check_choice, check_positive_int


def test_check_bool():
    assert check_bool(True, "f() flag") is True
    assert check_bool(np.False_, "f() flag") is False  # numpy's bools are bools (as a bool)
    for bad in (1, 0, None, "yes"):
        with pytest.raises(TypeError, match=r"f\(\) flag must be True or False; got"):
            check_bool(bad, "f() flag")


def test_check_positive_int():
    assert check_positive_int(3, "n") == 3
    assert check_positive_int(None, "n", allow_none=True) is None
    for bad in (0, -1, 2.0, True, None, "3"):
        with pytest.raises(ValueError, match=r"n must be a positive int; got"):
            check_positive_int(bad, "n")
    with pytest.raises(ValueError, match=r"a positive int \(milliseconds\) or None; got 0"):
        check_positive_int(0, "play_ms", allow_none=True, unit="milliseconds")


def test_check_choice():
    assert check_choice("row", "convention", ("row", "column")) == "row"
    with pytest.raises(ValueError, match=r"convention must be one of 'row', 'column'; got 'x'"):
        check_choice("x", "convention", ("row", "column"))
    with pytest.raises(ValueError, match="got \\[1\\]"):
        check_choice([1], "c", {"a"})


def test_autograd_error_is_an_exception_base():
    assert issubclass(AutogradError, Exception)
