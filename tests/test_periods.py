from reconcile import periods


def test_forms_parse_to_month_spans() -> None:
    assert periods.parse("2023").is_full_year
    p = periods.parse("2025-01/2025-11")
    assert p.months == 11 and not p.is_full_year
    assert periods.parse("2025-H1").months == 6
    assert periods.parse("2025-Q3").first == (2025, 7)
    assert periods.parse("2021/2025").is_span_of_years
    assert periods.parse("2025-13") is None
    assert periods.parse("2025/2021") is None
    assert periods.parse("") is None and periods.parse(None) is None


def test_shift_and_distance() -> None:
    assert periods.shift_years("2024", -1) == "2023"
    assert periods.shift_years("2025-01/2025-11", -1) == "2024-01/2024-11"
    assert periods.years_between("2020", "2024") == 4
    assert periods.years_between("2023", "2024") == 1


def test_partial_year_is_not_comparable_with_full_year() -> None:
    assert not periods.same_length("2025-01/2025-11", "2024")
    assert periods.same_length("2025-01/2025-11", "2024-01/2024-11")
    assert periods.contains("2021/2025", "2023") and not periods.contains("2023", "2021/2025")
