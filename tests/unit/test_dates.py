from datetime import date, datetime

from vigreview.dates import format_day


def test_days_read_the_uk_way() -> None:
    assert format_day(date(2026, 11, 6)) == "6 Nov 2026"
    assert format_day(datetime(2026, 1, 2, 13, 5)) == "2 Jan 2026"
    assert format_day(None) == "not recorded"
    assert format_day(None, missing="-") == "-"
